/**
 * Re-anchoring claims onto a new revision of their article (issue 14 item 2).
 *
 * Each claim's target (code points on the old text, with its quote and up to
 * 32 code points of context) gets one outcome on the new text:
 * - `kept`: the text diff maps the span to a span with the identical quote
 *   and the context there agrees ({@link contextAgrees});
 * - `relocated`: the diff does not place it, but the quote occurs exactly
 *   elsewhere, and in one place only with agreeing context;
 * - `needs_confirmation`: the quote occurs exactly but no single place is
 *   supported by its context, or it is found only approximately; with the
 *   proposed targets, best first, and a score;
 * - `orphaned`: not even an approximate match.
 *
 * The rule the issue sets — a claim is never moved to a place its quote does
 * not support — holds by construction: `kept` and `relocated` are only ever
 * given for a span whose text is exactly the old quote, and a fuzzy match
 * only ever becomes a proposal. Everything is pure and deterministic (the
 * diff has edit budgets, not time limits; every sort has a total order).
 *
 * Offsets in and out count code points; the search works in UTF-16 and
 * converts through one {@link OffsetIndex} per text.
 */
import approxSearch from "approx-string-match";
import { makeTarget, snapToWordEdges } from "./anchoring";
import { createOffsetIndex, isInsideSurrogatePair, type OffsetIndex } from "./offsets";
import { diffRevisionText } from "./revision-diff";
import type { ClaimTarget } from "./value-schemas";

export type ReanchorClaim = ClaimTarget & { id: string };

/** A place the claim could go, for a person to confirm; `score` in [0, 1], 1 a perfect quote, context and position. */
export type ReanchorProposal = { target: ClaimTarget; score: number };

/**
 * Why a claim waits for a person: `approximate` — only a fuzzy match of the
 * quote; `ambiguous` — the exact quote with agreeing context in more than one
 * place; `context_changed` — the exact quote, but nowhere with its context.
 */
export type ReanchorReason = "approximate" | "ambiguous" | "context_changed";

export type ReanchorOutcome =
  | { id: string; outcome: "kept" | "relocated"; target: ClaimTarget }
  | { id: string; outcome: "needs_confirmation"; reason: ReanchorReason; proposals: ReanchorProposal[] }
  | { id: string; outcome: "orphaned" };

export type ReanchorOutcomeKind = ReanchorOutcome["outcome"];

/** An outcome that places the claim by itself (kept or relocated), or one that leaves it waiting; TypeScript narrows on it. */
export type PlacingOutcome = Extract<ReanchorOutcome, { outcome: "kept" | "relocated" }>;
export type WaitingOutcome = Exclude<ReanchorOutcome, PlacingOutcome>;
export function isPlacing(outcome: ReanchorOutcome): outcome is PlacingOutcome {
  return outcome.outcome === "kept" || outcome.outcome === "relocated";
}

/**
 * How many code points of context next to the quote must be unchanged on at
 * least one side for the context to agree: half of what a target stores.
 */
export const CONTEXT_AGREEMENT = 16;

/** UTF-16 units either side of the expected position searched first for a fuzzy match ({@link approximateProposals}). */
const NEAR_HINT = 4_096;

/** Proposals offered for one claim: enough to choose from, few enough to read. */
const MAX_PROPOSALS = 3;

// ---------------------------------------------------------------------------
// Position mapping from the diff
// ---------------------------------------------------------------------------

/** A stretch the diff found unchanged: `length` UTF-16 units at `old` in the old text and at `next` in the new one. */
type Run = { old: number; next: number; length: number };

function equalRuns(oldText: string, newText: string): Run[] {
  const runs: Run[] = [];
  let old = 0;
  let next = 0;
  for (const segment of diffRevisionText(oldText, newText)) {
    const length = segment.text.length;
    if (segment.kind === "same") runs.push({ old, next, length });
    if (segment.kind !== "added") old += length;
    if (segment.kind !== "removed") next += length;
  }
  return runs;
}

/** Index of the last run starting at or before `at` in the old text, or -1. */
function runBefore(runs: Run[], at: number): number {
  let lo = 0;
  let hi = runs.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (runs[mid]!.old <= at) lo = mid + 1;
    else hi = mid;
  }
  return lo - 1;
}

/** Where the diff puts the old UTF-16 position `at` (a unit inside a run); null if it was removed. */
function mapUnit(runs: Run[], at: number): number | null {
  const run = runs[runBefore(runs, at)];
  if (!run || at >= run.old + run.length) return null;
  return run.next + (at - run.old);
}

