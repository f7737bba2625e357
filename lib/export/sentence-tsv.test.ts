import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { sliceCodePoints } from "@/lib/offsets";
import { expectGolden } from "./fixtures/golden";
import { articles, claims, sentencesByArticle } from "./fixtures/sample-data";
import type { ExportClaim } from "./records";
import { escapeTsvField, footer, formatSentenceRows, header, TSV_COLUMNS, unescapeTsvField } from "./sentence-tsv";

/** The fixture's decisions: someone read the first article's last sentence and found no claim in it. */
const decided = (articleId: string) => ({ noClaim: articleId === articles[0]!.id ? [3] : [] });

function render(): string {
  return header() + articles.map((a) => formatSentenceRows(a, sentencesByArticle[a.id] ?? [], claims, decided(a.id))).join("") + footer();
}

/** Splits rows (without the header line) into unescaped fields. */
function rows(tsv: string): string[][] {
  return tsv
    .split("\n")
    .slice(0, -1)
    .map((line) => line.split("\t").map(unescapeTsvField));
}

describe("sentence tsv export", () => {
  it("matches the golden file", () => {
    expectGolden("golden.tsv", render());
  });

  it("keeps dataset text exact: formula-like and markup text is not neutralised (spreadsheets get the CSV)", () => {
    for (const text of ["=SUM(A1:A9)", "+49 30 1234", "-42 Prozent", "@kremlin", "</script>&amp;"]) {
      expect(escapeTsvField(text)).toBe(text);
    }
  });

  it("has one field per column on every line, one line per sentence", () => {
    const out = render();
    expect(out.split("\n")[0]).toBe(TSV_COLUMNS.join("\t"));
    const lines = out.split("\n").slice(1, -1);
    expect(lines).toHaveLength(Object.values(sentencesByArticle).flat().length);
    for (const line of lines) expect(line.split("\t")).toHaveLength(TSV_COLUMNS.length);
  });

  it("labels sentences and ignores deleted claims and other articles' claims", () => {
    const [a1] = articles;
    const table = rows(formatSentenceRows(a1!, sentencesByArticle[a1!.id]!, claims, decided(a1!.id))).map((r) => [r[1], r[3], r[4]]);
    expect(table).toEqual([
      ["0", "claim", "statistic"],
      // The covering claim has no claim type.
      ["1", "claim", ""],
      ["2", "claim", "quote"],
      // Only a deleted claim covers sentence 3, which someone decided holds no claim.
      ["3", "not_claim", ""],
    ]);
  });

  it("writes not_claim only where someone decided so; a claim outranks a decision; an undecided sentence stays unlabelled", () => {
    const [a1] = articles;
    const sentences = sentencesByArticle[a1!.id]!;
    const labels = (marks: Parameters<typeof formatSentenceRows>[3]) =>
      rows(formatSentenceRows(a1!, sentences, claims, marks)).map((r) => [r[1], r[3]]);
    expect(labels(undefined)).toEqual([
      ["0", "claim"],
      ["1", "claim"],
      ["2", "claim"],
      ["3", ""],
    ]);
    // A decision on a sentence a counted claim covers (another annotator's, say) does not hide the claim.
    expect(labels({ noClaim: [0, 3] })).toEqual([
      ["0", "claim"],
      ["1", "claim"],
      ["2", "claim"],
      ["3", "not_claim"],
    ]);
  });

  it("leaves sentences marked not annotatable out of the dataset, claims or decisions on them notwithstanding", () => {
    const [a1] = articles;
    const out = formatSentenceRows(a1!, sentencesByArticle[a1!.id]!, claims, { noClaim: [3], excluded: [0, 3] });
    expect(rows(out).map((r) => [r[1], r[3]])).toEqual([
      ["1", "claim"],
      ["2", "claim"],
    ]);
    for (const line of out.split("\n").slice(0, -1)) expect(line.split("\t")).toHaveLength(TSV_COLUMNS.length);
  });

  it("keeps sentence text exact (code point slices of the article) through the escaping", () => {
    for (const article of articles) {
      const sentences = sentencesByArticle[article.id]!;
      const parsed = rows(formatSentenceRows(article, sentences, claims, decided(article.id)));
      parsed.forEach((r, i) => {
        const s = sentences[i]!;
        expect(r[2]).toBe(sliceCodePoints(article.text, s.start, s.end));
      });
    }
    // The fixture's tab and backslash are escaped on the line.
    expect(render()).toContain("Kritiker\\twidersprechen \\\\ heftig.");
  });

  it("uses the first covering claim by position, and offset overlap when a claim has no sentence indexes", () => {
    const [a1] = articles;
    const sentences = sentencesByArticle[a1!.id]!;
    const base = claims[0]!;
    const late: ExportClaim = { ...base, id: "c1", claimType: "causal", target: { ...base.target, start: 40 } };
    const early: ExportClaim = { ...base, id: "c2", claimType: "event", target: { ...base.target, start: 20 } };
    const spanning: ExportClaim = {
      ...base,
      id: "c3",
      claimType: "prediction",
      sentenceIndexes: [],
      target: { ...base.target, start: sentences[1]!.end - 2, end: sentences[2]!.start + 3 },
    };
    const table = rows(formatSentenceRows(a1!, sentences, [late, early, spanning], { noClaim: [3] })).map((r) => [r[3], r[4]]);
    expect(table).toEqual([
      ["claim", "event"],
      ["claim", "prediction"],
      ["claim", "prediction"],
      ["not_claim", ""],
    ]);
  });

  it("escapes reversibly and never emits a raw tab or line break (property)", () => {
    const s = fc
      .array(fc.oneof(fc.constantFrom("\\", "\t", "\n", "\r", "\\t", "\\n", "🇩🇪", "e\u0301"), fc.string({ unit: "binary", maxLength: 3 })), {
        maxLength: 12,
      })
      .map((p) => p.join(""));
    fc.assert(
      fc.property(s, (value) => {
        const escaped = escapeTsvField(value);
        expect(escaped).not.toMatch(/[\t\n\r]/);
        expect(unescapeTsvField(escaped)).toBe(value);
      }),
    );
  });
});
