import { cleanup, screen, within } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import { renderWithIntl } from "@/test-support/intl";
import { TransferProjectPicker } from "./transfer-project-picker";

/** The project choice of the Export and Import pages: a GET form naming the project in the address, in both languages. */

afterEach(cleanup);

const PROJECTS = [
  { id: "3f2a9c1e-0000-4000-8000-00000000000a", name: "Wahlcheck" },
  { id: "3f2a9c1e-0000-4000-8000-00000000000b", name: "Klima" },
];

describe("TransferProjectPicker", () => {
  it("en: asks for a project while none is chosen, as a GET form that opens the page for it", () => {
    renderWithIntl(<TransferProjectPicker action="/export" projects={PROJECTS} chosenId={null} />, { locale: "en" });
    const form = screen.getByRole<HTMLFormElement>("form", { name: "Choose the project" });
    expect([form.getAttribute("method"), form.getAttribute("action")]).toEqual(["get", "/export"]);
    const select = within(form).getByLabelText<HTMLSelectElement>("Project");
    expect(select.name).toBe("project");
    expect(select.required).toBe(true);
    expect([...select.options].map((o) => [o.value, o.textContent, o.disabled])).toEqual([
      ["", "Choose a project…", true],
      [PROJECTS[0]!.id, "Wahlcheck", false],
      [PROJECTS[1]!.id, "Klima", false],
    ]);
    expect(select.value).toBe("");
    expect(within(form).getByRole("button", { name: "Open" })).toBeTruthy();
  });

  it("de: shows the chosen project, without the placeholder", () => {
    renderWithIntl(<TransferProjectPicker action="/import" projects={PROJECTS} chosenId={PROJECTS[1]!.id} />, { locale: "de" });
    const form = screen.getByRole("form", { name: "Projekt auswählen" });
    const select = within(form).getByLabelText<HTMLSelectElement>("Projekt");
    expect(select.value).toBe(PROJECTS[1]!.id);
    expect([...select.options].map((o) => o.textContent)).toEqual(["Wahlcheck", "Klima"]);
    expect(within(form).getByRole("button", { name: "Öffnen" })).toBeTruthy();
  });
});
