import { readFileSync } from "node:fs";
import path from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { codePointLength, sliceCodePoints } from "@/lib/offsets";
import { parseBrat, parseBratLine, writeBrat } from "./brat";
import type { InterchangeDocument } from "./model";
import { InterchangeWriteError } from "./text-frame";

const GOLDEN = path.resolve(import.meta.dirname, "../../tests/interchange/brat");
const golden = (name: string) => ({
  key: name,
  txt: readFileSync(path.join(GOLDEN, `${name}.txt`), "utf8"),
  ann: readFileSync(path.join(GOLDEN, `${name}.ann`), "utf8"),
});

function doc(
  text: string,
  spans: Array<Partial<InterchangeDocument["spans"][number]> & { start: number; end: number; label: string }>,
): InterchangeDocument {
  return {
    key: "doc",
    text,
    spans: spans.map((s, i) => ({ attributes: {}, notes: [], at: { line: i + 1, item: `T${i + 1}` }, ...s })),
    at: { line: 1, item: "doc" },
  };
}

/** The model without the `at` locations (a write → parse gives file positions, not the input's). */
function shape(parse: ReturnType<typeof parseBrat>) {
  return parse.documents.map((d) => ({ ...d, at: undefined, spans: d.spans.map((s) => ({ ...s, at: undefined })) }));
}

function roundTrip(document: InterchangeDocument) {
  const files = writeBrat([document]);
  const txt = files.find((f) => f.path.endsWith(".txt"))?.content ?? "";
  const ann = files.find((f) => f.path.endsWith(".ann"))?.content ?? "";
  return { files, parsed: parseBrat({ key: document.key, txt, ann }) };
}

describe("brat golden files (nlplab/brat example-data/tutorials/news)", () => {
  it("reads the attribute tutorial: T spans verified, binary attribute on T1, attributes on events counted", () => {
    const parse = parseBrat(golden("100-attribute_annotation"));
    expect(parse.problems).toEqual([]);
    const [document] = parse.documents;
    expect(document?.spans).toHaveLength(26);
    const t1 = document?.spans[0];
    expect(t1).toMatchObject({
      start: 497,
      end: 505,
      text: "Somebody",
      label: "Person",
      attributes: { Individual: true },
      at: { line: 1, item: "T1" },
    });
    for (const span of document?.spans ?? []) expect(sliceCodePoints(document?.text ?? "", span.start, span.end)).toBe(span.text);
    expect(parse.skipped).toEqual({ events: 10, "attributes of annotations not imported": 5 });
    expect(parse.offsetUnit).toBe("code_points");
  });

  it("reads the note tutorial: a note on T1, notes on events and relations counted", () => {
    const parse = parseBrat(golden("110-note_annotation"));
    expect(parse.problems).toEqual([]);
    const spans = parse.documents[0]?.spans ?? [];
    expect(spans).toHaveLength(14);
    expect(spans[0]).toMatchObject({ label: "GPE", text: "Discworld", notes: ["Should fictional places be annotated?"] });
    expect(parse.skipped).toEqual({ events: 2, relations: 2, "notes on annotations not imported": 2 });
  });

  it("writes a golden file back to the same .ann lines for its T, A and # lines on spans", () => {
    const source = golden("110-note_annotation");
    const parse = parseBrat(source);
    const [txt, ann] = writeBrat(parse.documents);
    expect(txt?.content).toBe(source.txt);
    const expected = source.ann
      .split("\n")
      .filter((l) => l.startsWith("T"))
      .join("\n");
    const written = (ann?.content ?? "")
      .split("\n")
      .filter((l) => l.startsWith("T"))
      .join("\n");
    expect(written).toBe(expected);
    expect(ann?.content).toContain("#1\tAnnotatorNotes T1\tShould fictional places be annotated?\n");
  });
});

