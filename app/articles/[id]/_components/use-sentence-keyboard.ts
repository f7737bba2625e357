"use client";

import { type RefObject, useCallback, useEffect, useMemo, useState } from "react";
import type { Range16 } from "./highlight-pieces";
import { keyAction, moveFocus } from "./keyboard-map";
import { scrollBehavior } from "./scroll";
import { markedSpan, moveMark, type Word, type WordMark, wordsIn } from "./word-span";

/** What the keys ask the page to do; spans are UTF-16 offsets into the text. */
export type SentenceActions = {
  /** Claim `span` (a marked span, or the focused sentence); `isNew`: even where the person already has a claim. */
  claim: (span: Word, sentence: number, isNew: boolean) => void;
  open: (sentence: number) => void;
  claimStep: (to: "next" | "previous") => void;
  /** The next sentence after `from` that waits for the person's decision, or null when none does. */
  nextOpenSentence: (from: number | null) => number | null;
  deleteOpen: () => void;
  /** Toggle the person's "no claim here" on a sentence (its position in the list). */
  toggleNoClaim: (sentence: number) => void;
  /** Toggle "not annotatable" on a sentence (its position in the list). */
  toggleExcluded: (sentence: number) => void;
  /** `u`: the page hears Ctrl+Z and Cmd+Z itself, wherever the focus is. */
  undo: () => void;
  close: () => void;
};

type Options = {
  textRef: RefObject<HTMLElement | null>;
  text: string;
  sentences: readonly Range16[];
  /** The article's language, which says where its words end. */
  language: string | undefined;
  /** Read when a key is pressed, so they may depend on what this hook keeps (the focus). */
  actions: RefObject<SentenceActions | null>;
};

/**
 * The keyboard path through the article text: a focused sentence moved with
 * the arrows (kept in view), a span marked in it word by word, and the keys
 * that claim, open, step through claims, delete, decide a sentence holds no
 * claim or is not annotatable, undo and redo.
 */
export function useSentenceKeyboard({ textRef, text, sentences, language, actions: actionsRef }: Options) {
  const [focusedSentence, setFocusedSentence] = useState<number | null>(null);
  const [mark, setMark] = useState<WordMark | null>(null);

  const focused = focusedSentence === null ? undefined : sentences[focusedSentence];
  const words = useMemo(() => (focused ? wordsIn(text, focused.start, focused.end, language) : []), [focused, language, text]);
  const markSpan = mark && focused && mark.sentence === focusedSentence ? markedSpan(mark, words, focused.end) : null;

  const focusSentence = useCallback((index: number | null) => {
    setFocusedSentence(index);
    setMark(null);
  }, []);

  // The focused sentence stays in view, as a caret would.
  useEffect(() => {
    if (focusedSentence === null) return;
    const piece = textRef.current?.querySelector(`[data-sentence="${focusedSentence}"]`);
    piece?.scrollIntoView?.({ block: "nearest", behavior: scrollBehavior() });
  }, [focusedSentence, textRef]);

  const onKeyDown = useCallback(
    (event: React.KeyboardEvent) => {
      if (event.target !== textRef.current) return;
      const action = keyAction(event);
      const actions = actionsRef.current;
      if (!action || !actions) return;
      switch (action.kind) {
        case "move":
          event.preventDefault();
          focusSentence(moveFocus(focusedSentence, action.to, sentences.length));
          return;
        case "word": {
          const index = focusedSentence ?? moveFocus(null, "first", sentences.length);
          if (index === null) return;
          event.preventDefault();
          if (index !== focusedSentence) setFocusedSentence(index);
          const sentence = sentences[index]!;
          const count = index === focusedSentence ? words.length : wordsIn(text, sentence.start, sentence.end, language).length;
          setMark((current) => moveMark(current, index, count, action.to, action.extend));
          return;
        }
        case "claim": {
          if (!focused || focusedSentence === null) return;
          event.preventDefault();
          actions.claim(markSpan ?? { start: focused.start, end: focused.end }, focusedSentence, action.isNew);
          setMark(null);
          return;
        }
        case "open":
          if (focusedSentence !== null) actions.open(focusedSentence);
          return;
        case "claimStep":
          event.preventDefault();
          actions.claimStep(action.to);
          return;
        case "nextOpenSentence": {
          event.preventDefault();
          const next = actions.nextOpenSentence(focusedSentence);
          if (next !== null) focusSentence(next);
          return;
        }
        case "delete":
          event.preventDefault();
          actions.deleteOpen();
          return;
        case "noClaim":
        case "exclude":
          if (focusedSentence === null) return;
          event.preventDefault();
          if (action.kind === "noClaim") actions.toggleNoClaim(focusedSentence);
          else actions.toggleExcluded(focusedSentence);
          return;
        // Ctrl+Z, redo and help are the page's keys (pageKeyAction): it hears them from here too.
        case "undo":
          if (event.ctrlKey || event.metaKey) return;
          event.preventDefault();
          actions.undo();
          return;
        case "redo":
        case "help":
          return;
        case "close":
          if (mark) {
            setMark(null);
            return;
          }
          actions.close();
          return;
      }
    },
    [actionsRef, focusSentence, focused, focusedSentence, language, mark, markSpan, sentences, text, textRef, words.length],
  );

  return { focusedSentence, focusSentence, markSpan, onKeyDown };
}
