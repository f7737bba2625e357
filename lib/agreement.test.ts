import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  type AgreementArticle,
  type AgreementClaim,
  alphaClaimFromCounts,
  cohenKappa,
  computeArticleAgreement,
  computeProjectAgreement,
  krippendorffAlphaNominal,
  type LabelAgreement,
  type ProjectAgreementInput,
  type Span,
  spanF1,
} from "./agreement";
import { sectionsWithGaps, unitizingAlpha } from "./agreement-unitizing";

/** Reliability data are printed observers × units in the literature; the API takes units × coders. */
function transpose(observers: Array<Array<string | null>>): Array<Array<string | null>> {
  const unitCount = Math.max(...observers.map((row) => row.length));
  return Array.from({ length: unitCount }, (_, u) => observers.map((row) => row[u] ?? null));
}

const row = (text: string): Array<string | null> => text.split(" ").map((v) => (v === "." ? null : v));

describe("krippendorffAlphaNominal — published examples", () => {
  it("Krippendorff (2011) §C: 4 observers × 12 units with missing values, nominal alpha = 0.743", () => {
    const data = transpose([
      row("1 2 3 3 2 1 4 1 2 . . ."),
      row("1 2 3 3 2 2 4 1 2 5 . 3"),
      row(". 3 3 3 2 3 4 2 2 5 1 ."),
      row("1 2 3 3 2 4 4 1 2 5 1 ."),
    ]);
    expect(krippendorffAlphaNominal(data)).toBeCloseTo(0.743, 3);
  });

  it("Krippendorff (2011) §A: two observers, binary data, 10 units, alpha = 0.095", () => {
    const data = transpose([row("0 1 0 0 0 0 0 0 1 0"), row("1 1 1 0 0 1 0 0 0 0")]);
    expect(krippendorffAlphaNominal(data)).toBeCloseTo(0.095, 3);
  });

  it("is undefined (null) without variation or without pairable values", () => {
    expect(
      krippendorffAlphaNominal([
        ["a", "a"],
        ["a", "a", null],
      ]),
    ).toBeNull();
    expect(krippendorffAlphaNominal([["a", null], [null, "b"], []])).toBeNull();
    expect(krippendorffAlphaNominal([])).toBeNull();
  });

  it("ignores units with a single value", () => {
    const base = [
      ["a", "b"],
      ["a", "a"],
      ["b", "b"],
    ];
    expect(krippendorffAlphaNominal([...base, ["c", null, null]])).toBe(krippendorffAlphaNominal(base));
  });
});

describe("cohenKappa", () => {
  it("Wikipedia worked example: 20 yes/yes, 5 yes/no, 10 no/yes, 15 no/no → 0.4", () => {
    const a: string[] = [];
    const b: string[] = [];
    const add = (count: number, x: string, y: string) => {
      for (let i = 0; i < count; i++) {
        a.push(x);
        b.push(y);
      }
    };
    add(20, "yes", "yes");
    add(5, "yes", "no");
    add(10, "no", "yes");
    add(15, "no", "no");
    const result = cohenKappa(a, b);
    expect(result.n).toBe(50);
    expect(result.observed).toBeCloseTo(0.7, 10);
    expect(result.expected).toBeCloseTo(0.5, 10);
    expect(result.kappa).toBeCloseTo(0.4, 3);
  });

  it("uses only items both coded", () => {
    const result = cohenKappa(["x", null, "y", "x"], ["x", "y", "y", null]);
    expect(result).toEqual({ kappa: 1, n: 2, observed: 1, expected: 0.5 });
  });

  it("is null when undefined", () => {
    expect(cohenKappa([null], ["a"])).toEqual({ kappa: null, n: 0, observed: 0, expected: 0 });
    expect(cohenKappa(["a", "a"], ["a", "a"]).kappa).toBeNull();
  });

  it("refuses arrays of different lengths", () => {
    expect(() => cohenKappa(["a"], ["a", "b"])).toThrow(RangeError);
  });
});

