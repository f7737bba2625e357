import { describe, expect, it } from "vitest";
import { markedSpan, moveMark, wordsIn } from "./word-span";

const TEXT = "Title\n\nSpending rose by 3,5 percent, the mayor said. Nobody cared.";
const SENTENCE = { start: TEXT.indexOf("Spending"), end: TEXT.indexOf("said.") + 5 };

describe("wordsIn", () => {
  it("cuts a sentence into words, numbers whole, punctuation left out", () => {
    const words = wordsIn(TEXT, SENTENCE.start, SENTENCE.end, "en");
    expect(words.map((w) => TEXT.slice(w.start, w.end))).toEqual(["Spending", "rose", "by", "3,5", "percent", "the", "mayor", "said"]);
  });
});

describe("moveMark and markedSpan", () => {
  const words = wordsIn(TEXT, SENTENCE.start, SENTENCE.end, "en");
  const quote = (mark: ReturnType<typeof moveMark>) => {
    const span = mark && markedSpan(mark, words, SENTENCE.end);
    return span ? TEXT.slice(span.start, span.end) : null;
  };

  it("starts at the first word going right, at the last going left", () => {
    expect(quote(moveMark(null, 1, words.length, "next", true))).toBe("Spending");
    expect(quote(moveMark(null, 1, words.length, "previous", true))).toBe("said.");
  });

  it("grows with Shift+→ and shrinks with Shift+←, word by word", () => {
    let mark = moveMark(null, 1, words.length, "next", true);
    for (let i = 0; i < 3; i++) mark = moveMark(mark, 1, words.length, "next", true);
    expect(quote(mark)).toBe("Spending rose by 3,5");
    mark = moveMark(mark, 1, words.length, "previous", true);
    expect(quote(mark)).toBe("Spending rose by");
  });

  it("moves a one-word mark without Shift, then grows from there", () => {
    let mark = moveMark(null, 1, words.length, "next", false);
    for (let i = 0; i < 5; i++) mark = moveMark(mark, 1, words.length, "next", false);
    expect(quote(mark)).toBe("the");
    mark = moveMark(mark, 1, words.length, "next", true);
    mark = moveMark(mark, 1, words.length, "next", true);
    expect(quote(mark)).toBe("the mayor said.");
  });

  it("stops at the sentence's edges and starts again in another sentence", () => {
    let mark = moveMark(null, 1, words.length, "previous", true);
    mark = moveMark(mark, 1, words.length, "next", true);
    expect(quote(mark)).toBe("said.");
    expect(moveMark(mark, 2, 2, "next", true)).toEqual({ sentence: 2, anchor: 0, head: 0 });
    expect(moveMark(mark, 1, 0, "next", true)).toBeNull();
  });
});
