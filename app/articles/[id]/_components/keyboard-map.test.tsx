import { describe, expect, it } from "vitest";
import { type KeyPress, keyAction, moveFocus } from "./keyboard-map";

const press = (key: string, modifiers: Partial<KeyPress> = {}): KeyPress => ({ key, ctrlKey: false, metaKey: false, altKey: false, ...modifiers });

describe("keyAction: the keys the help text under the article names", () => {
  it.each([
    ["ArrowDown", { kind: "move", to: "next" }],
    ["j", { kind: "move", to: "next" }],
    ["ArrowUp", { kind: "move", to: "previous" }],
    ["k", { kind: "move", to: "previous" }],
    ["Home", { kind: "move", to: "first" }],
    ["End", { kind: "move", to: "last" }],
    ["Enter", { kind: "claim", reopenOwn: true }],
    ["c", { kind: "claim", reopenOwn: false }],
    ["o", { kind: "open" }],
    ["Delete", { kind: "delete" }],
    ["Backspace", { kind: "delete" }],
    ["u", { kind: "undo" }],
    ["Escape", { kind: "close" }],
  ])("%s", (key, action) => {
    expect(keyAction(press(key))).toEqual(action);
  });

  it("Ctrl+Z and Cmd+Z undo; a plain z does nothing", () => {
    expect(keyAction(press("z", { ctrlKey: true }))).toEqual({ kind: "undo" });
    expect(keyAction(press("z", { metaKey: true }))).toEqual({ kind: "undo" });
    expect(keyAction(press("z"))).toBeNull();
  });

  it("leaves letters with Ctrl, Cmd or Alt to the browser (Ctrl+C copies a selection, it does not claim)", () => {
    for (const key of ["c", "j", "k", "o", "u"]) {
      expect(keyAction(press(key, { ctrlKey: true }))).toBeNull();
      expect(keyAction(press(key, { metaKey: true }))).toBeNull();
      expect(keyAction(press(key, { altKey: true }))).toBeNull();
    }
    expect(keyAction(press("z", { ctrlKey: true, altKey: true }))).toBeNull();
  });

  it("ignores other keys, capitals (Shift) and keys named like object properties", () => {
    for (const key of ["a", "C", "J", "Tab", " ", "ArrowLeft", "F5", "constructor", "toString", "__proto__"])
      expect(keyAction(press(key))).toBeNull();
  });
});

describe("moveFocus", () => {
  it("starts at the first sentence, whichever way the first move goes", () => {
    expect(moveFocus(null, "next", 3)).toBe(0);
    expect(moveFocus(null, "previous", 3)).toBe(0);
  });

  it("moves one sentence and stops at either end", () => {
    expect(moveFocus(0, "next", 3)).toBe(1);
    expect(moveFocus(2, "next", 3)).toBe(2);
    expect(moveFocus(1, "previous", 3)).toBe(0);
    expect(moveFocus(0, "previous", 3)).toBe(0);
  });

  it("jumps to the first and the last", () => {
    expect(moveFocus(1, "first", 3)).toBe(0);
    expect(moveFocus(null, "last", 3)).toBe(2);
  });

  it("has nowhere to go in an article without sentences", () => {
    expect(moveFocus(null, "next", 0)).toBeNull();
    expect(moveFocus(null, "last", 0)).toBeNull();
  });
});