describe("parseBrat", () => {
  const text = "Sony 😊 formed 𝔘nited e\u0301tat with 🇩🇪 Ericsson.";
  it("counts code points, as Python does", () => {
    const ann = "T1\tOrg 0 4\tSony\nT2\tWord 14 20\t𝔘nited\nT3\tWord 21 26\te\u0301tat\nT4\tFlag 32 34\t🇩🇪\nT5\tOrg 35 43\tEricsson\n";
    const parse = parseBrat({ key: "k", txt: text, ann });
    expect(parse.problems).toEqual([]);
    expect(parse.documents[0]?.spans.map((s) => s.text)).toEqual(["Sony", "𝔘nited", "e\u0301tat", "🇩🇪", "Ericsson"]);
  });

  it("reads discontinuous spans with their texts joined by one space, fragments in text order", () => {
    const parse = parseBrat({ key: "k", txt: "North and South America", ann: "T1\tLocation 0 5;16 23\tNorth America\n" });
    expect(parse.problems).toEqual([]);
    expect(parse.documents[0]?.spans[0]).toMatchObject({
      start: 0,
      end: 23,
      fragments: [
        { start: 0, end: 5 },
        { start: 16, end: 23 },
      ],
      text: "North America",
    });
  });

  it("reports a text that does not match the document by line and id, and keeps the other spans", () => {
    const parse = parseBrat({ key: "k", txt: text, ann: "T1\tOrg 0 4\tSony\nT2\tOrg 5 11\tformed\n" });
    expect(parse.documents[0]?.spans).toHaveLength(1);
    expect(parse.problems).toEqual([expect.objectContaining({ line: 2, item: "T2", field: "text" })]);
  });

  it("names the field for offsets out of range, reversed, not numbers, or overlapping fragments", () => {
    const ann = [
      "T1\tOrg 0 400\tSony",
      "T2\tOrg 4 0\tSony",
      "T3\tOrg x 4\tSony",
      "T4\tOrg 0 4.5\tSony",
      "T5\tOrg 0 3;2 4\tSon ny",
      "T6\tOrg -1 4\tSony",
      "just words",
      "Q1\tOrg 0 4\tSony",
      "T1\tOrg 0 4\tSony",
    ].join("\n");
    const parse = parseBrat({ key: "k", txt: text, ann });
    expect(parse.documents[0]?.spans).toEqual([]);
    expect(parse.problems.map((p) => [p.line, p.item, p.field])).toEqual([
      [1, "T1", "offsets[0].end"],
      [2, "T2", "offsets[0].end"],
      [3, "T3", "offsets[0].start"],
      [4, "T4", "offsets[0].end"],
      [5, "T5", "offsets"],
      [6, "T6", "offsets[0].start"],
      [7, undefined, undefined],
      [8, "Q1", "id"],
      [9, "T1", "id"],
    ]);
  });

  it("accepts a T line without text, as brat does, and ignores a comment after the text", () => {
    const parse = parseBrat({ key: "k", txt: text, ann: "T1\tOrg 0 4\nT2\tOrg 35 43\tEricsson comment\n" });
    expect(parse.problems).toEqual([]);
    expect(parse.documents[0]?.spans.map((s) => s.text)).toEqual(["Sony", "Ericsson"]);
  });

  it("reads multi-valued and binary attributes, and an attribute on an unknown id is a problem", () => {
    const ann = "T1\tOrg 0 4\tSony\nA1\tCheckworthy T1 Yes please\nA2\tNegated T1\nM3\tSpeculation T1\nA4\tNegated T9\n";
    const parse = parseBrat({ key: "k", txt: text, ann });
    expect(parse.documents[0]?.spans[0]?.attributes).toEqual({ Checkworthy: "Yes please", Negated: true, Speculation: true });
    expect(parse.problems).toEqual([expect.objectContaining({ line: 5, item: "A4", field: "target" })]);
  });

  it("converts offsets counted on CRLF text (brat keeps the CR) to the text Claimwork stores", () => {
    const raw = "Line one\r\nZwei 😊 drei\r\nvier";
    const ann = "T1\tW 10 14\tZwei\nT2\tW 15 16\t😊\nT3\tW 23 27\tvier\n";
    const parse = parseBrat({ key: "k", txt: raw, ann });
    expect(parse.problems).toEqual([]);
    const [document] = parse.documents;
    expect(document?.text).toBe("Line one\nZwei 😊 drei\nvier");
    expect(document?.spans.map((s) => [s.start, s.end, s.text])).toEqual([
      [9, 13, "Zwei"],
      [14, 15, "😊"],
      [21, 25, "vier"],
    ]);
    for (const s of document?.spans ?? []) expect(sliceCodePoints(document?.text ?? "", s.start, s.end)).toBe(s.text);
  });

  it("refuses an offset between the CR and the LF of one line break", () => {
    const parse = parseBrat({ key: "k", txt: "ab\r\ncd", ann: "T1\tW 0 3\n" });
    expect(parse.problems).toEqual([expect.objectContaining({ line: 1, item: "T1", field: "offsets[0].end" })]);
  });

  it("counts a byte-order mark as brat does, also when the decoder removed it and says so", () => {
    const ann = "T1\tW 1 5\tSony\n";
    const kept = parseBrat({ key: "k", txt: "\uFEFFSony", ann });
    const removed = parseBrat({ key: "k", txt: "Sony", ann }, { byteOrderMarkRemoved: true });
    for (const parse of [kept, removed]) {
      expect(parse.problems).toEqual([]);
      expect(parse.documents[0]?.text).toBe("Sony");
      expect(parse.documents[0]?.spans[0]).toMatchObject({ start: 0, end: 4 });
    }
    expect(parseBrat({ key: "k", txt: "Sony", ann }).problems).toHaveLength(1);
  });

  it("reads .ann files with CRLF line endings", () => {
    expect(parseBrat({ key: "k", txt: text, ann: "T1\tOrg 0 4\tSony\r\n#1\tAnnotatorNotes T1\tnote\r\n" }).documents[0]?.spans[0]?.notes).toEqual([
      "note",
    ]);
  });

  it("parseBratLine reads one line on its own", () => {
    expect(parseBratLine("R1\tOrigin Arg1:T3 Arg2:T4", 3)).toEqual({ kind: "other", id: "R1", reason: "relations" });
    expect(parseBratLine("N1\tReference T1 Wikipedia:534366\tBarack Obama", 4)).toEqual({ kind: "other", id: "N1", reason: "normalisations" });
    expect(parseBratLine("*\tEquiv T1 T2", 5)).toEqual({ kind: "other", id: "*", reason: "equivalences" });
  });
});

