/**
 * The span a keyboard user marks inside the focused sentence, word by word
 * (the keyboard's counterpart of a mouse selection). Offsets are UTF-16 units
 * into the article text, as the DOM paints them.
 */

/** A word's place in the text. */
export type Word = { start: number; end: number };

/** The marked span as words of the sentence: `anchor` stays put while Shift+arrows move `head`. */
export type WordMark = { sentence: number; anchor: number; head: number };

const segmenters = new Map<string, Intl.Segmenter>();

function segmenterFor(language: string | undefined): Intl.Segmenter {
  const key = language ?? "";
  let segmenter = segmenters.get(key);
  if (!segmenter) {
    segmenter = new Intl.Segmenter(language, { granularity: "word" });
    segmenters.set(key, segmenter);
  }
  return segmenter;
}

/** The words of `text` in [start, end), as the language cuts them (numbers like 3,5 and words like don't stay whole). */
export function wordsIn(text: string, start: number, end: number, language?: string): Word[] {
  const words: Word[] = [];
  for (const segment of segmenterFor(language).segment(text.slice(start, end))) {
    if (segment.isWordLike) words.push({ start: start + segment.index, end: start + segment.index + segment.segment.length });
  }
  return words;
}

/**
 * The mark after an arrow key: without `extend` the mark becomes one word,
 * the next or previous (the first or the last when there was none); with it,
 * the head moves and the anchor stays, so the span grows or shrinks.
 */
export function moveMark(mark: WordMark | null, sentence: number, wordCount: number, to: "next" | "previous", extend: boolean): WordMark | null {
  if (wordCount === 0) return null;
  const last = wordCount - 1;
  if (!mark || mark.sentence !== sentence) {
    const at = to === "next" ? 0 : last;
    return { sentence, anchor: at, head: at };
  }
  const head = to === "next" ? Math.min(last, mark.head + 1) : Math.max(0, mark.head - 1);
  return extend ? { ...mark, head } : { sentence, anchor: head, head };
}

/**
 * The text the mark covers: from its first word to its last, and to the end
 * of the sentence when the last word is the sentence's (its full stop is part
 * of what is quoted, as when the whole sentence is claimed).
 */
export function markedSpan(mark: WordMark, words: readonly Word[], sentenceEnd: number): Word | null {
  const first = words[Math.min(mark.anchor, mark.head)];
  const lastIndex = Math.max(mark.anchor, mark.head);
  const last = words[lastIndex];
  if (!first || !last) return null;
  return { start: first.start, end: lastIndex === words.length - 1 ? sentenceEnd : last.end };
}
