import { describe, expect, it } from "vitest";
import { type KeyPress, keyAction, moveFocus, pageKeyAction } from "./keyboard-map";

const press = (key: string, modifiers: Partial<KeyPress> = {}): KeyPress => ({
  key,
  ctrlKey: false,
  metaKey: false,
  altKey: false,
  shiftKey: false,
  ...modifiers,
});

describe("keyAction: the keys the shortcut overlay names", () => {
  it.each([
    ["ArrowDown", { kind: "move", to: "next" }],
    ["j", { kind: "move", to: "next" }],
    ["ArrowUp", { kind: "move", to: "previous" }],
    ["k", { kind: "move", to: "previous" }],
    ["Home", { kind: "move", to: "first" }],
    ["End", { kind: "move", to: "last" }],
    ["ArrowRight", { kind: "word", to: "next", extend: false }],
    ["ArrowLeft", { kind: "word", to: "previous", extend: false }],
    ["Enter", { kind: "claim", isNew: false }],
    ["c", { kind: "claim", isNew: false }],
    ["o", { kind: "open" }],
    ["n", { kind: "claimStep", to: "next" }],
    ["p", { kind: "claimStep", to: "previous" }],
    ["f", { kind: "nextOpenSentence" }],
    ["Delete", { kind: "delete" }],
    ["u", { kind: "undo" }],
    ["x", { kind: "noClaim" }],
    ["Escape", { kind: "close" }],
  ])("%s", (key, action) => {
    expect(keyAction(press(key))).toEqual(action);
  });

  it("Shift+arrows grow or shrink the marked span; Shift+C makes a new claim on purpose", () => {
    expect(keyAction(press("ArrowRight", { shiftKey: true }))).toEqual({ kind: "word", to: "next", extend: true });
    expect(keyAction(press("ArrowLeft", { shiftKey: true }))).toEqual({ kind: "word", to: "previous", extend: true });
    expect(keyAction(press("C", { shiftKey: true }))).toEqual({ kind: "claim", isNew: true });
  });

  it("Shift+X marks a sentence not annotatable; Caps Lock's X is still x, and Ctrl+X still cuts", () => {
    expect(keyAction(press("X", { shiftKey: true }))).toEqual({ kind: "exclude" });
    expect(keyAction(press("X"))).toEqual({ kind: "noClaim" });
    expect(keyAction(press("x", { ctrlKey: true }))).toBeNull();
  });

  it("Backspace deletes nothing", () => {
    expect(keyAction(press("Backspace"))).toBeNull();
    expect(keyAction(press("Backspace", { shiftKey: true }))).toBeNull();
  });

  it("Ctrl+Z and Cmd+Z undo, with Shift (or Ctrl+Y) they redo; a plain z does nothing", () => {
    expect(keyAction(press("z", { ctrlKey: true }))).toEqual({ kind: "undo" });
    expect(keyAction(press("z", { metaKey: true }))).toEqual({ kind: "undo" });
    expect(keyAction(press("Z", { ctrlKey: true, shiftKey: true }))).toEqual({ kind: "redo" });
    expect(keyAction(press("Z", { metaKey: true, shiftKey: true }))).toEqual({ kind: "redo" });
    expect(keyAction(press("y", { ctrlKey: true }))).toEqual({ kind: "redo" });
    expect(keyAction(press("z"))).toBeNull();
  });

  it("? opens the overlay", () => {
    expect(keyAction(press("?", { shiftKey: true }))).toEqual({ kind: "help" });
  });

  it("leaves letters and arrows with Ctrl, Cmd or Alt to the browser (Ctrl+C copies a selection, it does not claim)", () => {
    for (const key of ["c", "j", "k", "o", "u", "n", "p", "f", "ArrowLeft", "ArrowRight"]) {
      expect(keyAction(press(key, { ctrlKey: true }))).toBeNull();
      expect(keyAction(press(key, { metaKey: true }))).toBeNull();
      expect(keyAction(press(key, { altKey: true }))).toBeNull();
    }
    expect(keyAction(press("z", { ctrlKey: true, altKey: true }))).toBeNull();
  });

  it("ignores other keys, other capitals with Shift and keys named like object properties", () => {
    for (const key of ["a", "Tab", " ", "F5", "constructor", "toString", "__proto__"]) expect(keyAction(press(key))).toBeNull();
    for (const key of ["J", "K", "O", "U", "N"]) expect(keyAction(press(key, { shiftKey: true }))).toBeNull();
  });
});

describe("pageKeyAction: the keys that act outside the text too", () => {
  it("knows undo, redo and the overlay only", () => {
    expect(pageKeyAction(press("z", { ctrlKey: true }))).toEqual({ kind: "undo" });
    expect(pageKeyAction(press("Z", { metaKey: true, shiftKey: true }))).toEqual({ kind: "redo" });
    expect(pageKeyAction(press("?", { shiftKey: true }))).toEqual({ kind: "help" });
    for (const key of ["c", "Delete", "j", "Enter", "u"]) expect(pageKeyAction(press(key))).toBeNull();
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
