import fc from "fast-check";
import iconv from "iconv-lite";
import { describe, expect, it } from "vitest";
import { decodeText } from "./text-encoding";

/**
 * Real article text in the encodings newsroom tools write, and the files
 * that are no text: each must come back exactly, or be refused saying why —
 * never with U+FFFD where a character was.
 */

const GERMAN =
  "Stadtrat beschließt Haushalt für 2025\n\n" +
  "Der Münchner Stadtrat hat am Dienstag den Haushalt für das kommende Jahr beschlossen. " +
  "Die Gebühren für die Müllabfuhr steigen um drei Prozent, wie Oberbürgermeisterin Anna Weiß mitteilte. " +
  "„Wir müssen sparen“, sagte sie. Die Straßenbahnlinie soll trotzdem verlängert werden – Kosten: 12 Mio. €.\n";
const ENGLISH =
  "Café reopens on Main Street\n\n" +
  "Its owner, José Núñez, said the renovation cost £40,000 — “more than we planned”. " +
  "Critics called the naïve budget a façade; the council’s report is due in May.\n";
/** Only characters ISO-8859-1 has (no „“–€, which are Windows-1252's own). */
const GERMAN_LATIN1 = "Straße in München\n\nDie Bürger äußerten sich über die Gebühren. Größere Änderungen gibt es nicht.\n";
/** Outside the Basic Multilingual Plane and beyond Latin-1: only the Unicode encodings hold these. */
const UNICODE_ONLY = "Emoji 😀 und 𝔘 neben Ωmega und 中文.\n";

const encode = (text: string, encoding: string) => new Uint8Array(iconv.encode(text, encoding));
const withBom = (bom: number[], bytes: Uint8Array) => new Uint8Array([...bom, ...bytes]);
const utf8 = (text: string) => new TextEncoder().encode(text);

function expectRead(bytes: Uint8Array, text: string, encoding: string) {
  const decoded = decodeText(bytes);
  expect(decoded).toEqual({ ok: true, text, encoding });
}

describe("decodeText: Unicode files", () => {
  it.each([
    ["German", GERMAN],
    ["English", ENGLISH],
    ["beyond Latin-1", UNICODE_ONLY],
  ])("reads %s UTF-8 as it is", (_, text) => {
    expectRead(utf8(text), text, "UTF-8");
  });

  it("reads pure ASCII as UTF-8 (which it is)", () => {
    expectRead(
      utf8("Plain title\n\nThe mayor said traffic fell by 12 percent.\n"),
      "Plain title\n\nThe mayor said traffic fell by 12 percent.\n",
      "UTF-8",
    );
  });

  it("reads an empty file as the empty text (the article parser refuses it as empty)", () => {
    expectRead(new Uint8Array(), "", "UTF-8");
  });

  it("takes the byte-order mark off UTF-8 and says it was there", () => {
    expectRead(withBom([0xef, 0xbb, 0xbf], utf8(GERMAN)), GERMAN, "UTF-8 (BOM)");
    // A mark and nothing else: an empty UTF-8 file.
    expectRead(new Uint8Array([0xef, 0xbb, 0xbf]), "", "UTF-8 (BOM)");
  });

  it.each([
    ["UTF-16LE", [0xff, 0xfe], "utf-16le"],
    ["UTF-16BE", [0xfe, 0xff], "utf-16be"],
  ])("reads %s with its byte-order mark, surrogate pairs included", (encoding, bom, label) => {
    for (const text of [GERMAN, ENGLISH, UNICODE_ONLY]) expectRead(withBom(bom, encode(text, label)), text, encoding);
  });

  it("believes a UTF-16 mark although the text is all NUL-rich bytes (the NUL rule is for files without one)", () => {
    const bytes = withBom([0xff, 0xfe], encode("Kurz", "utf-16le"));
    expect(bytes).toContain(0);
    expectRead(bytes, "Kurz", "UTF-16LE");
  });
});