/**
 * The new UTF-16 start of the old span `[start, end)` if the diff carries its
 * first and last character over unchanged and the same distance apart.
 */
function mapSpan(runs: Run[], start: number, end: number): number | null {
  const first = mapUnit(runs, start);
  const last = mapUnit(runs, end - 1);
  if (first === null || last === null || last - first !== end - 1 - start) return null;
  return first;
}

/** Where the old position would be now, as near as the diff says: the position hint for scoring. */
function nearestNewPosition(runs: Run[], at: number, oldLength: number, newLength: number): number {
  const run = runs[runBefore(runs, at)];
  if (!run) return oldLength === 0 ? 0 : Math.round((at / oldLength) * newLength);
  return run.next + Math.min(at - run.old, run.length);
}

// ---------------------------------------------------------------------------
// Context
// ---------------------------------------------------------------------------

/** Code points of the common tail of `a` and `b`. */
function commonTail(a: string[], b: string[]): number {
  let k = 0;
  while (k < a.length && k < b.length && a[a.length - 1 - k] === b[b.length - 1 - k]) k++;
  return k;
}

/** Code points of the common head of `a` and `b`. */
function commonHead(a: string[], b: string[]): number {
  let k = 0;
  while (k < a.length && k < b.length && a[k] === b[k]) k++;
  return k;
}

type Context = { prefix: string[]; suffix: string[] };

/** How the text around a UTF-16 span `[start, end)` of `text` matches a claim's old context, in code points. */
type ContextFit = { before: number; after: number; agrees: boolean };

function fitContext(text: string, start: number, end: number, context: Context): ContextFit {
  // Context is at most 32 code points, so twice that many units always cover it.
  const around = 2 * Math.max(context.prefix.length, context.suffix.length);
  const before = commonTail(Array.from(text.slice(Math.max(0, start - around), start)), context.prefix);
  const after = commonHead(Array.from(text.slice(end, end + around)), context.suffix);
  return { before, after, agrees: contextAgrees(before, after, context, start === 0, end === text.length) };
}

/**
 * The context agrees when, on at least one side, the {@link CONTEXT_AGREEMENT}
 * code points nearest the quote (all of that side, if the target has less)
 * are unchanged; a side whose old context was empty — the quote touched the
 * start or end of the text — agrees only if it still does.
 *
 * Why one side and why 16: the common revision next to a claim is an edit
 * on one side of it (a word changed before the quote, a sentence inserted
 * after it); the other side still pins the place, and requiring both would
 * queue every claim next to any edit. Requiring neither would let a diff's
 * coincidental alignment of common words inside a rewritten sentence ("…
 * prices rose 5 percent" → "… wages fell 5 percent as well") carry a claim
 * into a different statement. Sixteen code points is two to four words:
 * beyond chance agreement in prose, and still inside the 32 a target keeps
 * when the edit sits a few words from the quote.
 */
function contextAgrees(before: number, after: number, context: Context, isAtStart: boolean, isAtEnd: boolean): boolean {
  const side = (matched: number, old: number, isAtEdge: boolean): boolean => (old === 0 ? isAtEdge : matched >= Math.min(CONTEXT_AGREEMENT, old));
  return side(before, context.prefix.length, isAtStart) || side(after, context.suffix.length, isAtEnd);
}

// ---------------------------------------------------------------------------
// Scoring, after Hypothesis
// ---------------------------------------------------------------------------

/**
 * Similarity in [0, 1] of `text` to `str` by edit distance — as
 * hypothesis/client's `textMatchScore` (src/annotator/anchoring/match-quote.ts).
 */
function textMatchScore(text: string, str: string): number {
  if (str.length === 0 || text.length === 0) return 0;
  if (text.includes(str)) return 1;
  const matches = approxSearch(text, str, str.length);
  const errors = matches.reduce((least, m) => Math.min(least, m.errors), str.length);
  return 1 - errors / str.length;
}

/**
 * Score of a candidate UTF-16 span with `errors` edits from the quote. The
 * weights are Hypothesis's (hypothesis/client, match-quote.ts `scoreMatch`):
 * quote 50, prefix 20, suffix 20, position 2 — quote ≫ context ≫ position,
 * position only a tie-breaker. A side with no context scores 1, as there.
 */
