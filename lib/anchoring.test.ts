import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { anchorTarget, makeTarget, snapToWordEdges, verifyTarget } from "./anchoring";
import { type ClaimTarget, MAX_QUOTE_CONTEXT, targetSchema } from "./claim-schema";
import { codePointLength, createOffsetIndex, isInsideSurrogatePair, sliceCodePoints } from "./offsets";

fc.configureGlobal({ numRuns: Number(process.env.FC_NUM_RUNS ?? 100) });

const GRINNING = "😀";
const THUMBS_TONE = "👍🏽";
const FLAG_DE = "🇩🇪";
const FAMILY = "👨‍👩‍👧";
const E_ACUTE = "e\u0301";
const FRAKTUR = "𝔘𝔫𝔦𝔠𝔬𝔡𝔢";
const CJK_EXT_B = "𠜎";

const ARTICLE = `Putin ${GRINNING} sagt: „Wir sind ${FLAG_DE} bereit.“ ${FAMILY} Caf${E_ACUTE} ${FRAKTUR} und ${CJK_EXT_B}字 ${THUMBS_TONE} Ende.`;

/** A non-empty UTF-16 range of `text` chosen from two naturals. */
function rangeOf(text: string, a: number, b: number): [number, number] {
  const start = a % text.length;
  const end = start + 1 + (b % (text.length - start));
  return [start, end];
}

const text = fc.string({ unit: "binary", minLength: 1, maxLength: 200 });
const graphemeText = fc.string({ unit: "grapheme", minLength: 1, maxLength: 80 });
const anyText = fc.oneof(text, graphemeText);
// Few distinct characters make repeated quotes (and ambiguous anchors) common.
const repetitiveText = fc.string({ unit: fc.constantFrom("a", "b", " ", GRINNING, FLAG_DE), minLength: 1, maxLength: 80 });

describe("makeTarget", () => {
  it("counts code points and keeps context", () => {
    const start = ARTICLE.indexOf(FLAG_DE);
    const t = makeTarget(ARTICLE, start, start + FLAG_DE.length + " bereit".length);
    expect(t.exact).toBe(`${FLAG_DE} bereit`);
    expect(t.start).toBe(Array.from(ARTICLE.slice(0, start)).length);
    expect(t.end - t.start).toBe(9);
    expect(t.prefix).toBe(`Putin ${GRINNING} sagt: „Wir sind `);
    expect(codePointLength(t.suffix)).toBe(MAX_QUOTE_CONTEXT);
    expect(t.suffix.startsWith(".“ 👨")).toBe(true);
    expect(targetSchema.safeParse(t).success).toBe(true);
  });

  it("limits context to 32 code points, not UTF-16 units", () => {
    const before = FRAKTUR.repeat(10); // 70 code points, 140 units
    const t = makeTarget(`${before}Zitat${before}`, before.length, before.length + 5);
    expect(t.exact).toBe("Zitat");
    expect(t.start).toBe(70);
    expect(codePointLength(t.prefix)).toBe(32);
    expect(t.prefix.length).toBe(64);
    expect(codePointLength(t.suffix)).toBe(32);
    expect(targetSchema.safeParse(t).success).toBe(true);
  });

  it("grows a selection that cuts a surrogate pair to whole characters", () => {
    const s = `a${GRINNING}b`;
    expect(makeTarget(s, 2, 3)).toMatchObject({ start: 1, end: 2, exact: GRINNING });
    expect(makeTarget(s, 2, 4)).toMatchObject({ start: 1, end: 3, exact: `${GRINNING}b` });
    expect(makeTarget(s, 0, 2)).toMatchObject({ start: 0, end: 2, exact: `a${GRINNING}` });
    expect(makeTarget(CJK_EXT_B, 1, 2)).toMatchObject({ start: 0, end: 1, exact: CJK_EXT_B });
  });

  it("throws RangeError for empty or out-of-range selections", () => {
    expect(() => makeTarget("abc", 1, 1)).toThrow(RangeError);
    expect(() => makeTarget("abc", 2, 1)).toThrow(RangeError);
    expect(() => makeTarget("abc", 0, 4)).toThrow(RangeError);
    expect(() => makeTarget("abc", -1, 2)).toThrow(RangeError);
  });

  it("accepts a prebuilt index and gives the same result", () => {
    const index = createOffsetIndex(ARTICLE);
    const start = ARTICLE.indexOf("Caf");
    expect(makeTarget(index, start, start + 5)).toEqual(makeTarget(ARTICLE, start, start + 5));
  });

  it("property: makeTarget → verifyTarget is ok and the slice is the exact quote", () => {
    fc.assert(
      fc.property(anyText, fc.nat(), fc.nat(), (s, a, b) => {
        const [start, end] = rangeOf(s, a, b);
        const t = makeTarget(s, start, end);
        expect(verifyTarget(s, t)).toEqual({ ok: true });
        expect(sliceCodePoints(s, t.start, t.end)).toBe(t.exact);
        expect(t.exact.length).toBeGreaterThanOrEqual(end - start);
        expect(codePointLength(t.prefix)).toBeLessThanOrEqual(MAX_QUOTE_CONTEXT);
        expect(codePointLength(t.suffix)).toBeLessThanOrEqual(MAX_QUOTE_CONTEXT);
        expect(codePointLength(t.prefix)).toBe(Math.min(t.start, MAX_QUOTE_CONTEXT));
        expect(codePointLength(t.suffix)).toBe(Math.min(codePointLength(s) - t.end, MAX_QUOTE_CONTEXT));
      }),
    );
  });
});

