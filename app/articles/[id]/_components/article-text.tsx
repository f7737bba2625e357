"use client";

import { memo, useMemo } from "react";
import { cutPieces, type Range16 } from "./highlight-pieces";

function rgba(hex: string, alpha: number): string {
  const n = Number.parseInt(hex.slice(1), 16);
  return `rgba(${(n >> 16) & 255}, ${(n >> 8) & 255}, ${n & 255}, ${alpha})`;
}

type Props = {
  text: string;
  titleEnd: number;
  sentences: Range16[];
  claims: Range16[];
  colorOf: (claimId: string) => string;
  selectedClaimId: string | null;
  focusedSentence: number | null;
  /** A span marked with the keyboard (UTF-16), painted like a selection. */
  markedSpan?: { start: number; end: number } | null;
  /** Sentences (by position) decided without a claim, with the words that say how. */
  sentenceMarks?: ReadonlyMap<number, SentenceMark>;
};

/**
 * How a sentence was decided besides a claim: `noClaim` (the person's own
 * "no claim here", or only others'), `excluded` (not annotatable), and
 * `label`, the state in the interface's words. The mark is a symbol before
 * the sentence (CSS generated content, so the text stays exactly the
 * article's), whose alternative text is the label.
 */
export type SentenceMark = { noClaim: "own" | "others" | null; excluded: boolean; label: string };

/**
 * The article as text nodes only (React escapes them): nothing in an article
 * is ever interpreted as HTML. Highlights are backgrounds and stacked
 * underlines, one underline per covering claim, so nested and overlapping
 * claims stay distinguishable.
 */
export const ArticleText = memo(function ArticleText(props: Props) {
  const markStart = props.markedSpan?.start;
  const markEnd = props.markedSpan?.end;
  const pieces = useMemo(
    () =>
      cutPieces(
        props.text.length,
        props.sentences,
        props.claims,
        props.titleEnd,
        markStart === undefined || markEnd === undefined ? [] : [markStart, markEnd],
      ),
    [props.text.length, props.sentences, props.claims, props.titleEnd, markStart, markEnd],
  );
  return (
    <>
      {pieces.map((piece) => {
        const covering = piece.claims;
        const isMarked = markStart !== undefined && markEnd !== undefined && piece.start >= markStart && piece.end <= markEnd;
        const decided = props.sentenceMarks?.get(piece.sentence);
        const isSentenceStart = decided !== undefined && props.sentences[piece.sentence]?.start === piece.start;
        const classes = [
          piece.start < props.titleEnd ? "title" : "",
          piece.sentence === props.focusedSentence ? "seg-focus" : "",
          isMarked ? "seg-mark" : "",
          decided?.excluded ? "sent-excluded" : "",
          decided?.noClaim ? `sent-no-claim sent-no-claim-${decided.noClaim}` : "",
          isSentenceStart ? "sent-start" : "",
          covering.length ? "hl" : "",
          covering.length && props.selectedClaimId && covering.includes(props.selectedClaimId) ? "selected" : "",
        ];
        return (
          <Piece
            key={piece.start}
            start={piece.start}
            sentence={piece.sentence}
            text={props.text.slice(piece.start, piece.end)}
            claims={covering.length ? covering.join(" ") : undefined}
            isMarked={isMarked}
            decided={isSentenceStart ? decided.label : undefined}
            className={classes.filter(Boolean).join(" ") || undefined}
            colorOf={props.colorOf}
          />
        );
      })}
    </>
  );
});

type PieceProps = {
  start: number;
  sentence: number;
  text: string;
  /** The covering claims' ids, innermost first, space-separated (as `data-claims` holds them). */
  claims: string | undefined;
  isMarked: boolean;
  /** The sentence's decision in words, on the piece that starts it. */
  decided: string | undefined;
  className: string | undefined;
  colorOf: (claimId: string) => string;
};

/**
 * One run of text, with plain props only: moving the focus or opening a claim renders again the few
 * pieces whose look changes, not the thousands of a long article.
 */
const Piece = memo(function Piece({ start, sentence, text, claims, isMarked, decided, className, colorOf }: PieceProps) {
  let style: React.CSSProperties | undefined;
  if (claims) {
    const covering = claims.split(" ");
    const innermost = colorOf(covering[0]!);
    style = {
      // A marked span shows as marked over a highlight too (its underlines still tell the claims).
      backgroundColor: isMarked ? undefined : rgba(innermost, Math.min(0.18 + 0.12 * (covering.length - 1), 0.6)),
      boxShadow: covering
        .slice(0, 4)
        .map((id, depth) => `inset 0 -${2 * (depth + 1)}px 0 0 ${colorOf(id)}`)
        .join(", "),
    };
  }
  return (
    <span data-o={start} data-sentence={sentence} data-claims={claims} data-decided={decided} className={className} style={style}>
      {text}
    </span>
  );
});