describe("spanF1", () => {
  const s = (start: number, end: number): Span => ({ start, end });

  it("exact: same start and end, one-to-one", () => {
    expect(spanF1([s(0, 5), s(10, 20)], [s(0, 5), s(10, 19), s(30, 40)], "exact")).toEqual({
      precision: 1 / 3,
      recall: 1 / 2,
      f1: 2 / 5,
      matched: 1,
    });
    // A duplicated prediction matches only one reference span.
    expect(spanF1([s(0, 5)], [s(0, 5), s(0, 5)], "exact").matched).toBe(1);
    expect(spanF1([s(0, 5), s(0, 5)], [s(0, 5), s(0, 5)], "exact").f1).toBe(1);
  });

  it("overlap: positive overlap only (touching half-open spans do not overlap)", () => {
    expect(spanF1([s(0, 5)], [s(5, 9)], "overlap").matched).toBe(0);
    expect(spanF1([s(0, 5)], [s(4, 9)], "overlap").matched).toBe(1);
  });

  it("overlap: one-to-one, and the greedy finds the maximum matching", () => {
    // One long prediction overlapping two references counts once.
    expect(spanF1([s(0, 10), s(20, 30)], [s(5, 25)], "overlap")).toMatchObject({ matched: 1, precision: 1, recall: 0.5 });
    // A naive "first overlapping prediction" for [0,10) would take [8,40) and strand [30,35).
    expect(spanF1([s(0, 10), s(30, 35)], [s(8, 40), s(2, 9)], "overlap").matched).toBe(2);
    // A reference nested inside a later-ending one.
    expect(spanF1([s(0, 100), s(40, 50)], [s(45, 60), s(90, 95)], "overlap").matched).toBe(2);
  });

  it("empty vs empty is perfect; one empty side scores 0", () => {
    expect(spanF1([], [], "exact")).toEqual({ precision: 1, recall: 1, f1: 1, matched: 0 });
    expect(spanF1([], [], "overlap").f1).toBe(1);
    expect(spanF1([s(0, 1)], [], "exact")).toEqual({ precision: 0, recall: 0, f1: 0, matched: 0 });
    expect(spanF1([], [s(0, 1)], "overlap")).toEqual({ precision: 0, recall: 0, f1: 0, matched: 0 });
  });

  it("f1 is symmetric; precision and recall swap", () => {
    const a = [s(0, 5), s(6, 9), s(20, 30)];
    const b = [s(1, 5), s(20, 30)];
    for (const mode of ["exact", "overlap"] as const) {
      const ab = spanF1(a, b, mode);
      const ba = spanF1(b, a, mode);
      expect(ab.f1).toBe(ba.f1);
      expect(ab.precision).toBe(ba.recall);
    }
  });
});

