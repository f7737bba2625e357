import { readFileSync } from "node:fs";
import path from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { normalizeArticleText } from "@/lib/article-text";
import { sliceCodePoints } from "@/lib/offsets";
import { canonicalDocuments, crlfTextWithSpans, randomDocument, withoutLocations } from "./codec-test-support";
import { parseLabelStudio, writeLabelStudio } from "./label-studio";
import { InterchangeWriteError } from "./text-frame";

const golden = (name: string) => readFileSync(path.join(import.meta.dirname, "../../tests/interchange/label-studio", name), "utf8");

function task(text: string, results: unknown[], extra: Record<string, unknown> = {}) {
  return JSON.stringify([{ id: 1, data: { text }, annotations: [{ id: 1, result: results }], ...extra }]);
}
const region = (start: unknown, end: unknown, text?: string, id = "r") => ({
  id,
  from_name: "label",
  to_name: "text",
  type: "labels",
  value: { start, end, labels: ["Claim"], ...(text === undefined ? {} : { text }) },
});

describe("Label Studio golden files (HumanSignal/label-studio examples)", () => {
  it("reads the named-entity example annotation: one Date span verified against the task text", () => {
    const parsed = parseLabelStudio(golden("named-entity.annotation.json"));
    expect(parsed.problems).toEqual([]);
    expect(parsed.offsetUnit).toBe("code_points");
    expect(parsed.documents).toHaveLength(1);
    const [doc] = parsed.documents;
    expect(doc?.key).toBe("1");
    expect(doc?.spans).toEqual([
      { start: 343, end: 354, text: "February 22", label: "Date", attributes: {}, notes: [], at: { line: 1, item: "annotations[0].result[0]" } },
    ]);
  });

  it("skips and counts the example's predictions unless asked, then marks them machine-made", () => {
    const skipped = parseLabelStudio(golden("named-entity.tasks.json"));
    expect(skipped.problems).toEqual([]);
    expect(skipped.skipped).toEqual({ predictions: 1 });
    expect(skipped.documents[0]?.spans).toEqual([]);
    const included = parseLabelStudio(golden("named-entity.tasks.json"), { includePredictions: true });
    expect(included.skipped).toEqual({});
    expect(included.documents[0]?.spans.map((s) => [s.start, s.end, s.label, s.text, s.isMachineMade])).toEqual([
      [343, 354, "Date", "February 22", true],
    ]);
  });

  it("reads the UTF-16 offsets of HumanSignal/label-studio#1347 as UTF-16 and places them on code points", () => {
    const parsed = parseLabelStudio(golden("issue-1347-utf16.json"));
    expect(parsed.problems).toEqual([]);
    expect(parsed.offsetUnit).toBe("utf16");
    const span = parsed.documents[0]?.spans[0];
    expect([span?.start, span?.end, span?.text]).toEqual([12, 22, "annotation"]);
    expect(sliceCodePoints(parsed.documents[0]?.text ?? "", 12, 22)).toBe("annotation");
  });

  it("attaches per-region choices, textarea and rating to their region and counts what it does not import", () => {
    const parsed = parseLabelStudio(golden("per-region.json"));
    expect(parsed.problems).toEqual([]);
    expect(parsed.skipped).toEqual({ cancelled: 1, relations: 1, unattached_results: 1, predictions: 1 });
    const [doc] = parsed.documents;
    expect(doc?.sourceUrl).toBe("https://example.org/arbeitsmarkt");
    expect(doc?.spans.map((s) => [s.label, s.text, s.attributes])).toEqual([
      ["Statistic", "stieg 2023 auf 5,7 %", { verdict: "False", comment: "Quelle fehlt\nsiehe Amt", confidence: 4 }],
      // Two labels on one region: one span each.
      ["Source", "𝔘mfragen", {}],
      ["Organisation", "𝔘mfragen", {}],
    ]);
    for (const span of doc?.spans ?? []) expect(sliceCodePoints(doc?.text ?? "", span.start, span.end)).toBe(span.text);
  });

  it("reports every region whose place depends on the unit when the file's regions point both ways, and keeps the rest", () => {
    const parsed = parseLabelStudio(golden("mixed-units.json"));
    expect(parsed.problems.map((p) => [p.line, p.item, p.field])).toEqual([
      [1, "annotations[0].result[0]", "value.start"],
      [2, "annotations[0].result[0]", "value.start"],
    ]);
    expect(parsed.problems[0]?.message).toMatch(/disagree on the offset unit/);
    expect(parsed.documents.map((d) => d.spans.map((s) => s.text))).toEqual([[], ["Und"]]);
  });
});

