import { readFileSync } from "node:fs";
import path from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { codePointLength } from "@/lib/offsets";
import { parseCheckThat, parseCheckThatHeader, parseCheckThatRow, writeCheckThat } from "./checkthat";
import { trickyText, withoutLocations } from "./codec-test-support";
import type { InterchangeDocument } from "./model";
import { InterchangeWriteError } from "./text-frame";

const golden = (name: string) => readFileSync(path.join(import.meta.dirname, "../../tests/interchange/checkthat", name), "utf8");
const rows = (parsed: ReturnType<typeof parseCheckThat>) => parsed.documents.map((d) => [d.key, d.text, d.spans.map((s) => s.label)]);

function labelled(key: string, text: string, label: string, extra: Partial<InterchangeDocument> = {}): InterchangeDocument {
  return {
    key,
    text,
    spans: [{ start: 0, end: codePointLength(text), text, label, attributes: {}, notes: [], at: { line: 1 } }],
    at: { line: 1 },
    ...extra,
  };
}

describe("CheckThat! golden files (our own, after the lab's published format)", () => {
  it("reads the sentence variant; a No row is a document too, a leading quote is text", () => {
    const parsed = parseCheckThat(golden("ct24-sentences.tsv"));
    expect(parsed.problems).toEqual([]);
    expect(rows(parsed)).toEqual([
      ["30001", "The unemployment rate fell to 3.5 percent last year.", ["Yes"]],
      ["30002", '"Thank you all for being here tonight."', ["No"]],
      ["30003", "Wir haben 12 Mio. € für 🇩🇪 Schulen ausgegeben – Cafe\u0301s inklusive.", ["Yes"]],
    ]);
    const span = parsed.documents[2]?.spans[0];
    expect([span?.start, span?.end]).toEqual([0, codePointLength(parsed.documents[2]?.text ?? "")]);
    expect(span?.at).toEqual({ line: 4, item: "class_label" });
  });

  it("reads CT22's tweet variant with topic and URL, labels passed on as they are", () => {
    const parsed = parseCheckThat(golden("ct22-tweets.tsv"));
    expect(parsed.problems).toEqual([]);
    expect(parsed.documents.map((d) => [d.key, d.sourceUrl, d.spans[0]?.label, d.spans[0]?.attributes])).toEqual([
      ["1359350943356170001", "http://twitter.com/user/status/1359350943356170001", "0", { topic: "COVID-19" }],
      ["1359350943356170002", "http://twitter.com/user/status/1359350943356170002", "1", { topic: "COVID-19" }],
    ]);
  });

  it("reads the four-column tweet variant saved with CRLF line endings: the CR is the line's, not the label's", () => {
    const parsed = parseCheckThat(golden("ct23-tweets-crlf.tsv"));
    expect(parsed.problems).toEqual([]);
    expect(rows(parsed)).toEqual([
      ["1235648554338790001", "Die Impfquote liegt bei 80 % 🇩🇪", ["Yes"]],
      ["1235648554338790002", "Guten Morgen!", ["No"]],
    ]);
  });

  it("round-trips each golden file through the model, and byte for byte where it is already canonical", () => {
    const sentences = golden("ct24-sentences.tsv");
    expect(writeCheckThat(parseCheckThat(sentences).documents)).toBe(sentences);
    const tweets = golden("ct22-tweets.tsv");
    expect(writeCheckThat(parseCheckThat(tweets).documents, { variant: "tweet" })).toBe(tweets);
    const crlf = parseCheckThat(golden("ct23-tweets-crlf.tsv"));
    const again = parseCheckThat(writeCheckThat(crlf.documents, { variant: "tweet" }));
    expect(withoutLocations(again).map((d) => ({ ...(d as object), spans: [] }))).toEqual(
      withoutLocations(crlf).map((d) => ({ ...(d as object), spans: [] })),
    );
    expect(again.documents.map((d) => d.spans[0]?.label)).toEqual(["Yes", "No"]);
  });
});

