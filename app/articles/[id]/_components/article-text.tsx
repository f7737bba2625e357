"use client";

import { memo, useMemo } from "react";

export type Range16 = { id: string; start: number; end: number };

export const CLAIM_COLORS = ["#f5b400", "#2f9e44", "#1c7ed6", "#e8590c", "#ae3ec9", "#0ca678", "#d6336c", "#5c7cfa"];

function rgba(hex: string, alpha: number): string {
  const n = Number.parseInt(hex.slice(1), 16);
  return `rgba(${(n >> 16) & 255}, ${(n >> 8) & 255}, ${n & 255}, ${alpha})`;
}

type Piece = { start: number; end: number; sentence: number; claims: string[] };

/**
 * Cut the text at every sentence and claim edge, so each piece has one
 * sentence and one set of covering claims. A sweep keeps it O(n log n) in
 * the number of edges, not pieces × claims.
 */
export function cutPieces(length: number, sentences: Range16[], claims: Range16[], titleEnd: number): Piece[] {
  const edges = new Set<number>([0, length, titleEnd]);
  for (const s of sentences) edges.add(s.start).add(s.end);
  for (const c of claims) edges.add(c.start).add(c.end);
  const points = [...edges].filter((p) => p >= 0 && p <= length).sort((a, b) => a - b);
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
    const inSentence = sentences[sentence] && sentences[sentence]!.start <= start && start < sentences[sentence]!.end ? sentence : -1;
    pieces.push({ start, end, sentence: inSentence, claims: active.map((c) => c.id) });
  }
  return pieces;
}

type Props = {
  text: string;
  titleEnd: number;
  sentences: Range16[];
  claims: Range16[];
  colorOf: (claimId: string) => string;
  lengthOf: (claimId: string) => number;
  selectedClaimId: string | null;
  focusedSentence: number | null;
};

/**
 * The article as text nodes only (React escapes them): nothing in an article
 * is ever interpreted as HTML. Highlights are backgrounds and stacked
 * underlines, one underline per covering claim, so nested and overlapping
 * claims stay distinguishable.
 */
export const ArticleText = memo(function ArticleText(props: Props) {
  const pieces = useMemo(
    () => cutPieces(props.text.length, props.sentences, props.claims, props.titleEnd),
    [props.text.length, props.sentences, props.claims, props.titleEnd],
  );
  return (
    <>
      {pieces.map((piece) => {
        const covering = [...piece.claims].sort((a, b) => props.lengthOf(a) - props.lengthOf(b));
        const classes = [piece.start < props.titleEnd ? "title" : "", piece.sentence === props.focusedSentence ? "seg-focus" : ""];
        let style: React.CSSProperties | undefined;
        if (covering.length) {
          classes.push("hl");
          if (props.selectedClaimId && covering.includes(props.selectedClaimId)) classes.push("selected");
          const innermost = props.colorOf(covering[0]!);
          style = {
            backgroundColor: rgba(innermost, Math.min(0.18 + 0.12 * (covering.length - 1), 0.6)),
            boxShadow: covering
              .slice(0, 4)
              .map((id, depth) => `inset 0 -${2 * (depth + 1)}px 0 0 ${props.colorOf(id)}`)
              .join(", "),
          };
        }
        return (
          <span
            key={piece.start}
            data-o={piece.start}
            data-sentence={piece.sentence}
            data-claims={covering.length ? covering.join(" ") : undefined}
            className={classes.filter(Boolean).join(" ") || undefined}
            style={style}
          >
            {props.text.slice(piece.start, piece.end)}
          </span>
        );
      })}
    </>
  );
});
