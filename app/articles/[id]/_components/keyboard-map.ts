/**
 * The article text's keyboard path, as data: which key does what. The page
 * carries the actions out; this module only names them, so the map can be read
 * (and tested) in one place and matches the help text under the article
 * (`annotator.keyboardHelp` in messages/<locale>/annotator.json, which names
 * each key as that language's keyboards label it).
 */

export type MoveTarget = "next" | "previous" | "first" | "last";

export type KeyAction =
  /** Move the sentence focus. */
  | { kind: "move"; to: MoveTarget }
  /** Claim the focused sentence; `reopenOwn`: open the user's own claim of exactly that sentence instead, if there is one. */
  | { kind: "claim"; reopenOwn: boolean }
  /** Open a claim touching the focused sentence (the user's own first). */
  | { kind: "open" }
  /** Delete the open claim. */
  | { kind: "delete" }
  /** Undo the last deletion. */
  | { kind: "undo" }
  /** Close the editor and the selection toolbar. */
  | { kind: "close" };

/** What a key press carries that the map looks at: a `KeyboardEvent`, or React's wrapper of one. */
export type KeyPress = Pick<KeyboardEvent, "key" | "ctrlKey" | "metaKey" | "altKey">;

/** Keys that act whatever modifier is held, as they always have (none of them types text). */
const NAMED = new Map<string, KeyAction>([
  ["ArrowDown", { kind: "move", to: "next" }],
  ["ArrowUp", { kind: "move", to: "previous" }],
  ["Home", { kind: "move", to: "first" }],
  ["End", { kind: "move", to: "last" }],
  ["Enter", { kind: "claim", reopenOwn: true }],
  ["Delete", { kind: "delete" }],
  ["Backspace", { kind: "delete" }],
  ["Escape", { kind: "close" }],
]);

/** Letter keys: only unmodified, so Ctrl+C still copies and Ctrl+K still reaches the browser. */
const LETTERS = new Map<string, KeyAction>([
  ["j", { kind: "move", to: "next" }],
  ["k", { kind: "move", to: "previous" }],
  ["c", { kind: "claim", reopenOwn: false }],
  ["o", { kind: "open" }],
  ["u", { kind: "undo" }],
]);

/** The action a key press asks for in the article text, or null for a key the text leaves alone. */
export function keyAction(press: KeyPress): KeyAction | null {
  const named = NAMED.get(press.key);
  if (named) return named;
  const isCommand = press.ctrlKey || press.metaKey;
  // Ctrl+Z on Windows and Linux, Cmd+Z on a Mac.
  if (press.key === "z" && isCommand && !press.altKey) return { kind: "undo" };
  if (isCommand || press.altKey) return null;
  return LETTERS.get(press.key) ?? null;
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
