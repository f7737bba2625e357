/**
 * Krippendorff's alpha for unitizing a continuum (uα), in the form of
 * Krippendorff, Mathet, Bouvry & Widlöcher (2016), "On the reliability of
 * unitizing textual continua: Further developments", Quality & Quantity 50.
 *
 * Each coder partitions the continuum (here: an article's code points) into
 * sections: units, which carry a value, and the gaps between them. Observed
 * coincidences are the lengths by which two coders' sections intersect;
 * expected coincidences treat a unit as indivisible (it contributes its
 * length squared) and a gap as made of single points (its length), which is
 * what makes uα sensitive to where units begin and end, not only to which
 * points they cover.
 *
 * Why the 2016 form and not Krippendorff's (1995) αu: the 2016 paper replaces
 * the earlier definition because it misbehaved with more than two coders, and
 * a desk here has up to dozens of annotators on one article.
 *
 * Two forms are provided:
 * - {@link unitizingAlpha}: the general coefficient over explicit sections of
 *   any number of values (the reference form, quadratic, for tests and small data);
 * - {@link UnitizingTotals} with {@link addArticleUnits} and
 *   {@link alphaFromUnitizingTotals}: the binary form (|uα, units against gaps)
 *   accumulated article by article in a few sums, for the project figures.
 *   With a single value, uα and |uα coincide.
 */

/** A section of one coder's continuum, half-open [start, end): a unit with its value, or a gap (value null). */
export type UnitizingSection = { value: string | null; start: number; end: number };

/**
 * uα over explicit sections (2016, equations for the observed and expected
 * coincidences with the nominal metric). `coders[i]` are coder i's sections;
 * they must not overlap each other within a coder, and normally cover the
 * continuum (gaps included). The pairable total l.. is the sum of the
 * observed coincidences, so points a coder left uncovered simply do not pair.
 *
 * Returns null when undefined: fewer than two coders, nothing pairable, or
 * no expected disagreement (every section has one and the same value).
 */
export function unitizingAlpha(coders: ReadonlyArray<ReadonlyArray<UnitizingSection>>): number | null {
  const m = coders.length;
  if (m < 2) return null;
  const GAP = "\u0000gap";
  const key = (value: string | null) => (value === null ? GAP : value);
  const observed = new Map<string, number>(); // "c\u0001k" → u_ck
  const margins = new Map<string, number>(); // l_c.
  let diagonal = 0;
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < m; j++) {
      if (i === j) continue;
      for (const g of coders[i]!) {
        for (const h of coders[j]!) {
          const overlap = Math.min(g.end, h.end) - Math.max(g.start, h.start);
          if (overlap <= 0) continue;
          const u = overlap / (m - 1);
          const c = key(g.value);
          const k = key(h.value);
          observed.set(`${c}\u0001${k}`, (observed.get(`${c}\u0001${k}`) ?? 0) + u);
          margins.set(c, (margins.get(c) ?? 0) + u);
          if (c === k) diagonal += u;
        }
      }
    }
  }
  let total = 0;
  for (const value of margins.values()) total += value;
  // Σ over sections of each value: a unit's length squared, a gap's length (single points).
  const squares = new Map<string, number>();
  let allSquares = 0;
  for (const sections of coders) {
    for (const s of sections) {
      const length = s.end - s.start;
      if (length <= 0) continue;
      const weight = s.value === null ? length : length * length;
      squares.set(key(s.value), (squares.get(key(s.value)) ?? 0) + weight);
      allSquares += weight;
    }
  }
  const denominator = total * total - allSquares;
  if (total === 0 || denominator === 0) return null;
  let expectedDiagonal = 0;
  for (const [c, margin] of margins) expectedDiagonal += (total * (margin * margin - (squares.get(c) ?? 0))) / denominator;
  const expected = total - expectedDiagonal;
  if (expected === 0) return null;
  return 1 - (total - diagonal) / expected;
}

/**
 * A coder's units (value, start, end) completed into sections over [0, length):
 * the stretches no unit covers become gaps. Units must not overlap.
 */
