import { act, cleanup, fireEvent, screen, within } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { IMPORT_FORMATS } from "@/lib/export";
import { renderWithIntl } from "@/test-support/intl";
import { ImportForm } from "./import-form";

/** The import form's report in both languages: counts with their plurals, the skipped lines' table, a refusal. */

/** A stand-in for the upload: answers `send` at once with the status and body it was given. */
function fakeXhr(status: number, body: unknown) {
  return class {
    status = 0;
    responseText = "";
    upload: { onprogress: ((event: ProgressEvent) => void) | null } = { onprogress: null };
    onload: (() => void) | null = null;
    onerror: (() => void) | null = null;
    open() {}
    setRequestHeader() {}
    send() {
      this.status = status;
      this.responseText = typeof body === "string" ? body : JSON.stringify(body);
      this.onload?.();
    }
  };
}

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

async function importFile(locale: "en" | "de", status: number, body: unknown) {
  vi.stubGlobal("XMLHttpRequest", fakeXhr(status, body));
  renderWithIntl(<ImportForm projectId="p1" formats={IMPORT_FORMATS} />, { locale });
  const form = screen.getByRole("form");
  const input = within(form).getByLabelText<HTMLInputElement>(locale === "en" ? "File" : "Datei");
  // As choosing a file does: happy-dom's FileList is an array underneath, and FormData reads it.
  (input.files as unknown as File[]).push(new File(['{"type":"header"}\n'], "export.jsonl"));
  await act(async () => {
    fireEvent.submit(form);
  });
}

const SUMMARY = {
  articles: { created: 1, existing: 0 },
  claims: { created: 3, existing: 1 },
  skipped: [{ line: 4, field: "target.start", message: "must be a whole number" }],
};

describe("ImportForm", () => {
  it("en: the report with proper plurals, and the skipped lines as a table", async () => {
    await importFile("en", 200, { summary: SUMMARY });
    const report = screen.getByRole("status");
    expect(report.textContent).toContain("Imported: 1 new article (0 already there), 3 new claims (1 already there).");
    const table = within(report).getByRole("table", { name: "1 line skipped" });
    expect(
      within(table)
        .getAllByRole("columnheader")
        .map((th) => th.textContent),
    ).toEqual(["Line", "Field", "Message"]);
  });

  it("de: the same report in German", async () => {
    await importFile("de", 200, { summary: { ...SUMMARY, skipped: [...SUMMARY.skipped, SUMMARY.skipped[0]] } });
    const report = screen.getByRole("status");
    expect(report.textContent).toContain("Importiert: 1 neuer Artikel (0 bereits vorhanden), 3 neue Behauptungen (1 bereits vorhanden).");
    const table = within(report).getByRole("table", { name: "2 Zeilen übersprungen" });
    expect(
      within(table)
        .getAllByRole("columnheader")
        .map((th) => th.textContent),
    ).toEqual(["Zeile", "Feld", "Meldung"]);
  });

  it("de: a refused import lists its invalid lines; an answer that is not JSON gets the form's own words", async () => {
    await importFile("de", 422, {
      error: { code: "unprocessable:import", message: "1 invalid line: nothing was imported.", detail: { errors: SUMMARY.skipped } },
    });
    const alert = screen.getByRole("alert");
    expect(alert.textContent).toContain("1 invalid line: nothing was imported.");
    expect(within(alert).getByRole("table", { name: "Ungültige Zeilen" })).toBeTruthy();
    cleanup();
    await importFile("de", 502, "<html>Bad gateway</html>");
    expect(screen.getByRole("alert").textContent).toBe("Import fehlgeschlagen (502).");
  });

  it("offers only the formats the person's role allows, and sends the file to the page's project", async () => {
    const opened: string[] = [];
    vi.stubGlobal(
      "XMLHttpRequest",
      class extends fakeXhr(200, { summary: SUMMARY }) {
        override open(...args: unknown[]) {
          opened.push(String(args[1]));
        }
      },
    );
    renderWithIntl(<ImportForm projectId="3f2a9c1e-0000-4000-8000-00000000000a" formats={["w3c"]} />, { locale: "en" });
    const format = screen.getByLabelText<HTMLSelectElement>("Format");
    expect([...format.options].map((o) => [o.value, o.textContent])).toEqual([["w3c", "W3C Web Annotation (JSON-LD)"]]);
    const input = screen.getByLabelText<HTMLInputElement>("File");
    (input.files as unknown as File[]).push(new File(["{}"], "annotations.jsonld"));
    await act(async () => {
      fireEvent.submit(screen.getByRole("form", { name: "Import" }));
    });
    expect(opened).toHaveLength(1);
    const params = new URL(opened[0]!, "https://claimwork.example").searchParams;
    expect([params.get("format"), params.get("projectId")]).toEqual(["w3c", "3f2a9c1e-0000-4000-8000-00000000000a"]);
  });

  it("de: asks for a file before sending", async () => {
    const send = vi.fn();
    vi.stubGlobal(
      "XMLHttpRequest",
      class {
        send = send;
      },
    );
    renderWithIntl(<ImportForm projectId="p1" formats={IMPORT_FORMATS} />, { locale: "de" });
    await act(async () => {
      fireEvent.submit(screen.getByRole("form", { name: "Import" }));
    });
    expect(send).not.toHaveBeenCalled();
    expect(screen.getByRole("alert").textContent).toBe("Wählen Sie zuerst eine Datei aus.");
  });
});
