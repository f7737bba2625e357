import { readFileSync } from "node:fs";
import path from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { normalizeArticleText } from "@/lib/article-text";
import { sliceCodePoints } from "@/lib/offsets";
import { canonicalDocuments, crlfTextWithSpans, randomDocument, withoutLocations } from "./codec-test-support";
import { doccanoEvidence, parseDoccano, parseDoccanoLine, writeDoccano } from "./doccano";
import { InterchangeWriteError } from "./text-frame";

const golden = (name: string) => readFileSync(path.join(import.meta.dirname, "../../tests/interchange/doccano", name), "utf8");
const spansOf = (parsed: ReturnType<typeof parseDoccano>) =>
  parsed.documents.map((d) => d.spans.map((s) => [sliceCodePoints(d.text ?? "", s.start, s.end), s.label]));

describe("doccano golden files (doccano/doccano examples)", () => {
  it("reads the sequence-labelling export example", () => {
    const parsed = parseDoccano(golden("sequence-labeling.export.jsonl"));
    expect(parsed.problems).toEqual([]);
    expect(spansOf(parsed)).toEqual([
      [
        ["EU", "ORG"],
        ["German", "MISC"],
      ],
      [["Peter Blackburn", "PERSON"]],
      [["Obama", "PERSON"]],
    ]);
    expect(parsed.documents.map((d) => d.key)).toEqual(["1", "2", "3"]);
    expect(parsed.documents[1]?.spans[0]?.at).toEqual({ line: 2, item: "label[0]" });
  });

  it("reads the relation-extraction example's entities and counts its relations as not imported", () => {
    const parsed = parseDoccano(golden("relation-extraction.jsonl"));
    expect(parsed.problems).toEqual([]);
    expect(parsed.skipped).toEqual({ relations: 3 });
    expect(spansOf(parsed)).toEqual([
      [
        ["Google", "ORG"],
        ["September 4, 1998", "DATE"],
        ["Larry Page", "PERSON"],
        ["Sergey Brin", "PERSON"],
      ],
    ]);
  });

  it("reports the test file's record without text by line and keeps the others", () => {
    const parsed = parseDoccano(golden("sequence-labeling.import-test.jsonl"));
    expect(parsed.problems).toEqual([{ line: 3, field: "text", message: "the record has no text in `text`" }]);
    expect(spansOf(parsed)).toEqual([[["e", "LOC"]], []]);
  });

  it("reads doccano/doccano#2290's UTF-16 offsets as UTF-16: an offset past the last code point says so", () => {
    const parsed = parseDoccano(golden("issue-2290-utf16.jsonl"));
    expect(parsed.problems).toEqual([]);
    expect(parsed.offsetUnit).toBe("utf16");
    expect(parsed.documents[0]?.spans.map((s) => [s.start, s.end])).toEqual([
      [19, 29],
      [5, 12],
    ]);
    expect(spansOf(parsed)).toEqual([
      [
        ["firetrucks", "VEHICLE"],
        ["firemen", "PERSON"],
      ],
    ]);
  });

  it("reads a Python-written file as code points: an offset inside a surrogate pair says so", () => {
    const parsed = parseDoccano(golden("python-code-points.jsonl"));
    expect(parsed.problems).toEqual([]);
    expect(parsed.offsetUnit).toBe("code_points");
    expect(spansOf(parsed)).toEqual([
      [
        ["😀", "EMOJI"],
        ["Zahl", "WORD"],
      ],
    ]);
  });
});