describe("decodeText: Western European files", () => {
  it.each([
    ["German", GERMAN],
    ["English", ENGLISH],
    ["German, Latin-1 letters only", GERMAN_LATIN1],
  ])("reads %s Windows-1252 right, quotes, dashes and € included", (_, text) => {
    expectRead(encode(text, "windows-1252"), text, "windows-1252");
  });

  it("reads ISO-8859-1 the same way (the two agree on every character ISO-8859-1 has)", () => {
    expectRead(encode(GERMAN_LATIN1, "iso-8859-1"), GERMAN_LATIN1, "windows-1252");
  });

  // Where chardet's statistics have little to go on: its top guesses here are UTF-32LE, ISO-8859-2 or ISO-8859-9, all wrong.
  it.each(["ä", "Öl", "Müller", "Straße in München", "Café résumé naïve", "„Fuß“ — 5 €"])("reads the short text %j right", (text) => {
    expectRead(encode(text, "windows-1252"), text, "windows-1252");
  });

  it("reads ISO-8859-15 text right where it agrees with Latin-1, and a Latin-9 € (0xA4) as ¤, saying what it assumed", () => {
    expectRead(encode(GERMAN_LATIN1, "iso-8859-15"), GERMAN_LATIN1, "windows-1252");
    // chardet never names ISO-8859-15: the import reports "windows-1252" so that a person sees the guess.
    expectRead(encode("Preis: 5 €", "iso-8859-15"), "Preis: 5 ¤", "windows-1252");
  });

  it("never reads valid UTF-8 as Windows-1252, though chardet ranks that second", () => {
    const decoded = decodeText(utf8(GERMAN));
    expect(decoded.ok && decoded.text).toBe(GERMAN);
    expect(decoded.ok && decoded.text).not.toContain("Ã");
  });
});

