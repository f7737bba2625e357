import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { coveredSentences, type SentenceDecisions, sentenceCoverage } from "./sentence-decisions";

const SENTENCES = [
  { index: 0, start: 0, end: 10 },
  { index: 1, start: 11, end: 20 },
  { index: 2, start: 21, end: 30 },
  { index: 3, start: 31, end: 40 },
];
const NONE: SentenceDecisions = { decisions: [], exclusions: [] };
const mark = (sentenceIndex: number) => ({ sentenceIndex, authorId: "u", authorName: "U" });
const exclusion = (sentenceIndex: number) => ({ sentenceIndex, reason: null, excludedByName: null });

describe("coveredSentences", () => {
  it("is every sentence the target overlaps, not those it only touches at an edge", () => {
    expect(coveredSentences({ start: 5, end: 15 }, SENTENCES)).toEqual([0, 1]);
    expect(coveredSentences({ start: 10, end: 11 }, SENTENCES)).toEqual([]);
    expect(coveredSentences({ start: 20, end: 22 }, SENTENCES)).toEqual([2]);
  });

  it("finds what a test of every sentence would, for any sentences in text order and any target", () => {
    const sentencesOf = (gaps: Array<[number, number]>) => {
      let at = 0;
      return gaps.map(([gap, length], index) => {
        const start = at + gap;
        at = start + length;
        return { index, start, end: at };
      });
    };
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.nat(3), fc.integer({ min: 1, max: 6 })), { maxLength: 30 }),
        fc.nat(120),
        fc.nat(40),
        (gaps, start, length) => {
          const sentences = sentencesOf(gaps);
          const target = { start, end: start + length };
          const everyOne = sentences.filter((s) => s.start < target.end && s.end > target.start).map((s) => s.index);
          expect(coveredSentences(target, sentences)).toEqual(everyOne);
        },
      ),
    );
  });
});

describe("sentenceCoverage", () => {
  it("counts a sentence once, whether a claim, a decision or both cover it", () => {
    const coverage = sentenceCoverage(
      SENTENCES,
      [
        { start: 0, end: 5 },
        { start: 2, end: 8 },
      ],
      { decisions: [mark(0), mark(1), mark(1)], exclusions: [] },
    );
    expect(coverage).toEqual({ annotatable: 4, decided: 2 });
  });

  it("leaves excluded sentences out of both counts, even when a claim or decision covers them", () => {
    const coverage = sentenceCoverage(SENTENCES, [{ start: 0, end: 25 }], { decisions: [mark(3)], exclusions: [exclusion(1), exclusion(3)] });
    expect(coverage).toEqual({ annotatable: 2, decided: 2 });
  });

  it("ignores decisions and exclusions naming no sentence of the article", () => {
    expect(sentenceCoverage(SENTENCES, [], { decisions: [mark(9)], exclusions: [exclusion(7)] })).toEqual({ annotatable: 4, decided: 0 });
  });

  it("is nothing of nothing for an article without sentences", () => {
    expect(sentenceCoverage([], [{ start: 0, end: 3 }], NONE)).toEqual({ annotatable: 0, decided: 0 });
  });
});
