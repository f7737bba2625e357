import { snapToWordEdges } from "@/lib/anchoring";
import type { OffsetIndex } from "@/lib/offsets";

/**
 * From a selection in the rendered article to offsets of the article text.
 * The text container's text is exactly the article text (the page renders it
 * as text nodes only, however the highlights cut it), so a DOM boundary point
 * is addressed by how much text comes before it in the container. The DOM
 * counts UTF-16 units; claims count code points — the conversion goes through
 * the article's {@link OffsetIndex}.
 */

/** The boundary points of a selection: a DOM `Range` or `StaticRange`. */
export type BoundaryRange = Pick<AbstractRange, "startContainer" | "startOffset" | "endContainer" | "endOffset">;

/** A claimable span of the article, in code points (what claims store) and UTF-16 units (what the DOM paints). */
export type SelectedSpan = { start: number; end: number; start16: number; end16: number };

/**
 * UTF-16 offset in `root`'s text of the DOM boundary point (`node`, `offset`),
 * where `offset` counts characters in a text node and children in an element,
 * as DOM ranges do. Null when the point is not inside `root`.
 */
export function textOffsetOf(root: Node, node: Node, offset: number): number | null {
  if (!root.contains(node)) return null;
  const doc = root.ownerDocument ?? (root as Document);
  const before = doc.createRange();
  before.setStart(root, 0);
  before.setEnd(node, offset);
  return before.toString().length;
}

/**
 * The part of the article a selection marks for a claim: its edges moved out
 * to whole words and whole characters (a flag or an emoji is never cut in
 * half), surrounding blanks dropped. Null when the selection is empty, starts
 * or ends outside `root`, or holds nothing claimable (only spaces or
 * punctuation). `offsets` must be the index of the text `root` renders.
 */
export function selectedSpan(root: Node, range: BoundaryRange, offsets: OffsetIndex): SelectedSpan | null {
  const a = textOffsetOf(root, range.startContainer, range.startOffset);
  const b = textOffsetOf(root, range.endContainer, range.endOffset);
  if (a === null || b === null || a === b) return null;
  const snapped = snapToWordEdges(offsets.text, Math.min(a, b), Math.max(a, b));
  if (!snapped) return null;
  return { start: offsets.toCodePoint(snapped.start), end: offsets.toCodePoint(snapped.end), start16: snapped.start, end16: snapped.end };
}
