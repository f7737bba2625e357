/**
 * Inter-annotator agreement: Krippendorff's alpha (nominal), Cohen's kappa and
 * span F1, plus the sentence-level figures the team dashboard shows per
 * article and per project, Krippendorff's unitizing alpha on the claimed text
 * (lib/agreement-unitizing.ts) and the same per claim type.
 *
 * The per-project computation must stay fast for large teams (the target and
 * the measurement are in BENCHMARKS.md, "Agreement"), so the high-level
 * functions never build a units × coders matrix or a per-unit coincidence
 * matrix: alpha only needs per-category totals and the sum of the coincidence
 * matrix's diagonal, kappa only needs a confusion matrix per pair, and both
 * are accumulated article by article in reused typed arrays.
 */

import {
  addArticleUnits,
  alphaFromUnitizingTotals,
  type Continuum,
  emptyUnitizingTotals,
  makeContinuum,
  mergeUnits,
  sharedLength,
  sharedLengthOfAllPairs,
  type UnitizingTotals,
} from "./agreement-unitizing";

// ── Public types ─────────────────────────────────────────────────────────────

/** A half-open character range [start, end). */
export type Span = { start: number; end: number };

export type KappaResult = {
  /** null when undefined: no item coded by both, or chance agreement is 1 (both coders used one and the same label throughout). */
  kappa: number | null;
  /** Items coded by both coders. */
  n: number;
  /** Observed agreement p_o (0 when n = 0). */
  observed: number;
  /** Agreement expected by chance p_e (0 when n = 0). */
  expected: number;
};

export type SpanF1Result = {
  precision: number;
  recall: number;
  f1: number;
  /** Matched (reference, prediction) pairs; each span is matched at most once. */
  matched: number;
};

export type SpanMatchMode = "exact" | "overlap";

export type AgreementClaim = {
  annotatorId: string;
  start: number;
  end: number;
  claimType: string | null;
  /** Indexes of the article's sentences the claim covers. */
  sentenceIndexes: readonly number[];
};

export type AgreementArticle = {
  articleId: string;
  sentenceCount: number;
  claims: readonly AgreementClaim[];
  /**
   * Sentences marked not annotatable (boilerplate): no unit, no pair count,
   * and a claim that covers only such sentences is no span. Nobody was asked
   * to judge them, so agreeing on them would be agreement on nothing.
   */
  excludedSentences?: readonly number[];
  /**
   * The article's length in code points: the continuum of the unitizing
   * alpha. Without it the article adds nothing to alphaUnitizing (the
   * sentence figures do not need it).
   */
  textLength?: number;
  /** Code point ranges of the excluded sentences, cut out of the continuum (see excludedSentences). */
  excludedRanges?: readonly Span[];
};

export type ArticleAgreementInput = {
  /**
   * The annotators whose work counts for this article (assigned and submitted:
   * the caller decides). Each of them codes every sentence, so one who made no
   * claim codes every sentence "not a claim". Claims by anyone else are ignored.
   */
  annotators: readonly string[];
  article: AgreementArticle;
};

export type ProjectAgreementInput = {
  /** Every annotator that may count; the order fixes the order of `pairs` and which side of a pair is the reference. */
  annotators: readonly string[];
  articles: readonly AgreementArticle[];
  /**
   * Who codes each article (assigned and submitted). Ids not in `annotators`
   * are ignored; an article without an entry has no coders and contributes nothing.
   */
  annotatorsByArticle: Readonly<Record<string, readonly string[]>>;
};

export type PairAgreement = {
  /** Reference side (earlier in `annotators`). */
  a: string;
  /** Prediction side. */
  b: string;
  /** Sentence label claim / not claim, over the sentences both coded. */
  kappaClaim: KappaResult;
  /** Sentence claim-type label ('none' when not a claim), over sentences where both have a type (see AgreementResult.unitsClaimType). */
  kappaClaimType: KappaResult;
  /** Micro-averaged over the articles both coded: matches and span counts are summed before dividing. */
  spanF1Exact: SpanF1Result;
  spanF1Overlap: SpanF1Result;
  /** Krippendorff's unitizing alpha (|uα: claimed text against the rest) over the articles both coded that have a length. */
  alphaUnitizing: number | null;
  /** Sentences both coded. */
  sentences: number;
  /** Articles both coded. */
  articles: number;
};

/** Agreement on one claim type (a label of the taxonomy). */
export type LabelAgreement = {
  claimType: string;
  /** Nominal alpha on "this sentence is a claim of this type" against every other label (other types and no claim), over the sentences of alphaClaimType. */
  alpha: number | null;
  /** Unitizing alpha on the text claimed with this type against the rest (claims of other types are gaps here). */
  alphaUnitizing: number | null;
  /** Counted claims of this type. */
  claims: number;
  /** Sentence labels of this type among the units of alpha (one per coder and sentence). */
  sentences: number;
};