describe("verifyTarget", () => {
  const start = ARTICLE.indexOf("Caf");
  const good = makeTarget(ARTICLE, start, start + 5);

  it("accepts a correct target and shorter-but-matching context", () => {
    expect(verifyTarget(ARTICLE, good)).toEqual({ ok: true });
    expect(verifyTarget(ARTICLE, { ...good, prefix: good.prefix.slice(-3), suffix: "" })).toEqual({ ok: true });
  });

  it("rejects UTF-16 offsets passed off as code points", () => {
    const wrong: ClaimTarget = { ...good, start, end: start + good.exact.length };
    const result = verifyTarget(ARTICLE, wrong);
    expect(result.ok).toBe(false);
  });

  it.each<[string, Partial<ClaimTarget>, RegExp]>([
    ["a different quote", { exact: "Cafe" }, /quoted text/],
    ["a mismatching prefix", { prefix: "xyz" }, /prefix/],
    ["a mismatching suffix", { suffix: "xyz" }, /suffix/],
    ["a prefix over 32 code points", { prefix: "x".repeat(33) }, /longer/],
    ["an end beyond the text", { end: 10_000 }, /not within/],
    ["start not before end", { end: good.start }, /not within/],
  ])("rejects %s", (_name, change, reason) => {
    const result = verifyTarget(ARTICLE, { ...good, ...change });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toMatch(reason);
  });

  it("does not accept a prefix that matches only half of a surrogate pair", () => {
    const s = `x${GRINNING}abc`;
    const t = makeTarget(s, 3, 4);
    expect(verifyTarget(s, { ...t, prefix: GRINNING.slice(1) })).toMatchObject({ ok: false });
  });
});

describe("anchorTarget", () => {
  it("keeps the recorded position when the text is unchanged", () => {
    const start = ARTICLE.indexOf(FAMILY);
    const t = makeTarget(ARTICLE, start, start + FAMILY.length);
    expect(anchorTarget(ARTICLE, t)).toEqual({ start: t.start, end: t.end });
  });

  it("finds a quote that moved, preferring the copy with matching context", () => {
    const original = "Er sagte ja. Dann sagte sie ja. Dann sagte er nein.";
    const at = original.indexOf("ja. Dann sagte er");
    const t = makeTarget(original, at, at + 2);
    const edited = `${GRINNING}${FLAG_DE} Neu: ${original}`;
    const anchored = anchorTarget(edited, t);
    const expectedU16 = edited.indexOf("ja. Dann sagte er");
    expect(anchored).toEqual({ start: codePointLength(edited.slice(0, expectedU16)), end: codePointLength(edited.slice(0, expectedU16)) + 2 });
  });

  it("ties go to the occurrence nearest the recorded start", () => {
    const t: ClaimTarget = { start: 12, end: 13, exact: "a", prefix: "", suffix: "" };
    expect(anchorTarget("xa xa xa xa xa", { ...t, start: 7, end: 8, exact: "z" })).toBeNull();
    expect(anchorTarget("a--a--a--a--a", { ...t, start: 8, end: 9 })).toEqual({ start: 9, end: 10 });
  });

  it("keeps an edited-context quote at its position when no better copy exists", () => {
    const t = makeTarget("alpha beta gamma", 6, 10);
    expect(anchorTarget("alpha beta delta", t)).toEqual({ start: 6, end: 10 });
  });

  it("returns null when the quote is gone", () => {
    const t = makeTarget("alpha beta gamma", 6, 10);
    expect(anchorTarget("alpha gamma", t)).toBeNull();
  });

  it("does not match a quote onto half of a surrogate pair", () => {
    const t: ClaimTarget = { start: 0, end: 1, exact: GRINNING.slice(1), prefix: "", suffix: "" };
    expect(anchorTarget(`ab${GRINNING}`, t)).toBeNull();
  });

  it("property: finds the same span in unchanged text", () => {
    fc.assert(
      fc.property(anyText, fc.nat(), fc.nat(), (s, a, b) => {
        const [start, end] = rangeOf(s, a, b);
        const t = makeTarget(s, start, end);
        expect(anchorTarget(s, t)).toEqual({ start: t.start, end: t.end });
      }),
    );
  });

  it("property: finds the moved span after text is prepended", () => {
    fc.assert(
      fc.property(
        fc.oneof(anyText, repetitiveText),
        fc.oneof(fc.string({ unit: "binary", minLength: 1, maxLength: 60 }), repetitiveText),
        fc.nat(),
        fc.nat(),
        (s, added, a, b) => {
          const [start, end] = rangeOf(s, a, b);
          const t = makeTarget(s, start, end);
          const edited = added + s;
          const shift = codePointLength(added);
          const moved = { start: t.start + shift, end: t.end + shift };
          const anchored = anchorTarget(edited, t);
          expect(anchored).not.toBeNull();
          if (!anchored) return;
          expect(sliceCodePoints(edited, anchored.start, anchored.end)).toBe(t.exact);
          // Where the quote and its full context occur more than once the choice is genuinely
          // ambiguous; the result must then be one of those equally good places.
          const equallyGood = allVerifyingSpans(edited, t);
          expect(equallyGood).toContainEqual(moved);
          if (equallyGood.length === 1) expect(anchored).toEqual(moved);
          else expect(equallyGood).toContainEqual(anchored);
        },
      ),
    );
  });

  it("property: with an index, results equal the plain-text results", () => {
    fc.assert(
      fc.property(anyText, fc.string({ unit: "binary", maxLength: 20 }), fc.nat(), fc.nat(), (s, added, a, b) => {
        const [start, end] = rangeOf(s, a, b);
        const t = makeTarget(s, start, end);
        const edited = added + s;
        expect(anchorTarget(createOffsetIndex(edited), t)).toEqual(anchorTarget(edited, t));
      }),
    );
  });
});

