import { readFileSync } from "node:fs";
import path from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { codePointLength, sliceCodePoints } from "@/lib/offsets";
import type { InterchangeDocument } from "./model";
import { escapeText, escapeValue, parseWebannoTsv, unescapeText, unescapeValue, writeWebannoTsv } from "./webanno-tsv";

const GOLDEN = path.resolve(import.meta.dirname, "../../tests/interchange/webanno-tsv");
const golden = (name: string) => readFileSync(path.join(GOLDEN, `${name}.tsv`), "utf8");

function doc(text: string, spans: Array<{ start: number; end: number; label?: string; attributes?: Record<string, string> }>): InterchangeDocument {
  return { key: "d", text, spans: spans.map((s, i) => ({ label: "claim", attributes: {}, notes: [], at: { line: i + 1 }, ...s })), at: { line: 1 } };
}

const shape = (p: ReturnType<typeof parseWebannoTsv>) =>
  p.documents.map((d) => ({
    text: d.text,
    spans: d.spans.map((s) => ({ start: s.start, end: s.end, text: s.text, label: s.label, attributes: s.attributes })),
  }));

describe("WebAnno TSV golden files (inception-io-webanno-tsv test suite)", () => {
  it("counts UTF-16 in the file and gives code points: the emoji sentence", () => {
    const parse = parseWebannoTsv(golden("testSentenceWithEmoji"));
    expect(parse.problems).toEqual([]);
    expect(parse.offsetUnit).toBe("utf16");
    const [document] = parse.documents;
    expect(document?.text).toBe("I like it 😊 .");
    // `*` on the emoji token: an annotation of webanno.custom.Span without a value, labelled by the layer's short name.
    expect(document?.spans).toEqual([expect.objectContaining({ start: 10, end: 11, text: "😊", label: "Span" })]);
  });

  it("reads multi-token, stacked annotations by their disambiguation ids", () => {
    const spans = parseWebannoTsv(golden("testMultiTokenStackedSpanWithFeatureValue")).documents[0]?.spans ?? [];
    expect(spans.map((s) => [s.start, s.end, s.label])).toEqual([
      [0, 16, "PERSON"],
      [0, 16, "LOCATION"],
    ]);
  });

  it("reads a span across two sentences and rebuilds the text between them", () => {
    const parse = parseWebannoTsv(golden("testCrossSentenceSpanWithFeatureValue"));
    expect(parse.documents[0]?.text).toBe("He loves her .\nShe loves him not .");
    expect(parse.documents[0]?.spans.map((s) => [s.start, s.end, s.label])).toEqual([[0, 34, "PERSON"]]);
  });

  it("unescapes feature values with every reserved character", () => {
    const spans = parseWebannoTsv(golden("testTokenBoundedSpanWithSpecialSymbolsValue")).documents[0]?.spans ?? [];
    expect(spans).toHaveLength(5);
    expect(spans[0]?.label).toBe("#*'\"`´\t:;{}|[ ]()\\§$%?=&_\n");
  });

  it("reads sub-token annotations, extending each from its first unit to its last", () => {
    const spans = parseWebannoTsv(golden("testSubMultiTokenSpanWithFeatureValue")).documents[0]?.spans ?? [];
    expect(spans.find((s) => s.label === "9")).toMatchObject({ start: 3, end: 17 });
    expect(parseWebannoTsv(golden("testSubMultiTokenSpanWithFeatureValue")).skipped).toEqual({ "zero-width annotations": 3 });
  });

  it("joins a sentence's #Text lines with line breaks", () => {
    expect(parseWebannoTsv(golden("testSentenceWithLineBreak")).documents[0]?.text).toBe("This is\na test .");
  });

  it("picks the named-entity layer of a file with POS and dependencies, and counts the rest", () => {
    const parse = parseWebannoTsv(golden("example2"));
    expect(parse.problems).toEqual([]);
    const spans = parse.documents[0]?.spans ?? [];
    expect(spans.slice(0, 3).map((s) => [s.text, s.label])).toEqual([
      ["Ms. Haag", "PER"],
      ["Elianti", "OTH"],
      ["Rolls-Royce Motor", "ORG"],
    ]);
    expect(parse.skipped["annotations of other layers"]).toBeGreaterThan(0);
    expect(parse.skipped.relations).toBeGreaterThan(0);
    const pos = parseWebannoTsv(golden("example2"), { layer: "de.tudarmstadt.ukp.dkpro.core.api.lexmorph.type.pos.POS" }).documents[0]?.spans;
    expect(pos?.[0]).toMatchObject({ text: "Ms.", label: "NNP" });
  });
});

