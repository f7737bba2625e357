import { describe, expect, it } from "vitest";
import type { AgreementClaim } from "./agreement";
import { countByKind, findDisagreements } from "./agreement-disagreements";

const claim = (annotatorId: string, start: number, end: number, claimType: string | null, sentenceIndexes: number[]): AgreementClaim => ({
  annotatorId,
  start,
  end,
  claimType,
  sentenceIndexes,
});

describe("findDisagreements", () => {
  // Six sentences of ten code points each.
  const claims = [
    claim("A", 0, 10, "statistic", [0]), // s0: both, same type and extent → agreement
    claim("B", 0, 10, "statistic", [0]),
    claim("A", 10, 20, "event", [1]), // s1: only A → claim
    claim("A", 20, 30, "quote", [2]), // s2: types differ → type
    claim("B", 20, 30, "event", [2]),
    claim("A", 30, 40, "event", [3]), // s3: same type, extents differ → span
    claim("B", 32, 40, "event", [3]),
    claim("B", 40, 50, null, [4]), // s4: a claim without type against one with a type → type
    claim("A", 40, 50, "event", [4]),
    claim("Z", 50, 60, "event", [5]), // s5: by someone not counted → agreement on nothing
  ];

  it("lists each disagreeing sentence once, with the most basic kind, in sentence order", () => {
    const found = findDisagreements({ annotators: ["A", "B"], sentenceCount: 6, claims });
    expect(found.map((d) => [d.sentenceIndex, d.kind])).toEqual([
      [1, "claim"],
      [2, "type"],
      [3, "span"],
      [4, "type"],
    ]);
    expect(countByKind(found)).toEqual({ claim: 1, type: 2, span: 1 });
  });

  it("gives each annotator's value: their covering claims and the type of the first", () => {
    const [s1, , , s4] = findDisagreements({ annotators: ["A", "B"], sentenceCount: 6, claims });
    expect(s1?.values.map((v) => [v.annotatorId, v.claims.length, v.claimType])).toEqual([
      ["A", 1, "event"],
      ["B", 0, null],
    ]);
    expect(s4?.values.map((v) => v.claimType)).toEqual(["event", null]);
  });

  it("takes the first covering claim by start for the type, and compares extents as a multiset", () => {
    const found = findDisagreements({
      annotators: ["A", "B"],
      sentenceCount: 1,
      claims: [claim("A", 5, 9, "event", [0]), claim("A", 0, 10, "quote", [0]), claim("B", 0, 10, "quote", [0]), claim("B", 5, 9, "quote", [0])],
    });
    // First by start: quote for both; extents {0:10, 5:9} for both → agreement on type and span.
    expect(found).toEqual([]);
  });

  it("leaves out excluded sentences, out-of-range indexes, and articles with fewer than two annotators", () => {
    expect(findDisagreements({ annotators: ["A", "B"], sentenceCount: 6, claims, excludedSentences: [1, 2, 3] }).map((d) => d.sentenceIndex)).toEqual(
      [4],
    );
    expect(findDisagreements({ annotators: ["A", "B"], sentenceCount: 1, claims: [claim("A", 0, 5, null, [3, -1])] })).toEqual([]);
    expect(findDisagreements({ annotators: ["A", "A"], sentenceCount: 6, claims })).toEqual([]);
  });

  it("with three annotators, one without the claim makes it a claim disagreement", () => {
    const found = findDisagreements({
      annotators: ["A", "B", "C"],
      sentenceCount: 1,
      claims: [claim("A", 0, 10, "x", [0]), claim("B", 0, 10, "x", [0])],
    });
    expect(found.map((d) => d.kind)).toEqual(["claim"]);
    expect(found[0]?.values.map((v) => v.annotatorId)).toEqual(["A", "B", "C"]);
  });
});