function allVerifyingSpans(text: string, t: ClaimTarget): { start: number; end: number }[] {
  const n = codePointLength(t.exact);
  const spans: { start: number; end: number }[] = [];
  for (let start = 0; start + n <= codePointLength(text); start++) {
    if (verifyTarget(text, { ...t, start, end: start + n }).ok) spans.push({ start, end: start + n });
  }
  return spans;
}

describe("snapToWordEdges", () => {
  const snapText = (s: string, start: number, end: number): string | null => {
    const r = snapToWordEdges(s, start, end);
    return r ? s.slice(r.start, r.end) : null;
  };
  const select = (s: string, part: string): [number, number] => {
    const i = s.indexOf(part);
    if (i < 0) throw new Error(`${part} not in ${s}`);
    return [i, i + part.length];
  };

  it("expands a selection that starts or ends mid-word", () => {
    const s = "Der Kreml wäre grundsätzlich bereit.";
    expect(snapText(s, ...select(s, "eml wäre grunds"))).toBe("Kreml wäre grundsätzlich");
    expect(snapText(s, ...select(s, "är"))).toBe("wäre");
    expect(snapText(s, ...select(s, "Kreml"))).toBe("Kreml");
  });

  it("trims whitespace but keeps selected punctuation", () => {
    const s = "Er sagte: „Wir sind bereit.“  Dann ging er.";
    expect(snapText(s, ...select(s, " „Wir sind bereit.“  "))).toBe("„Wir sind bereit.“");
    expect(snapText(s, ...select(s, "sind bereit."))).toBe("sind bereit.");
    expect(snapText(s, ...select(s, "“  Dann"))).toBe("“  Dann");
    expect(snapText(s, ...select(s, "  Da"))).toBe("Dann");
  });

  it("returns null for empty, whitespace-only or punctuation-only selections", () => {
    const s = "a , . „“ \n\t b";
    expect(snapToWordEdges(s, 1, 1)).toBeNull();
    expect(snapToWordEdges(s, 1, s.length - 1)).toBeNull();
    expect(snapToWordEdges("x \u200B\u00a0 y", 1, 5)).toBeNull();
  });

  it("treats combining accents as part of the word", () => {
    const s = `Le caf${E_ACUTE} noir`;
    expect(snapText(s, ...select(s, "af"))).toBe(`caf${E_ACUTE}`);
    // Ending between "e" and its accent would split the grapheme; the accent comes along.
    const i = s.indexOf("caf");
    expect(snapText(s, i, i + 4)).toBe(`caf${E_ACUTE}`);
  });

  it("treats non-BMP letters as word characters and never splits them", () => {
    const s = `Ein ${FRAKTUR}-Test mit ${CJK_EXT_B}字 hier`;
    const i = s.indexOf(FRAKTUR);
    expect(snapText(s, i + 3, i + 5)).toBe(FRAKTUR);
    const j = s.indexOf(CJK_EXT_B);
    expect(snapText(s, j + 1, j + 2)).toBe(`${CJK_EXT_B}字`);
  });

  it("keeps flags, skin tones and ZWJ families whole", () => {
    const s = `Wir ${FLAG_DE} und ${FAMILY} und ${THUMBS_TONE}!`;
    const f = s.indexOf(FLAG_DE);
    expect(snapText(s, f + 2, f + 3)).toBe(FLAG_DE);
    const fam = s.indexOf(FAMILY);
    expect(snapText(s, fam + 3, fam + 4)).toBe(FAMILY);
    const th = s.indexOf(THUMBS_TONE);
    expect(snapText(s, th, th + 2)).toBe(THUMBS_TONE);
    expect(snapText(s, th - 1, th + 5)).toBe(`${THUMBS_TONE}!`);
  });

  it("keeps apostrophes and digit separators inside words", () => {
    const s = "Er sagt, es geht’s nicht um 1.000,50 Euro.";
    expect(snapText(s, ...select(s, "’s"))).toBe("geht’s");
    expect(snapText(s, ...select(s, "000"))).toBe("1.000,50");
    expect(snapText(s, ...select(s, "Eur"))).toBe("Euro");
    expect(snapText(s, ...select(s, "es geht’"))).toBe("es geht’s");
    expect(snapText(s, ...select(s, "1."))).toBe("1.000,50");
    expect(snapText(s, ...select(s, "Euro."))).toBe("Euro.");
  });

  it("throws RangeError outside the text", () => {
    expect(() => snapToWordEdges("abc", 0, 4)).toThrow(RangeError);
    expect(() => snapToWordEdges("abc", 2, 1)).toThrow(RangeError);
  });

  it("snaps in a long text exactly as in the same paragraph alone (it segments only a window around the selection)", () => {
    const paragraph = `Der Minister sagte, die Zahl der Fälle sei um 3,5 % gestiegen ${FLAG_DE}, ein Plus für Bayern${E_ACUTE}${GRINNING}.`;
    const filler = `${"Lorem ipsum dolor sit amet, consectetur adipiscing elit. ".repeat(60)}\n\n`;
    const long = `${filler.repeat(5)}${paragraph}\r\n${filler.repeat(5)}${"x".repeat(5_000)} ${paragraph}`;
    for (const offset of [long.indexOf(paragraph), long.lastIndexOf(paragraph)]) {
      for (let a = 0; a < paragraph.length; a += 3) {
        for (let b = a + 1; b <= paragraph.length; b += 7) {
          const alone = snapToWordEdges(paragraph, a, b);
          const inLong = snapToWordEdges(long, offset + a, offset + b);
          expect(inLong && { start: inLong.start - offset, end: inLong.end - offset }).toEqual(alone);
        }
      }
    }
    // A word longer than a window is still taken whole.
    const word = "x".repeat(5_000);
    expect(snapToWordEdges(long, long.indexOf(word) + 2_600, long.indexOf(word) + 2_601)).toEqual({
      start: long.indexOf(word),
      end: long.indexOf(word) + 5_000,
    });
  });

  it("property: returns a subrange that never splits a surrogate pair, and is idempotent", () => {
    fc.assert(
      fc.property(
        fc.oneof(
          anyText,
          fc.string({
            unit: fc.constantFrom("a", "é", " ", ".", "’", GRINNING, FLAG_DE, FAMILY, E_ACUTE, "\u0301", CJK_EXT_B),
            minLength: 1,
            maxLength: 30,
          }),
        ),
        fc.nat(),
        fc.nat(),
        (s, a, b) => {
          const [start, end] = rangeOf(s, a, b);
          const r = snapToWordEdges(s, start, end);
          if (r === null) return;
          expect(0 <= r.start && r.start < r.end && r.end <= s.length).toBe(true);
          expect(isInsideSurrogatePair(s, r.start)).toBe(false);
          expect(isInsideSurrogatePair(s, r.end)).toBe(false);
          const graphemes = Array.from(new Intl.Segmenter(undefined, { granularity: "grapheme" }).segment(s.slice(r.start, r.end)), (g) => g.segment);
          expect(graphemes[0]).not.toMatch(/^\s+$/u);
          expect(graphemes.at(-1)).not.toMatch(/^\s+$/u);
          expect(snapToWordEdges(s, r.start, r.end)).toEqual(r);
          // The result can be turned into a target directly.
          expect(verifyTarget(s, makeTarget(s, r.start, r.end))).toEqual({ ok: true });
        },
      ),
    );
  });
});
