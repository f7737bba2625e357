import { describe, expect, it } from "vitest";
import { cutPieces, type Piece, type Range16 } from "./highlight-pieces";

/** The text of each piece with the claims over it, to read a cut at a glance. */
function read(text: string, pieces: Piece[]): Array<[string, string[]]> {
  return pieces.map((p) => [text.slice(p.start, p.end), p.claims]);
}

function span(text: string, id: string, quote: string, from = 0): Range16 {
  const start = text.indexOf(quote, from);
  if (start < 0) throw new Error(`"${quote}" is not in the text`);
  return { id, start, end: start + quote.length };
}

describe("cutPieces", () => {
  const text = "The minister said the new bridge will cost 40 million euros. Engineers doubt it.";
  const sentences: Range16[] = [
    span(text, "0", "The minister said the new bridge will cost 40 million euros."),
    span(text, "1", "Engineers doubt it."),
  ];

  it("cuts the text at sentence edges, with no claims: every character in exactly one piece, in order", () => {
    const pieces = cutPieces(text.length, sentences, [], 0);
    expect(read(text, pieces)).toEqual([
      ["The minister said the new bridge will cost 40 million euros.", []],
      [" ", []],
      ["Engineers doubt it.", []],
    ]);
    expect(pieces.map((p) => p.sentence)).toEqual([0, -1, 1]);
    expect(pieces.map((p) => text.slice(p.start, p.end)).join("")).toBe(text);
  });

  it("gives overlapping claims a shared piece covered by both", () => {
    const a = span(text, "a", "The minister said the new bridge");
    const b = span(text, "b", "the new bridge will cost 40 million euros");
    expect(read(text, cutPieces(text.length, sentences, [a, b], 0))).toEqual([
      ["The minister said ", ["a"]],
      ["the new bridge", ["a", "b"]],
      [" will cost 40 million euros", ["b"]],
      [".", []],
      [" ", []],
      ["Engineers doubt it.", []],
    ]);
  });

  it("lists the claims over a piece innermost first, whatever order they come in", () => {
    const outer = span(text, "outer", "The minister said the new bridge will cost 40 million euros.");
    const middle = span(text, "middle", "the new bridge will cost");
    const inner = span(text, "inner", "bridge");
    const pieces = cutPieces(text.length, sentences, [inner, outer, middle], 0);
    expect(read(text, pieces).slice(0, 5)).toEqual([
      ["The minister said ", ["outer"]],
      ["the new ", ["middle", "outer"]],
      ["bridge", ["inner", "middle", "outer"]],
      [" will cost", ["middle", "outer"]],
      [" 40 million euros.", ["outer"]],
    ]);
  });

  it("keeps two claims of the same span together on every piece, in their start order", () => {
    const mine = span(text, "mine", "Engineers doubt it.");
    const theirs = span(text, "theirs", "Engineers doubt it.");
    const pieces = cutPieces(text.length, sentences, [mine, theirs], 0);
    expect(read(text, pieces).at(-1)).toEqual(["Engineers doubt it.", ["mine", "theirs"]]);
  });

  it("a claim across a sentence edge is cut there, and each part knows its sentence", () => {
    const across = span(text, "x", "euros. Engineers");
    const pieces = cutPieces(text.length, sentences, [across], 0).filter((p) => p.claims.length);
    expect(pieces.map((p) => [text.slice(p.start, p.end), p.sentence])).toEqual([
      ["euros.", 0],
      [" ", -1],
      ["Engineers", 1],
    ]);
  });

  it("cuts at the end of the title, so the title can be painted apart", () => {
    const titled = "Bridge costs\nThe bridge will cost more.";
    const titleEnd = titled.indexOf("\n");
    const body = span(titled, "0", "The bridge will cost more.");
    const pieces = cutPieces(titled.length, [body], [span(titled, "c", "costs\nThe")], titleEnd);
    expect(read(titled, pieces)).toEqual([
      ["Bridge ", []],
      ["costs", ["c"]],
      ["\n", ["c"]],
      ["The", ["c"]],
      [" bridge will cost more.", []],
    ]);
    expect(
      pieces
        .filter((p) => p.start < titleEnd)
        .map((p) => titled.slice(p.start, p.end))
        .join(""),
    ).toBe("Bridge costs");
  });

  it("cuts in UTF-16 units without splitting a flag: the caller converts code points to UTF-16 first", () => {
    const flagged = "🇩🇪 exports fell.";
    const flag = { id: "flag", start: 0, end: "🇩🇪".length };
    expect(flag.end).toBe(4);
    const pieces = cutPieces(flagged.length, [{ id: "0", start: 0, end: flagged.length }], [flag], 0);
    expect(read(flagged, pieces)).toEqual([
      ["🇩🇪", ["flag"]],
      [" exports fell.", []],
    ]);
  });

  it("makes no empty pieces and ignores edges outside the text", () => {
    const pieces = cutPieces(
      text.length,
      sentences,
      [
        { id: "empty", start: 4, end: 4 },
        { id: "past", start: 70, end: 500 },
      ],
      0,
    );
    expect(pieces.every((p) => p.end > p.start)).toBe(true);
    expect(pieces.at(-1)?.end).toBe(text.length);
    expect(pieces.some((p) => p.claims.includes("empty"))).toBe(false);
    expect(
      pieces
        .filter((p) => p.claims.includes("past"))
        .map((p) => text.slice(p.start, p.end))
        .join(""),
    ).toBe(text.slice(70));
  });

  it("handles an empty text", () => {
    expect(cutPieces(0, [], [], 0)).toEqual([]);
  });
});
