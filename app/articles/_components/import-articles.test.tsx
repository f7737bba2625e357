import { act, cleanup, fireEvent, screen, within } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { ArticleFileOutcome } from "@/server/articles";
import { renderWithIntl } from "@/test-support/intl";
import { ImportArticles, ImportReport, type ReportedFile } from "./import-articles";

/**
 * The import's report in both languages: what was imported or already there
 * and how each file was read, what was refused and why; and the folder upload
 * going on past refused files, batch by batch, until every file is reported.
 */

const refresh = vi.fn();
vi.mock("next/navigation", () => ({ useRouter: () => ({ refresh }) }));

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
  refresh.mockReset();
});

const PROJECTS = [{ id: "00000000-0000-4000-8000-0000000000p1", name: "Desk" }];

const stored = (status: "imported" | "existing", name: string, encoding?: ArticleFileOutcome["encoding"]): ArticleFileOutcome => ({
  name,
  status,
  id: crypto.randomUUID(),
  title: name,
  ...(encoding && { encoding }),
});
const imported = (name: string, encoding?: ArticleFileOutcome["encoding"]) => stored("imported", name, encoding);
const existing = (name: string, encoding: ArticleFileOutcome["encoding"]) => stored("existing", name, encoding);

const REPORTED: ReportedFile[] = [
  imported("Straße.txt", "windows-1252"),
  { name: "empty.txt", status: "refused", problem: "empty", reason: "empty.txt: the file is empty", encoding: "UTF-8" },
  existing("alt.txt", "UTF-8"),
  imported("notepad.txt", "UTF-16LE"),
  { name: "bild.txt", status: "refused", problem: "binary", reason: "bild.txt: the file looks binary (it contains NUL bytes), not like text" },
  {
    name: "kaputt.txt",
    status: "refused",
    problem: "broken_encoding",
    reason: "kaputt.txt: the file is not valid UTF-8: line 3 has a broken character (is the file damaged or cut off?)",
    suspectedEncoding: "UTF-8",
    brokenLine: 3,
  },
  { name: "meta.md", status: "refused", problem: "invalid", reason: 'meta.md: front matter field "published" must be an ISO date' },
].map((file, position) => ({ ...file, position }) as ReportedFile);

function items(list: HTMLElement): string[] {
  return within(list)
    .getAllByRole("listitem")
    .map((li) => li.textContent ?? "");
}

