import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { krippendorffAlphaNominal } from "./agreement";
import {
  addArticleUnits,
  alphaFromUnitizingTotals,
  emptyUnitizingTotals,
  makeContinuum,
  sectionsWithGaps,
  type UnitizingSection,
  unitizingAlpha,
} from "./agreement-unitizing";

const section = (value: string | null, start: number, end: number): UnitizingSection => ({ value, start, end });
const GAP = null;

describe("unitizingAlpha — reference values", () => {
  it("matches the KrippendorffUnitizedAlpha reference implementation's own test data (three coders, one value)", () => {
    // Test data and expected value from github.com/zeljkobekcic/KrippendorffUnitizedAlpha (MIT licence, © 2022
    // TheRealZeljko): test/test_krippendorff_unitized_alpha.py asserts 0.56 ± 0.01, and its README prints the
    // full value 0.5671992508994135 for the same data. The sections are copied as given: they leave a few points
    // uncovered between sections, which then pair with nothing (the pairable total is the sum of coincidences).
    const K = "keyphrase";
    const coders = [
      [section(GAP, 0, 2), section(K, 3, 14), section(GAP, 15, 21), section(K, 22, 52), section(GAP, 53, 55)],
      [section(GAP, 0, 2), section(K, 3, 9), section(GAP, 10, 21), section(K, 22, 52), section(GAP, 53, 55)],
      [section(GAP, 0, 21), section(K, 22, 45), section(GAP, 46, 55)],
    ];
    expect(unitizingAlpha(coders)).toBeCloseTo(0.5671992508994135, 12);
  });

  it("two coders, one unit each: computed by hand from the 2016 coincidence definitions", () => {
    // Continuum of 10 points; A's unit [2,6), B's unit [3,6).
    // Observed (ordered pairs, m − 1 = 1): u11 = 2·3 = 6, u10 + u01 = 2, u00 = 2·(2 + 4) = 12; l.. = 20.
    // Margins l1 = 7, l0 = 13. Σ (units squared, gaps by length) = 16 + 9 + 13 = 38; denominator 400 − 38 = 362.
    // e11 = 20·(49 − 25)/362, e00 = 20·(169 − 13)/362 → De = 20 − 3600/362 = 3640/362; Do = 2.
    // uα = 1 − 2·362/3640.
    const a = sectionsWithGaps([section("c", 2, 6)], 10);
    const b = sectionsWithGaps([section("c", 3, 6)], 10);
    expect(unitizingAlpha([a, b])).toBeCloseTo(1 - 724 / 3640, 12);
  });

  it("reduces to nominal alpha when every unit is one point long (the coincidences are then those of alpha)", () => {
    // Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", §A: two observers, ten binary units, alpha = 0.095.
    // Read as a continuum of ten points where each "1" is a unit of length one, uα must give the same figure.
    const observers = ["0 1 0 0 0 0 0 0 1 0", "1 1 1 0 0 1 0 0 0 0"].map((row) => row.split(" "));
    const coders = observers.map((row) =>
      sectionsWithGaps(
        row.flatMap((v, i) => (v === "1" ? [section("1", i, i + 1)] : [])),
        row.length,
      ),
    );
    expect(unitizingAlpha(coders)).toBeCloseTo(0.095, 3);
  });

  it("perfect agreement is 1; no coder or no variation is undefined", () => {
    const a = sectionsWithGaps([section("c", 2, 6), section("c", 8, 9)], 12);
    expect(unitizingAlpha([a, a, a])).toBeCloseTo(1, 12);
    expect(unitizingAlpha([a])).toBeNull();
    expect(unitizingAlpha([[section(GAP, 0, 5)], [section(GAP, 0, 5)]])).toBeNull();
  });
});

