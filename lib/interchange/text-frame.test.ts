import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { normalizeArticleText } from "@/lib/article-text";
import { numberedLines, openText } from "./text-frame";

const F = { start: "start", end: "end" };

describe("text frame: a file's offsets on the stored text", () => {
  it("keeps offsets on text that normalisation leaves alone, in either unit", () => {
    const frame = openText("a😀b");
    expect(frame.text).toBe("a😀b");
    expect(frame.place("code_points", 2, 3, F)).toEqual({ ok: true, start: 2, end: 3 });
    expect(frame.place("utf16", 3, 4, F)).toEqual({ ok: true, start: 2, end: 3 });
    expect(frame.unitsDisagree(2, 3)).toBe(true);
    expect(frame.unitsDisagree(0, 1)).toBe(false);
  });

  it("drops a leading BOM and the CR of each CRLF, moving later offsets left; a lone CR stays one character", () => {
    const frame = openText("\uFEFFeins\r\nzwei\rdrei");
    expect(frame.text).toBe("eins\nzwei\ndrei");
    expect(frame.place("code_points", 7, 11, F)).toEqual({ ok: true, start: 5, end: 9 });
    expect(frame.place("code_points", 12, 16, F)).toEqual({ ok: true, start: 10, end: 14 });
    expect(frame.sliceRaw("code_points", 7, 11)).toBe("zwei");
  });

  it("refuses an offset between CR and LF, and UTF-16 offsets inside a surrogate pair, naming the field", () => {
    expect(openText("a\r\nb").place("code_points", 2, 4, F)).toMatchObject({ ok: false, field: "start" });
    expect(openText("😀").check("utf16", 0, 1, F)).toMatchObject({ ok: false, field: "end" });
    expect(openText("abc").check("code_points", 2, 1, F)).toMatchObject({ ok: false, field: "end" });
    expect(openText("abc").check("code_points", -1, 1, F)).toMatchObject({ ok: false, field: "start" });
  });

  it("property: every placed range's stored text is the normalised file slice", () => {
    const piece = fc.constantFrom("a", "😀", "\r\n", "\r", "\n", "e\u0301", "🇩🇪", "\uFEFF");
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 20 }), fc.nat(), fc.nat(), (parts, a, b) => {
        const raw = parts.join("");
        const frame = openText(raw);
        expect(frame.text).toBe(normalizeArticleText(raw));
        const n = [...raw].length;
        const [start, end] = [Math.min(a % (n + 1), b % (n + 1)), Math.max(a % (n + 1), b % (n + 1))];
        const placed = frame.place("code_points", start, end, F);
        if (!placed.ok) return;
        // Only the file's leading BOMs go (a BOM inside the text is a character), and the CR of each CRLF.
        const leading = /^\uFEFF*/.exec(raw)?.[0].length ?? 0;
        const expected = frame.sliceRaw("code_points", Math.max(start, leading), Math.max(end, leading)).replace(/\r\n?/g, "\n");
        expect(frame.sliceText(placed.start, placed.end)).toBe(expected);
      }),
    );
  });

  it("numbers lines from 1, without a final empty line, dropping the CR of a CRLF line end", () => {
    expect([...numberedLines("a\r\nb\n\nc\n")]).toEqual([
      { line: "a", lineNumber: 1 },
      { line: "b", lineNumber: 2 },
      { line: "", lineNumber: 3 },
      { line: "c", lineNumber: 4 },
    ]);
  });
});
