/**
 * The adjudication merge rule: which quote a gold claim merged from several
 * annotators' claims gets (promoteToGold in server/team/adjudication.ts takes
 * the target this plans). Pure, so the adjudication page, its client controls
 * and the tests share one rule.
 */
import { makeTarget } from "@/lib/anchoring";
import type { ClaimTarget } from "@/lib/claim-schema";
import { createOffsetIndex } from "@/lib/offsets";

/** What the merge needs to know about an annotator's claim (offsets in code points). */
export type MergeableClaim = { id: string; start: number; end: number; authorName: string; exact: string };

/** Collapse whitespace and cut `text` to at most `max` characters (with an ellipsis). */
export function shorten(text: string, max = 60): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

/**
 * What the merge decides about the gold claim's quote: the selected quotes'
 * `union` (a new `target`), the `first` claim's quote because it already spans
 * the others, or the first claim's quote kept because the quotes are
 * `not_contiguous`. `quote` is the quote the gold claim gets; the page words
 * the outcome in the person's language.
 */
export type MergePlan =
  | { outcome: "none" }
  | { outcome: "union"; target: ClaimTarget; quote: string }
  | { outcome: "first" | "not_contiguous"; quote: string; authorName: string };

/**
 * The merged gold claim's quote: when the selected quotes overlap or touch
 * (only whitespace between them) it is their union, from the earliest start to
 * the latest end; otherwise promoteToGold keeps the first claim's quote.
 */
export function planMerge(text: string, claims: MergeableClaim[]): MergePlan {
  const first = claims[0];
  if (!first) return { outcome: "none" };
  const sorted = [...claims].sort((a, b) => a.start - b.start || a.end - b.end);
  const index = createOffsetIndex(text);
  let reach = sorted[0]!.end;
  for (const claim of sorted.slice(1)) {
    if (claim.start > reach && index.slice(reach, claim.start).trim() !== "") {
      return { outcome: "not_contiguous", quote: first.exact, authorName: first.authorName };
    }
    reach = Math.max(reach, claim.end);
  }
  const start = sorted[0]!.start;
  if (start === first.start && reach === first.end) return { outcome: "first", quote: first.exact, authorName: first.authorName };
  const target = makeTarget(index, index.toUtf16(start), index.toUtf16(reach));
  return { outcome: "union", target, quote: target.exact };
}