describe("writeBrat", () => {
  const text = "Die 🇩🇪 Regierung sagt: e\u0301 𝔘 😊 kommt.\nZweite Zeile.";
  const document = doc(text, [
    { start: 4, end: 6, label: "Flag", attributes: { Checkworthy: "Yes", Negated: true, Score: 3 }, notes: ["first note"] },
    { start: 7, end: 16, label: "Claim" },
    {
      start: 23,
      end: 29,
      label: "Claim",
      fragments: [
        { start: 23, end: 25 },
        { start: 28, end: 29 },
      ],
    },
  ]);

  it("writes <key>.txt and <key>.ann, deterministic", () => {
    const files = writeBrat([document]);
    expect(files.map((f) => f.path)).toEqual(["doc.txt", "doc.ann"]);
    expect(files[1]?.content).toBe(
      [
        "T1\tFlag 4 6\t🇩🇪",
        "A1\tCheckworthy T1 Yes",
        "A2\tNegated T1",
        "A3\tScore T1 3",
        "#1\tAnnotatorNotes T1\tfirst note",
        "T2\tClaim 7 16\tRegierung",
        "T3\tClaim 23 25;28 29\te\u0301 😊",
        "",
      ].join("\n"),
    );
    expect(writeBrat([document])).toEqual(files);
  });

  it("round-trips: write → parse gives the model, write → parse → write is byte-identical", () => {
    const canonical = doc(text, [
      { start: 4, end: 6, label: "Flag", attributes: { Checkworthy: "Yes", Negated: true }, notes: ["first note"] },
      { start: 7, end: 16, label: "Claim", text: "Regierung" },
    ]);
    const { files, parsed } = roundTrip(canonical);
    expect(parsed.problems).toEqual([]);
    const again = writeBrat(parsed.documents);
    expect(again).toEqual(files);
    const reparsed = parseBrat({ key: "doc", txt: again[0]?.content ?? "", ann: again[1]?.content ?? "" });
    expect(shape(reparsed)).toEqual(shape(parsed));
    expect(parsed.documents[0]?.spans[0]).toMatchObject({ start: 4, end: 6, text: "🇩🇪", attributes: { Checkworthy: "Yes", Negated: true } });
  });

  it("round-trips text that came from CRLF: the stored \\n text writes and reads back unchanged", () => {
    const parse = parseBrat({ key: "doc", txt: "A\r\nB 😊 C\r\n", ann: "T1\tW 3 4\tB\nT2\tW 5 6\t😊\n" });
    const files = writeBrat(parse.documents);
    expect(files[0]?.content).toBe("A\nB 😊 C\n");
    expect(files[1]?.content).toBe("T1\tW 2 3\tB\nT2\tW 4 5\t😊\n");
  });

  it("splits a span that crosses a line break into one fragment per line, as brat does", () => {
    const { files, parsed } = roundTrip(doc("Erste Zeile\nzweite Zeile", [{ start: 6, end: 18, label: "Claim" }]));
    expect(files[1]?.content).toBe("T1\tClaim 6 11;12 18\tZeile zweite\n");
    expect(parsed.documents[0]?.spans[0]?.fragments).toEqual([
      { start: 6, end: 11 },
      { start: 12, end: 18 },
    ]);
  });

  it("refuses what brat cannot carry, naming each span", () => {
    const bad = doc("abc def", [
      { start: 0, end: 3, label: "two words" },
      { start: 4, end: 7, label: "X", attributes: { "bad name": "v" } },
    ]);
    expect(() => writeBrat([bad])).toThrow(InterchangeWriteError);
    try {
      writeBrat([bad, { ...bad, key: "../x", spans: [] }, { ...bad, key: "t", text: null, spans: [] }]);
    } catch (error) {
      expect((error as InterchangeWriteError).problems.map((p) => [p.line, p.field])).toEqual([
        [1, "label"],
        [1, "attributes.bad name"],
        [2, "key"],
        [3, "text"],
      ]);
    }
  });
});