export type AgreementResult = {
  alphaClaim: number | null;
  alphaClaimType: number | null;
  /**
   * Krippendorff's unitizing alpha (2016, lib/agreement-unitizing.ts) on the
   * claimed text against the gaps, code point by code point: beside span F1,
   * it weighs how far boundaries differ and corrects for chance. A coder's
   * overlapping claims are one stretch of claimed text. Null without a
   * continuum (no article with textLength and two coders) or variation.
   */
  alphaUnitizing: number | null;
  /** One entry per claim type used in a counted claim, in order of first use. */
  labels: LabelAgreement[];
  /** One entry per pair of annotators who coded at least one article together, in `annotators` order. */
  pairs: PairAgreement[];
  /** Sentences that entered alphaClaim (coded by at least two annotators). */
  units: number;
  /**
   * Sentences that entered alphaClaimType. Fewer than `units` when claims
   * without a type exist: a sentence whose first covering claim has no type is
   * a missing value for that coder (no type judgement was made), not a label.
   */
  unitsClaimType: number;
  /** Annotators who coded at least one sentence that entered alphaClaim. */
  annotatorCount: number;
};

// ── Krippendorff's alpha ─────────────────────────────────────────────────────

/**
 * Krippendorff's alpha for nominal data, by the coincidence-matrix method
 * (Krippendorff 2011, "Computing Krippendorff's Alpha-Reliability").
 *
 * `units[u][c]` is coder c's value for unit u; null is a missing value. Units
 * with fewer than two values are not pairable and are ignored; rows may have
 * different lengths.
 *
 * Returns null when alpha is undefined: no pairable values, or expected
 * disagreement De = 0, which happens exactly when every pairable value is the
 * same. Krippendorff leaves alpha undefined there rather than 1, because data
 * without variation cannot show that coders distinguish anything; returning 1
 * would report perfect reliability for a coding scheme nobody exercised.
 */
export function krippendorffAlphaNominal(units: ReadonlyArray<ReadonlyArray<string | null>>): number | null {
  const codes = new Map<string, number>();
  const totals: number[] = []; // n_c: pairable values per category
  const counts: number[] = []; // n_uc for the current unit, reset after each
  const touched: number[] = [];
  let diagonal = 0; // Σ_c o_cc

  for (const unit of units) {
    let m = 0;
    for (const value of unit) if (value !== null) m++;
    if (m < 2) continue;
    for (const value of unit) {
      if (value === null) continue;
      let code = codes.get(value);
      if (code === undefined) {
        code = codes.size;
        codes.set(value, code);
        totals.push(0);
        counts.push(0);
      }
      if (counts[code] === 0) touched.push(code);
      counts[code] = (counts[code] ?? 0) + 1;
    }
    for (const code of touched) {
      const n = counts[code] ?? 0;
      // A unit with m values contributes n_uc (n_uc − 1) / (m − 1) to o_cc.
      diagonal += (n * (n - 1)) / (m - 1);
      totals[code] = (totals[code] ?? 0) + n;
      counts[code] = 0;
    }
    touched.length = 0;
  }
  return alphaFromTotals(totals, diagonal);
}

/**
 * alpha = 1 − Do/De = 1 − (n − 1) · Σ_{c≠k} o_ck / Σ_{c≠k} n_c n_k, where the
 * off-diagonal sums are n − Σ o_cc and n² − Σ n_c²: so per-category totals and
 * the diagonal are all that is needed.
 */
function alphaFromTotals(totals: ArrayLike<number>, diagonal: number): number | null {
  let n = 0;
  let sumSquares = 0;
  for (let c = 0; c < totals.length; c++) {
    const t = totals[c]!;
    n += t;
    sumSquares += t * t;
  }
  const expected = n * n - sumSquares;
  if (n === 0 || expected === 0) return null;
  return 1 - ((n - 1) * (n - diagonal)) / expected;
}

/**
 * Nominal alpha on claim / not claim for one article from counts alone:
 * `coders` coders each labelled `sentences` annotatable sentences, and
 * `claimedBy` holds, for each sentence someone claimed, how many coders did.
 * It is computeArticleAgreement's alphaClaim (the data layer's test holds
 * the two together), for ranking many articles without reading their claims.
 */
export function alphaClaimFromCounts(coders: number, sentences: number, claimedBy: readonly number[]): number | null {
  if (coders < 2 || sentences <= 0) return null;
  const k = coders;
  let claimed = 0;
  // A sentence nobody claimed: k "none" values, contributing k (k − 1)/(k − 1) = k to the diagonal.
  let diagonal = (sentences - claimedBy.length) * k;
  for (const c of claimedBy) {
    claimed += c;
    diagonal += (c * (c - 1) + (k - c) * (k - c - 1)) / (k - 1);
  }
  return alphaFromTotals([k * sentences - claimed, claimed], diagonal);
}

