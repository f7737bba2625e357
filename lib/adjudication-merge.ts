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

export type MergePlan = { target?: ClaimTarget; note: string };

/**
 * The merged gold claim's quote: when the selected quotes overlap or touch
 * (only whitespace between them) it is their union, from the earliest start to
 * the latest end; otherwise promoteToGold keeps the first claim's quote.
 */
export function planMerge(text: string, claims: MergeableClaim[]): MergePlan {
  const first = claims[0];
  if (!first) return { note: "" };
  const sorted = [...claims].sort((a, b) => a.start - b.start || a.end - b.end);
  const index = createOffsetIndex(text);
  let reach = sorted[0]!.end;
  for (const claim of sorted.slice(1)) {
    if (claim.start > reach && index.slice(reach, claim.start).trim() !== "") {
      return { note: `The quotes are not contiguous: the gold claim keeps ${first.authorName}'s quote “${shorten(first.exact, 40)}”.` };
    }
    reach = Math.max(reach, claim.end);
  }
  const start = sorted[0]!.start;
  if (start === first.start && reach === first.end) return { note: `Quote: “${shorten(first.exact, 80)}”.` };
  const target = makeTarget(index, index.toUtf16(start), index.toUtf16(reach));
  return { target, note: `Quote: the union of the selected quotes, “${shorten(target.exact, 80)}”.` };
}