describe("ImportReport", () => {
  it("en: a summary, each imported file with the encoding it was read in, and the refused ones with the reason", () => {
    renderWithIntl(<ImportReport report={{ files: REPORTED, failure: null }} limitLabel="2 MB" />, { locale: "en" });
    expect(screen.getByRole("status").textContent).toBe("2 articles imported, 1 already there.");
    expect(items(screen.getByRole("list", { name: "Imported files" }))).toEqual([
      "Straße.txt — imported, read as Windows-1252 (Western European)",
      "alt.txt — already there, read as UTF-8",
      "notepad.txt — imported, read as UTF-16 (little-endian)",
    ]);
    const alert = screen.getByRole("alert");
    expect(alert.textContent).toContain("4 files were refused:");
    expect(items(alert)).toEqual([
      "empty.txt — The file is empty.",
      "bild.txt — The file looks binary (an image or a program?), not like text.",
      "kaputt.txt — The file is not valid UTF-8: line 3 has a broken character (is the file damaged or cut off?).",
      'meta.md: front matter field "published" must be an ISO date',
    ]);
  });

  it("de: the same report in German", () => {
    renderWithIntl(<ImportReport report={{ files: REPORTED, failure: null }} limitLabel="2 MB" />, { locale: "de" });
    expect(screen.getByRole("status").textContent).toBe("2 Artikel importiert, 1 bereits vorhanden.");
    expect(items(screen.getByRole("list", { name: "Importierte Dateien" }))).toEqual([
      "Straße.txt — importiert, gelesen als Windows-1252 (westeuropäisch)",
      "alt.txt — bereits vorhanden, gelesen als UTF-8",
      "notepad.txt — importiert, gelesen als UTF-16 (Little Endian)",
    ]);
    const alert = screen.getByRole("alert");
    expect(alert.textContent).toContain("4 Dateien wurden abgelehnt:");
    expect(items(alert).slice(0, 3)).toEqual([
      "empty.txt — Die Datei ist leer.",
      "bild.txt — Die Datei scheint eine Binärdatei zu sein (ein Bild oder ein Programm?), kein Text.",
      "kaputt.txt — Die Datei ist kein gültiges UTF-8: Zeile 3 enthält ein beschädigtes Zeichen (ist die Datei beschädigt oder abgeschnitten?).",
    ]);
  });

  it("names a pasted text (no file name, no encoding) and words the size limit and an unread encoding", () => {
    const files = [
      imported("x"),
      { name: null, status: "refused", problem: "too_large", reason: "The article is larger than the limit of 2 MB." },
      { name: "polnisch.txt", status: "refused", problem: "unsupported_encoding", reason: "…", suspectedEncoding: "ISO-8859-2" },
    ].map((file, position) => ({ ...file, name: position === 0 ? null : file.name, position }) as ReportedFile);
    renderWithIntl(<ImportReport report={{ files, failure: null }} limitLabel="2 MB" />, { locale: "en" });
    expect(items(screen.getByRole("list", { name: "Imported files" }))).toEqual(["Pasted text — imported"]);
    expect(items(screen.getByRole("alert"))).toEqual([
      "Pasted text — The file is larger than the limit of 2 MB.",
      "polnisch.txt — The file seems to be in ISO-8859-2, which Claimwork cannot read. Save it as UTF-8 and upload it again.",
    ]);
  });
});

/** A stand-in for the import endpoint: answers each request with the next of `answers`, given the files it was sent. */
function fakeServer(answers: Array<(names: string[]) => { status: number; body: unknown }>) {
  const sent: string[][] = [];
  const fetch = vi.fn(async (_url: string, init: RequestInit) => {
    const names = init.body instanceof FormData ? init.body.getAll("files").map((f) => (f as File).name) : ["(paste)"];
    sent.push(names);
    const answer = answers[sent.length - 1];
    if (!answer) throw new TypeError("Failed to fetch");
    const { status, body } = answer(names);
    return new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } });
  });
  vi.stubGlobal("fetch", fetch);
  return sent;
}

const allImported = (names: string[]) => ({ status: 201, body: { files: names.map((n) => imported(n, "UTF-8")) } });
const allRefused = (names: string[]) => ({
  status: 422,
  body: {
    error: { code: "unprocessable:article", message: "…" },
    files: names.map((name) => ({ name, status: "refused", problem: "binary", reason: `${name}: binary` })),
  },
});

async function submitFiles(label: RegExp | string, button: string, files: File[]) {
  const input = screen.getByLabelText<HTMLInputElement>(label);
  // As choosing files does: happy-dom's FileList is an array underneath, and FormData reads it.
  (input.files as unknown as File[]).push(...files);
  await act(async () => {
    fireEvent.click(screen.getByRole("button", { name: button }));
  });
}

const txt = (name: string) => new File(["Titel\n\nText."], name, { type: "text/plain" });

