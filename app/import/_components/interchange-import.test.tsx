// @vitest-environment happy-dom
import { cleanup, fireEvent, screen, waitFor } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { InterchangePreview } from "@/server/interchange";
import { renderWithIntl } from "@/test-support/intl";
import { InterchangeImport } from "./interchange-import";

/** Another tool's file: nothing sent without a file, the preview, each label mapped, then the import as the route takes it. */

const fetchMock = vi.fn<typeof fetch>();
beforeEach(() => {
  fetchMock.mockReset();
  vi.stubGlobal("fetch", fetchMock);
});
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const PREVIEW: InterchangePreview = {
  format: "label_studio",
  offsetUnit: "code_points",
  labels: [
    { label: "Statistic", spans: 3, machineMade: 0 },
    { label: "OPINION", spans: 2, machineMade: 0 },
    { label: "NOISE", spans: 1, machineMade: 0 },
  ],
  attributes: [{ name: "check_worthiness", values: 2, field: "checkWorthiness" }],
  documents: [
    { key: "1", title: null, spans: 4, article: { id: "a1", title: "Radwege" } },
    { key: "2", title: "Neu", spans: 2, article: null },
  ],
  problems: [{ line: 3, item: "annotations[0].result[1]", field: "value.end", message: "the span ends after the text" }],
  skipped: { predictions: 2 },
  taxonomy: {
    claimTypes: [
      { key: "statistic", label: "Statistic" },
      { key: "quote", label: "Quote" },
    ],
  },
  canCreateTypes: true,
};

function chooseFile() {
  const input = screen.getByLabelText("Files (brat: each .txt with its .ann)");
  fireEvent.change(input, { target: { files: [new File(["[]"], "export.json")] } });
}

describe("InterchangeImport", () => {
  it("asks for a file before sending anything", () => {
    renderWithIntl(<InterchangeImport projectId="p" />);
    fireEvent.click(screen.getByRole("button", { name: "Preview" }));
    expect(screen.getByRole("alert").textContent).toBe("Choose one or more files.");
    expect(fetchMock).not.toHaveBeenCalled();
  });

  it("previews the file, starts each label at the claim type of its name or as a tag, and imports the mapping chosen", async () => {
    fetchMock.mockResolvedValueOnce(Response.json({ preview: PREVIEW }));
    renderWithIntl(<InterchangeImport projectId="p" />);
    chooseFile();
    fireEvent.click(screen.getByRole("button", { name: "Preview" }));
    await waitFor(() => expect(screen.getByTestId("interchange-preview")).toBeTruthy());
    expect(screen.getByRole("status").textContent).toBe("6 spans in 2 documents; offsets read as code points.");
    expect(screen.getByText("already here: Radwege")).toBeTruthy();
    expect(screen.getByText("check-worthiness")).toBeTruthy();
    expect(screen.getByText("Line 3 · annotations[0].result[1] · value.end: the span ends after the text")).toBeTruthy();
    expect(screen.getByText("Left out on purpose: 2 predictions")).toBeTruthy();
    expect((screen.getByLabelText("Becomes: Statistic") as HTMLSelectElement).value).toBe("statistic");
    expect((screen.getByLabelText("Becomes: OPINION") as HTMLSelectElement).value).toBe("__tag");
    fireEvent.change(screen.getByLabelText("Becomes: OPINION"), { target: { value: "__create" } });
    fireEvent.change(screen.getByLabelText("Name of the new claim type for OPINION"), { target: { value: "Meinung äußern" } });
    fireEvent.change(screen.getByLabelText("Becomes: NOISE"), { target: { value: "__skip" } });

    fetchMock.mockResolvedValueOnce(
      Response.json(
        {
          report: {
            articles: { created: 1, existing: 1 },
            claims: { created: 5, existing: 0 },
            createdTypes: [{ key: "meinung_aussern", label: "Meinung äußern" }],
            problems: [],
            skipped: { predictions: 2, label_skipped: 1 },
          },
        },
        { status: 201 },
      ),
    );
    fireEvent.click(screen.getByRole("button", { name: "Import with this mapping" }));
    await waitFor(() => expect(screen.getByTestId("interchange-report")).toBeTruthy());
    expect(screen.getByTestId("interchange-report").textContent).toContain(
      "Imported: 1 new and 1 existing articles; 5 new claims (0 were already here).",
    );
    expect(screen.getByTestId("interchange-report").textContent).toContain("New claim types: Meinung äußern");
    const form = fetchMock.mock.calls[1]![1]!.body as FormData;
    expect(form.get("format")).toBe("label_studio");
    expect(JSON.parse(String(form.get("mapping")))).toEqual({
      Statistic: { kind: "type", key: "statistic" },
      OPINION: { kind: "create", key: "meinung_aussern", label: "Meinung äußern" },
      NOISE: { kind: "skip" },
    });
    expect(fetchMock.mock.calls[1]![0]).toBe("/api/projects/p/interchange");
  });

  it("says the server's refusal, and reads in German", async () => {
    fetchMock.mockResolvedValueOnce(
      Response.json({ error: { code: "unprocessable:import", message: "x.json: the file is empty" } }, { status: 422 }),
    );
    renderWithIntl(<InterchangeImport projectId="p" />, { locale: "de" });
    fireEvent.change(screen.getByLabelText("Dateien (brat: jede .txt mit ihrer .ann)"), { target: { files: [new File([""], "x.json")] } });
    fireEvent.click(screen.getByRole("button", { name: "Vorschau" }));
    await waitFor(() => expect(screen.getByRole("alert").textContent).toBe("x.json: the file is empty"));
  });
});