describe("computeArticleAgreement — hand-computed fixture", () => {
  // 4 sentences. A: [0,10) statistic on s0, [20,40) event on s1–s2.
  // B: [0,10) statistic on s0, [22,30) quote on s1. C: assigned, no claims.
  // Z: not among the article's annotators, so ignored.
  const claim = (annotatorId: string, start: number, end: number, claimType: string | null, sentenceIndexes: number[]): AgreementClaim => ({
    annotatorId,
    start,
    end,
    claimType,
    sentenceIndexes,
  });
  const article: AgreementArticle = {
    articleId: "art-1",
    sentenceCount: 4,
    claims: [
      claim("B", 22, 30, "quote", [1]),
      claim("A", 20, 40, "event", [1, 2]),
      claim("A", 0, 10, "statistic", [0]),
      claim("B", 0, 10, "statistic", [0]),
      claim("Z", 0, 50, "event", [0, 1, 2, 3]),
    ],
  };
  const result = computeArticleAgreement({ annotators: ["A", "B", "C"], article });

  it("alpha on claim / not claim", () => {
    // Claim labels A 1110, B 1100, C 0000: Σo_cc = 1+1+1+3 = 6, n = 12, n_claim = 5, n_none = 7.
    // alpha = 1 − 11·(12 − 6) / (144 − 25 − 49) = 1 − 66/70.
    expect(result.alphaClaim).toBeCloseTo(1 - 66 / 70, 12);
    expect(result.units).toBe(4);
    expect(result.annotatorCount).toBe(3);
  });

  it("alpha on claim / not claim from counts alone is the same figure", () => {
    // s0 claimed by A and B, s1 by A and B, s2 by A, s3 by nobody.
    expect(alphaClaimFromCounts(3, 4, [2, 2, 1])).toBeCloseTo(result.alphaClaim!, 12);
    expect(alphaClaimFromCounts(1, 4, [1])).toBeNull();
    expect(alphaClaimFromCounts(3, 4, [])).toBeNull();
  });

  it("alpha on claim type", () => {
    // Types A [stat, event, event, none], B [stat, quote, none, none], C none×4.
    // Σo_cc = 1+0+1+3 = 5; totals stat 2, event 2, quote 1, none 7 → alpha = 1 − 11·7 / (144 − 58).
    expect(result.alphaClaimType).toBeCloseTo(1 - 77 / 86, 12);
    expect(result.unitsClaimType).toBe(4);
  });

  it("pairs", () => {
    expect(result.pairs.map((p) => [p.a, p.b])).toEqual([
      ["A", "B"],
      ["A", "C"],
      ["B", "C"],
    ]);
    const [ab, ac, bc] = result.pairs;
    // A/B claim: po = 3/4, pe = (3·2 + 1·2)/16 = 1/2 → 0.5.
    expect(ab?.kappaClaim).toEqual({ kappa: 0.5, n: 4, observed: 0.75, expected: 0.5 });
    // A/B type: po = 2/4, pe = (1·1 + 1·2)/16 = 3/16 → (1/2 − 3/16)/(13/16) = 5/13.
    expect(ab?.kappaClaimType.kappa).toBeCloseTo(5 / 13, 12);
    expect(ab?.spanF1Exact).toEqual({ precision: 0.5, recall: 0.5, f1: 0.5, matched: 1 });
    expect(ab?.spanF1Overlap).toEqual({ precision: 1, recall: 1, f1: 1, matched: 2 });
    expect(ab?.sentences).toBe(4);
    expect(ab?.articles).toBe(1);
    // Against a coder who marked nothing, chance agreement equals observed agreement.
    expect(ac?.kappaClaim).toEqual({ kappa: 0, n: 4, observed: 0.25, expected: 0.25 });
    expect(ac?.kappaClaimType.kappa).toBe(0);
    expect(ac?.spanF1Exact).toEqual({ precision: 0, recall: 0, f1: 0, matched: 0 });
    expect(bc?.kappaClaim.kappa).toBe(0);
    expect(bc?.spanF1Overlap.f1).toBe(0);
  });

  it("takes the type of the first covering claim by start; an untyped one makes the value missing", () => {
    const r = computeArticleAgreement({
      annotators: ["A", "B"],
      article: {
        articleId: "art-2",
        sentenceCount: 2,
        claims: [
          claim("A", 5, 15, "event", [0]),
          claim("A", 0, 30, "statistic", [0, 1]),
          claim("B", 0, 10, null, [0]),
          claim("B", 3, 8, "event", [0, 7, -1]), // out-of-range sentence indexes are ignored
        ],
      },
    });
    // Claim labels agree everywhere except s1 (A claim, B none).
    expect(r.pairs[0]?.kappaClaim.observed).toBe(0.5);
    // Types: A [statistic, statistic]; B [missing, none]: only s1 counts, and it disagrees.
    expect(r.unitsClaimType).toBe(1);
    expect(r.pairs[0]?.kappaClaimType).toEqual({ kappa: 0, n: 1, observed: 0, expected: 0 });
    expect(r.alphaClaimType).toBe(0);
  });

  it("leaves excluded sentences out: no unit, no pair count, and a claim on them alone is no span", () => {
    // Excluding s0 is the same as an article of three sentences (s1–s3 renumbered), without the claims on s0 alone.
    const renumbered = (sentenceIndexes: number[]) => sentenceIndexes.filter((s) => s !== 0).map((s) => s - 1);
    const withoutFirst: AgreementArticle = {
      articleId: "art-1",
      sentenceCount: 3,
      claims: article.claims
        .filter((c) => c.sentenceIndexes.some((s) => s !== 0))
        .map((c) => ({ ...c, sentenceIndexes: renumbered([...c.sentenceIndexes]) })),
    };
    const excluded = computeArticleAgreement({ annotators: ["A", "B", "C"], article: { ...article, excludedSentences: [0, 0, 9, -1] } });
    expect(excluded).toEqual(computeArticleAgreement({ annotators: ["A", "B", "C"], article: withoutFirst }));
    expect(excluded.units).toBe(3);
    expect(excluded.pairs[0]?.sentences).toBe(3);
    // A's statistic and B's statistic on s0 no longer match; their other claims overlap once.
    expect(excluded.pairs[0]?.spanF1Exact).toEqual({ precision: 0, recall: 0, f1: 0, matched: 0 });
    expect(excluded.pairs[0]?.spanF1Overlap).toEqual({ precision: 1, recall: 1, f1: 1, matched: 1 });
    expect(excluded.alphaClaim).not.toBe(result.alphaClaim);
    // Excluding nothing changes nothing.
    expect(computeArticleAgreement({ annotators: ["A", "B", "C"], article: { ...article, excludedSentences: [] } })).toEqual(result);
  });

  it("a single coder yields no units and no pairs", () => {
    const r = computeArticleAgreement({ annotators: ["A"], article });
    expect(r).toEqual({
      alphaClaim: null,
      alphaClaimType: null,
      alphaUnitizing: null,
      labels: [],
      pairs: [],
      units: 0,
      unitsClaimType: 0,
      annotatorCount: 0,
    });
  });
});