describe("Label Studio problems", () => {
  it("names the field for offsets that are not whole numbers, out of range, or reversed", () => {
    const parsed = parseLabelStudio(
      task("Hallo Welt", [
        region(1.5, 3, undefined, "a"),
        region(0, 99, undefined, "b"),
        region(5, 2, undefined, "c"),
        region("0", 2, undefined, "d"),
      ]),
    );
    expect(parsed.problems.map((p) => [p.item, p.field])).toEqual([
      ["annotations[0].result[0]", "value.start"],
      ["annotations[0].result[1]", "value.end"],
      ["annotations[0].result[2]", "value.end"],
      ["annotations[0].result[3]", "value.start"],
    ]);
    expect(parsed.documents[0]?.spans).toEqual([]);
  });

  it("reports a region whose text is not what its offsets cover, naming value.text", () => {
    const parsed = parseLabelStudio(task("Die Zahl stimmt nicht.", [region(4, 8, "Zahl"), region(9, 15, "falsch", "s")]));
    expect(parsed.problems).toHaveLength(1);
    expect(parsed.problems[0]).toMatchObject({ line: 1, item: "annotations[0].result[1]", field: "value.text" });
    expect(parsed.documents[0]?.spans.map((s) => s.text)).toEqual(["Zahl"]);
  });

  it("never throws on input that is not a task list, and says so", () => {
    expect(parseLabelStudio("{not json").problems[0]?.message).toMatch(/not valid JSON/);
    expect(parseLabelStudio("[1, null]").problems.map((p) => p.line)).toEqual([1, 2]);
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        expect(() => parseLabelStudio(JSON.stringify(value))).not.toThrow();
      }),
    );
  });

  it("finds the text in textKey, in to_name's field, or asks", () => {
    const data = { article: "Ein Satz.", other: 3 };
    const results = [{ ...region(0, 3, "Ein"), to_name: "article" }];
    const input = JSON.stringify([{ id: 5, data, annotations: [{ result: results }] }]);
    expect(parseLabelStudio(input).documents[0]?.text).toBe("Ein Satz.");
    expect(parseLabelStudio(input, { textKey: "other" }).problems[0]?.field).toBe("data.other");
    const two = JSON.stringify([{ id: 5, data: { a: "x", b: "y" }, annotations: [{ result: [region(0, 1)] }] }]);
    expect(parseLabelStudio(two).problems[0]?.message).toMatch(/cannot tell which data field/);
  });

  it("ignores unknown fields", () => {
    const input = JSON.stringify([
      { id: 1, data: { text: "abc", extra: [1] }, meta: {}, annotations: [{ result: [region(0, 3, "abc")], lead_time: 3 }] },
    ]);
    expect(parseLabelStudio(input).problems).toEqual([]);
  });
});

describe("Label Studio line endings: CRLF-counted offsets are converted to the stored \\n text", () => {
  it("moves a span after a CRLF left by one and verifies its text in the file's own counting", () => {
    const parsed = parseLabelStudio(task("Zeile eins\r\nZeile 😀 zwei", [region(20, 24, "zwei")]));
    expect(parsed.problems).toEqual([]);
    const doc = parsed.documents[0];
    expect(doc?.text).toBe("Zeile eins\nZeile 😀 zwei");
    expect([doc?.spans[0]?.start, doc?.spans[0]?.end, doc?.spans[0]?.text]).toEqual([19, 23, "zwei"]);
  });

  it("refuses a span that starts between the CR and the LF", () => {
    const parsed = parseLabelStudio(task("eins\r\nzwei", [region(5, 10, "\nzwei")]));
    expect(parsed.problems[0]).toMatchObject({ field: "value.start" });
    expect(parsed.problems[0]?.message).toMatch(/between the CR and the LF/);
  });
});

