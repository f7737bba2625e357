import { readFileSync } from "node:fs";
import path from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { codePointLength, sliceCodePoints } from "@/lib/offsets";
import { anchorHypothesisSpan, parseHypothesis, writeHypothesis } from "./hypothesis";
import type { InterchangeDocument, InterchangeSpan } from "./model";
import { InterchangeWriteError } from "./text-frame";

const GOLDEN = path.resolve(import.meta.dirname, "../../tests/interchange/hypothesis");
const golden = (name: string) => readFileSync(path.join(GOLDEN, name), "utf8");

function doc(
  text: string,
  spans: Array<{ start: number; end: number; label?: string; attributes?: InterchangeSpan["attributes"]; notes?: string[] }>,
): InterchangeDocument {
  return {
    key: "https://example.org/a",
    text,
    sourceUrl: "https://example.org/a",
    title: "Ein Artikel",
    spans: spans.map((s, i) => ({ label: "claim", attributes: {}, notes: [], at: { line: i + 1 }, ...s })),
    at: { line: 1 },
  };
}

describe("Hypothesis golden files (hypothesis/client anchoring baselines)", () => {
  it("reads the minimal page and anchors by position where the quote is", () => {
    // The fixture names no page (no uri, no source): a problem naming the field; with a uri it reads.
    expect(parseHypothesis(golden("minimal.json")).problems).toEqual([expect.objectContaining({ line: 1, item: "rows[0]", field: "uri" })]);
    const withUri = JSON.parse(golden("minimal.json"));
    withUri.rows[0].uri = "https://example.org/minimal";
    const parse = parseHypothesis(JSON.stringify(withUri));
    expect(parse.problems).toEqual([]);
    expect(parse.offsetUnit).toBe("utf16");
    const span = parse.documents[0]?.spans[0] as InterchangeSpan;
    expect(span).toMatchObject({ start: 4, end: 7, text: "Two", quoteContext: { prefix: "One ", suffix: " Three\n" }, label: "annotation" });
    expect(anchorHypothesisSpan("One Two Three\n", span)).toEqual({ ok: true, start: 4, end: 7 });
  });

  it("reads the Wikipedia page's five annotations: uri as key, title, note, quote", () => {
    const parse = parseHypothesis(golden("wikipedia-regression-testing.json"));
    expect(parse.problems).toEqual([]);
    expect(parse.documents).toHaveLength(1);
    const [document] = parse.documents;
    expect(document).toMatchObject({
      key: "https://en.wikipedia.org/wiki/Regression_testing",
      text: null,
      sourceUrl: "https://en.wikipedia.org/wiki/Regression_testing",
      title: "Regression testing - Wikipedia",
    });
    expect(document?.spans.map((s) => [s.notes[0], s.start, s.text?.slice(0, 18)])).toEqual([
      ["Footer", 11881, "11 November 2016"],
      ["Body", 2728, "Therefore, in most"],
      ["Quote", 7511, "Also as a conseque"],
      ["Introduction", 896, "The purpose of reg"],
      ["Heading", 33, "Regression testing"],
    ]);
  });

  it("anchors a Wikipedia quote by its context when the page's positions do not fit the article", () => {
    const span = parseHypothesis(golden("wikipedia-regression-testing.json")).documents[0]?.spans[0] as InterchangeSpan;
    // The article as Claimwork stored it: another extraction of the page, so the position (11881) is meaningless here.
    const article = "Regression testing\nEdited on 11 November 2016 by a bot.\nThis page was last modified on 11 November 2016, at 05:56.";
    const anchored = anchorHypothesisSpan(article, span);
    expect(anchored).toEqual({ ok: true, start: article.lastIndexOf("11 November 2016"), end: article.lastIndexOf("11 November 2016") + 16 });
  });
});