describe("computeProjectAgreement", () => {
  it("pools articles with different coders into one unbalanced reliability matrix", () => {
    const input: ProjectAgreementInput = {
      annotators: ["A", "B", "C"],
      articles: [
        {
          articleId: "x",
          sentenceCount: 2,
          claims: [
            { annotatorId: "A", start: 0, end: 5, claimType: "event", sentenceIndexes: [0] },
            { annotatorId: "B", start: 0, end: 5, claimType: "event", sentenceIndexes: [0] },
            // C is not assigned to x: ignored.
            { annotatorId: "C", start: 8, end: 9, claimType: "event", sentenceIndexes: [1] },
          ],
        },
        {
          articleId: "y",
          sentenceCount: 3,
          claims: [{ annotatorId: "C", start: 0, end: 5, claimType: "quote", sentenceIndexes: [2] }],
        },
        { articleId: "unassigned", sentenceCount: 9, claims: [] },
      ],
      annotatorsByArticle: { x: ["A", "B"], y: ["B", "C", "nobody"] },
    };
    const result = computeProjectAgreement(input);
    const expected = krippendorffAlphaNominal([
      ["claim", "claim", null],
      ["none", "none", null],
      [null, "none", "none"],
      [null, "none", "none"],
      [null, "none", "claim"],
    ]);
    expect(result.alphaClaim).toBeCloseTo(expected!, 12);
    expect(result.units).toBe(5);
    expect(result.annotatorCount).toBe(3);
    expect(result.pairs.map((p) => [p.a, p.b, p.sentences, p.articles])).toEqual([
      ["A", "B", 2, 1],
      ["B", "C", 3, 1],
    ]);
    expect(result.pairs[0]?.spanF1Exact.f1).toBe(1);
    expect(result.pairs[1]?.spanF1Exact).toEqual({ precision: 0, recall: 0, f1: 0, matched: 0 });
  });
});

// ── Properties ───────────────────────────────────────────────────────────────

/** Naive alpha from the full coincidence matrix, pair by pair, as in Krippendorff's text. */
function naiveAlpha(units: Array<Array<string | null>>): number | null {
  const o = new Map<string, number>();
  const key = (c: string, k: string) => `${c}\u0000${k}`;
  for (const unit of units) {
    const values = unit.filter((v): v is string => v !== null);
    const m = values.length;
    if (m < 2) continue;
    for (let i = 0; i < m; i++)
      for (let j = 0; j < m; j++) if (i !== j) o.set(key(values[i]!, values[j]!), (o.get(key(values[i]!, values[j]!)) ?? 0) + 1 / (m - 1));
  }
  const categories = [...new Set([...o.keys()].map((k) => k.split("\u0000")[0]!))];
  const nc = new Map(categories.map((c) => [c, categories.reduce((sum, k) => sum + (o.get(key(c, k)) ?? 0), 0)]));
  const n = [...nc.values()].reduce((a, b) => a + b, 0);
  let observed = 0;
  let expected = 0;
  for (const c of categories)
    for (const k of categories) {
      if (c === k) continue;
      observed += o.get(key(c, k)) ?? 0;
      expected += nc.get(c)! * nc.get(k)!;
    }
  if (n === 0 || expected === 0) return null;
  return 1 - ((n - 1) * observed) / expected;
}

