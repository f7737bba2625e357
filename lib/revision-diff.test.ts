import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { diffRevisionText, type RevisionDiffSegment } from "./revision-diff";

const side = (segments: RevisionDiffSegment[], kind: "added" | "removed"): string =>
  segments
    .filter((s) => s.kind === "same" || s.kind === kind)
    .map((s) => s.text)
    .join("");

// Pieces that exercise code points: an astral letter, a ZWJ family, a flag, a combining accent, CJK, whitespace kinds.
const PIECES = ["a", "b", "Haus", "Zu\u0308rich", "𝔘", "👨‍👩‍👧", "🇩🇪", "😀", "中", " ", "  ", "\n", "\n\n", "\t", ".", ",", "!", "„", "“", "5"];
const text = fc.array(fc.constantFrom(...PIECES), { maxLength: 40 }).map((parts) => parts.join(""));

describe("diffRevisionText", () => {
  it("keeps an unchanged text as one same segment, and an empty one as nothing", () => {
    expect(diffRevisionText("Die Zahl stieg.", "Die Zahl stieg.")).toEqual([{ kind: "same", text: "Die Zahl stieg." }]);
    expect(diffRevisionText("", "")).toEqual([]);
    expect(diffRevisionText("", "neu")).toEqual([{ kind: "added", text: "neu" }]);
    expect(diffRevisionText("alt", "")).toEqual([{ kind: "removed", text: "alt" }]);
  });

  it("marks a changed word, not the sentence around it", () => {
    expect(diffRevisionText("Prices rose by 5 percent.", "Prices rose by 6 percent.")).toEqual([
      { kind: "same", text: "Prices rose by " },
      { kind: "removed", text: "5" },
      { kind: "added", text: "6" },
      { kind: "same", text: " percent." },
    ]);
  });

  it("treats an emoji, a flag and a ZWJ family each as one unit, never half a surrogate pair", () => {
    const segments = diffRevisionText("Sie lachte 😀 in 🇩🇪 mit 👨‍👩‍👧.", "Sie lachte 😢 in 🇫🇷 mit 👨‍👩‍👧.");
    expect(segments).toEqual([
      { kind: "same", text: "Sie lachte " },
      { kind: "removed", text: "😀" },
      { kind: "added", text: "😢" },
      { kind: "same", text: " in " },
      { kind: "removed", text: "🇩🇪" },
      { kind: "added", text: "🇫🇷" },
      { kind: "same", text: " mit 👨‍👩‍👧." },
    ]);
    // Flags sharing a first regional indicator, and a skin tone added: still whole characters.
    expect(diffRevisionText("in 🇩🇪 👍 ok", "in 🇩🇰 👍🏽 ok")).toEqual([
      { kind: "same", text: "in " },
      { kind: "removed", text: "🇩🇪 👍" },
      { kind: "added", text: "🇩🇰 👍🏽" },
      { kind: "same", text: " ok" },
    ]);
  });

  it("keeps a combining accent with its letter", () => {
    expect(diffRevisionText("in Zu\u0308rich", "in Zurich")).toEqual([
      { kind: "same", text: "in " },
      { kind: "removed", text: "Zu\u0308rich" },
      { kind: "added", text: "Zurich" },
    ]);
  });

  it("shows whitespace changes: a doubled space, a new paragraph break", () => {
    expect(diffRevisionText("one two", "one  two")).toEqual([
      { kind: "same", text: "one" },
      { kind: "removed", text: " " },
      { kind: "added", text: "  " },
      { kind: "same", text: "two" },
    ]);
    expect(diffRevisionText("First. Second.", "First.\n\nSecond.")).toEqual([
      { kind: "same", text: "First." },
      { kind: "removed", text: " " },
      { kind: "added", text: "\n\n" },
      { kind: "same", text: "Second." },
    ]);
  });

  it("reads a rewritten phrase as one replacement, not fragments around kept spaces", () => {
    expect(diffRevisionText("He said a b c today.", "He said x y z today.")).toEqual([
      { kind: "same", text: "He said " },
      { kind: "removed", text: "a b c" },
      { kind: "added", text: "x y z" },
      { kind: "same", text: " today." },
    ]);
  });

  it("finds an inserted sentence between unchanged paragraphs", () => {
    const before = "Erster Absatz.\n\nZweiter Absatz. Er endet hier.";
    const after = "Erster Absatz.\n\nZweiter Absatz. Neu eingefügt. Er endet hier.";
    expect(diffRevisionText(before, after)).toEqual([
      { kind: "same", text: "Erster Absatz.\n\nZweiter Absatz. " },
      { kind: "added", text: "Neu eingefügt. " },
      { kind: "same", text: "Er endet hier." },
    ]);
  });

  it("property: the segments rebuild both texts, alternate kinds and are never empty", () => {
    fc.assert(
      fc.property(text, text, (before, after) => {
        const segments = diffRevisionText(before, after);
        expect(side(segments, "removed")).toBe(before);
        expect(side(segments, "added")).toBe(after);
        for (const [i, s] of segments.entries()) {
          expect(s.text.length).toBeGreaterThan(0);
          const next = segments[i + 1];
          if (next) expect(next.kind === s.kind || (s.kind === "added" && next.kind === "removed")).toBe(false);
        }
      }),
      { numRuns: 300 },
    );
  });

  it("property: deterministic, and a text diffed with itself is all same", () => {
    fc.assert(
      fc.property(text, text, (before, after) => {
        expect(diffRevisionText(before, after)).toEqual(diffRevisionText(before, after));
        expect(diffRevisionText(before, before).every((s) => s.kind === "same")).toBe(true);
      }),
    );
  });
});