function scoreCandidate(text: string, start: number, end: number, errors: number, claim: ClaimTarget, hint: number): number {
  const quoteScore = 1 - errors / claim.exact.length;
  const prefixScore = claim.prefix ? textMatchScore(text.slice(Math.max(0, start - claim.prefix.length), start), claim.prefix) : 1;
  const suffixScore = claim.suffix ? textMatchScore(text.slice(end, end + claim.suffix.length), claim.suffix) : 1;
  const posScore = text.length === 0 ? 1 : 1 - Math.abs(start - hint) / text.length;
  return (50 * quoteScore + 20 * prefixScore + 20 * suffixScore + 2 * posScore) / 92;
}

/** Scores are compared and shown rounded, so that float noise never decides an order. */
function round(score: number): number {
  return Math.round(score * 10_000) / 10_000;
}

// ---------------------------------------------------------------------------
// Re-anchoring
// ---------------------------------------------------------------------------

type Occurrence = { start: number; end: number; fit: ContextFit };

/** Every exact occurrence of `exact` in `text` (UTF-16) that starts and ends on code-point boundaries. */
function exactOccurrences(text: string, exact: string, context: Context): Occurrence[] {
  const found: Occurrence[] = [];
  for (let at = text.indexOf(exact); at !== -1; at = text.indexOf(exact, at + 1)) {
    const end = at + exact.length;
    if (isInsideSurrogatePair(text, at) || isInsideSurrogatePair(text, end)) continue;
    found.push({ start: at, end, fit: fitContext(text, at, end, context) });
  }
  return found;
}

/** The old UTF-16 span of a claim if its target still describes the old text, else null (then only search can place it). */
function oldSpan(oldIndex: OffsetIndex, claim: ClaimTarget): { start: number; end: number } | null {
  const { start, end } = claim;
  if (!Number.isInteger(start) || !Number.isInteger(end) || start < 0 || end <= start || end > oldIndex.codePointLength) return null;
  const s16 = oldIndex.toUtf16(start);
  const e16 = oldIndex.toUtf16(end);
  return oldIndex.text.slice(s16, e16) === claim.exact ? { start: s16, end: e16 } : null;
}

/** A proposal's target as the annotator would have made it: edges snapped to whole words, then {@link makeTarget}. */
function proposalTarget(newIndex: OffsetIndex, start: number, end: number): ClaimTarget {
  const snapped = snapToWordEdges(newIndex.text, start, end) ?? { start, end };
  return makeTarget(newIndex, snapped.start, snapped.end);
}

function byScoreThenPosition(a: ReanchorProposal, b: ReanchorProposal): number {
  return b.score - a.score || a.target.start - b.target.start || a.target.end - b.target.end;
}