/** Maximum bipartite matching by augmenting paths: the reference for overlap matching. */
function maxOverlapMatching(a: Span[], b: Span[]): number {
  const overlaps = (x: Span, y: Span) => Math.min(x.end, y.end) - Math.max(x.start, y.start) > 0;
  const owner = new Array<number>(b.length).fill(-1);
  const tryAssign = (i: number, seen: boolean[]): boolean => {
    for (let j = 0; j < b.length; j++) {
      if (seen[j] || !overlaps(a[i]!, b[j]!)) continue;
      seen[j] = true;
      if (owner[j] === -1 || tryAssign(owner[j]!, seen)) {
        owner[j] = i;
        return true;
      }
    }
    return false;
  };
  let matched = 0;
  for (let i = 0; i < a.length; i++) if (tryAssign(i, new Array<boolean>(b.length).fill(false))) matched++;
  return matched;
}

const spanArb = fc.tuple(fc.integer({ min: 0, max: 30 }), fc.integer({ min: 0, max: 12 })).map(([start, length]) => ({
  start,
  end: start + length,
}));
const labelArb = fc.constantFrom("a", "b", "c");

describe("properties", () => {
  it("identical coders: alpha = 1 whenever De > 0", () => {
    fc.assert(
      fc.property(fc.array(labelArb, { minLength: 1, maxLength: 40 }), fc.integer({ min: 2, max: 6 }), (labels, coders) => {
        const units = labels.map((label) => Array.from({ length: coders }, () => label));
        const alpha = krippendorffAlphaNominal(units);
        if (new Set(labels).size < 2) expect(alpha).toBeNull();
        else expect(alpha).toBeCloseTo(1, 12);
      }),
    );
  });

  it("identical coders: kappa = 1 whenever p_e < 1", () => {
    fc.assert(
      fc.property(fc.array(fc.option(labelArb, { nil: null }), { maxLength: 40 }), (labels) => {
        const result = cohenKappa(labels, labels);
        const used = new Set(labels.filter((l) => l !== null));
        if (used.size < 2) expect(result.kappa).toBeNull();
        else expect(result.kappa).toBeCloseTo(1, 12);
      }),
    );
  });

  it("alpha equals the naive coincidence-matrix computation (missing values included)", () => {
    fc.assert(
      fc.property(fc.array(fc.array(fc.option(labelArb, { nil: null, freq: 3 }), { minLength: 0, maxLength: 5 }), { maxLength: 25 }), (units) => {
        const fast = krippendorffAlphaNominal(units);
        const naive = naiveAlpha(units);
        if (naive === null) expect(fast).toBeNull();
        else expect(fast).toBeCloseTo(naive, 9);
      }),
    );
  });

  it("overlap matching is a maximum one-to-one matching; exact matching is the multiset intersection", () => {
    fc.assert(
      fc.property(fc.array(spanArb, { maxLength: 9 }), fc.array(spanArb, { maxLength: 9 }), (a, b) => {
        expect(spanF1(a, b, "overlap").matched).toBe(maxOverlapMatching(a, b));
        const remaining = b.map((s) => `${s.start}:${s.end}`);
        let exact = 0;
        for (const s of a) {
          const at = remaining.indexOf(`${s.start}:${s.end}`);
          if (at >= 0) {
            remaining.splice(at, 1);
            exact++;
          }
        }
        expect(spanF1(a, b, "exact").matched).toBe(exact);
      }),
    );
  });

  it("project agreement equals the generic functions applied to explicitly built labels", () => {
    const annotators = ["p", "q", "r", "s"];
    const claimArb = fc.record({
      annotatorId: fc.constantFrom(...annotators, "outsider"),
      start: fc.integer({ min: 0, max: 40 }),
      length: fc.integer({ min: 1, max: 15 }),
      claimType: fc.option(fc.constantFrom("statistic", "event", "quote"), { nil: null, freq: 6 }),
      sentenceIndexes: fc.uniqueArray(fc.integer({ min: 0, max: 6 }), { maxLength: 3 }),
    });
    const articleArb = fc.record({
      sentenceCount: fc.integer({ min: 0, max: 6 }),
      claims: fc.array(claimArb, { maxLength: 12 }),
      coders: fc.subarray(annotators),
    });
    fc.assert(
      fc.property(fc.array(articleArb, { maxLength: 5 }), (generated) => {
        const input: ProjectAgreementInput = {
          annotators,
          articles: generated.map((g, i) => ({
            articleId: `a${i}`,
            sentenceCount: g.sentenceCount,
            claims: g.claims.map(({ length, ...c }) => ({ ...c, end: c.start + length })),
          })),
          annotatorsByArticle: Object.fromEntries(generated.map((g, i) => [`a${i}`, g.coders])),
        };
        const result = computeProjectAgreement(input);

        // Reference labels: [article][annotator] → per-sentence labels (undefined when not a coder).
        const claimLabels: Array<Record<string, string[]>> = [];
        const typeLabels: Array<Record<string, Array<string | null>>> = [];
        input.articles.forEach((article, i) => {
          const coders = generated[i]!.coders;
          claimLabels.push({});
          typeLabels.push({});
          for (const coder of coders) {
            const own = article.claims
              .map((c, index) => ({ c, index }))
              .filter(({ c }) => c.annotatorId === coder)
              .sort((x, y) => x.c.start - y.c.start || x.c.end - y.c.end || x.index - y.index);
            const claimRow: string[] = [];
            const typeRow: Array<string | null> = [];
            for (let s = 0; s < article.sentenceCount; s++) {
              const first = own.find(({ c }) => c.sentenceIndexes.includes(s));
              claimRow.push(first ? "claim" : "none");
              typeRow.push(first ? first.c.claimType : "none");
            }
            claimLabels[i]![coder] = claimRow;
            typeLabels[i]![coder] = typeRow;
          }
        });

        const claimUnits: Array<Array<string | null>> = [];
        const typeUnits: Array<Array<string | null>> = [];
        input.articles.forEach((article, i) => {
          for (let s = 0; s < article.sentenceCount; s++) {
            claimUnits.push(annotators.map((an) => claimLabels[i]![an]?.[s] ?? null));
            typeUnits.push(annotators.map((an) => typeLabels[i]![an]?.[s] ?? null));
          }
        });
        const closeOrNull = (actual: number | null, expected: number | null) => {
          if (expected === null) expect(actual).toBeNull();
          else expect(actual).toBeCloseTo(expected, 9);
        };
        closeOrNull(result.alphaClaim, krippendorffAlphaNominal(claimUnits));
        closeOrNull(result.alphaClaimType, krippendorffAlphaNominal(typeUnits));
        expect(result.units).toBe(claimUnits.filter((u) => u.filter((v) => v !== null).length >= 2).length);
        expect(result.unitsClaimType).toBe(typeUnits.filter((u) => u.filter((v) => v !== null).length >= 2).length);

        const expectedPairs: string[] = [];
        for (let x = 0; x < annotators.length; x++) {
          for (let y = x + 1; y < annotators.length; y++) {
            const a = annotators[x]!;
            const b = annotators[y]!;
            const shared = input.articles.filter((_, i) => generated[i]!.coders.includes(a) && generated[i]!.coders.includes(b));
            if (shared.length === 0) continue;
            expectedPairs.push(`${a}-${b}`);
            const pair = result.pairs.find((p) => p.a === a && p.b === b)!;
            const sharedIndexes = input.articles.flatMap((_, i) => (generated[i]!.coders.includes(a) && generated[i]!.coders.includes(b) ? [i] : []));
            const la = sharedIndexes.flatMap((i) => claimLabels[i]![a]!);
            const lb = sharedIndexes.flatMap((i) => claimLabels[i]![b]!);
            const ta = sharedIndexes.flatMap((i) => typeLabels[i]![a]!);
            const tb = sharedIndexes.flatMap((i) => typeLabels[i]![b]!);
            const kClaim = cohenKappa(la, lb);
            const kType = cohenKappa(ta, tb);
            expect(pair.sentences).toBe(la.length);
            expect(pair.articles).toBe(shared.length);
            expect(pair.kappaClaim.n).toBe(kClaim.n);
            closeOrNull(pair.kappaClaim.kappa, kClaim.kappa);
            expect(pair.kappaClaimType.n).toBe(kType.n);
            closeOrNull(pair.kappaClaimType.kappa, kType.kappa);
            for (const mode of ["exact", "overlap"] as const) {
              let matched = 0;
              let countA = 0;
              let countB = 0;
              for (const article of shared) {
                const sa = article.claims.filter((c) => c.annotatorId === a);
                const sb = article.claims.filter((c) => c.annotatorId === b);
                matched += spanF1(sa, sb, mode).matched;
                countA += sa.length;
                countB += sb.length;
              }
              const actual = mode === "exact" ? pair.spanF1Exact : pair.spanF1Overlap;
              expect(actual.matched).toBe(matched);
              expect(actual.f1).toBeCloseTo(countA + countB === 0 ? 1 : (2 * matched) / (countA + countB), 12);
            }
          }
        }
        expect(result.pairs.map((p) => `${p.a}-${p.b}`)).toEqual(expectedPairs);
      }),
      { numRuns: 200 },
    );
  });
});