describe("Label Studio writing", () => {
  it("round-trips canonical documents: parse(write) is the model, write(parse(write)) the same bytes", () => {
    const docs = canonicalDocuments();
    const first = docs[0]?.spans[0];
    if (first) first.attributes = { verdict: "False", confidence: 3 };
    const written = writeLabelStudio(docs);
    const parsed = parseLabelStudio(written);
    expect(parsed.problems).toEqual([]);
    expect(withoutLocations(parsed)).toEqual(withoutLocations({ documents: docs }));
    expect(writeLabelStudio(parsed.documents)).toBe(written);
  });

  it("round-trips the golden files through the model: parse → write → parse is the same model", () => {
    for (const name of ["named-entity.annotation.json", "issue-1347-utf16.json", "per-region.json"]) {
      const first = parseLabelStudio(golden(name));
      const written = writeLabelStudio(first.documents);
      const second = parseLabelStudio(written);
      expect(second.offsetUnit).toBe("code_points");
      expect(withoutLocations(second)).toEqual(withoutLocations(first));
      expect(writeLabelStudio(second.documents)).toBe(written);
    }
  });

  it("writes machine-made spans as predictions, read back only when asked", () => {
    const [doc] = canonicalDocuments();
    if (!doc) throw new Error("fixture");
    doc.spans = doc.spans.map((s, i) => (i === 0 ? { ...s, isMachineMade: true } : s));
    const written = writeLabelStudio([doc]);
    expect(parseLabelStudio(written).skipped).toEqual({ predictions: 1 });
    expect(parseLabelStudio(written, { includePredictions: true }).documents[0]?.spans.filter((s) => s.isMachineMade)).toHaveLength(1);
  });

  it("refuses documents without text and discontinuous spans, naming each", () => {
    const [doc] = canonicalDocuments();
    if (!doc) throw new Error("fixture");
    const broken = {
      ...doc,
      spans: [
        {
          ...doc.spans[0]!,
          fragments: [
            { start: 0, end: 1 },
            { start: 2, end: 3 },
          ],
        },
      ],
    };
    const error = (() => {
      try {
        writeLabelStudio([broken, { ...doc, key: "x", text: null }]);
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(InterchangeWriteError);
    expect((error as InterchangeWriteError).problems.map((p) => p.field)).toEqual(["fragments", "text"]);
  });

  it("property: random spans on astral and combining text survive write → parse exactly, each text its slice", () => {
    fc.assert(
      fc.property(randomDocument(), (doc) => {
        const parsed = parseLabelStudio(writeLabelStudio([doc]));
        expect(parsed.problems).toEqual([]);
        const spans = parsed.documents[0]?.spans ?? [];
        expect(spans.map((s) => [s.start, s.end, s.label])).toEqual(doc.spans.map((s) => [s.start, s.end, s.label]));
        for (const s of spans) expect(s.text).toBe(sliceCodePoints(doc.text ?? "", s.start, s.end));
      }),
    );
  });

  it("property: the same spans written in UTF-16 code units (as #1347's versions did) land on the same code points", () => {
    fc.assert(
      fc.property(randomDocument(), (doc) => {
        // A final "😀Q" region only UTF-16 can hold tells the file's unit, as any region after an emoji does in a real file.
        const text = `${doc.text ?? ""}😀Q`;
        const u16 = (cp: number) => [...text].slice(0, cp).join("").length;
        const spans = [...doc.spans, { start: [...text].length - 1, end: [...text].length }];
        const results = spans.map((s, i) => region(u16(s.start), u16(s.end), sliceCodePoints(text, s.start, s.end), `r${i}`));
        const parsed = parseLabelStudio(task(text, results));
        expect(parsed.problems).toEqual([]);
        expect(parsed.offsetUnit).toBe("utf16");
        expect(parsed.documents[0]?.spans.map((s) => [s.start, s.end])).toEqual(spans.map((s) => [s.start, s.end]));
      }),
    );
  });

  it("property: a CRLF-origin file's regions land on the same words of the stored \\n text, and its rewrite is stable", () => {
    fc.assert(
      fc.property(crlfTextWithSpans, ([text, spans]) => {
        const results = spans.map((s, i) => region(s.start, s.end, sliceCodePoints(text, s.start, s.end), `r${i}`));
        const parsed = parseLabelStudio(task(text, results));
        expect(parsed.problems).toEqual([]);
        const doc = parsed.documents[0];
        expect(doc?.text).toBe(normalizeArticleText(text));
        expect(doc?.spans.map((s) => s.text)).toEqual(spans.map((s) => normalizeArticleText(sliceCodePoints(text, s.start, s.end))));
        const written = writeLabelStudio(parsed.documents);
        expect(withoutLocations(parseLabelStudio(written))).toEqual(withoutLocations(parsed));
        expect(writeLabelStudio(parseLabelStudio(written).documents)).toBe(written);
      }),
    );
  });
});
