/**
 * The review queue's keys, as a pure mapping (tested without a page): what a
 * key press asks for, and whether it was typed into a field (then it is text,
 * not a command).
 */

export type QueueKeyAction = "next" | "previous" | "accept" | "reject" | "request_changes" | "select";

export type QueueKeyPress = Pick<KeyboardEvent, "key" | "ctrlKey" | "metaKey" | "altKey">;

const KEYS: Readonly<Record<string, QueueKeyAction>> = {
  j: "next",
  ArrowDown: "next",
  k: "previous",
  ArrowUp: "previous",
  a: "accept",
  r: "reject",
  c: "request_changes",
  x: "select",
};

/** The action a key asks for; null for any other key and for shortcuts with Ctrl, Alt or ⌘ (the browser's and the system's). */
export function queueKeyAction(press: QueueKeyPress): QueueKeyAction | null {
  if (press.ctrlKey || press.metaKey || press.altKey) return null;
  return Object.hasOwn(KEYS, press.key) ? KEYS[press.key]! : null;
}

/** Input types that take no typing: a key pressed on them is still a command. */
const NON_TEXT_INPUTS = new Set(["checkbox", "radio", "button", "submit", "reset"]);

/** True when the key goes into something the person types in or chooses from with arrow keys (a text field, a select, editable text). */
export function isTypingTarget(target: EventTarget | null): boolean {
  if (!target || typeof (target as Element).tagName !== "string") return false;
  const element = target as HTMLElement;
  if (element.isContentEditable) return true;
  const tag = element.tagName.toLowerCase();
  if (tag === "textarea" || tag === "select") return true;
  return tag === "input" && !NON_TEXT_INPUTS.has((element as HTMLInputElement).type);
}
