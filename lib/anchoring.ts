/**
 * Anchoring claims to article text, in the style of the Hypothesis client:
 * a claim's target records a code-point position plus the quoted text and a
 * little context on each side (W3C TextPositionSelector + TextQuoteSelector),
 * so it can be verified against the canonical text and found again after
 * the text moved.
 *
 * Every function takes either the text or an {@link OffsetIndex} of it. One
 * call on a plain string builds an index (O(n)) internally; code that handles
 * many claims of one article should build the index once and pass it in.
 */
import { codePointLength, createOffsetIndex, isInsideSurrogatePair, type OffsetIndex } from "./offsets";
import { type ClaimTarget, MAX_QUOTE_CONTEXT } from "./value-schemas";

/** A half-open range `[start, end)`. Its unit is stated wherever it is used. */
export type Span = { start: number; end: number };

/** Why a target does not verify: `field` names the part of the target at fault, as a save's 422 and an import's report name it. */
export type VerifyResult =
  | { ok: true }
  | { ok: false; field: "target" | "target.end" | "target.exact" | "target.prefix" | "target.suffix"; reason: string };

/** Text or a prebuilt index of it. */
export type TextSource = string | OffsetIndex;

function indexOf(source: TextSource): OffsetIndex {
  return typeof source === "string" ? createOffsetIndex(source) : source;
}

function isHigh(unit: number): boolean {
  return unit >= 0xd800 && unit <= 0xdbff;
}

function isLow(unit: number): boolean {
  return unit >= 0xdc00 && unit <= 0xdfff;
}

/**
 * Builds the target for the selection `[startU16, endU16)` given in UTF-16
 * code units (DOM ranges, `String.prototype.indexOf`). The result counts code
 * points and carries up to {@link MAX_QUOTE_CONTEXT} code points of prefix
 * and suffix (fewer only where the text starts or ends).
 *
 * A start inside a surrogate pair moves back to the pair's start and an end
 * inside one moves forward past it: the selection grows to whole characters
 * rather than losing the character the user touched.
 * @throws RangeError unless 0 ≤ startU16 < endU16 ≤ text length.
 */
export function makeTarget(source: TextSource, startU16: number, endU16: number): ClaimTarget {
  const index = indexOf(source);
  const { text } = index;
  if (!Number.isInteger(startU16) || !Number.isInteger(endU16) || startU16 < 0 || endU16 > text.length || startU16 >= endU16) {
    throw new RangeError(`selection ${String(startU16)}…${String(endU16)} is empty or outside 0…${text.length}`);
  }
  const start = index.toCodePoint(startU16);
  const end = index.toCodePoint(endU16) + (isInsideSurrogatePair(text, endU16) ? 1 : 0);
  const prefixStart = Math.max(0, start - MAX_QUOTE_CONTEXT);
  const suffixEnd = Math.min(index.codePointLength, end + MAX_QUOTE_CONTEXT);
  const s16 = index.toUtf16(start);
  const e16 = index.toUtf16(end);
  return {
    start,
    end,
    exact: text.slice(s16, e16),
    prefix: text.slice(index.toUtf16(prefixStart), s16),
    suffix: text.slice(e16, index.toUtf16(suffixEnd)),
  };
}

/**
 * Length (UTF-16 units) of the longest common tail of `text.slice(0, at)` and
 * `context`, shortened so that it never begins in the middle of a surrogate
 * pair on either side — i.e. what matches, counted in whole code points.
 */
function matchBefore(text: string, at: number, context: string): number {
  let k = 0;
  const max = Math.min(at, context.length);
  while (k < max && text.charCodeAt(at - 1 - k) === context.charCodeAt(context.length - 1 - k)) k++;
  if (k > 0) {
    const first = text.charCodeAt(at - k);
    const textSplit = at - k > 0 && isHigh(text.charCodeAt(at - k - 1));
    const contextSplit = context.length - k > 0 && isHigh(context.charCodeAt(context.length - k - 1));
    if (isLow(first) && (textSplit || contextSplit)) k--;
  }
  return k;
}