// ── Cohen's kappa ────────────────────────────────────────────────────────────

/**
 * Cohen's kappa between two coders over the items both coded (an item where
 * either value is null is skipped). Throws a RangeError when the arrays differ
 * in length, since items are paired by position.
 *
 * kappa is null when undefined: no shared item, or p_e = 1.
 */
export function cohenKappa(a: ReadonlyArray<string | null>, b: ReadonlyArray<string | null>): KappaResult {
  if (a.length !== b.length) {
    throw new RangeError(`cohenKappa: coders have ${a.length} and ${b.length} items; items are paired by position`);
  }
  const codes = new Map<string, number>();
  const codeOf = (value: string): number => {
    let code = codes.get(value);
    if (code === undefined) {
      code = codes.size;
      codes.set(value, code);
    }
    return code;
  };
  const pairs: number[] = [];
  for (let i = 0; i < a.length; i++) {
    const x = a[i];
    const y = b[i];
    if (x === null || x === undefined || y === null || y === undefined) continue;
    pairs.push(codeOf(x), codeOf(y));
  }
  const size = codes.size;
  const matrix = new Float64Array(size * size);
  for (let i = 0; i < pairs.length; i += 2) matrix[pairs[i]! * size + pairs[i + 1]!]! += 1;
  return kappaFromConfusion(matrix, size, 0);
}

/** Kappa from a size × size confusion matrix (rows: coder a), ignoring codes below `firstCode` (missing values). */
function kappaFromConfusion(matrix: ArrayLike<number>, size: number, firstCode: number): KappaResult {
  let n = 0;
  let agree = 0;
  for (let r = firstCode; r < size; r++) {
    for (let c = firstCode; c < size; c++) n += matrix[r * size + c]!;
    agree += matrix[r * size + r]!;
  }
  if (n === 0) return { kappa: null, n: 0, observed: 0, expected: 0 };
  let chance = 0;
  for (let k = firstCode; k < size; k++) {
    let row = 0;
    let col = 0;
    for (let i = firstCode; i < size; i++) {
      row += matrix[k * size + i]!;
      col += matrix[i * size + k]!;
    }
    chance += row * col;
  }
  const observed = agree / n;
  const expected = chance / (n * n);
  return { kappa: expected === 1 ? null : (observed - expected) / (1 - expected), n, observed, expected };
}

// ── Span F1 ──────────────────────────────────────────────────────────────────

/**
 * Span-level precision, recall and F1 with `a` as the reference and `b` as the
 * prediction. Matching is one-to-one: a span takes part in at most one match.
 *
 * - `exact`: same start and end (duplicates match as a multiset).
 * - `overlap`: any positive overlap. Matching visits reference spans by
 *   increasing end and gives each the unmatched overlapping prediction with
 *   the smallest end. That greedy choice is a maximum matching for intervals:
 *   every candidate of the current reference starts before it ends, hence
 *   before any later reference ends, so candidates differ only by their end,
 *   and keeping the later-ending ones can only help later references.
 *
 * F1 = 2·matched / (|a| + |b|), symmetric in a and b. Empty vs empty is
 * perfect agreement (all three 1): nobody found a claim and nobody missed one.
 * When only one side is empty, its ratio is 0 (not 1), so a coder who marks
 * nothing never looks precise.
 */
export function spanF1(a: readonly Span[], b: readonly Span[], mode: SpanMatchMode): SpanF1Result {
  const ra = sortedByEnd(a);
  const rb = sortedByEnd(b);
  const matched =
    mode === "exact"
      ? countExactMatches(ra.starts, ra.ends, 0, a.length, rb.starts, rb.ends, 0, b.length)
      : countOverlapMatches(ra.starts, ra.ends, 0, a.length, rb.starts, rb.ends, 0, b.length, new Uint8Array(b.length));
  return f1Result(matched, a.length, b.length);
}

function sortedByEnd(spans: readonly Span[]): { starts: Float64Array; ends: Float64Array } {
  const sorted = [...spans].sort((x, y) => x.end - y.end || x.start - y.start);
  const starts = new Float64Array(sorted.length);
  const ends = new Float64Array(sorted.length);
  sorted.forEach((s, i) => {
    starts[i] = s.start;
    ends[i] = s.end;
  });
  return { starts, ends };
}

function f1Result(matched: number, referenceCount: number, predictionCount: number): SpanF1Result {
  if (referenceCount === 0 && predictionCount === 0) return { precision: 1, recall: 1, f1: 1, matched: 0 };
  return {
    precision: predictionCount === 0 ? 0 : matched / predictionCount,
    recall: referenceCount === 0 ? 0 : matched / referenceCount,
    f1: (2 * matched) / (referenceCount + predictionCount),
    matched,
  };
}