describe("parseHypothesis", () => {
  const annotation = (over: Record<string, unknown> = {}) => ({
    id: "x",
    uri: "https://example.org/a",
    text: "Stimmt das?",
    tags: ["claim", "checkworthy"],
    target: [
      {
        source: "https://example.org/a",
        selector: [
          { type: "TextPositionSelector", start: 4, end: 6 },
          { type: "TextQuoteSelector", exact: "😊", prefix: "Die ", suffix: " kommt" },
        ],
      },
    ],
    document: { title: ["Ein Artikel"] },
    unknown_field: 1,
    ...over,
  });

  it("reads the API rows, the client's export, a bare list and one annotation alike", () => {
    const one = annotation();
    for (const input of [{ total: 1, rows: [one] }, { export_date: "2026-01-01", annotations: [one] }, [one], one]) {
      const parse = parseHypothesis(JSON.stringify(input));
      expect(parse.problems).toEqual([]);
      expect(parse.documents[0]?.spans[0]).toMatchObject({
        start: 4,
        end: 6,
        text: "😊",
        label: "claim",
        attributes: { checkworthy: true },
        notes: ["Stimmt das?"],
      });
    }
  });

  it("counts replies and page notes, and names the field of a bad annotation", () => {
    const rows = [
      annotation({ references: ["parent"] }),
      annotation({ target: [{ source: "https://example.org/a" }] }),
      annotation({
        target: [
          {
            selector: [
              { type: "TextQuoteSelector", exact: "x" },
              { type: "TextPositionSelector", start: 5, end: 2 },
            ],
          },
        ],
      }),
      annotation({
        target: [
          {
            selector: [
              { type: "TextQuoteSelector", exact: "x" },
              { type: "TextPositionSelector", start: "1", end: 2 },
            ],
          },
        ],
      }),
      annotation({
        target: [
          {
            selector: [
              { type: "TextQuoteSelector", exact: "x" },
              { type: "TextPositionSelector", start: 1.5, end: 2 },
            ],
          },
        ],
      }),
      annotation({
        uri: 7,
        target: [
          {
            selector: [
              { type: "TextQuoteSelector", exact: "x" },
              { type: "TextPositionSelector", start: 1, end: 2 },
            ],
          },
        ],
      }),
      annotation({ tags: "claim" }),
      "not an object",
    ];
    const parse = parseHypothesis(JSON.stringify({ rows }));
    expect(parse.skipped).toEqual({ replies: 1, "page notes": 1 });
    expect(parse.problems.map((p) => [p.line, p.item, p.field])).toEqual([
      [3, "rows[2]", "target[0].selector.TextPositionSelector.end"],
      [4, "rows[3]", "target[0].selector.TextPositionSelector.start"],
      [5, "rows[4]", "target[0].selector.TextPositionSelector.start"],
      [6, "rows[5]", "uri"],
      [7, "rows[6]", "tags"],
      [8, "rows[7]", ""],
    ]);
  });

  it("reports a file that is not JSON or not Hypothesis's shape", () => {
    expect(parseHypothesis("{").problems).toHaveLength(1);
    expect(parseHypothesis('{"hello": 1}').problems).toHaveLength(1);
  });
});

describe("anchorHypothesisSpan", () => {
  const article = "Die 🇩🇪 Regierung: e\u0301 𝔘 😊 kommt. Und 😊 kommt wieder.";
  const span = (start: number, end: number, exact: string, prefix = "", suffix = ""): InterchangeSpan => ({
    start,
    end,
    text: exact,
    quoteContext: { prefix, suffix },
    label: "annotation",
    attributes: {},
    notes: [],
    at: { line: 1, item: "rows[0]" },
  });

  it("uses the UTF-16 position when the quote is there and returns code points", () => {
    const u16 = article.indexOf("😊");
    expect(anchorHypothesisSpan(article, span(u16, u16 + 2, "😊"))).toEqual({
      ok: true,
      start: codePointLength(article.slice(0, u16)),
      end: codePointLength(article.slice(0, u16)) + 1,
    });
  });

  it("finds the quote by its context when the position points elsewhere", () => {
    const second = article.lastIndexOf("😊");
    const result = anchorHypothesisSpan(article, span(0, 2, "😊", "Und ", " kommt wieder"));
    const cp = codePointLength(article.slice(0, second));
    expect(result).toEqual({ ok: true, start: cp, end: cp + 1 });
  });

  it("matches a quote with CRLF against the stored \\n text", () => {
    expect(anchorHypothesisSpan("eins\nzwei", span(99, 100, "eins\r\nzwei"))).toEqual({ ok: true, start: 0, end: 9 });
  });

  it("is a problem, not a guess, when the quote is not in the article", () => {
    const result = anchorHypothesisSpan(article, span(0, 3, "nirgends"));
    expect(result).toMatchObject({ ok: false, problem: { line: 1, item: "rows[0]", field: "target[0].selector.TextQuoteSelector.exact" } });
  });
});

