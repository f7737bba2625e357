import { act, cleanup, fireEvent, screen, waitFor } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { renderWithIntl } from "@/test-support/intl";
import { ExportForm } from "./export-form";

/** The export form's words in both languages: the count the e2e test reads, the format's hint, the statuses. */

const fetchMock = vi.fn<typeof fetch>();

beforeEach(() => {
  fetchMock.mockReset();
  vi.stubGlobal("fetch", fetchMock);
});

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const FORMATS = [
  { key: "jsonl", label: "Claimwork JSONL (lossless)", hint: "Everything, losslessly." },
  { key: "csv", label: "CSV (spreadsheet)", hint: "One row per claim." },
];
const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } });

async function renderForm(locale: "en" | "de", counts: Response[]) {
  for (const response of counts) fetchMock.mockResolvedValueOnce(response);
  await act(async () => {
    renderWithIntl(<ExportForm projectId="p1" formats={FORMATS} articles={[{ id: "a1", title: "Erster Artikel" }]} />, { locale });
  });
  return screen.getByTestId("export-count");
}

describe("ExportForm", () => {
  it("en: counts in the words the end-to-end test reads, and describes the chosen format", async () => {
    const count = await renderForm("en", [json(200, { count: 1 }), json(200, { count: 2 })]);
    await waitFor(() => expect(count.textContent).toBe("1 claim will be exported."));
    const format = screen.getByLabelText("Format");
    expect(document.getElementById(format.getAttribute("aria-describedby")!)?.textContent).toBe("Everything, losslessly.");
    fireEvent.change(format, { target: { value: "csv" } });
    await waitFor(() => expect(count.textContent).toBe("2 claims will be exported."));
    expect(document.getElementById(format.getAttribute("aria-describedby")!)?.textContent).toBe("One row per claim.");
    expect(String(fetchMock.mock.calls[1]?.[0])).toContain("format=csv");
    // Counted once per choice of filters, however often the form renders.
    expect(fetchMock).toHaveBeenCalledTimes(2);
  });

  it("de: the count, the statuses and the filters in German", async () => {
    const count = await renderForm("de", [json(200, { count: 1234 })]);
    await waitFor(() => expect(count.textContent).toBe("1.234 Behauptungen werden exportiert."));
    expect(screen.getByLabelText("Artikel (keine Auswahl = alle)")).toBeTruthy();
    expect(screen.getByLabelText("Zur Prüfung eingereicht")).toBeTruthy();
    expect(screen.getByLabelText("Nur Goldstandard-Behauptungen")).toBeTruthy();
    expect(screen.getByRole("button", { name: "Herunterladen" })).toBeTruthy();
  });

  it("de: a failed count says the server's words for a code it knows, else its own", async () => {
    await renderForm("de", [json(503, { error: { code: "unavailable:database", message: "The database connection was interrupted." } })]);
    await waitFor(() =>
      expect(screen.getByRole("alert").textContent).toBe(
        "Die Verbindung zur Datenbank wurde unterbrochen. Bitte versuchen Sie es gleich noch einmal.",
      ),
    );
    cleanup();
    await renderForm("de", [new Response("gateway", { status: 502 })]);
    await waitFor(() => expect(screen.getByRole("alert").textContent).toBe("Zählen fehlgeschlagen (502)."));
  });
});