/** Both sides sorted by (end, start): a merge walk pairs equal spans one-to-one. */
function countExactMatches(
  aStarts: Float64Array,
  aEnds: Float64Array,
  aFrom: number,
  aLength: number,
  bStarts: Float64Array,
  bEnds: Float64Array,
  bFrom: number,
  bLength: number,
): number {
  let i = aFrom;
  let j = bFrom;
  const aTo = aFrom + aLength;
  const bTo = bFrom + bLength;
  let matched = 0;
  while (i < aTo && j < bTo) {
    const ae = aEnds[i]!;
    const be = bEnds[j]!;
    if (ae < be) i++;
    else if (ae > be) j++;
    else {
      const as = aStarts[i]!;
      const bs = bStarts[j]!;
      if (as < bs) i++;
      else if (as > bs) j++;
      else {
        matched++;
        i++;
        j++;
      }
    }
  }
  return matched;
}

/**
 * Both sides sorted by (end, start); `used` is scratch of at least bLength.
 * Binary search skips predictions that end before the reference starts; the
 * scan then stops at the first unused prediction that starts before the
 * reference ends, which is the smallest-end candidate (see spanF1).
 */
function countOverlapMatches(
  aStarts: Float64Array,
  aEnds: Float64Array,
  aFrom: number,
  aLength: number,
  bStarts: Float64Array,
  bEnds: Float64Array,
  bFrom: number,
  bLength: number,
  used: Uint8Array,
): number {
  used.fill(0, 0, bLength);
  const bTo = bFrom + bLength;
  let matched = 0;
  for (let i = aFrom, aTo = aFrom + aLength; i < aTo; i++) {
    const rs = aStarts[i]!;
    const re = aEnds[i]!;
    if (!(re > rs)) continue; // an empty span overlaps nothing
    let lo = bFrom;
    let hi = bTo;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (bEnds[mid]! > rs) hi = mid;
      else lo = mid + 1;
    }
    for (let j = lo; j < bTo; j++) {
      if (used[j - bFrom] === 1) continue;
      const ps = bStarts[j]!;
      if (ps < re && bEnds[j]! > ps) {
        used[j - bFrom] = 1;
        matched++;
        break;
      }
    }
  }
  return matched;
}

// ── Sentence-level agreement for articles and projects ───────────────────────

/**
 * Agreement on one article among the annotators who coded it.
 *
 * Each coder labels every sentence: 'claim' if any of their claims covers it
 * (by `sentenceIndexes`), else 'none'; the claim-type label is the type of the
 * first covering claim (by start, then end, then input order), 'none' when no
 * claim covers it, and a missing value when that claim has no type.
 */
export function computeArticleAgreement(input: ArticleAgreementInput): AgreementResult {
  return computeAgreement(input.annotators, [{ article: input.article, coderIds: input.annotators }]);
}

/**
 * Agreement over a whole project: the units are all sentences of all
 * articles, each coded by the annotators `annotatorsByArticle` lists for its
 * article (so alpha handles the unbalanced design natively). Pairwise kappa
 * pools the sentences a pair coded together across articles; span F1 pools
 * matches and span counts across those articles (micro average). Labels are
 * as in computeArticleAgreement.
 */
export function computeProjectAgreement(input: ProjectAgreementInput): AgreementResult {
  const jobs: ArticleJob[] = input.articles.map((article) => ({
    article,
    coderIds: Object.hasOwn(input.annotatorsByArticle, article.articleId) ? (input.annotatorsByArticle[article.articleId] ?? []) : [],
  }));
  return computeAgreement(input.annotators, jobs);
}

type ArticleJob = { article: AgreementArticle; coderIds: readonly string[] };

type PairAccumulator = {
  i: number;
  j: number;
  /** Claim confusion counts: [none/none, none/claim, claim/none, claim/claim] (rows: a). */
  claim: Float64Array;
  /** Claim-type confusion, stride typeStride; code 0 (missing) is never counted. */
  type: Float64Array;
  sentences: number;
  articles: number;
  exact: number;
  overlap: number;
  spansA: number;
  spansB: number;
  /** Unitizing sums over the pair's articles with a continuum (see addArticleUnits with two coders). */
  unitizedLength: number;
  unitLength: number;
  unitSquares: number;
  sharedLength: number;
};

/** Type label codes: 0 = missing (claim without a type), 1 = 'none', 2… = claim types. */
const TYPE_MISSING = 0;
const TYPE_NONE = 1;