/** Mirror of {@link matchBefore}: common head of `text.slice(at)` and `context`. */
function matchAfter(text: string, at: number, context: string): number {
  let k = 0;
  const max = Math.min(text.length - at, context.length);
  while (k < max && text.charCodeAt(at + k) === context.charCodeAt(k)) k++;
  if (k > 0) {
    const lastMatched = text.charCodeAt(at + k - 1);
    const textSplit = at + k < text.length && isLow(text.charCodeAt(at + k));
    const contextSplit = k < context.length && isLow(context.charCodeAt(k));
    if (isHigh(lastMatched) && (textSplit || contextSplit)) k--;
  }
  return k;
}

/**
 * Checks a target against the canonical text: `exact` must be the text at
 * `[start, end)` (code points), the text before `start` must end with
 * `prefix`, and the text after `end` must begin with `suffix`.
 *
 * Context shorter than {@link MAX_QUOTE_CONTEXT} is accepted anywhere (not
 * only at the text's edges): targets made by other tools carry less context,
 * and a shorter context that matches still pins the same words. Context
 * longer than the maximum is refused, as the wire schema would.
 */
export function verifyTarget(source: TextSource, target: ClaimTarget): VerifyResult {
  const index = indexOf(source);
  const { text } = index;
  const { start, end, exact, prefix, suffix } = target;
  // Targets arrive from clients and imports; a wrong type must be a refusal, not a crash.
  if (typeof exact !== "string" || typeof prefix !== "string" || typeof suffix !== "string") {
    return { ok: false, field: "target", reason: "exact, prefix and suffix must be strings" };
  }
  if (!Number.isInteger(start) || !Number.isInteger(end) || start < 0 || end <= start || end > index.codePointLength) {
    return { ok: false, field: "target.end", reason: `range ${String(start)}…${String(end)} is not within 0…${index.codePointLength} code points` };
  }
  const s16 = index.toUtf16(start);
  const e16 = index.toUtf16(end);
  if (text.slice(s16, e16) !== exact) {
    return { ok: false, field: "target.exact", reason: `the text at ${start}…${end} differs from the quoted text` };
  }
  if (codePointLength(prefix) > MAX_QUOTE_CONTEXT) {
    return { ok: false, field: "target.prefix", reason: `prefix is longer than ${MAX_QUOTE_CONTEXT} code points` };
  }
  if (codePointLength(suffix) > MAX_QUOTE_CONTEXT) {
    return { ok: false, field: "target.suffix", reason: `suffix is longer than ${MAX_QUOTE_CONTEXT} code points` };
  }
  if (matchBefore(text, s16, prefix) !== prefix.length) {
    return { ok: false, field: "target.prefix", reason: "prefix does not match the text before the quote" };
  }
  if (matchAfter(text, e16, suffix) !== suffix.length) {
    return { ok: false, field: "target.suffix", reason: "suffix does not match the text after the quote" };
  }
  return { ok: true };
}

/**
 * The target with its context cut to at most {@link MAX_QUOTE_CONTEXT} code
 * points on each side (the ones nearest the quote), and whether anything was
 * cut: for files whose targets carry longer context than Claimwork stores
 * (another tool's, or one restored before the limit applied to restores).
 */
export function withContextAtMost(target: ClaimTarget): { target: ClaimTarget; isCut: boolean } {
  const prefix = [...target.prefix];
  const suffix = [...target.suffix];
  if (prefix.length <= MAX_QUOTE_CONTEXT && suffix.length <= MAX_QUOTE_CONTEXT) return { target, isCut: false };
  return {
    target: { ...target, prefix: prefix.slice(-MAX_QUOTE_CONTEXT).join(""), suffix: suffix.slice(0, MAX_QUOTE_CONTEXT).join("") },
    isCut: true,
  };
}

/**
 * Finds where a target's quote is in `source` now; returns its code-point
 * span or null when the quote no longer occurs.
 *
 * 1. If the target still verifies at its recorded position (quote and
 *    context), that position wins — the cheap, common case.
 * 2. Otherwise every occurrence of `exact` is scored by how much of the
 *    prefix and suffix match around it; the best score wins, ties go to the
 *    occurrence nearest the recorded start, then to the earlier one. The
 *    recorded position is one of the candidates, so a quote whose context
 *    was edited stays put unless a better-matching copy exists.
 *
 * Context is checked even in step 1 because a bare quote check would accept
 * a different copy of the same words that happens to land on the old
 * offsets after text was inserted before it.
 */