describe("CheckThat! problems", () => {
  it("refuses a file whose header names neither variant", () => {
    expect(parseCheckThat("id\tsentence\tlabel\n1\tx\tYes\n").problems).toEqual([{ line: 1, message: expect.stringMatching(/first row must name/) }]);
    expect(parseCheckThat("").problems[0]?.message).toBe("the file is empty");
    expect("message" in parseCheckThatHeader("SENTENCE_ID\tTEXT\tCLASS_LABEL")).toBe(false);
  });

  it("names the cell at fault: wrong number of cells, empty id, text or label, a repeated id", () => {
    const input =
      "Sentence_id\tText\tclass_label\n1\tEin Satz.\tYes\n2\tZwei\tCells\tToo many\n\tOhne Id\tNo\n3\t\tNo\n4\tOhne Label\t\n1\tNochmal eins.\tNo\n";
    const parsed = parseCheckThat(input);
    expect(parsed.problems.map((p) => [p.line, p.field])).toEqual([
      [3, undefined],
      [4, "Sentence_id"],
      [5, "Text"],
      [6, "class_label"],
      [7, "Sentence_id"],
    ]);
    expect(rows(parsed)).toEqual([["1", "Ein Satz.", ["Yes"]]]);
  });

  it("reads unlabelled test inputs as documents without spans", () => {
    const parsed = parseCheckThat("Sentence_id\tText\n7\tNur Text.\n");
    expect(parsed.problems).toEqual([]);
    expect(rows(parsed)).toEqual([["7", "Nur Text.", []]]);
  });

  it("offers the header and row readers for streaming", () => {
    const columns = parseCheckThatHeader("tweet_id\ttweet_url\ttweet_text\tclass_label");
    if ("message" in columns) throw new Error("header");
    expect(parseCheckThatRow("9\thttps://x.example/9\tHallo 😀\tNo", 2, columns).document?.spans[0]).toMatchObject({ start: 0, end: 7, label: "No" });
  });

  it("never throws on arbitrary text", () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), (a, b) => {
        expect(() => parseCheckThat(`Sentence_id\tText\tclass_label\n${a}\n${b}`)).not.toThrow();
      }),
    );
  });
});

describe("CheckThat! writing", () => {
  it("refuses a tab or line break in a cell, and a document whose one label does not cover its whole text", () => {
    const attempt = (docs: InterchangeDocument[]) => {
      try {
        writeCheckThat(docs);
        return [];
      } catch (error) {
        if (!(error instanceof InterchangeWriteError)) throw error;
        return error.problems.map((p) => [p.line, p.field]);
      }
    };
    expect(attempt([labelled("1", "zwei\nZeilen", "Yes"), labelled("2", "ein\tTab", "No"), labelled("3", "ok", "Ye\ts")])).toEqual([
      [1, "Text"],
      [2, "Text"],
      [3, "class_label"],
    ]);
    const partial = labelled("4", "Ganzer Satz", "Yes");
    partial.spans[0]!.end = 3;
    expect(attempt([partial, { ...labelled("5", "x", "No"), spans: [] }])).toEqual([
      [1, "class_label"],
      [2, "class_label"],
    ]);
  });

  it("property: any tab-free one-line text with astral characters survives write → parse as one whole-text span", () => {
    fc.assert(
      fc.property(
        trickyText.map((t) => t.replace(/[\t\n]/g, " ")),
        fc.constantFrom("Yes", "No"),
        (text, label) => {
          const parsed = parseCheckThat(writeCheckThat([labelled("42", text, label)]));
          expect(parsed.problems).toEqual([]);
          expect(parsed.documents[0]?.text).toBe(text);
          expect(parsed.documents[0]?.spans.map((s) => [s.start, s.end, s.text, s.label])).toEqual([[0, codePointLength(text), text, label]]);
        },
      ),
    );
  });
});