describe("parseWebannoTsv problems", () => {
  const head = "#FORMAT=WebAnno TSV 3.3\n#T_SP=webanno.custom.Claim|value\n\n\n#Text=Ein 😊 Satz\n";
  it("names the token whose text differs from the document, and bad offsets", () => {
    const parse = parseWebannoTsv(`${head}1-1\t0-3\tEin\tX\t\n1-2\t4-6\tXX\tX\t\n1-3\t7-99\tSatz\tX\t\n1-4\t5-7\t?\t_\t\n`);
    expect(parse.problems.map((p) => [p.line, p.item, p.field])).toEqual([
      [7, "1-2", "token"],
      [8, "1-3", "offsets"],
      [9, "1-4", "offsets"],
    ]);
    expect(parse.documents[0]?.spans.map((s) => s.text)).toEqual(["Ein"]);
  });

  it("refuses a file that is not TSV 3.2/3.3", () => {
    expect(parseWebannoTsv("hello").problems).toEqual([expect.objectContaining({ line: 1, field: "#FORMAT" })]);
    expect(parseWebannoTsv(`${head}garbage\n`).problems).toEqual([expect.objectContaining({ line: 6 })]);
  });

  it("converts a CR in the text (escaped \\r, counted by the offsets) to the stored \\n text", () => {
    const tsv =
      "#FORMAT=WebAnno TSV 3.3\n#T_SP=webanno.custom.Claim|value\n\n\n#Text=Eins\\r\n#Text=Zwei\n1-1\t0-4\tEins\tA\t\n1-2\t6-10\tZwei\tB\t\n";
    const parse = parseWebannoTsv(tsv);
    expect(parse.problems).toEqual([]);
    expect(parse.documents[0]?.text).toBe("Eins\nZwei");
    expect(parse.documents[0]?.spans.map((s) => [s.start, s.end, s.text])).toEqual([
      [0, 4, "Eins"],
      [5, 9, "Zwei"],
    ]);
  });
});

describe("escaping (Escaping.java)", () => {
  it("values and text round-trip", () => {
    for (const v of ["a|b", "x->y", "_", "*", "[1]", "a\\b", "t\tn\n;"]) expect(unescapeValue(escapeValue(v))).toBe(v);
    for (const t of ["a\\b", "tab\there", "cr\r", "\u0001ctl", "ff\f"]) expect(unescapeText(escapeText(t))).toBe(t);
    expect(escapeValue("a->b|c")).toBe("a\\->b\\|c");
  });
});

describe("writeWebannoTsv", () => {
  const text = "Die 🇩🇪 Regierung sagt: e\u0301 𝔘 😊 kommt.\n\nZweiter Absatz. Dr. Müller kommt.";

  it("writes tokens, sentences and ids as INCEpTION reads them, deterministic", () => {
    const out = writeWebannoTsv(
      doc("Ein Satz. Noch einer.", [
        { start: 0, end: 8, label: "claim", attributes: { verdict: "true" } },
        { start: 4, end: 8, label: "other" },
      ]),
    );
    expect(out).toBe(
      [
        "#FORMAT=WebAnno TSV 3.3",
        "#T_SP=webanno.custom.Claim|value|verdict",
        "",
        "",
        "#Text=Ein Satz. ",
        "1-1\t0-3\tEin\tclaim[1]\ttrue[1]\t",
        "1-2\t4-8\tSatz\tclaim[1]|other[2]\ttrue[1]|*[2]\t",
        "1-3\t8-9\t.\t_\t_\t",
        "",
        "#Text=Noch einer.",
        "2-1\t10-14\tNoch\t_\t_\t",
        "2-2\t15-20\teiner\t_\t_\t",
        "2-3\t20-21\t.\t_\t_\t",
        "",
      ].join("\n"),
    );
  });

  it("round-trips: write → parse gives the model, write → parse → write is byte-identical", () => {
    const original = doc(text, [
      { start: 4, end: 6, label: "flag" },
      { start: 7, end: 16, label: "claim", attributes: { verdict: "false|maybe" } },
      { start: 23, end: 29, label: "claim" },
      { start: 38, end: 57, label: "claim" },
    ]);
    const written = writeWebannoTsv(original);
    const parsed = parseWebannoTsv(written, { key: "d" });
    expect(parsed.problems).toEqual([]);
    expect(parsed.documents[0]?.text).toBe(text);
    expect(shape(parsed)[0]?.spans).toEqual(
      original.spans.map((s) => ({
        start: s.start,
        end: s.end,
        text: sliceCodePoints(text, s.start, s.end),
        label: s.label,
        attributes: s.attributes,
      })),
    );
    expect(writeWebannoTsv(parsed.documents[0] as InterchangeDocument)).toBe(written);
  });
});

const PIECES = ["a", "b", " ", "\n", ". ", "ä", "e\u0301", "😊", "🇩🇪", "𝔘", "ß", ",", "\\", "|", "_"];

describe("WebAnno TSV offsets (property)", () => {
  it("write → parse gives the same code-point spans (on token edges), each span's text equal to its slice", () => {
    const arbitrary = fc
      .array(fc.constantFrom(...PIECES), { minLength: 1, maxLength: 40 })
      .map((parts) => `x${parts.join("")}`)
      .chain((text) => {
        const n = codePointLength(text);
        const range = fc
          .tuple(fc.integer({ min: 0, max: n }), fc.integer({ min: 0, max: n }))
          .map(([a, b]) => ({ start: Math.min(a, b), end: Math.max(a, b) }))
          .filter(({ start, end }) => {
            const s = sliceCodePoints(text, start, end);
            return s.trim() === s && s !== "";
          });
        return fc.tuple(fc.constant(text), fc.array(range, { maxLength: 6 }));
      });
    fc.assert(
      fc.property(arbitrary, ([text, ranges]) => {
        const parsed = parseWebannoTsv(writeWebannoTsv(doc(text, ranges)));
        expect(parsed.problems).toEqual([]);
        expect(parsed.documents[0]?.text).toBe(text);
        const spans = parsed.documents[0]?.spans ?? [];
        const got = spans.map((s) => ({ start: s.start, end: s.end })).sort((x, y) => x.start - y.start || x.end - y.end);
        const want = [...ranges].sort((x, y) => x.start - y.start || x.end - y.end);
        expect(got).toEqual(want);
        for (const s of spans) expect(s.text).toBe(sliceCodePoints(text, s.start, s.end));
      }),
    );
  });
});
