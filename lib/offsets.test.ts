import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { codePointLength, codePointToUtf16, createOffsetIndex, isInsideSurrogatePair, sliceCodePoints, utf16ToCodePoint } from "./offsets";

fc.configureGlobal({ numRuns: Number(process.env.FC_NUM_RUNS ?? 100) });

const GRINNING = "😀"; // U+1F600, one code point, two UTF-16 units
const THUMBS_TONE = "👍🏽"; // two code points (thumbs up + skin tone), four units
const FLAG_DE = "🇩🇪"; // two regional indicators, four units
const FAMILY = "👨‍👩‍👧"; // man ZWJ woman ZWJ girl: five code points, eight units
const E_ACUTE_COMBINING = "e\u0301"; // two code points, two units
const FRAKTUR = "𝔘𝔫𝔦𝔠𝔬𝔡𝔢"; // seven non-BMP letters
const CJK_EXT_B = "𠜎"; // U+2070E

/** Reference: code-point offset by brute force, with the documented round-down inside pairs. */
function refToCodePoint(text: string, u16: number): number {
  const boundary = isInsideSurrogatePair(text, u16) ? u16 - 1 : u16;
  return Array.from(text.slice(0, boundary)).length;
}

/** Arbitrary text including lone surrogates, which malformed input can carry. */
const withLoneSurrogates = fc.string({
  unit: fc.oneof(
    { weight: 4, arbitrary: fc.string({ unit: "binary", minLength: 1, maxLength: 1 }) },
    { weight: 1, arbitrary: fc.integer({ min: 0xd800, max: 0xdfff }).map((c) => String.fromCharCode(c)) },
  ),
  maxLength: 40,
});
const anyText = fc.oneof(fc.string({ unit: "binary", maxLength: 60 }), fc.string({ unit: "grapheme", maxLength: 30 }), withLoneSurrogates);

describe("codePointLength", () => {
  it.each([
    ["", 0],
    ["abc", 3],
    [GRINNING, 1],
    [THUMBS_TONE, 2],
    [FLAG_DE, 2],
    [FAMILY, 5],
    [E_ACUTE_COMBINING, 2],
    [FRAKTUR, 7],
    [CJK_EXT_B, 1],
    ["\uD83D", 1],
    ["\uDE00\uD83D", 2],
  ])("%j has %i code points", (s, n) => {
    expect(codePointLength(s)).toBe(n);
  });

  it("agrees with Array.from for any string", () => {
    fc.assert(fc.property(anyText, (s) => codePointLength(s) === Array.from(s).length));
  });
});

describe("utf16ToCodePoint / codePointToUtf16", () => {
  const text = `a${GRINNING}b${FLAG_DE}c`; // units: a 😀(2) b 🇩(2)🇪(2) c

  it("converts around astral characters", () => {
    expect(utf16ToCodePoint(text, 0)).toBe(0);
    expect(utf16ToCodePoint(text, 1)).toBe(1);
    expect(utf16ToCodePoint(text, 3)).toBe(2);
    expect(utf16ToCodePoint(text, 4)).toBe(3);
    expect(utf16ToCodePoint(text, 8)).toBe(5);
    expect(utf16ToCodePoint(text, 9)).toBe(6);
    expect(codePointToUtf16(text, 2)).toBe(3);
    expect(codePointToUtf16(text, 5)).toBe(8);
    expect(codePointToUtf16(text, 6)).toBe(9);
  });

  it("rounds an offset inside a surrogate pair down to the pair's start", () => {
    expect(utf16ToCodePoint(text, 2)).toBe(1);
    expect(utf16ToCodePoint(text, 5)).toBe(3);
    expect(utf16ToCodePoint(CJK_EXT_B, 1)).toBe(0);
  });

  it("throws RangeError out of range", () => {
    expect(() => utf16ToCodePoint(text, -1)).toThrow(RangeError);
    expect(() => utf16ToCodePoint(text, 10)).toThrow(RangeError);
    expect(() => utf16ToCodePoint(text, 1.5)).toThrow(RangeError);
    expect(() => codePointToUtf16(text, 7)).toThrow(RangeError);
    expect(() => codePointToUtf16(text, -1)).toThrow(RangeError);
    expect(() => codePointToUtf16(text, Number.NaN)).toThrow(RangeError);
  });

  it("round-trips every code-point offset of any string", () => {
    fc.assert(
      fc.property(anyText, (s) => {
        const n = codePointLength(s);
        for (let cp = 0; cp <= n; cp++) {
          const u = codePointToUtf16(s, cp);
          expect(utf16ToCodePoint(s, u)).toBe(cp);
          expect(isInsideSurrogatePair(s, u)).toBe(false);
        }
      }),
    );
  });

  it("matches the brute-force reference for every UTF-16 offset", () => {
    fc.assert(
      fc.property(anyText, (s) => {
        for (let u = 0; u <= s.length; u++) expect(utf16ToCodePoint(s, u)).toBe(refToCodePoint(s, u));
      }),
    );
  });
});

