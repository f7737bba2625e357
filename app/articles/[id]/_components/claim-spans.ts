/**
 * Which claim a key means, decided on the claims' places in the text (UTF-16,
 * as painted) and their authors. The list is in text order, as the page keeps
 * it; a person's own claims come first where either would do, since those are
 * the ones they can edit.
 */
import type { Range16 } from "./highlight-pieces";

/** A claim as the keys see it. */
export type ClaimSpan = Range16 & { authorId: string };

type Span = { start: number; end: number };

/** Whether two lists place the same claims, by the same authors, at the same places in the same order. */
export function sameSpans(a: readonly ClaimSpan[], b: readonly ClaimSpan[]): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!;
    const y = b[i]!;
    if (x.id !== y.id || x.start !== y.start || x.end !== y.end || x.authorId !== y.authorId) return false;
  }
  return true;
}

export function touching<C extends Span>(claims: readonly C[], span: Span): C[] {
  return claims.filter((c) => c.start < span.end && c.end > span.start);
}

/**
 * The person's claim that Enter or c opens instead of making a duplicate: for
 * a whole sentence, their first claim touching it; for a marked span, their
 * claim of exactly that span. Null when there is none (then a claim is made).
 */
export function claimToReopen(claims: readonly ClaimSpan[], span: Span, sentence: Span | undefined, userId: string): ClaimSpan | null {
  const own = touching(claims, span).filter((c) => c.authorId === userId);
  const isWholeSentence = sentence !== undefined && span.start === sentence.start && span.end === sentence.end;
  return (isWholeSentence ? own[0] : own.find((c) => c.start === span.start && c.end === span.end)) ?? null;
}

/** The claim o opens in a sentence: the person's own first, else anyone's. */
export function claimOfSentence(claims: readonly ClaimSpan[], sentence: Span, userId: string): ClaimSpan | null {
  const inside = touching(claims, sentence);
  return inside.find((c) => c.authorId === userId) ?? inside[0] ?? null;
}

/**
 * The claim n or p chooses: the next or previous one after the open claim,
 * stopping at either end; with none open, the first one from `from` (the
 * focused sentence's start) on, or the last one before it.
 */
export function steppedClaim(claims: readonly ClaimSpan[], openId: string | null, from: number | null, to: "next" | "previous"): ClaimSpan | null {
  if (claims.length === 0) return null;
  const at = openId === null ? -1 : claims.findIndex((c) => c.id === openId);
  if (at >= 0) return claims[to === "next" ? Math.min(claims.length - 1, at + 1) : Math.max(0, at - 1)]!;
  if (to === "next") return claims.find((c) => c.start >= (from ?? 0)) ?? claims.at(-1)!;
  return claims.findLast((c) => c.start < (from ?? 0)) ?? claims[0]!;
}

/**
 * The sentence f moves to: the next one after `from` (wrapping round to the
 * start) that no claim of the person's touches yet and that is not
 * `settled` otherwise (marked "no claim here" or not annotatable, by
 * position), or null when every one is.
 */
export function nextOpenSentence(
  sentences: readonly Span[],
  claims: readonly ClaimSpan[],
  from: number | null,
  userId: string,
  settled: ReadonlySet<number> = new Set(),
): number | null {
  const own = claims.filter((c) => c.authorId === userId);
  for (let step = 1; step <= sentences.length; step++) {
    const index = ((from ?? -1) + step) % sentences.length;
    if (!settled.has(index) && touching(own, sentences[index]!).length === 0) return index;
  }
  return null;
}