describe("unitizingAlpha — properties", () => {
  it("equals nominal alpha over points whenever all units are one point long (several values, several coders)", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 5 }),
        fc.integer({ min: 3, max: 25 }),
        fc.array(fc.constantFrom<string | null>(null, "x", "y"), { minLength: 125, maxLength: 125 }),
        (coderCount, length, pool) => {
          const rows = Array.from({ length: coderCount }, (_, c) => Array.from({ length }, (_, p) => pool[(c * length + p) % pool.length] ?? null));
          const coders = rows.map((row) =>
            sectionsWithGaps(
              row.flatMap((v, p) => (v === null ? [] : [section(v, p, p + 1)])),
              length,
            ),
          );
          const points = Array.from({ length }, (_, p) => rows.map((row) => row[p] ?? "gap"));
          const expected = krippendorffAlphaNominal(points);
          const actual = unitizingAlpha(coders);
          if (expected === null) expect(actual).toBeNull();
          else expect(actual).toBeCloseTo(expected, 9);
        },
      ),
      { numRuns: 200 },
    );
  });

  it("the accumulated binary form equals the reference form, for one article and summed over articles", () => {
    const unitsArb = fc.array(
      fc.tuple(fc.integer({ min: 0, max: 40 }), fc.integer({ min: 1, max: 12 })).map(([start, length]) => ({ start, end: start + length })),
      { maxLength: 4 },
    );
    fc.assert(
      fc.property(fc.array(fc.array(unitsArb, { minLength: 2, maxLength: 4 }), { minLength: 1, maxLength: 3 }), (articles) => {
        const length = 60;
        const totals = emptyUnitizingTotals();
        const allCoders: UnitizingSection[][][] = [];
        for (const coders of articles) {
          const merged = coders.map((units) => mergeByHand(units));
          let overlapPairs = 0;
          for (let i = 0; i < merged.length; i++) {
            for (let j = i + 1; j < merged.length; j++) overlapPairs += shared(merged[i]!, merged[j]!);
          }
          const lengths = merged.flat().map((u) => u.end - u.start);
          addArticleUnits(totals, {
            coders: merged.length,
            length,
            unitLength: lengths.reduce((a, b) => a + b, 0),
            unitSquares: lengths.reduce((a, b) => a + b * b, 0),
            overlapPairs,
          });
          allCoders.push(
            merged.map((units) =>
              sectionsWithGaps(
                units.map((u) => section("claim", u.start, u.end)),
                length,
              ),
            ),
          );
        }
        const reference = articles.length === 1 ? unitizingAlpha(allCoders[0]!) : null;
        const fast = alphaFromUnitizingTotals(totals);
        if (articles.length === 1) {
          if (reference === null) expect(fast).toBeNull();
          else expect(fast).toBeCloseTo(reference, 9);
        }
        // Several articles with the same number of coders: the same as one continuum made of them end to end.
        if (articles.every((coders) => coders.length === articles[0]!.length)) {
          const joined = articles[0]!.map((_, c) =>
            sectionsWithGaps(
              articles.flatMap((coders, a) => mergeByHand(coders[c]!).map((u) => section("claim", u.start + a * length, u.end + a * length))),
              length * articles.length,
            ),
          );
          const whole = unitizingAlpha(joined);
          if (whole === null) expect(fast).toBeNull();
          else expect(fast).toBeCloseTo(whole, 9);
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe("makeContinuum", () => {
  it("cuts excluded stretches out and maps positions into what remains", () => {
    const continuum = makeContinuum(20, [
      { start: 12, end: 15 },
      { start: 4, end: 6 },
      { start: 5, end: 7 },
    ]);
    expect(continuum.length).toBe(20 - 3 - 3);
    expect([0, 4, 5, 7, 10, 12, 14, 15, 20, 25].map(continuum.toCompressed)).toEqual([0, 4, 4, 4, 7, 9, 9, 9, 14, 14]);
  });
});

function mergeByHand(units: ReadonlyArray<{ start: number; end: number }>): Array<{ start: number; end: number }> {
  const sorted = [...units].sort((a, b) => a.start - b.start || a.end - b.end);
  const out: Array<{ start: number; end: number }> = [];
  for (const u of sorted) {
    const last = out.at(-1);
    if (last && u.start < last.end) last.end = Math.max(last.end, u.end);
    else out.push({ ...u });
  }
  return out;
}

function shared(a: ReadonlyArray<{ start: number; end: number }>, b: ReadonlyArray<{ start: number; end: number }>): number {
  let total = 0;
  for (const x of a) for (const y of b) total += Math.max(0, Math.min(x.end, y.end) - Math.max(x.start, y.start));
  return total;
}