describe("doccano units and problems", () => {
  const ambiguous = `${JSON.stringify({
    id: 1,
    text: "Zahl 😀 und Wort",
    label: [
      [7, 10, "X"],
      [0, 4, "Y"],
    ],
  })}\n`;

  it("never guesses: without evidence or an option, a span the two units place differently is a problem; one they agree on is kept", () => {
    const parsed = parseDoccano(ambiguous);
    expect(parsed.problems.map((p) => [p.line, p.item, p.field])).toEqual([[1, "label[0]", "label[0][0]"]]);
    expect(parsed.problems[0]?.message).toMatch(/choose the unit/);
    expect(spansOf(parsed)).toEqual([[["Zahl", "Y"]]]);
  });

  it("takes the unit from the option", () => {
    expect(spansOf(parseDoccano(ambiguous, { offsetUnit: "code_points" }))).toEqual([
      [
        ["und", "X"],
        ["Zahl", "Y"],
      ],
    ]);
    const utf16 = parseDoccano(ambiguous, { offsetUnit: "utf16" });
    expect(utf16.problems).toEqual([]);
    expect(spansOf(utf16)).toEqual([
      [
        [" un", "X"],
        ["Zahl", "Y"],
      ],
    ]);
  });

  it("offers the evidence for a first streaming pass, and a per-line reader", () => {
    expect(doccanoEvidence(golden("issue-2290-utf16.jsonl").trim())).toEqual({ codePoints: false, utf16: true });
    expect(parseDoccanoLine("", 4)).toEqual({ problems: [], skipped: {}, evidence: { codePoints: false, utf16: false } });
    expect(parseDoccanoLine("{oops", 4).problems[0]).toMatchObject({ line: 4 });
  });

  it("names the field for bad offsets and labels, and counts document-level labels", () => {
    const input = [
      {
        text: "abcdef",
        label: [
          [1.5, 2, "A"],
          [4, 2, "B"],
          [0, 99, "C"],
          [0, 1, ""],
          [0, 1],
        ],
      },
      { text: "Ganz gut", label: ["positive"] },
    ]
      .map((r) => JSON.stringify(r))
      .join("\n");
    const parsed = parseDoccano(input, { offsetUnit: "code_points" });
    expect(parsed.problems.map((p) => [p.line, p.field])).toEqual([
      [1, "label[0][0]"],
      [1, "label[1][1]"],
      [1, "label[2][1]"],
      [1, "label[3][2]"],
      [1, "label[4][2]"],
    ]);
    expect(parsed.skipped).toEqual({ document_labels: 1 });
    expect(parsed.documents.map((d) => d.key)).toEqual(["1", "2"]);
  });

  it("converts CRLF-counted offsets to the stored \\n text", () => {
    const parsed = parseDoccano(
      JSON.stringify({
        text: "eins\r\nzwei\r\ndrei",
        label: [
          [12, 16, "N"],
          [5, 10, "M"],
        ],
      }),
    );
    expect(parsed.documents[0]?.text).toBe("eins\nzwei\ndrei");
    expect(spansOf(parsed)).toEqual([[["drei", "N"]]]);
    expect(parsed.problems[0]).toMatchObject({ item: "label[1]", field: "label[1][0]" });
  });

  it("never throws on arbitrary lines", () => {
    fc.assert(
      fc.property(fc.array(fc.jsonValue(), { maxLength: 4 }), (values) => {
        expect(() => parseDoccano(values.map((v) => JSON.stringify(v)).join("\n"))).not.toThrow();
      }),
    );
  });
});

describe("doccano writing", () => {
  for (const offsetUnit of ["utf16", "code_points"] as const) {
    it(`round-trips canonical documents byte for byte in ${offsetUnit}`, () => {
      const docs = canonicalDocuments();
      const written = writeDoccano(docs, { offsetUnit });
      const parsed = parseDoccano(written, { offsetUnit });
      expect(parsed.problems).toEqual([]);
      expect(withoutLocations(parsed)).toEqual(withoutLocations({ documents: docs }));
      expect(writeDoccano(parsed.documents, { offsetUnit })).toBe(written);
    });

    it(`property: random spans on astral and combining text survive write → parse in ${offsetUnit}`, () => {
      fc.assert(
        fc.property(randomDocument(), (doc) => {
          const parsed = parseDoccano(writeDoccano([doc], { offsetUnit }), { offsetUnit });
          expect(parsed.problems).toEqual([]);
          expect(parsed.documents[0]?.spans.map((s) => [s.start, s.end, s.label])).toEqual(doc.spans.map((s) => [s.start, s.end, s.label]));
        }),
      );
    });
  }

  it("writes the golden files back as the same model, in either shape", () => {
    const first = parseDoccano(golden("relation-extraction.jsonl"));
    for (const shape of ["label", "entities"] as const) {
      const written = writeDoccano(first.documents, { shape });
      const second = parseDoccano(written, { offsetUnit: "utf16" });
      expect(withoutLocations(second)).toEqual(withoutLocations(first));
      expect(writeDoccano(second.documents, { shape })).toBe(written);
    }
  });

  it("refuses a document without text", () => {
    expect(() => writeDoccano([{ key: "x", text: null, spans: [], at: { line: 1 } }])).toThrow(InterchangeWriteError);
  });

  it("property: a CRLF-origin file's spans (code points or UTF-16) land on the same words of the stored \\n text, and its rewrite is stable", () => {
    fc.assert(
      fc.property(crlfTextWithSpans, fc.constantFrom("code_points" as const, "utf16" as const), ([text, spans], offsetUnit) => {
        const u16 = (cp: number) => (offsetUnit === "utf16" ? [...text].slice(0, cp).join("").length : cp);
        const line = JSON.stringify({ id: 3, text, label: spans.map((s) => [u16(s.start), u16(s.end), "L"]) });
        const parsed = parseDoccano(line, { offsetUnit });
        expect(parsed.problems).toEqual([]);
        const doc = parsed.documents[0];
        expect(doc?.text).toBe(normalizeArticleText(text));
        expect(doc?.spans.map((s) => sliceCodePoints(doc.text ?? "", s.start, s.end))).toEqual(
          spans.map((s) => normalizeArticleText(sliceCodePoints(text, s.start, s.end))),
        );
        const written = writeDoccano(parsed.documents, { offsetUnit });
        expect(withoutLocations(parseDoccano(written, { offsetUnit }))).toEqual(withoutLocations(parsed));
        expect(writeDoccano(parseDoccano(written, { offsetUnit }).documents, { offsetUnit })).toBe(written);
      }),
    );
  });
});