function computeAgreement(annotatorIds: readonly string[], jobs: readonly ArticleJob[]): AgreementResult {
  const coderIndex = new Map<string, number>();
  const annotators: string[] = [];
  for (const id of annotatorIds) {
    if (!coderIndex.has(id)) {
      coderIndex.set(id, annotators.length);
      annotators.push(id);
    }
  }
  const annotatorTotal = annotators.length;

  // Claim types are discovered up front so every confusion matrix has a fixed stride.
  const typeCodes = new Map<string, number>();
  for (const { article } of jobs) {
    for (const claim of article.claims) {
      if (claim.claimType !== null && !typeCodes.has(claim.claimType)) typeCodes.set(claim.claimType, typeCodes.size + 2);
    }
  }
  const typeStride = typeCodes.size + 2;

  const localOf = new Int32Array(annotatorTotal).fill(-1);
  const counted = new Uint8Array(annotatorTotal);
  const pairs = new Map<number, PairAccumulator>();

  // Alpha accumulators (see alphaFromTotals).
  const claimTotals = new Float64Array(2);
  let claimDiagonal = 0;
  let units = 0;
  const typeTotals = new Float64Array(typeStride);
  const typeCounts = new Int32Array(typeStride);
  let typeDiagonal = 0;
  let unitsClaimType = 0;
  // Per label: nominal alpha on "this type" against every other label (see alphaFromTotals), and its unitizing alpha.
  const labelTotals = new Float64Array(typeStride * 2);
  const labelDiagonal = new Float64Array(typeStride);
  const labelSentences = new Float64Array(typeStride);
  const labelClaims = new Float64Array(typeStride);
  const labelUnits: UnitizingTotals[] = Array.from({ length: typeStride }, emptyUnitizingTotals);
  const unitizing = emptyUnitizingTotals();

  // Scratch reused across articles; grown on demand, never shrunk.
  let claimStart = new Float64Array(64);
  let claimEnd = new Float64Array(64);
  let claimCoder = new Int32Array(64);
  let byStart = new Int32Array(64);
  let byEnd = new Int32Array(64);
  let spanStart = new Float64Array(64);
  let spanEnd = new Float64Array(64);
  let used = new Uint8Array(64);
  let flags = new Uint8Array(256);
  let types = new Int32Array(256);
  let excludedMask = new Uint8Array(64);
  // Unitizing scratch: claims in continuum positions, each coder's merged units, and one type's merged units.
  let claimTypeCode = new Int32Array(64);
  let unitStart = new Float64Array(64);
  let unitEnd = new Float64Array(64);
  let mergedStart = new Float64Array(64);
  let mergedEnd = new Float64Array(64);
  let typedOrder = new Int32Array(64);
  let typedStart = new Float64Array(64);
  let typedEnd = new Float64Array(64);
  let sweepStarts = new Float64Array(64);
  let sweepEnds = new Float64Array(64);
  let mergedOffsets = new Int32Array(annotatorTotal + 2);
  let coderLength = new Float64Array(annotatorTotal + 1);
  let coderSquares = new Float64Array(annotatorTotal + 1);
  const typeSeen = new Int32Array(typeStride).fill(-1);
  const articleTypes: number[] = [];
  let articleNumber = 0;
  const coders: number[] = [];
  let offsets = new Int32Array(annotatorTotal + 2);
  const fill = new Int32Array(annotatorTotal + 1);

  const compareByStart = (x: number, y: number): number => claimStart[x]! - claimStart[y]! || claimEnd[x]! - claimEnd[y]! || x - y;
  const compareByEnd = (x: number, y: number): number => claimEnd[x]! - claimEnd[y]! || claimStart[x]! - claimStart[y]! || x - y;

  for (const { article, coderIds } of jobs) {
    // Coders of this article, in `annotators` order so pair orientation is global.
    coders.length = 0;
    for (const id of coderIds) {
      const g = coderIndex.get(id);
      if (g === undefined || localOf[g] !== -1) continue;
      localOf[g] = 0;
      coders.push(g);
    }
    if (coders.length === 0) continue;
    coders.sort((x, y) => x - y);
    for (let l = 0; l < coders.length; l++) localOf[coders[l]!] = l;
    const k = coders.length;
    const sentenceCount = Number.isFinite(article.sentenceCount) ? Math.max(0, Math.floor(article.sentenceCount)) : 0;
    const claims = article.claims;
    if (sentenceCount > excludedMask.length) excludedMask = new Uint8Array(sentenceCount * 2);
    excludedMask.fill(0, 0, sentenceCount);
    let excludedCount = 0;
    for (const s of article.excludedSentences ?? []) {
      if (!Number.isInteger(s) || s < 0 || s >= sentenceCount || excludedMask[s] === 1) continue;
      excludedMask[s] = 1;
      excludedCount++;
    }
    const annotatableCount = sentenceCount - excludedCount;

    // Group this article's counted claims by coder (counting sort into `offsets`).
    if (claims.length > claimStart.length) {
      const size = claims.length * 2;
      claimStart = new Float64Array(size);
      claimEnd = new Float64Array(size);
      claimCoder = new Int32Array(size);
      byStart = new Int32Array(size);
      byEnd = new Int32Array(size);
      spanStart = new Float64Array(size);
      spanEnd = new Float64Array(size);
      used = new Uint8Array(size);
      claimTypeCode = new Int32Array(size);
      unitStart = new Float64Array(size);
      unitEnd = new Float64Array(size);
      mergedStart = new Float64Array(size);
      mergedEnd = new Float64Array(size);
      typedOrder = new Int32Array(size);
      typedStart = new Float64Array(size);
      typedEnd = new Float64Array(size);
      sweepStarts = new Float64Array(size);
      sweepEnds = new Float64Array(size);
    }
    if (mergedOffsets.length < k + 1) {
      mergedOffsets = new Int32Array(k + 1);
      coderLength = new Float64Array(k);
      coderSquares = new Float64Array(k);
    }
    articleNumber++;
    articleTypes.length = 0;
    if (offsets.length < k + 1) offsets = new Int32Array(k + 1);
    offsets.fill(0, 0, k + 1);
    for (let c = 0; c < claims.length; c++) {
      const claim = claims[c]!;
      const g = coderIndex.get(claim.annotatorId);
      const l = g === undefined || (excludedCount > 0 && coversOnlyExcluded(claim, excludedMask, sentenceCount)) ? -1 : localOf[g]!;
      claimCoder[c] = l;
      claimStart[c] = claim.start;
      claimEnd[c] = claim.end;
      const code = claim.claimType === null ? TYPE_MISSING : typeCodes.get(claim.claimType)!;
      claimTypeCode[c] = code;
      if (l >= 0) {
        offsets[l + 1]!++;
        if (k >= 2 && code !== TYPE_MISSING) {
          labelClaims[code]!++;
          if (typeSeen[code] !== articleNumber) {
            typeSeen[code] = articleNumber;
            articleTypes.push(code);
          }
        }
      }
    }
    for (let l = 0; l < k; l++) offsets[l + 1]! += offsets[l]!;
    for (let l = 0; l < k; l++) fill[l] = offsets[l]!;
    for (let c = 0; c < claims.length; c++) {
      const l = claimCoder[c]!;
      if (l < 0) continue;
      const at = fill[l]!++;
      byStart[at] = c;
      byEnd[at] = c;
    }
    for (let l = 0; l < k; l++) {
      const from = offsets[l]!;
      const to = offsets[l + 1]!;
      sortSegment(byStart, from, to, compareByStart);
      sortSegment(byEnd, from, to, compareByEnd);
      for (let p = from; p < to; p++) {
        const c = byEnd[p]!;
        spanStart[p] = claimStart[c]!;
        spanEnd[p] = claimEnd[c]!;
      }
    }

    // Unitizing: each coder's claims in positions of the continuum (excluded sentences cut out), merged into units.
    const continuum: Continuum | null =
      k >= 2 && article.textLength !== undefined && Number.isFinite(article.textLength)
        ? makeContinuum(article.textLength, article.excludedRanges)
        : null;
    const unitized = continuum !== null && continuum.length > 0;
    let articleUnitLength = 0;
    let articleUnitSquares = 0;
    let articleOverlap = 0;
    if (unitized) {
      let at = 0;
      for (let l = 0; l < k; l++) {
        for (let p = offsets[l]!, to = offsets[l + 1]!; p < to; p++) {
          const c = byStart[p]!;
          // The mapping is monotone, so the coder's claims stay in order of start.
          unitStart[c] = continuum.toCompressed(claimStart[c]!);
          unitEnd[c] = continuum.toCompressed(claimEnd[c]!);
        }
        mergedOffsets[l] = at;
        const merged = mergeUnits(unitStart, unitEnd, byStart, offsets[l]!, offsets[l + 1]!, mergedStart, mergedEnd, at);
        at = merged.end;
        coderLength[l] = merged.length;
        coderSquares[l] = merged.squares;
        articleUnitLength += merged.length;
        articleUnitSquares += merged.squares;
      }
      mergedOffsets[k] = at;
    }

    // Sentence labels, coder-major: flags[l·S + s] = claim?, types[l·S + s] = type code.
    const cells = k * sentenceCount;
    if (cells > flags.length) {
      flags = new Uint8Array(cells * 2);
      types = new Int32Array(cells * 2);
    }
    flags.fill(0, 0, cells);
    for (let l = 0; l < k; l++) {
      const row = l * sentenceCount;
      for (let p = offsets[l]!, to = offsets[l + 1]!; p < to; p++) {
        const claim = claims[byStart[p]!]!;
        const code = claim.claimType === null ? TYPE_MISSING : typeCodes.get(claim.claimType)!;
        for (const s of claim.sentenceIndexes) {
          // Visiting claims by start means the first claim to reach a sentence sets its type.
          if (!Number.isInteger(s) || s < 0 || s >= sentenceCount || flags[row + s] === 1) continue;
          flags[row + s] = 1;
          types[row + s] = code;
        }
      }
      for (let s = 0; s < sentenceCount; s++) if (flags[row + s] === 0) types[row + s] = TYPE_NONE;
    }

    if (k >= 2 && annotatableCount > 0) {
      for (const g of coders) counted[g] = 1;
      units += annotatableCount;
      for (let s = 0; s < sentenceCount; s++) {
        if (excludedMask[s] === 1) continue;
        let claimed = 0;
        let typed = 0;
        for (let l = 0; l < k; l++) {
          const at = l * sentenceCount + s;
          claimed += flags[at]!;
          const code = types[at]!;
          if (code !== TYPE_MISSING) {
            typed++;
            typeCounts[code]!++;
          }
        }
        if (typed >= 2) {
          for (let code = TYPE_NONE + 1; code < typeStride; code++) {
            const n = typeCounts[code]!;
            labelDiagonal[code]! += (n * (n - 1) + (typed - n) * (typed - n - 1)) / (typed - 1);
            labelTotals[code * 2]! += typed - n;
            labelTotals[code * 2 + 1]! += n;
            labelSentences[code]! += n;
          }
        }
        const unclaimed = k - claimed;
        // Contribution n_uc (n_uc − 1) / (m_u − 1) to the coincidence diagonal, per category.
        claimDiagonal += (claimed * (claimed - 1) + unclaimed * (unclaimed - 1)) / (k - 1);
        claimTotals[0]! += unclaimed;
        claimTotals[1]! += claimed;
        // Reset typeCounts by revisiting the coders: cheaper than clearing all categories per sentence.
        for (let l = 0; l < k; l++) {
          const code = types[l * sentenceCount + s]!;
          const n = typeCounts[code]!;
          if (code === TYPE_MISSING || n === 0) continue;
          if (typed >= 2) {
            typeDiagonal += (n * (n - 1)) / (typed - 1);
            typeTotals[code]! += n;
          }
          typeCounts[code] = 0;
        }
        if (typed >= 2) unitsClaimType++;
      }
    }

    for (let x = 0; x < k; x++) {
      const gx = coders[x]!;
      const rowX = x * sentenceCount;
      const fromX = offsets[x]!;
      const countX = offsets[x + 1]! - fromX;
      for (let y = x + 1; y < k; y++) {
        const gy = coders[y]!;
        const key = gx * annotatorTotal + gy;
        let pair = pairs.get(key);
        if (pair === undefined) {
          pair = {
            i: gx,
            j: gy,
            claim: new Float64Array(4),
            type: new Float64Array(typeStride * typeStride),
            sentences: 0,
            articles: 0,
            exact: 0,
            overlap: 0,
            spansA: 0,
            spansB: 0,
            unitizedLength: 0,
            unitLength: 0,
            unitSquares: 0,
            sharedLength: 0,
          };
          pairs.set(key, pair);
        }
        const rowY = y * sentenceCount;
        const claimMatrix = pair.claim;
        const typeMatrix = pair.type;
        for (let s = 0; s < sentenceCount; s++) {
          if (excludedMask[s] === 1) continue;
          claimMatrix[flags[rowX + s]! * 2 + flags[rowY + s]!]!++;
          const tx = types[rowX + s]!;
          const ty = types[rowY + s]!;
          if (tx !== TYPE_MISSING && ty !== TYPE_MISSING) typeMatrix[tx * typeStride + ty]!++;
        }
        pair.sentences += annotatableCount;
        pair.articles++;

        const fromY = offsets[y]!;
        const countY = offsets[y + 1]! - fromY;
        pair.spansA += countX;
        pair.spansB += countY;
        if (countX > 0 && countY > 0) {
          pair.exact += countExactMatches(spanStart, spanEnd, fromX, countX, spanStart, spanEnd, fromY, countY);
          pair.overlap += countOverlapMatches(spanStart, spanEnd, fromX, countX, spanStart, spanEnd, fromY, countY, used);
        }
        if (unitized) {
          const shared = sharedLength(mergedStart, mergedEnd, mergedOffsets[x]!, mergedOffsets[x + 1]!, mergedOffsets[y]!, mergedOffsets[y + 1]!);
          articleOverlap += shared;
          // Plain sums here (hundreds of pairs per article); addArticleUnits turns them into totals at the end.
          pair.unitizedLength += continuum.length;
          pair.unitLength += coderLength[x]! + coderLength[y]!;
          pair.unitSquares += coderSquares[x]! + coderSquares[y]!;
          pair.sharedLength += shared;
        }
      }
    }

    if (unitized) {
      addArticleUnits(unitizing, {
        coders: k,
        length: continuum.length,
        unitLength: articleUnitLength,
        unitSquares: articleUnitSquares,
        overlapPairs: articleOverlap,
      });
      // Per label: the same over the claims of one type, the rest of the text being gaps for it.
      for (const code of articleTypes) {
        let at = 0;
        let length = 0;
        let squares = 0;
        for (let l = 0; l < k; l++) {
          let n = 0;
          for (let p = offsets[l]!, to = offsets[l + 1]!; p < to; p++) {
            const c = byStart[p]!;
            if (claimTypeCode[c] === code) typedOrder[n++] = c;
          }
          if (n === 0) continue;
          const merged = mergeUnits(unitStart, unitEnd, typedOrder, 0, n, typedStart, typedEnd, at);
          at = merged.end;
          length += merged.length;
          squares += merged.squares;
        }
        const overlap = sharedLengthOfAllPairs(typedStart, typedEnd, 0, at, sweepStarts, sweepEnds);
        addArticleUnits(labelUnits[code]!, { coders: k, length: continuum.length, unitLength: length, unitSquares: squares, overlapPairs: overlap });
      }
    }

    for (const g of coders) localOf[g] = -1;
  }

  const pairResults = [...pairs.values()]
    .sort((p, q) => p.i - q.i || p.j - q.j)
    .map(
      (pair): PairAgreement => ({
        a: annotators[pair.i]!,
        b: annotators[pair.j]!,
        kappaClaim: kappaFromConfusion(pair.claim, 2, 0),
        kappaClaimType: kappaFromConfusion(pair.type, typeStride, TYPE_NONE),
        spanF1Exact: f1Result(pair.exact, pair.spansA, pair.spansB),
        spanF1Overlap: f1Result(pair.overlap, pair.spansA, pair.spansB),
        alphaUnitizing: pairUnitizing(pair),
        sentences: pair.sentences,
        articles: pair.articles,
      }),
    );

  let annotatorCount = 0;
  for (let g = 0; g < annotatorTotal; g++) annotatorCount += counted[g]!;

  const labels: LabelAgreement[] = [];
  for (const [claimType, code] of typeCodes) {
    if (labelClaims[code] === 0) continue;
    // Articles without a claim of this type were skipped above; for this type they are all gap, and all coders agree on them.
    const label = labelUnits[code]!;
    const allGap = unitizing.pairable - label.pairable;
    label.pairable += allGap;
    label.gapWithGap += allGap;
    labels.push({
      claimType,
      alpha: alphaFromTotals(labelTotals.subarray(code * 2, code * 2 + 2), labelDiagonal[code]!),
      alphaUnitizing: alphaFromUnitizingTotals(labelUnits[code]!),
      claims: labelClaims[code]!,
      sentences: labelSentences[code]!,
    });
  }

  return {
    alphaClaim: alphaFromTotals(claimTotals, claimDiagonal),
    alphaClaimType: alphaFromTotals(typeTotals, typeDiagonal),
    alphaUnitizing: alphaFromUnitizingTotals(unitizing),
    labels,
    pairs: pairResults,
    units,
    unitsClaimType,
    annotatorCount,
  };
}

