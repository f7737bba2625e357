import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type IdentifiedClaim, parseSentenceView, splitByAgreement } from "./adjudication-agreed";
import { findDisagreements } from "./agreement-disagreements";

let serial = 0;
const claim = (annotatorId: string, start: number, end: number, claimType: string | null, sentenceIndexes: number[]): IdentifiedClaim => ({
  id: `c${++serial}`,
  annotatorId,
  start,
  end,
  claimType,
  sentenceIndexes,
});

/** Sentences of ten code points each: sentence s is [10 s, 10 s + 10). */
const sentenceClaim = (annotatorId: string, s: number, claimType: string | null = "event") => claim(annotatorId, s * 10, s * 10 + 10, claimType, [s]);

describe("parseSentenceView", () => {
  it("takes the two views and falls back to all for anything else", () => {
    expect(parseSentenceView("disputed")).toBe("disputed");
    expect(parseSentenceView("all")).toBe("all");
    for (const value of [undefined, "", "Disputed", "agreed", ["disputed"], 1]) expect(parseSentenceView(value)).toBe("all");
  });
});

describe("splitByAgreement", () => {
  it("splits the annotatable sentences as the drill-down does and lists each agreed reading once", () => {
    const claims = [
      sentenceClaim("A", 0), // s0: same claim → a reading
      sentenceClaim("B", 0),
      sentenceClaim("A", 1), // s1: only A → disputed
      sentenceClaim("A", 2, "quote"), // s2: type differs → disputed
      sentenceClaim("B", 2, "event"),
      // s3: nobody → agreed, nothing to accept
      claim("A", 40, 60, "statistic", [4, 5]), // s4–s5: one claim over two sentences, alike → one reading
      claim("B", 40, 60, "statistic", [4, 5]),
      sentenceClaim("A", 6), // s6: excluded → neither
      sentenceClaim("B", 7),
    ];
    const input = { annotators: ["A", "B"], sentenceCount: 8, claims, excludedSentences: [6] };
    const split = splitByAgreement(input);
    expect(split.isComparable).toBe(true);
    expect(split.disputed).toEqual(findDisagreements(input).map((d) => d.sentenceIndex));
    expect(split.disputed).toEqual([1, 2, 7]);
    expect(split.agreed).toEqual([0, 3, 4, 5]);
    expect(split.readings.map((r) => [r.claims.map((c) => c.annotatorId), r.claims[0]!.start, r.sentenceIndexes])).toEqual([
      [["A", "B"], 0, [0]],
      [["A", "B"], 40, [4, 5]],
    ]);
  });

  it("accepts no reading that reaches into a disputed sentence, nor one whose claims differ in type beyond the first", () => {
    const claims = [
      claim("A", 0, 20, "event", [0, 1]), // over s0 and s1 …
      claim("B", 0, 20, "event", [0, 1]),
      sentenceClaim("B", 1, "quote"), // … and s1 has B's second claim: disputed
      sentenceClaim("A", 2, "event"), // s2: two claims each, same extents, first type alike, second not
      sentenceClaim("B", 2, "event"),
      claim("A", 25, 30, "quote", [2]),
      claim("B", 25, 30, "event", [2]),
    ];
    const split = splitByAgreement({ annotators: ["A", "B"], sentenceCount: 3, claims });
    expect(split.disputed).toEqual([1]);
    expect(split.agreed).toEqual([0, 2]);
    expect(split.readings.map((r) => [r.claims[0]!.start, r.claims[0]!.end])).toEqual([[20, 30]]);
  });

  it("compares nobody with fewer than two annotators", () => {
    const split = splitByAgreement({ annotators: ["A", "A"], sentenceCount: 2, claims: [sentenceClaim("A", 0)] });
    expect(split).toEqual({ isComparable: false, disputed: [], agreed: [], readings: [] });
  });
});

describe("splitByAgreement — properties", () => {
  const types = fc.constantFrom<string | null>("event", "quote", null);
  /** Per sentence, the readings all annotators make alike: [start offset, length, type]. */
  const readingsArb = fc.array(fc.array(fc.tuple(fc.integer({ min: 0, max: 8 }), fc.integer({ min: 1, max: 2 }), types), { maxLength: 3 }), {
    minLength: 1,
    maxLength: 5,
  });

  /** Every annotator makes the same claims on every sentence. */
  function alike(annotators: string[], perSentence: Array<Array<[number, number, string | null]>>): IdentifiedClaim[] {
    return annotators.flatMap((a) =>
      perSentence.flatMap((readings, s) => readings.map(([offset, length, type]) => claim(a, s * 10 + offset, s * 10 + offset + length, type, [s]))),
    );
  }

  it("a sentence all annotators read alike is never disputed, and each of its readings is accepted with one claim of each", () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 4 }), readingsArb, (count, perSentence) => {
        const annotators = Array.from({ length: count }, (_, i) => `A${i}`);
        const split = splitByAgreement({ annotators, sentenceCount: perSentence.length, claims: alike(annotators, perSentence) });
        expect(split.disputed).toEqual([]);
        expect(split.agreed).toEqual(perSentence.map((_, s) => s));
        expect(split.readings).toHaveLength(perSentence.flat().length);
        for (const reading of split.readings) {
          expect(reading.claims.map((c) => c.annotatorId)).toEqual(annotators);
          const [first] = reading.claims;
          expect(reading.claims.every((c) => c.start === first!.start && c.end === first!.end && c.claimType === first!.claimType)).toBe(true);
        }
      }),
      { numRuns: 200 },
    );
  });

  it("one differing reading — a claim more, a claim less, another type or another span — makes its sentence disputed, with nothing on it accepted", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 4 }),
        readingsArb,
        fc.nat(),
        fc.constantFrom("extra", "missing", "type", "span"),
        (count, perSentence, pick, change) => {
          const annotators = Array.from({ length: count }, (_, i) => `A${i}`);
          const sentence = pick % perSentence.length;
          const claims = alike(annotators, perSentence);
          const odd = annotators[pick % count]!;
          // The odd annotator's first claim on the sentence, as the rule orders them (start, end, then input order).
          const first = claims
            .filter((c) => c.annotatorId === odd && c.sentenceIndexes.includes(sentence))
            .sort((a, b) => a.start - b.start || a.end - b.end)[0];
          let changed: IdentifiedClaim[];
          // Nothing to take away, relabel or move on an empty sentence.
          if (change !== "extra" && !first) return;
          if (change === "extra") changed = [...claims, claim(odd, sentence * 10, sentence * 10 + 10, "event", [sentence])];
          else if (change === "missing") changed = claims.filter((c) => c !== first);
          else if (change === "type") changed = claims.map((c) => (c === first ? { ...c, claimType: "other" } : c));
          else changed = claims.map((c) => (c === first ? { ...c, end: c.end + 1 } : c));
          const split = splitByAgreement({ annotators, sentenceCount: perSentence.length, claims: changed });
          expect(split.disputed).toEqual([sentence]);
          expect(split.agreed).not.toContain(sentence);
          for (const reading of split.readings) expect(reading.sentenceIndexes).not.toContain(sentence);
        },
      ),
      { numRuns: 300 },
    );
  });
});
