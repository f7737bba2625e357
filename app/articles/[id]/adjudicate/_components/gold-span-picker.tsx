"use client";

import { useTranslations } from "next-intl";
import { useId, useRef } from "react";
import { textOffsetOf } from "@/app/articles/[id]/_components/selection-offsets";
import type { Word } from "@/app/articles/[id]/_components/word-span";
import styles from "../adjudicate.module.css";

/** The chosen words of a sentence, as indexes into its words (`from` ≤ `to`). */
export type WordRange = { from: number; to: number };

/**
 * Where a gold claim's quote lies in its sentence, in UTF-16 units of the
 * article text: from the first chosen word to the last, widened to the
 * sentence's own edges when the range starts at its first word or ends at
 * its last (so the whole sentence keeps its opening quote mark and full stop,
 * as when the whole sentence is claimed). Null for a sentence without words.
 */
export function wordRangeSpan(range: WordRange, words: readonly Word[], sentence: Word): Word | null {
  const first = words[range.from];
  const last = words[range.to];
  if (!first || !last || range.from > range.to) return null;
  return { start: range.from === 0 ? sentence.start : first.start, end: range.to === words.length - 1 ? sentence.end : last.end };
}

/** The words a selection of [start, end) (UTF-16, article text) touches, or null when it touches none. */
export function wordRangeOf(words: readonly Word[], start: number, end: number): WordRange | null {
  const from = words.findIndex((w) => w.end > start);
  let to = -1;
  words.forEach((w, i) => {
    if (w.start < end) to = i;
  });
  return from < 0 || to < from ? null : { from, to };
}

/**
 * Choose the gold claim's quote inside its sentence: by mouse, selecting
 * words in the sentence shown (the selection snaps to whole words), or by
 * keyboard, choosing the first and the last word in two lists. The chosen
 * part is marked in the sentence.
 */
export function GoldSpanPicker({
  text,
  sentence,
  words,
  range,
  language,
  onChange,
}: {
  /** The article text (UTF-16 offsets). */
  text: string;
  sentence: Word;
  words: readonly Word[];
  range: WordRange;
  language?: string;
  onChange: (range: WordRange) => void;
}) {
  const t = useTranslations("review.adjudicate");
  const uid = useId();
  const preview = useRef<HTMLParagraphElement>(null);
  const span = wordRangeSpan(range, words, sentence) ?? sentence;
  const wordLabel = (i: number) => t("wordOption", { number: i + 1, word: text.slice(words[i]!.start, words[i]!.end) });

  /** A mouse selection inside the sentence becomes the range of the words it touches. */
  const takeSelection = () => {
    const root = preview.current;
    const selection = root?.ownerDocument.getSelection();
    if (!root || !selection || selection.rangeCount === 0 || selection.isCollapsed) return;
    const r = selection.getRangeAt(0);
    const a = textOffsetOf(root, r.startContainer, r.startOffset);
    const b = textOffsetOf(root, r.endContainer, r.endOffset);
    if (a === null || b === null || a === b) return;
    const chosen = wordRangeOf(words, sentence.start + Math.min(a, b), sentence.start + Math.max(a, b));
    if (chosen) onChange(chosen);
  };

  return (
    <fieldset className={styles.span}>
      <legend>{t("spanLegend")}</legend>
      <p id={`${uid}-hint`} className="muted">
        {t("spanHint")}
      </p>
      {/* The sentence as text nodes only (plus the mark), so a selection's offsets count the sentence's characters. */}
      <p ref={preview} className={styles.spanPreview} lang={language} onMouseUp={takeSelection} data-testid="gold-span-sentence">
        {text.slice(sentence.start, span.start)}
        <mark>{text.slice(span.start, span.end)}</mark>
        {text.slice(span.end, sentence.end)}
      </p>
      <div className="row">
        <div>
          <label htmlFor={`${uid}-from`}>{t("firstWord")}</label>
          <select
            id={`${uid}-from`}
            aria-describedby={`${uid}-hint`}
            value={range.from}
            onChange={(e) => {
              const from = Number(e.target.value);
              onChange({ from, to: Math.max(from, range.to) });
            }}
          >
            {words.map((w, i) => (
              <option key={w.start} value={i}>
                {wordLabel(i)}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor={`${uid}-to`}>{t("lastWord")}</label>
          <select
            id={`${uid}-to`}
            aria-describedby={`${uid}-hint`}
            value={range.to}
            onChange={(e) => {
              const to = Number(e.target.value);
              onChange({ from: Math.min(range.from, to), to });
            }}
          >
            {words.map((w, i) => (
              <option key={w.start} value={i}>
                {wordLabel(i)}
              </option>
            ))}
          </select>
        </div>
      </div>
    </fieldset>
  );
}