// Characters that make UTF-16 and code points disagree, or look alike in other ways; no line breaks (they split spans on write, tested above).
const PIECES = ["a", "b", " ", "ä", "e\u0301", "😊", "🇩🇪", "𝔘", "👩‍👩‍👧", "\t", "ß", "中"];

describe("brat offsets (property)", () => {
  it("write → parse gives the same code-point spans, each span's text equal to its slice", () => {
    const arbitrary = fc
      .array(fc.constantFrom(...PIECES), { minLength: 1, maxLength: 40 })
      .map((parts) => parts.join(""))
      .chain((text) => {
        const n = codePointLength(text);
        const range = fc
          .tuple(fc.integer({ min: 0, max: n }), fc.integer({ min: 0, max: n }))
          .map(([a, b]) => ({ start: Math.min(a, b), end: Math.max(a, b) }));
        return fc.tuple(fc.constant(text), fc.array(range, { maxLength: 8 }));
      });
    fc.assert(
      fc.property(arbitrary, ([text, ranges]) => {
        const { parsed } = roundTrip(
          doc(
            text,
            ranges.map((r) => ({ ...r, label: "L" })),
          ),
        );
        expect(parsed.problems).toEqual([]);
        const spans = parsed.documents[0]?.spans ?? [];
        expect(spans.map((s) => ({ start: s.start, end: s.end }))).toEqual(ranges);
        for (const s of spans) expect(s.text).toBe(sliceCodePoints(text, s.start, s.end));
      }),
    );
  });
});
