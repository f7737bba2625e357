/**
 * The annotator's keys, as data: which key does what. The page carries the
 * actions out; this module only names them, so the map can be read (and
 * tested) in one place and matches the shortcut overlay
 * (`annotator.shortcuts` in messages/<locale>/annotator.json, which names
 * each key as that language's keyboards label it).
 */

export type MoveTarget = "next" | "previous" | "first" | "last";

export type KeyAction =
  /** Move the sentence focus. */
  | { kind: "move"; to: MoveTarget }
  /** Move the word mark inside the focused sentence; `extend`: grow or shrink the marked span from its anchor instead. */
  | { kind: "word"; to: "next" | "previous"; extend: boolean }
  /**
   * Claim the marked span, or the focused sentence. `isNew`: always a new claim; otherwise the
   * person's own claim on that text opens instead, so a second press never makes a duplicate.
   */
  | { kind: "claim"; isNew: boolean }
  /** Open a claim touching the focused sentence (the person's own first). */
  | { kind: "open" }
  /** Choose the next or previous claim in text order. */
  | { kind: "claimStep"; to: "next" | "previous" }
  /** Focus the next sentence no claim of the person's touches yet. */
  | { kind: "nextOpenSentence" }
  /** Delete the open claim (undoable). */
  | { kind: "delete" }
  /** Mark the focused sentence "no claim here", or clear that mark (the person's own decision). */
  | { kind: "noClaim" }
  /** Mark the focused sentence "not annotatable" for everyone, or annotatable again (reviewers and admins). */
  | { kind: "exclude" }
  | { kind: "undo" }
  | { kind: "redo" }
  /** Show the shortcut overlay. */
  | { kind: "help" }
  /** Drop the marked span, else close the editor and the selection toolbar. */
  | { kind: "close" };

/** What a key press carries that the map looks at: a `KeyboardEvent`, or React's wrapper of one. */
export type KeyPress = Pick<KeyboardEvent, "key" | "ctrlKey" | "metaKey" | "altKey" | "shiftKey">;

/** Keys that act whatever modifier is held, as they always have (none of them types text). */
const NAMED = new Map<string, KeyAction>([
  ["ArrowDown", { kind: "move", to: "next" }],
  ["ArrowUp", { kind: "move", to: "previous" }],
  ["Home", { kind: "move", to: "first" }],
  ["End", { kind: "move", to: "last" }],
  ["Enter", { kind: "claim", isNew: false }],
  // Delete only: Backspace is pressed out of habit to correct text, and must never cost a claim.
  ["Delete", { kind: "delete" }],
  ["Escape", { kind: "close" }],
]);

/** Letter keys: only without Ctrl, Cmd or Alt, so Ctrl+C still copies and Ctrl+K still reaches the browser. */
const LETTERS = new Map<string, KeyAction>([
  ["j", { kind: "move", to: "next" }],
  ["k", { kind: "move", to: "previous" }],
  ["c", { kind: "claim", isNew: false }],
  ["o", { kind: "open" }],
  ["n", { kind: "claimStep", to: "next" }],
  ["p", { kind: "claimStep", to: "previous" }],
  ["f", { kind: "nextOpenSentence" }],
  ["u", { kind: "undo" }],
  ["x", { kind: "noClaim" }],
]);

/** Capitals with Shift held. */
const SHIFTED = new Map<string, KeyAction>([
  ["C", { kind: "claim", isNew: true }],
  ["X", { kind: "exclude" }],
]);

/**
 * The keys that act wherever the focus is, as long as it is not in a text
 * field (there the browser's own undo and typing go first): undo, redo and
 * the shortcut overlay. Null for any other key.
 */
export function pageKeyAction(press: KeyPress): KeyAction | null {
  const isCommand = press.ctrlKey || press.metaKey;
  // Ctrl on Windows and Linux, Cmd on a Mac; Shift+Z is Z in the event's key.
  if (isCommand && !press.altKey) {
    const key = press.key.toLowerCase();
    if (key === "z") return { kind: press.shiftKey ? "redo" : "undo" };
    if (key === "y" && !press.shiftKey) return { kind: "redo" };
    return null;
  }
  if (press.key === "?" && !press.altKey) return { kind: "help" };
  return null;
}

/** The action a key press asks for in the article text, or null for a key the text leaves alone. */
export function keyAction(press: KeyPress): KeyAction | null {
  const onPage = pageKeyAction(press);
  if (onPage) return onPage;
  if (press.key === "ArrowRight" || press.key === "ArrowLeft") {
    if (press.ctrlKey || press.metaKey || press.altKey) return null;
    return { kind: "word", to: press.key === "ArrowRight" ? "next" : "previous", extend: press.shiftKey };
  }
  const named = NAMED.get(press.key);
  if (named) return named;
  if (press.ctrlKey || press.metaKey || press.altKey) return null;
  // Shift+C claims anew on purpose, Shift+X excludes; other capitals are left alone, unless Caps Lock (not Shift) made them.
  if (press.shiftKey) return SHIFTED.get(press.key) ?? null;
  return LETTERS.get(press.key.toLowerCase()) ?? null;
}

/**
 * The sentence focused after a move among `count` sentences: the first one
 * when none was focused yet, and never past either end. Null when there are
 * no sentences.
 */
export function moveFocus(current: number | null, to: MoveTarget, count: number): number | null {
  if (count <= 0) return null;
  const last = count - 1;
  if (to === "first") return 0;
  if (to === "last") return last;
  if (current === null) return 0;
  return to === "next" ? Math.min(last, current + 1) : Math.max(0, current - 1);
}