export function anchorTarget(source: TextSource, target: ClaimTarget): Span | null {
  const index = indexOf(source);
  const { text } = index;
  const { exact, prefix, suffix } = target;
  if (typeof exact !== "string" || typeof prefix !== "string" || typeof suffix !== "string" || exact.length === 0) return null;
  if (verifyTarget(index, target).ok) return { start: target.start, end: target.end };

  const origin = Number.isFinite(target.start) ? target.start : 0;
  let best: Span | null = null;
  let bestScore = -1;
  let bestDistance = Infinity;
  for (let at = text.indexOf(exact); at !== -1; at = text.indexOf(exact, at + 1)) {
    const endAt = at + exact.length;
    // An occurrence that starts or ends between the halves of a pair is not a match of these characters.
    if (isInsideSurrogatePair(text, at) || isInsideSurrogatePair(text, endAt)) continue;
    const score = matchBefore(text, at, prefix) + matchAfter(text, endAt, suffix);
    if (score < bestScore) continue;
    const start = index.toCodePoint(at);
    const distance = Math.abs(start - origin);
    if (score > bestScore || distance < bestDistance) {
      best = { start, end: index.toCodePoint(endAt) };
      bestScore = score;
      bestDistance = distance;
    }
  }
  return best;
}

// Characters that make up words: letters, combining marks, digits and other numbers.
const WORD_CHAR = /^[\p{L}\p{M}\p{N}]/u;
const LETTER_OR_DIGIT_END = /[\p{L}\p{M}\p{N}]$/u;
// Invisible or blank graphemes trimmed from selection edges: they carry no
// meaning in a quote and a stray one makes otherwise identical claims differ.
const BLANK = /^[\p{White_Space}\p{Cc}\u200B-\u200D\u2060\uFEFF\u00AD]+$/u;
// A selection consisting only of these says nothing and is not a claim.
const NOTHING_TO_CLAIM = /^[\p{P}\p{White_Space}\p{Cc}\u200B-\u200D\u2060\uFEFF\u00AD]*$/u;
// Joiners that belong to a word when letters/digits are on both sides ("don't", "geht’s", "1.000", "3,5").
const APOSTROPHES = new Set(["'", "\u2019"]);
const NUMBER_SEPARATORS = new Set([".", ","]);

type Graphemes = {
  /** UTF-16 span of the grapheme cluster containing the code unit at `i` (0 ≤ i < length). */
  at(i: number): Span;
};

/**
 * Grapheme clusters by Intl.Segmenter, which every browser Claimwork supports
 * and Node have: a flag, an accented letter or a toned emoji is never split.
 *
 * Segmenting costs time in proportion to the text segmented — on a
 * 3,000-sentence article more than a keystroke's budget per call — so only a
 * window around the position asked for is segmented, and a new one when a
 * question falls outside it. A window starts at a line feed and ends just after
 * one (or at the text's ends): Unicode breaks grapheme clusters before and after
 * every control character (UAX #29, GB4/GB5), CR LF aside, so the clusters in
 * the window are exactly those of the whole text.
 */
let segmenter: Intl.Segmenter | undefined;

/** Code units either side of a position that a window holds at least. */
const GRAPHEME_WINDOW = 2_048;