describe("decodeText: what is not text is refused", () => {
  it("refuses a PNG (NUL bytes) as binary", () => {
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52, 0x00, 0x01]);
    expect(decodeText(png)).toMatchObject({ ok: false, problem: "binary", message: expect.stringContaining("binary") });
  });

  it("refuses text with a NUL byte in it as binary, and UTF-16 without a byte-order mark with it", () => {
    expect(decodeText(utf8("Title\n\nSome text\u0000with a NUL byte."))).toMatchObject({ ok: false, problem: "binary" });
    expect(decodeText(encode(GERMAN, "utf-16le"))).toMatchObject({ ok: false, problem: "binary" });
  });

  it("refuses UTF-8 with a broken sequence, naming the line, instead of reading it as Windows-1252", () => {
    const broken = new Uint8Array([...utf8("Straße in München\nZweite Zeile "), 0xc3, ...utf8(" kaputt.\n")]);
    expect(decodeText(broken)).toEqual({
      ok: false,
      problem: "broken",
      encoding: "UTF-8",
      line: 2,
      message: "the file is not valid UTF-8: line 2 has a broken character (is the file damaged or cut off?)",
    });
  });

  it("refuses CESU-8 (an emoji written as two encoded surrogates): UTF-8's shape, not valid UTF-8, and not Windows-1252 text", () => {
    const cesu8 = new Uint8Array([...utf8("Titel\n\nLachen "), 0xed, 0xa0, 0xbd, 0xed, 0xb8, 0x80, ...utf8(" und mehr.\n")]);
    expect(decodeText(cesu8)).toMatchObject({ ok: false, problem: "broken", encoding: "UTF-8", line: 3 });
  });

  it("refuses UTF-8 cut off inside its last character", () => {
    const bytes = utf8(`${GERMAN}Ende mit ß`);
    expect(decodeText(bytes.subarray(0, bytes.length - 1))).toMatchObject({
      ok: false,
      problem: "broken",
      encoding: "UTF-8",
      line: GERMAN.split("\n").length,
    });
  });

  it("refuses bytes that break the encoding their byte-order mark declares", () => {
    const utf8WithBom = withBom([0xef, 0xbb, 0xbf], new Uint8Array([...utf8("Titel\n\nText "), 0xff, 0x41]));
    expect(decodeText(utf8WithBom)).toMatchObject({ ok: false, problem: "broken", encoding: "UTF-8", line: 3 });
    // An odd number of bytes, and a high surrogate with no low one after it.
    expect(decodeText(withBom([0xff, 0xfe], new Uint8Array([0x41, 0x00, 0x42])))).toMatchObject({
      ok: false,
      problem: "broken",
      encoding: "UTF-16LE",
    });
    expect(decodeText(withBom([0xfe, 0xff], new Uint8Array([0x00, 0x41, 0xd8, 0x3d, 0x00, 0x41])))).toMatchObject({
      ok: false,
      problem: "broken",
      encoding: "UTF-16BE",
    });
  });

  it("refuses UTF-32, which it recognises by its byte-order mark but does not read", () => {
    expect(decodeText(withBom([0xff, 0xfe, 0x00, 0x00], encode("Hi", "utf-32le")))).toMatchObject({
      ok: false,
      problem: "unsupported",
      encoding: "UTF-32LE",
    });
    expect(decodeText(withBom([0x00, 0x00, 0xfe, 0xff], encode("Hi", "utf-32be")))).toMatchObject({
      ok: false,
      problem: "unsupported",
      encoding: "UTF-32BE",
    });
  });

  it.each([
    ["ISO-8859-2", "iso-8859-2", "Zażółć gęślą jaźń. Minister powiedział, że gospodarka rośnie szybciej niż się spodziewano."],
    ["Shift_JIS", "shift_jis", "日本の経済は予想より早く成長していると大臣は述べた。"],
    ["ISO-8859-7", "windows-1253", "Ο υπουργός δήλωσε ότι η οικονομία αναπτύσσεται ταχύτερα από το αναμενόμενο."],
  ])("refuses text chardet confidently calls %s rather than garbling it as Windows-1252", (encoding, label, text) => {
    expect(decodeText(encode(text, label))).toMatchObject({
      ok: false,
      problem: "unsupported",
      encoding,
      message: `the file looks like ${encoding}, an encoding Claimwork does not read: save it as UTF-8 and import it again`,
    });
  });

  it("refuses Cyrillic read as Western European (nearly all accented letters), naming chardet's unsure guess", () => {
    const cyrillic = encode("Министр заявил, что экономика растёт быстрее, чем ожидалось.", "windows-1251");
    expect(decodeText(cyrillic)).toMatchObject({ ok: false, problem: "unsupported", encoding: "windows-1251" });
  });

  it.each([
    ["ISO-8859-2", "iso-8859-2", "Zażółć gęślą jaźń. Minister powiedział, że gospodarka rośnie szybciej."],
    ["windows-1250", "windows-1250", "Zażółć gęślą jaźń. Minister powiedział, że gospodarka rośnie szybciej."],
  ])("refuses a short Polish text in %s, which chardet is unsure of, by the symbols its letters become (Za¿ó³æ)", (encoding, label, text) => {
    expect(decodeText(encode(text, label))).toMatchObject({ ok: false, problem: "unsupported", encoding });
  });

  it("keeps what Western text puts next to letters: ordinals, guillemets, ´ as apostrophe, m², and one typo", () => {
    const text =
      "Die Wohnung hat 80 m² und kostet 5 €. »Geht´s noch?«, fragte der Mieter. ¿Qué pasa?, sagte die 1ª Vermieterin. " +
      "Ein Tippfehler: m²Preis. Die Gebühren für Bürger in München steigen, größere Änderungen gibt es nicht, schreibt die Zeitung über Öl und Übel.";
    expectRead(encode(text, "windows-1252"), text, "windows-1252");
  });

  it("refuses bytes Windows-1252 leaves undefined (here DOS code page 850's ü) instead of putting U+FFFD there", () => {
    expect(decodeText(encode("Die Gebühren für Bürger steigen.", "cp850"))).toMatchObject({ ok: false, problem: "unknown" });
  });
});

describe("decodeText: properties", () => {
  it("reads any UTF-8 text without NUL back exactly (a leading U+FEFF is its byte-order mark)", () => {
    fc.assert(
      fc.property(
        fc.string({ unit: "grapheme" }).filter((s) => !s.includes("\u0000")),
        (text) => {
          const decoded = decodeText(utf8(text));
          expect(decoded.ok).toBe(true);
          if (decoded.ok) expect(decoded.text).toBe(text.startsWith("\uFEFF") ? text.slice(1) : text);
        },
      ),
    );
  });

  it("never answers arbitrary bytes with a U+FFFD the bytes did not spell as UTF-8", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => {
        const decoded = decodeText(bytes);
        if (decoded.ok && decoded.text.includes("\uFFFD")) expect(decoded.encoding).toMatch(/^UTF-/);
      }),
      { numRuns: 2_000 },
    );
  });
});
