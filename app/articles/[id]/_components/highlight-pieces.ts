/**
 * Cutting the article text into the pieces the page paints: each piece lies
 * in one sentence (or none) and is covered by one set of claims, so nested and
 * overlapping claims become runs of text that each know every claim over them.
 * Offsets here are UTF-16 units (what the DOM paints); they are converted from
 * the stored code points once, by the caller.
 */

/** A span of the text in UTF-16 units, named by a claim id or a sentence index. */
export type Range16 = { id: string; start: number; end: number };

export type Piece = {
  start: number;
  end: number;
  /** Index into the sentences, or -1 between sentences (and in the title). */
  sentence: number;
  /** Ids of the claims covering the whole piece, innermost (shortest) first; ties keep the claims' start order. */
  claims: string[];
};

/**
 * Cut the text at every sentence and claim edge (and at the end of the
 * title), so each piece has one sentence and one set of covering claims.
 * `sentences` are in text order and do not overlap; claims may overlap and
 * nest in any way. Empty pieces are never made, and edges outside the text
 * are ignored. `extraEdges`: further cuts (the edges of a span marked with
 * the keyboard, so it can be painted).
 */
export function cutPieces(
  length: number,
  sentences: readonly Range16[],
  claims: readonly Range16[],
  titleEnd: number,
  extraEdges: readonly number[] = [],
): Piece[] {
  const edges = new Set<number>([0, length, titleEnd, ...extraEdges]);
  for (const s of sentences) edges.add(s.start).add(s.end);
  for (const c of claims) edges.add(c.start).add(c.end);
  const points = [...edges].filter((p) => p >= 0 && p <= length).sort((a, b) => a - b);
  // A sweep over the edges: claims join the active set as the cut passes their start and leave it at their end,
  // instead of testing every claim against every piece.
  const starts = [...claims].sort((a, b) => a.start - b.start);
  const active: Range16[] = [];
  let next = 0;
  let sentence = 0;
  const pieces: Piece[] = [];
  for (let i = 0; i + 1 < points.length; i++) {
    const start = points[i]!;
    const end = points[i + 1]!;
    while (next < starts.length && starts[next]!.start <= start) active.push(starts[next++]!);
    for (let k = active.length - 1; k >= 0; k--) if (active[k]!.end <= start) active.splice(k, 1);
    while (sentence + 1 < sentences.length && sentences[sentence + 1]!.start <= start) sentence++;
    const current = sentences[sentence];
    const inSentence = current && current.start <= start && start < current.end ? sentence : -1;
    // Innermost first: its colour fills the piece, and a click on it opens the most specific claim.
    const covering = [...active].sort((a, b) => a.end - a.start - (b.end - b.start));
    pieces.push({ start, end, sentence: inSentence, claims: covering.map((c) => c.id) });
  }
  return pieces;
}