/** A pair's unitizing alpha from its plain sums: the sums of its articles as two-coder articles add up. */
function pairUnitizing(pair: PairAccumulator): number | null {
  const totals = emptyUnitizingTotals();
  addArticleUnits(totals, {
    coders: 2,
    length: pair.unitizedLength,
    unitLength: pair.unitLength,
    unitSquares: pair.unitSquares,
    overlapPairs: pair.sharedLength,
  });
  return alphaFromUnitizingTotals(totals);
}

/** Whether every sentence a claim covers is excluded (a claim without sentence indexes covers none, so it stays). */
function coversOnlyExcluded(claim: AgreementClaim, excludedMask: Uint8Array, sentenceCount: number): boolean {
  if (claim.sentenceIndexes.length === 0) return false;
  for (const s of claim.sentenceIndexes) if (!(Number.isInteger(s) && s >= 0 && s < sentenceCount && excludedMask[s] === 1)) return false;
  return true;
}

/** Sort order[from, to) in place; insertion sort for the usual handful of claims per coder and article. */
function sortSegment(order: Int32Array, from: number, to: number, compare: (x: number, y: number) => number): void {
  if (to - from > 24) {
    order.subarray(from, to).sort(compare);
    return;
  }
  for (let i = from + 1; i < to; i++) {
    const value = order[i]!;
    let j = i - 1;
    while (j >= from && compare(order[j]!, value) > 0) {
      order[j + 1] = order[j]!;
      j--;
    }
    order[j + 1] = value;
  }
}