function graphemesOf(text: string): Graphemes {
  segmenter ??= new Intl.Segmenter(undefined, { granularity: "grapheme" });
  const seg = segmenter;
  let from = 0;
  let to = 0;
  let segments: Intl.Segments | undefined;
  const windowAround = (i: number): Intl.Segments => {
    const lineFeedBefore = text.lastIndexOf("\n", Math.max(0, i - GRAPHEME_WINDOW));
    from = lineFeedBefore <= 0 ? 0 : text[lineFeedBefore - 1] === "\r" ? lineFeedBefore - 1 : lineFeedBefore;
    const lineFeedAfter = text.indexOf("\n", Math.min(text.length, i + GRAPHEME_WINDOW));
    to = lineFeedAfter === -1 ? text.length : lineFeedAfter + 1;
    return seg.segment(text.slice(from, to));
  };
  return {
    at(i) {
      if (!segments || i < from || i >= to) segments = windowAround(i);
      const found = segments.containing(i - from);
      // containing() is defined for every 0 ≤ i < length; the fallback only satisfies the type.
      if (!found) return { start: i, end: i + 1 };
      return { start: from + found.index, end: from + found.index + found.segment.length };
    },
  };
}

function isWordGrapheme(g: string): boolean {
  return WORD_CHAR.test(g);
}

/**
 * Cleans up a text selection given in UTF-16 code units and returns the
 * cleaned selection, also in UTF-16 code units (ready for
 * {@link makeTarget}), or null when nothing claimable is selected.
 *
 * - Edges move outward to grapheme-cluster boundaries, so surrogate pairs,
 *   flags, ZWJ emoji sequences and base letters with accents stay whole.
 * - Whitespace and invisible characters are trimmed from both ends.
 * - An edge inside a word moves outward to the word's edge; words are runs
 *   of letters, marks and numbers (apostrophes between letters and . , between
 *   digits count as part of the word).
 * - Punctuation the user selected at an edge (a closing quote mark, a full
 *   stop) is kept: it is part of what was quoted.
 *
 * Returns null for an empty selection or one with only whitespace and
 * punctuation. @throws RangeError if the offsets are outside the text.
 */
export function snapToWordEdges(text: string, startU16: number, endU16: number): Span | null {
  if (!Number.isInteger(startU16) || !Number.isInteger(endU16) || startU16 < 0 || endU16 > text.length || startU16 > endU16) {
    throw new RangeError(`selection ${String(startU16)}…${String(endU16)} is not within 0…${text.length}`);
  }
  if (startU16 === endU16) return null;
  const graphemes = graphemesOf(text);
  let start = graphemes.at(startU16).start;
  let end = graphemes.at(endU16 - 1).end;

  const grapheme = (span: Span): string => text.slice(span.start, span.end);
  while (start < end) {
    const g = graphemes.at(start);
    if (!BLANK.test(grapheme(g))) break;
    start = g.end;
  }
  while (end > start) {
    const g = graphemes.at(end - 1);
    if (!BLANK.test(grapheme(g))) break;
    end = g.start;
  }
  if (start >= end || NOTHING_TO_CLAIM.test(text.slice(start, end))) return null;

  // A grapheme is inside a word if it is a word character, or a joiner
  // (apostrophe, digit separator) with word characters on both sides.
  const inWord = (span: Span): boolean => {
    const g = grapheme(span);
    if (isWordGrapheme(g)) return true;
    if (span.start === 0 || span.end >= text.length) return false;
    return joinsWord(g, grapheme(graphemes.at(span.start - 1)), grapheme(graphemes.at(span.end)));
  };
  if (inWord(graphemes.at(start))) {
    while (start > 0) {
      const prev = graphemes.at(start - 1);
      if (!inWord(prev)) break;
      start = prev.start;
    }
  }
  if (inWord(graphemes.at(end - 1))) {
    while (end < text.length) {
      const next = graphemes.at(end);
      if (!inWord(next)) break;
      end = next.end;
    }
  }
  return { start, end };
}

/** Whether `joiner` between the graphemes `left` and `right` is inside one word. */
function joinsWord(joiner: string, left: string, right: string): boolean {
  if (!APOSTROPHES.has(joiner) && !NUMBER_SEPARATORS.has(joiner)) return false;
  if (!LETTER_OR_DIGIT_END.test(left) || !isWordGrapheme(right)) return false;
  if (APOSTROPHES.has(joiner)) return /^[\p{L}\p{M}]/u.test(right) && /[\p{L}\p{M}]$/u.test(left);
  if (NUMBER_SEPARATORS.has(joiner)) return /^\p{N}/u.test(right) && /\p{N}$/u.test(left);
  return false;
}
