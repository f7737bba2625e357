import { describe, expect, it } from "vitest";
import { chooseTransferProject, exportHref, importHref, TRANSFER_PROJECT_PARAM } from "./transfer-links";

const ID = "3f2a9c1e-0000-4000-8000-00000000000a";
const PROJECTS = [
  { id: ID, name: "Wahlcheck" },
  { id: "3f2a9c1e-0000-4000-8000-00000000000b", name: "Klima" },
];

describe("transfer links", () => {
  it("name the project in the parameter the pages read", () => {
    expect(exportHref(ID)).toBe(`/export?project=${ID}`);
    expect(importHref(ID)).toBe(`/import?project=${ID}`);
    const url = new URL(exportHref("a b&c"), "https://claimwork.example");
    expect(url.searchParams.get(TRANSFER_PROJECT_PARAM)).toBe("a b&c");
  });

  it("choose the project the address names among those allowed; nothing named asks; anything else is unavailable", () => {
    expect(chooseTransferProject(undefined, PROJECTS)).toEqual({ kind: "none" });
    expect(chooseTransferProject("", PROJECTS)).toEqual({ kind: "none" });
    expect(chooseTransferProject("  ", PROJECTS)).toEqual({ kind: "none" });
    expect(chooseTransferProject(ID, PROJECTS)).toEqual({ kind: "chosen", project: PROJECTS[0] });
    expect(chooseTransferProject(ID.toUpperCase(), PROJECTS)).toEqual({ kind: "chosen", project: PROJECTS[0] });
    expect(chooseTransferProject([PROJECTS[1]!.id, ID], PROJECTS)).toEqual({ kind: "chosen", project: PROJECTS[1] });
    // Malformed, unknown, or not one the person may use: the same answer, never the default project.
    for (const requested of ["not-a-uuid", "00000000-0000-4000-8000-000000000001", "'; drop table projects; --"]) {
      expect(chooseTransferProject(requested, PROJECTS)).toEqual({ kind: "unavailable" });
    }
    expect(chooseTransferProject(ID, [])).toEqual({ kind: "unavailable" });
  });
});