/** Distinct proposals (by span), best first, at most {@link MAX_PROPOSALS}. */
function topProposals(proposals: ReanchorProposal[]): ReanchorProposal[] {
  const seen = new Set<string>();
  const out: ReanchorProposal[] = [];
  for (const p of [...proposals].sort(byScoreThenPosition)) {
    const key = `${p.target.start}:${p.target.end}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(p);
    if (out.length === MAX_PROPOSALS) break;
  }
  return out;
}

/** Shortest pattern piece worth looking up exactly in {@link fewestErrorMatches}: shorter ones occur everywhere. */
const MIN_PIECE = 6;

/**
 * What `approxSearch(text, pattern, maxErrors)` returns — every match with the
 * fewest errors, at most `maxErrors` — without scanning the whole text when
 * the budget is small. Cut the pattern into `maxErrors + 1` pieces: a match
 * with at most that many errors contains at least one piece unchanged
 * (pigeonhole), so only the stretches around exact occurrences of a piece can
 * hold one. approxSearch runs on those stretches (each wide enough for any
 * match through its piece), and the fewest-error matches over all of them are
 * the whole text's. With a budget that leaves pieces too short to be rare,
 * the whole text is searched.
 */
export function fewestErrorMatches(text: string, pattern: string, maxErrors: number): ReturnType<typeof approxSearch> {
  const pieceLength = Math.floor(pattern.length / (maxErrors + 1));
  if (pieceLength < MIN_PIECE) return approxSearch(text, pattern, maxErrors);
  const reach = pattern.length + maxErrors;
  const stretches: { start: number; end: number }[] = [];
  for (let p = 0; p <= maxErrors; p++) {
    const piece = pattern.slice(p * pieceLength, (p + 1) * pieceLength);
    for (let at = text.indexOf(piece); at !== -1; at = text.indexOf(piece, at + 1)) {
      stretches.push({ start: Math.max(0, at - reach), end: Math.min(text.length, at + piece.length + reach) });
    }
  }
  stretches.sort((a, b) => a.start - b.start);
  const merged: { start: number; end: number }[] = [];
  for (const s of stretches) {
    const last = merged[merged.length - 1];
    if (last && s.start <= last.end) last.end = Math.max(last.end, s.end);
    else merged.push({ ...s });
  }
  let fewest = maxErrors;
  let found: ReturnType<typeof approxSearch> = [];
  for (const { start, end } of merged) {
    for (const m of approxSearch(text.slice(start, end), pattern, fewest)) {
      if (m.errors < fewest) {
        fewest = m.errors;
        found = [];
      }
      found.push({ start: m.start + start, end: m.end + start, errors: m.errors });
    }
  }
  return found;
}

/**
 * Fuzzy matches of the quote, as Hypothesis's `matchQuote` finds them: up to
 * min(256, half the quote's length) errors, every lowest-error match scored.
 */
function approximateProposals(newIndex: OffsetIndex, claim: ClaimTarget, hint: number): ReanchorProposal[] {
  const text = newIndex.text;
  const maxErrors = Math.min(256, Math.floor(claim.exact.length / 2));
  if (maxErrors === 0 || text.length === 0) return [];
  // approxSearch reports only the matches with the fewest errors, and costs less the fewer it may
  // allow. A search near the expected position first finds an upper bound on that fewest number
  // (a match there is a match in the whole text), so the whole-text search can allow only that
  // many and still returns exactly the matches a search with the full budget would.
  const nearStart = Math.max(0, hint - NEAR_HINT);
  const nearEnd = Math.min(text.length, hint + claim.exact.length + NEAR_HINT);
  const near = approxSearch(text.slice(nearStart, nearEnd), claim.exact, maxErrors);
  const budget = near.reduce((least, m) => Math.min(least, m.errors), maxErrors);
  const proposals: ReanchorProposal[] = [];
  for (const match of fewestErrorMatches(text, claim.exact, budget)) {
    if (match.end <= match.start) continue;
    const score = round(scoreCandidate(text, match.start, match.end, match.errors, claim, hint));
    proposals.push({ target: proposalTarget(newIndex, match.start, match.end), score });
  }
  return topProposals(proposals);
}

function reanchorOne(claim: ReanchorClaim, oldIndex: OffsetIndex, newIndex: OffsetIndex, runs: Run[]): ReanchorOutcome {
  const { id, exact } = claim;
  if (typeof exact !== "string" || exact.length === 0 || typeof claim.prefix !== "string" || typeof claim.suffix !== "string") {
    return { id, outcome: "orphaned" };
  }
  const text = newIndex.text;
  const context: Context = { prefix: Array.from(claim.prefix), suffix: Array.from(claim.suffix) };
  const span = oldSpan(oldIndex, claim);
  const mappedAt = span ? mapSpan(runs, span.start, span.end) : null;
  const mapped = mappedAt !== null && text.startsWith(exact, mappedAt) ? mappedAt : null;
  const placed = (outcome: "kept" | "relocated", start: number): ReanchorOutcome => ({
    id,
    outcome,
    target: makeTarget(newIndex, start, start + exact.length),
  });

  // Fast path: the diff maps it and all of the context is there — no other place can fit better.
  if (mapped !== null) {
    const fit = fitContext(text, mapped, mapped + exact.length, context);
    if (fit.before === context.prefix.length && fit.after === context.suffix.length && fit.agrees) return placed("kept", mapped);
  }

  const hint = span ? nearestNewPosition(runs, span.start, oldIndex.utf16Length, newIndex.utf16Length) : 0;
  const occurrences = exactOccurrences(text, exact, context);
  const fitOf = (o: Occurrence): number => o.fit.before + o.fit.after;
  const agreeing = occurrences.filter((o) => o.fit.agrees);
  const best = agreeing.reduce((max, o) => Math.max(max, fitOf(o)), -1);
  const onMapped = agreeing.find((o) => o.start === mapped);

  // Where the diff maps it, with agreeing context that no other place beats: the diff decides a tie.
  if (onMapped && fitOf(onMapped) === best) return placed("kept", onMapped.start);
  // Not where the diff maps it, and the context agrees in one place only. Two agreeing places are
  // left to a person even if one matches a few more characters: past the agreeing 16, the extra
  // characters are as often chance ("…\n\nDie " after either copy of a paragraph) as evidence.
  if (!onMapped && agreeing.length === 1) return placed("relocated", agreeing[0]!.start);

  if (occurrences.length > 0) {
    const proposals = occurrences.map((o) => ({
      target: makeTarget(newIndex, o.start, o.end),
      score: round(scoreCandidate(text, o.start, o.end, 0, claim, hint)),
    }));
    return { id, outcome: "needs_confirmation", reason: agreeing.length > 0 ? "ambiguous" : "context_changed", proposals: topProposals(proposals) };
  }

  const proposals = approximateProposals(newIndex, claim, hint);
  if (proposals.length > 0) return { id, outcome: "needs_confirmation", reason: "approximate", proposals };
  return { id, outcome: "orphaned" };
}

/**
 * Re-anchors `claims` (targets in code points on `oldText`) onto `newText`,
 * one outcome per claim in the order given. Pure and deterministic. A claim
 * whose target no longer describes `oldText` is not placed by position, only
 * by search.
 */
export function reanchorClaims(oldText: string, newText: string, claims: readonly ReanchorClaim[]): ReanchorOutcome[] {
  const oldIndex = createOffsetIndex(oldText);
  const newIndex = createOffsetIndex(newText);
  const runs = equalRuns(oldText, newText);
  return claims.map((claim) => reanchorOne(claim, oldIndex, newIndex, runs));
}

/** Sentence bounds in code points, in text order, as a revision stores them. */
export type SentenceBounds = ReadonlyArray<readonly [number, number]>;

/** The first sentence whose end is after `offset` (binary search over ordered, non-overlapping bounds). */
function firstEndingAfter(sentences: SentenceBounds, offset: number): number {
  let lo = 0;
  let hi = sentences.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((sentences[mid] as readonly [number, number])[1] <= offset) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The indexes of the sentences a span [start, end) overlaps: what `claims.sentence_indexes` holds. */
export function sentenceIndexesOf(sentences: SentenceBounds, start: number, end: number): number[] {
  const out: number[] = [];
  for (let i = firstEndingAfter(sentences, start); i < sentences.length && (sentences[i] as readonly [number, number])[0] < end; i++) out.push(i);
  return out;
}

/**
 * Where sentences of the old revision went in the new one, for the decisions people took on whole
 * sentences ("no claim here", "not annotatable"): a sentence follows only to a sentence of the new
 * revision with exactly its text — the only one with that text, or, where several have it, the one
 * re-anchoring keeps it at (the diff maps it there with its context). Otherwise it has no place, and its
 * decisions are not carried over. `wanted`: the old sentence indexes to place.
 */
export function mapSentences(
  oldText: string,
  oldSentences: SentenceBounds,
  newText: string,
  newSentences: SentenceBounds,
  wanted: readonly number[],
): Map<number, number> {
  const oldIndex = createOffsetIndex(oldText);
  const newIndex = createOffsetIndex(newText);
  const byText = new Map<string, number[]>();
  newSentences.forEach(([start, end], i) => {
    const text = newIndex.slice(start, end);
    const list = byText.get(text);
    if (list) list.push(i);
    else byText.set(text, [i]);
  });
  const mapped = new Map<number, number>();
  const repeated: ReanchorClaim[] = [];
  for (const index of wanted) {
    const bounds = oldSentences[index];
    if (!bounds) continue;
    const text = oldIndex.slice(bounds[0], bounds[1]);
    const candidates = byText.get(text) ?? [];
    if (candidates.length === 1) mapped.set(index, candidates[0] as number);
    else if (candidates.length > 1) {
      repeated.push({ id: String(index), ...makeTarget(oldIndex, oldIndex.toUtf16(bounds[0]), oldIndex.toUtf16(bounds[1])) });
    }
  }
  if (repeated.length === 0) return mapped;
  for (const outcome of reanchorClaims(oldText, newText, repeated)) {
    if (outcome.outcome !== "kept") continue;
    const at = firstEndingAfter(newSentences, outcome.target.start);
    const sentence = newSentences[at];
    if (sentence && sentence[0] === outcome.target.start && sentence[1] === outcome.target.end) mapped.set(Number(outcome.id), at);
  }
  return mapped;
}