export function sectionsWithGaps(units: ReadonlyArray<UnitizingSection>, length: number): UnitizingSection[] {
  const sorted = [...units].sort((a, b) => a.start - b.start || a.end - b.end);
  const sections: UnitizingSection[] = [];
  let at = 0;
  for (const unit of sorted) {
    if (unit.start > at) sections.push({ value: null, start: at, end: unit.start });
    sections.push(unit);
    at = Math.max(at, unit.end);
  }
  if (at < length) sections.push({ value: null, start: at, end: length });
  return sections;
}

// ── The binary form, accumulated ─────────────────────────────────────────────

/**
 * The sums |uα needs (units against gaps), additive over articles: an
 * article's coincidences only pair its own coders, so a project is the sum of
 * its articles, each with its own number of coders (as nominal alpha pools
 * units coded by different numbers of coders).
 */
export type UnitizingTotals = {
  /** l..: coders × continuum length, summed over articles. */
  pairable: number;
  /** u_11: coincidences of unit with unit. */
  unitWithUnit: number;
  /** u_00: coincidences of gap with gap. */
  gapWithGap: number;
  /** l_1.: the length all coders' units cover, summed over coders. */
  unitLength: number;
  /** Σ over units of their length squared. */
  unitSquares: number;
};

export function emptyUnitizingTotals(): UnitizingTotals {
  return { pairable: 0, unitWithUnit: 0, gapWithGap: 0, unitLength: 0, unitSquares: 0 };
}

/**
 * Add one article with `coders` coders (all of them, including those without
 * a unit) over a continuum of `length` points. `unitLength` and `unitSquares`
 * are the sums over the coders' (merged, non-overlapping) units; `overlapPairs`
 * is Σ over unordered coder pairs of the length their units share.
 *
 * With k coders: u_11 = 2P/(k−1); each coder's units meet the others' gaps for
 * l_1 − u_11 in all, so u_10 = u_01 = l_1 − u_11 and u_00 = kL − l_1 − u_10.
 */
export function addArticleUnits(
  totals: UnitizingTotals,
  article: { coders: number; length: number; unitLength: number; unitSquares: number; overlapPairs: number },
): void {
  const { coders: k, length } = article;
  if (k < 2 || !(length > 0)) return;
  const unitWithUnit = (2 * article.overlapPairs) / (k - 1);
  const unitWithGap = article.unitLength - unitWithUnit;
  totals.pairable += k * length;
  totals.unitWithUnit += unitWithUnit;
  totals.gapWithGap += k * length - article.unitLength - unitWithGap;
  totals.unitLength += article.unitLength;
  totals.unitSquares += article.unitSquares;
}

/** |uα from its sums: 1 − Do/De with Do = l.. − u_11 − u_00 and De = l.. − e_11 − e_00 (2016, nominal metric). Null when undefined. */
export function alphaFromUnitizingTotals(totals: UnitizingTotals): number | null {
  const { pairable: l, unitLength: l1, unitSquares } = totals;
  if (!(l > 0)) return null;
  const l0 = l - l1;
  // Gaps count as single points in the expected coincidences: Σ over gaps of their length is l_0 itself.
  const denominator = l * l - unitSquares - l0;
  if (denominator <= 0) return null;
  const expected11 = (l * (l1 * l1 - unitSquares)) / denominator;
  const expected00 = (l * (l0 * l0 - l0)) / denominator;
  const expected = l - expected11 - expected00;
  if (!(Math.abs(expected) > 1e-12 * l)) return null;
  const observed = l - totals.unitWithUnit - totals.gapWithGap;
  return 1 - observed / expected;
}

// ── Building a coder's units from claims ─────────────────────────────────────

/**
 * The continuum of an article without its excluded stretches (sentences
 * marked not annotatable): those are cut out, so a position maps to its
 * offset in what remains. Nobody was asked to judge them, as for the
 * sentence figures.
 */
export type Continuum = { length: number; toCompressed: (position: number) => number };