describe("writeHypothesis", () => {
  const text = "Die 🇩🇪 Regierung sagt: e\u0301 𝔘 😊 kommt.";

  it("writes all three selectors in UTF-16, with the quote's context, deterministic", () => {
    const out = writeHypothesis([doc(text, [{ start: 4, end: 6, label: "flag", attributes: { checkworthy: true, score: 3 }, notes: ["a", "b"] }])]);
    const row = JSON.parse(out).rows[0];
    expect(row).toEqual({
      uri: "https://example.org/a",
      text: "a\n\nb",
      tags: ["flag", "checkworthy", "score:3"],
      target: [
        {
          source: "https://example.org/a",
          selector: [
            { type: "RangeSelector", startContainer: "", startOffset: 4, endContainer: "", endOffset: 8 },
            { type: "TextPositionSelector", start: 4, end: 8 },
            { type: "TextQuoteSelector", exact: "🇩🇪", prefix: "Die ", suffix: " Regierung sagt: e\u0301 𝔘 😊 kommt." },
          ],
        },
      ],
      document: { title: ["Ein Artikel"] },
    });
    expect(writeHypothesis([doc(text, [{ start: 4, end: 6 }])])).toBe(writeHypothesis([doc(text, [{ start: 4, end: 6 }])]));
  });

  it("round-trips: write → parse → anchor gives the spans, and writing that again is byte-identical", () => {
    const original = doc(text, [
      { start: 7, end: 16, label: "claim", attributes: { checkworthy: true }, notes: ["Stimmt das?"] },
      { start: 23, end: 25 },
    ]);
    const written = writeHypothesis([original]);
    const parsed = parseHypothesis(written);
    expect(parsed.problems).toEqual([]);
    const [document] = parsed.documents;
    const anchored = (document?.spans ?? []).map((s) => {
      const a = anchorHypothesisSpan(text, s);
      if (!a.ok) throw new Error(a.problem.message);
      return { ...s, start: a.start, end: a.end };
    });
    expect(anchored.map((s) => [s.start, s.end, s.label, s.attributes, s.notes])).toEqual([
      [7, 16, "claim", { checkworthy: true }, ["Stimmt das?"]],
      [23, 25, "claim", {}, []],
    ]);
    expect(writeHypothesis([{ ...(document as InterchangeDocument), text, spans: anchored }])).toBe(written);
  });

  it("refuses a document without text", () => {
    expect(() => writeHypothesis([{ ...doc(text, []), text: null }])).toThrow(InterchangeWriteError);
  });
});

const PIECES = ["a", "b", " ", "\n", "ä", "e\u0301", "😊", "🇩🇪", "𝔘", "👩‍👩‍👧", "ß"];

describe("Hypothesis offsets (property)", () => {
  it("write → parse → anchor gives the same code-point spans, each quote equal to its slice", () => {
    const arbitrary = fc
      .array(fc.constantFrom(...PIECES), { minLength: 1, maxLength: 40 })
      .map((parts) => parts.join(""))
      .chain((text) => {
        const n = codePointLength(text);
        const range = fc
          .tuple(fc.integer({ min: 0, max: n - 1 }), fc.integer({ min: 1, max: n }))
          .map(([a, b]) => ({ start: Math.min(a, b - 1), end: Math.max(a + 1, b) }));
        return fc.tuple(fc.constant(text), fc.array(range, { maxLength: 6 }));
      });
    fc.assert(
      fc.property(arbitrary, ([text, ranges]) => {
        const parsed = parseHypothesis(writeHypothesis([doc(text, ranges)]));
        expect(parsed.problems).toEqual([]);
        const spans = parsed.documents[0]?.spans ?? [];
        expect(spans).toHaveLength(ranges.length);
        spans.forEach((s, i) => {
          expect(anchorHypothesisSpan(text, s)).toEqual({ ok: true, ...ranges[i] });
          expect(s.text).toBe(sliceCodePoints(text, ranges[i]?.start ?? 0, ranges[i]?.end ?? 0));
        });
      }),
    );
  });
});