describe("unitizing alpha and labels beside the sentence figures", () => {
  const claim = (annotatorId: string, start: number, end: number, claimType: string | null, sentenceIndexes: number[]): AgreementClaim => ({
    annotatorId,
    start,
    end,
    claimType,
    sentenceIndexes,
  });
  // 3 sentences over 30 code points: s0 [0,10), s1 [10,20), s2 [20,30).
  const article: AgreementArticle = {
    articleId: "u",
    sentenceCount: 3,
    textLength: 30,
    claims: [
      claim("A", 0, 10, "statistic", [0]),
      claim("A", 4, 8, "quote", [0]), // inside A's first claim: the same stretch of claimed text
      claim("A", 20, 30, "event", [2]),
      claim("B", 2, 10, "statistic", [0]),
      claim("B", 20, 25, "event", [2]),
    ],
  };
  const reference = (coders: Array<Array<{ start: number; end: number }>>, length: number) =>
    unitizingAlpha(
      coders.map((units) =>
        sectionsWithGaps(
          units.map((u) => ({ value: "claim", ...u })),
          length,
        ),
      ),
    );

  it("alphaUnitizing: each coder's overlapping claims merged, compared with the reference form", () => {
    const result = computeArticleAgreement({ annotators: ["A", "B"], article });
    const expected = reference(
      [
        [
          { start: 0, end: 10 },
          { start: 20, end: 30 },
        ],
        [
          { start: 2, end: 10 },
          { start: 20, end: 25 },
        ],
      ],
      30,
    );
    expect(result.alphaUnitizing).toBeCloseTo(expected!, 12);
    expect(result.pairs[0]?.alphaUnitizing).toBeCloseTo(expected!, 12);
  });

  it("is null without the article's length, and cuts excluded sentences out of the continuum", () => {
    const { textLength: _, ...withoutLength } = article;
    expect(computeArticleAgreement({ annotators: ["A", "B"], article: withoutLength }).alphaUnitizing).toBeNull();
    // Excluding s1 (no claim on it) is the same as a text of 20 points with s2 moved to [10,20).
    const excluded = computeArticleAgreement({
      annotators: ["A", "B"],
      article: { ...article, excludedSentences: [1], excludedRanges: [{ start: 10, end: 20 }] },
    });
    const moved = computeArticleAgreement({
      annotators: ["A", "B"],
      article: {
        articleId: "u",
        sentenceCount: 2,
        textLength: 20,
        claims: article.claims.map((c) => (c.start >= 20 ? { ...c, start: c.start - 10, end: c.end - 10, sentenceIndexes: [1] } : c)),
      },
    });
    expect(excluded.alphaUnitizing).toBeCloseTo(moved.alphaUnitizing!, 12);
    expect(excluded.labels).toEqual(moved.labels);
  });

  it("labels: per claim type, sentence alpha on this type against the rest and unitizing alpha on its text", () => {
    const result = computeArticleAgreement({ annotators: ["A", "B"], article });
    const byType = new Map(result.labels.map((l): [string, LabelAgreement] => [l.claimType, l]));
    expect([...byType.keys()]).toEqual(["statistic", "quote", "event"]);
    // Sentence types (first covering claim by start): A [statistic, none, event], B [statistic, none, event].
    expect(byType.get("statistic")).toMatchObject({ claims: 2, sentences: 2 });
    expect(byType.get("statistic")?.alpha).toBeCloseTo(1, 12);
    expect(byType.get("event")?.alpha).toBeCloseTo(1, 12);
    // The quote is no sentence's first type: "quote" never appears as a label, which is no variation.
    expect(byType.get("quote")).toMatchObject({ claims: 1, sentences: 0, alpha: null });
    expect(byType.get("statistic")?.alphaUnitizing).toBeCloseTo(reference([[{ start: 0, end: 10 }], [{ start: 2, end: 10 }]], 30)!, 12);
    expect(byType.get("quote")?.alphaUnitizing).toBeCloseTo(reference([[{ start: 4, end: 8 }], []], 30)!, 12);
    expect(byType.get("event")?.alphaUnitizing).toBeCloseTo(reference([[{ start: 20, end: 30 }], [{ start: 20, end: 25 }]], 30)!, 12);
  });

  it("project, pairs and labels equal the reference form on the articles joined end to end", () => {
    const annotators = ["p", "q", "r"];
    const LENGTH = 40;
    const claimArb = fc.record({
      annotatorId: fc.constantFrom(...annotators, "outsider"),
      start: fc.integer({ min: 0, max: LENGTH + 5 }),
      length: fc.integer({ min: 0, max: 15 }),
      claimType: fc.option(fc.constantFrom("statistic", "event"), { nil: null, freq: 5 }),
    });
    fc.assert(
      fc.property(fc.array(fc.array(claimArb, { maxLength: 10 }), { minLength: 1, maxLength: 4 }), (generated) => {
        const articles: AgreementArticle[] = generated.map((claims, i) => ({
          articleId: `a${i}`,
          sentenceCount: 1,
          textLength: LENGTH,
          claims: claims.map(({ length, ...c }) => ({ ...c, end: c.start + length, sentenceIndexes: [0] })),
        }));
        const result = computeProjectAgreement({
          annotators,
          articles,
          annotatorsByArticle: Object.fromEntries(articles.map((a) => [a.articleId, annotators])),
        });
        const joined = (coders: readonly string[], type: string | null) =>
          coders.map((coder) =>
            articles.flatMap((article, i) =>
              mergeSpans(
                article.claims
                  .filter((c) => c.annotatorId === coder && (type === null || c.claimType === type))
                  .map((c) => ({ start: Math.min(c.start, LENGTH) + i * LENGTH, end: Math.min(c.end, LENGTH) + i * LENGTH })),
              ),
            ),
          );
        const closeOrNull = (actual: number | null | undefined, expected: number | null) => {
          if (expected === null) expect(actual ?? null).toBeNull();
          else expect(actual).toBeCloseTo(expected, 9);
        };
        const total = LENGTH * articles.length;
        closeOrNull(result.alphaUnitizing, reference(joined(annotators, null), total));
        for (const pair of result.pairs) closeOrNull(pair.alphaUnitizing, reference(joined([pair.a, pair.b], null), total));
        for (const label of result.labels) closeOrNull(label.alphaUnitizing, reference(joined(annotators, label.claimType), total));
      }),
      { numRuns: 200 },
    );
  });
});

function mergeSpans(spans: ReadonlyArray<{ start: number; end: number }>): Array<{ start: number; end: number }> {
  const out: Array<{ start: number; end: number }> = [];
  for (const s of [...spans].filter((x) => x.end > x.start).sort((a, b) => a.start - b.start || a.end - b.end)) {
    const last = out.at(-1);
    if (last && s.start < last.end) last.end = Math.max(last.end, s.end);
    else out.push({ ...s });
  }
  return out;
}
