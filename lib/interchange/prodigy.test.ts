import { readFileSync } from "node:fs";
import path from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { normalizeArticleText } from "@/lib/article-text";
import { codePointLength, sliceCodePoints } from "@/lib/offsets";
import { canonicalDocuments, crlfTextWithSpans, randomDocument, withoutLocations } from "./codec-test-support";
import { parseProdigy, parseProdigyLine, writeProdigy } from "./prodigy";

const golden = () => readFileSync(path.join(import.meta.dirname, "../../tests/interchange/prodigy/ner-manual.jsonl"), "utf8");

describe("Prodigy golden file (our own, after Prodigy's documented task format)", () => {
  const parsed = parseProdigy(golden());

  it("turns accepted examples into documents and counts rejected, ignored and relations", () => {
    expect(parsed.skipped).toEqual({ rejected: 1, ignored: 1, relations: 1 });
    expect(parsed.documents.map((d) => [d.key, d.at.line])).toEqual([
      ["-1925359232", 1],
      ["16", 4],
      ["18", 5],
      // The same task answered in a second session keeps a key of its own.
      ["-1925359232@6", 6],
      ["20", 7],
      // Its span is a problem (below); the example's text still comes.
      ["22", 8],
    ]);
  });

  it("verifies each span's text against the example's text in code points", () => {
    const spans = parsed.documents.map((d) => d.spans.map((s) => [s.label, s.text ?? sliceCodePoints(d.text ?? "", s.start, s.end)]));
    expect(spans).toEqual([
      [["ORG", "Apple"]],
      [
        ["GPE", "Berlin"],
        ["ORG", "Cafe\u0301s"],
      ],
      [],
      [["PRODUCT", "updates"]],
      [
        ["PERSON", "Sam Altman"],
        ["ORG", "OpenAI"],
      ],
      [],
    ]);
    expect(parsed.documents[1]?.spans[0]).toMatchObject({ start: 25, end: 31, at: { line: 4, item: "spans[0]" } });
  });

  it("reports a span whose text only fits UTF-16 offsets, saying so, instead of moving it", () => {
    expect(parsed.problems).toHaveLength(1);
    expect(parsed.problems[0]).toMatchObject({ line: 8, item: "spans[0]", field: "text" });
    expect(parsed.problems[0]?.message).toMatch(/UTF-16/);
  });

  it("round-trips through the model: parse → write → parse is the same model, write again the same bytes", () => {
    const written = writeProdigy(parsed.documents);
    const again = parseProdigy(written);
    expect(again.problems).toEqual([]);
    expect(withoutLocations(again)).toEqual(withoutLocations(parsed));
    expect(writeProdigy(again.documents)).toBe(written);
  });
});

describe("Prodigy problems", () => {
  it("names the field for bad offsets, labels and answers; ignores unknown fields; blank lines are nothing", () => {
    const lines = [
      { text: "abc", spans: [{ start: 0, end: 9, label: "A" }], answer: "accept", extra: 1 },
      { text: "abc", spans: [{ start: 2, end: 1, label: "A" }], answer: "accept" },
      { text: "abc", spans: [{ start: 0, end: 1 }], answer: "accept" },
      { text: "abc", answer: "maybe" },
      { spans: [], answer: "accept" },
      { text: "abc", answer: null },
    ];
    const parsed = parseProdigy(`${lines.map((l) => JSON.stringify(l)).join("\n")}\n\n{broken\n`);
    expect(parsed.problems.map((p) => [p.line, p.field])).toEqual([
      [1, "end"],
      [2, "end"],
      [3, "label"],
      [4, "answer"],
      [5, "text"],
      [8, undefined],
    ]);
    expect(parsed.skipped).toEqual({ unanswered: 1 });
    expect(parseProdigyLine("   ", 3)).toEqual({ problems: [], skipped: {} });
  });

  it("converts CRLF-counted offsets to the stored \\n text", () => {
    const parsed = parseProdigy(
      JSON.stringify({ text: "Satz 1.\r\nSatz 2.", spans: [{ start: 9, end: 16, label: "S", text: "Satz 2." }], answer: "accept" }),
    );
    expect(parsed.problems).toEqual([]);
    expect(parsed.documents[0]?.text).toBe("Satz 1.\nSatz 2.");
    expect(parsed.documents[0]?.spans[0]).toMatchObject({ start: 8, end: 15, text: "Satz 2." });
  });

  it("never throws on arbitrary lines", () => {
    fc.assert(
      fc.property(fc.array(fc.jsonValue(), { maxLength: 4 }), (values) => {
        expect(() => parseProdigy(values.map((v) => JSON.stringify(v)).join("\n"))).not.toThrow();
      }),
    );
  });
});

describe("Prodigy writing", () => {
  it("round-trips canonical documents byte for byte", () => {
    const docs = canonicalDocuments().map((d) => ({ ...d, title: `Titel ${d.key}`, sourceUrl: `https://example.org/${d.key}` }));
    const written = writeProdigy(docs);
    expect(written.split("\n")[0]).toContain('"answer":"accept"');
    const parsed = parseProdigy(written);
    expect(parsed.problems).toEqual([]);
    expect(withoutLocations(parsed)).toEqual(withoutLocations({ documents: docs }));
    expect(writeProdigy(parsed.documents)).toBe(written);
  });

  it("property: random spans on astral and combining text survive write → parse, each text its slice", () => {
    fc.assert(
      fc.property(randomDocument(), (doc) => {
        const parsed = parseProdigy(writeProdigy([doc]));
        expect(parsed.problems).toEqual([]);
        const spans = parsed.documents[0]?.spans ?? [];
        expect(spans.map((s) => [s.start, s.end, s.label])).toEqual(doc.spans.map((s) => [s.start, s.end, s.label]));
        for (const s of spans) expect(s.text).toBe(sliceCodePoints(doc.text ?? "", s.start, s.end));
      }),
    );
  });

  it("property: a CRLF-origin file's spans land on the same words of the stored \\n text, and its rewrite is stable", () => {
    fc.assert(
      fc.property(crlfTextWithSpans, ([text, spans]) => {
        const line = JSON.stringify({
          text,
          spans: spans.map((s) => ({ start: s.start, end: s.end, label: "L", text: sliceCodePoints(text, s.start, s.end) })),
          answer: "accept",
        });
        const parsed = parseProdigy(line);
        expect(parsed.problems).toEqual([]);
        const doc = parsed.documents[0];
        expect(doc?.text).toBe(normalizeArticleText(text));
        for (const [i, s] of (doc?.spans ?? []).entries()) {
          const original = spans[i]!;
          expect(s.text).toBe(normalizeArticleText(sliceCodePoints(text, original.start, original.end)));
          expect(sliceCodePoints(doc?.text ?? "", s.start, s.end)).toBe(s.text);
          expect(s.end - s.start).toBeLessThanOrEqual(codePointLength(sliceCodePoints(text, original.start, original.end)));
        }
        const written = writeProdigy(parsed.documents);
        expect(withoutLocations(parseProdigy(written))).toEqual(withoutLocations(parsed));
        expect(writeProdigy(parseProdigy(written).documents)).toBe(written);
      }),
    );
  });
});