describe("ImportArticles", () => {
  it("uploads a folder in batches of 20, goes on past a batch whose files were all refused, and reports every file", async () => {
    const sent = fakeServer([allImported, allRefused, allImported]);
    renderWithIntl(<ImportArticles limitLabel="2 MB" projects={PROJECTS} />, { locale: "en" });
    const files = [...Array.from({ length: 45 }, (_, i) => txt(`artikel-${String(i).padStart(2, "0")}.txt`)), new File(["x"], "foto.jpg")];
    await submitFiles("Or a whole folder of .txt / .md files (sent 20 at a time)", "Upload folder", files);

    expect(sent.map((names) => names.length)).toEqual([20, 20, 5]);
    expect(sent.flat()).not.toContain("foto.jpg");
    expect(screen.getByRole("status").textContent).toBe("25 articles imported.");
    expect(screen.getByRole("list", { name: "Imported files" }).children).toHaveLength(25);
    const alert = screen.getByRole("alert");
    expect(alert.textContent).toContain("20 files were refused:");
    expect(items(alert)[0]).toBe("artikel-20.txt — The file looks binary (an image or a program?), not like text.");
    expect(screen.getByRole("progressbar", { name: "Upload progress" }).getAttribute("value")).toBe("45");
    expect(screen.getByText(/45 \/ 45 files/)).toBeTruthy();
    expect(refresh).toHaveBeenCalled();
  });

  it("de: a request that fails as a whole stops the folder upload, says how far it got, and keeps what was imported", async () => {
    fakeServer([allImported, () => ({ status: 401, body: { error: { code: "unauthorized:session", message: "Sign in first." } } })]);
    renderWithIntl(<ImportArticles limitLabel="2 MB" projects={PROJECTS} />, { locale: "de" });
    await submitFiles(
      "Oder einen ganzen Ordner mit TXT- / MD-Dateien (je 20 auf einmal gesendet)",
      "Ordner hochladen",
      Array.from({ length: 30 }, (_, i) => txt(`a${i}.txt`)),
    );
    expect(screen.getByRole("alert").textContent).toBe(
      "Abgebrochen nach 20 von 30 Dateien: Ihre Sitzung ist abgelaufen. Bitte melden Sie sich erneut an und wiederholen Sie den Import.",
    );
    expect(screen.getByRole("status").textContent).toBe("20 Artikel importiert.");
  });

  it("sends a batch too large for one request again file by file, so only the oversized file is refused", async () => {
    const tooLarge = () => ({
      status: 413,
      body: { error: { code: "payload_too_large:body", message: "Request body is larger than the limit of 40 MB." } },
    });
    const sent = fakeServer([tooLarge, allImported, tooLarge]);
    renderWithIntl(<ImportArticles limitLabel="2 MB" projects={PROJECTS} />, { locale: "en" });
    await submitFiles(/Upload \.txt or \.md files/, "Upload", [txt("klein.txt"), txt("riesig.txt")]);
    expect(sent).toEqual([["klein.txt", "riesig.txt"], ["klein.txt"], ["riesig.txt"]]);
    expect(screen.getByRole("status").textContent).toBe("1 article imported.");
    expect(items(screen.getByRole("alert"))).toEqual(["riesig.txt — The file is larger than the limit of 2 MB."]);
  });

  it("imports pasted text with the summary the end-to-end tests read, and asks for text before sending none", async () => {
    const sent = fakeServer([(names) => ({ status: 201, body: { files: [imported(names[0]!)].map((f) => ({ ...f, name: null })) } })]);
    renderWithIntl(<ImportArticles limitLabel="2 MB" projects={PROJECTS} />, { locale: "en" });
    await act(async () => {
      fireEvent.click(screen.getByRole("button", { name: "Import pasted text" }));
    });
    expect(screen.getByRole("alert").textContent).toBe("Paste an article first.");
    expect(sent).toEqual([]);

    fireEvent.change(screen.getByLabelText("Paste an article (first line is the title)"), { target: { value: "Titel\n\nText." } });
    await act(async () => {
      fireEvent.click(screen.getByRole("button", { name: "Import pasted text" }));
    });
    expect(screen.getByRole("status").textContent).toBe("1 article imported.");
    expect(screen.queryByRole("alert")).toBeNull();
  });

  it("words a lost connection in the user's terms", async () => {
    fakeServer([]);
    renderWithIntl(<ImportArticles limitLabel="2 MB" projects={PROJECTS} />, { locale: "en" });
    await submitFiles(/Upload \.txt or \.md files/, "Upload", [txt("a.txt")]);
    expect(screen.getByRole("alert").textContent).toBe("Network error: the import did not reach the server. Check your connection and try again.");
  });
});