export function makeContinuum(textLength: number, excluded: ReadonlyArray<{ start: number; end: number }> = []): Continuum {
  const length = Math.max(0, Math.floor(textLength));
  const cuts: Array<{ start: number; end: number }> = [];
  for (const range of [...excluded].sort((a, b) => a.start - b.start)) {
    const start = Math.max(0, range.start);
    const end = Math.min(length, range.end);
    if (!(end > start)) continue;
    const last = cuts.at(-1);
    if (last && start <= last.end) last.end = Math.max(last.end, end);
    else cuts.push({ start, end });
  }
  let removed = 0;
  for (const cut of cuts) removed += cut.end - cut.start;
  const clamp = (p: number) => Math.min(length, Math.max(0, p));
  const toCompressed =
    cuts.length === 0
      ? clamp
      : (position: number) => {
          const p = clamp(position);
          let shift = 0;
          for (const cut of cuts) {
            if (p <= cut.start) break;
            shift += Math.min(p, cut.end) - cut.start;
          }
          return p - shift;
        };
  return { length: length - removed, toCompressed };
}

/**
 * Merge one coder's spans (already in compressed positions) into units that
 * do not overlap: overlapping claims are one stretch of claimed text; claims
 * that only touch stay two units. Writes into `out` from `at`; returns the
 * new end and the sums of lengths and squares.
 */
export function mergeUnits(
  starts: ArrayLike<number>,
  ends: ArrayLike<number>,
  order: ArrayLike<number>,
  from: number,
  to: number,
  outStarts: Float64Array,
  outEnds: Float64Array,
  at: number,
): { end: number; length: number; squares: number } {
  let write = at;
  let length = 0;
  let squares = 0;
  let curStart = 0;
  let curEnd = -1;
  const flush = () => {
    if (curEnd > curStart) {
      outStarts[write] = curStart;
      outEnds[write] = curEnd;
      write++;
      const l = curEnd - curStart;
      length += l;
      squares += l * l;
    }
  };
  for (let p = from; p < to; p++) {
    const c = order[p]!;
    const s = starts[c]!;
    const e = ends[c]!;
    if (!(e > s)) continue;
    if (curEnd > curStart && s < curEnd) {
      if (e > curEnd) curEnd = e;
    } else {
      flush();
      curStart = s;
      curEnd = e;
    }
  }
  flush();
  return { end: write, length, squares };
}

/** Length two coders' merged units share: a merge walk over both (each sorted by start, non-overlapping). */
export function sharedLength(starts: Float64Array, ends: Float64Array, aFrom: number, aTo: number, bFrom: number, bTo: number): number {
  let i = aFrom;
  let j = bFrom;
  let shared = 0;
  while (i < aTo && j < bTo) {
    const overlap = Math.min(ends[i]!, ends[j]!) - Math.max(starts[i]!, starts[j]!);
    if (overlap > 0) shared += overlap;
    if (ends[i]! < ends[j]!) i++;
    else j++;
  }
  return shared;
}

/**
 * Σ over unordered coder pairs of the length their units share, for units of
 * several coders at once (each coder's own units not overlapping): a sweep
 * over the sorted boundaries, where a stretch covered by n coders adds
 * n(n−1)/2 times its length. Linearithmic in the units, where comparing every
 * pair of coders would be quadratic in the coders. `scratchStarts` and
 * `scratchEnds` hold at least to − from values.
 */
export function sharedLengthOfAllPairs(
  starts: Float64Array,
  ends: Float64Array,
  from: number,
  to: number,
  scratchStarts: Float64Array,
  scratchEnds: Float64Array,
): number {
  const n = to - from;
  if (n < 2) return 0;
  const s = scratchStarts.subarray(0, n);
  const e = scratchEnds.subarray(0, n);
  s.set(starts.subarray(from, to));
  e.set(ends.subarray(from, to));
  s.sort();
  e.sort();
  let i = 0;
  let j = 0;
  let open = 0;
  let previous = 0;
  let shared = 0;
  while (j < n) {
    // Ends first at equal positions: half-open units that touch share nothing.
    const isStart = i < n && s[i]! < e[j]!;
    const position = isStart ? s[i]! : e[j]!;
    if (open >= 2) shared += ((open * (open - 1)) / 2) * (position - previous);
    previous = position;
    if (isStart) {
      open++;
      i++;
    } else {
      open--;
      j++;
    }
  }
  return shared;
}