describe("sliceCodePoints", () => {
  it("slices by code points", () => {
    expect(sliceCodePoints(FRAKTUR, 1, 3)).toBe("𝔫𝔦");
    expect(sliceCodePoints(`x${FAMILY}y`, 1, 6)).toBe(FAMILY);
    expect(sliceCodePoints(`x${FAMILY}y`, 1, 2)).toBe("👨");
    expect(sliceCodePoints(`caf${E_ACUTE_COMBINING}!`, 3, 5)).toBe(E_ACUTE_COMBINING);
    expect(sliceCodePoints("abc", 3, 3)).toBe("");
  });

  it("throws RangeError for invalid ranges", () => {
    expect(() => sliceCodePoints("abc", 2, 1)).toThrow(RangeError);
    expect(() => sliceCodePoints("abc", 0, 4)).toThrow(RangeError);
    expect(() => sliceCodePoints("abc", -1, 1)).toThrow(RangeError);
  });

  it("matches Array.from slicing", () => {
    fc.assert(
      fc.property(anyText, fc.nat(), fc.nat(), (s, a, b) => {
        const n = codePointLength(s);
        const start = Math.min(a, b) % (n + 1);
        const end = start + ((Math.max(a, b) - Math.min(a, b)) % (n - start + 1));
        expect(sliceCodePoints(s, start, end)).toBe(Array.from(s).slice(start, end).join(""));
      }),
    );
  });
});

describe("createOffsetIndex", () => {
  it("agrees with the scanning functions on every offset", () => {
    fc.assert(
      fc.property(anyText, (s) => {
        const index = createOffsetIndex(s);
        expect(index.codePointLength).toBe(codePointLength(s));
        expect(index.utf16Length).toBe(s.length);
        for (let u = 0; u <= s.length; u++) expect(index.toCodePoint(u)).toBe(utf16ToCodePoint(s, u));
        for (let cp = 0; cp <= index.codePointLength; cp++) {
          expect(index.toUtf16(cp)).toBe(codePointToUtf16(s, cp));
          expect(index.toCodePoint(index.toUtf16(cp))).toBe(cp);
        }
        expect(index.slice(0, index.codePointLength)).toBe(s);
      }),
    );
  });

  it("throws RangeError out of range", () => {
    const index = createOffsetIndex(`a${GRINNING}`);
    expect(() => index.toCodePoint(4)).toThrow(RangeError);
    expect(() => index.toUtf16(3)).toThrow(RangeError);
    expect(() => index.toUtf16(-1)).toThrow(RangeError);
    expect(() => index.slice(2, 1)).toThrow(RangeError);
  });

  it("round-trips a million offsets on a large emoji-heavy text", () => {
    // Speed is measured by `npm run bench`, not asserted here; this checks the index stays exact at scale.
    const chunk = `Wort ${GRINNING} ${FRAKTUR} ${FLAG_DE} text ${CJK_EXT_B}. `;
    const text = chunk.repeat(20_000); // ~700k units, ~200k astral characters
    const index = createOffsetIndex(text);
    let mismatches = 0;
    for (let i = 0; i < 1_000_000; i++) {
      const cp = (i * 7919) % index.codePointLength;
      if (index.toCodePoint(index.toUtf16(cp)) !== cp) mismatches++;
    }
    expect(mismatches).toBe(0);
  });
});
