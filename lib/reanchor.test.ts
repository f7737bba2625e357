import approxSearch from "approx-string-match";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { makeTarget, verifyTarget } from "./anchoring";
import { codePointLength, createOffsetIndex, sliceCodePoints } from "./offsets";
import { fewestErrorMatches, mapSentences, type ReanchorClaim, type ReanchorOutcome, reanchorClaims, sentenceIndexesOf } from "./reanchor";

/** A claim on the first occurrence (or the `nth`) of `quote` in `text`, as the annotator's selection would make it. */
function claimOn(text: string, quote: string, id = "c1", nth = 0): ReanchorClaim {
  let at = text.indexOf(quote);
  for (let i = 0; i < nth; i++) at = text.indexOf(quote, at + 1);
  if (at === -1) throw new Error(`"${quote}" is not in the text`);
  return { id, ...makeTarget(text, at, at + quote.length) };
}

function one(oldText: string, newText: string, claim: ReanchorClaim): ReanchorOutcome {
  const [outcome] = reanchorClaims(oldText, newText, [claim]);
  return outcome!;
}

/** The target the annotator would have made selecting the `nth` occurrence of `quote` in `text`. */
function expectedTarget(text: string, quote: string, nth = 0) {
  const { id: _id, ...target } = claimOn(text, quote, "x", nth);
  return target;
}

const PARA_A = "Die Inflation stieg im dritten Quartal auf 4,2 Prozent, sagte die Ministerin am Dienstag in Berlin.";
const PARA_B = "Die Arbeitslosigkeit sank leicht, während die Energiepreise hoch blieben und Analysten warnten.";
const PARA_C = "Im nächsten Jahr erwartet die Regierung ein Wachstum von 1,1 Prozent 📈 trotz der Krise.";

describe("reanchorClaims: the four outcomes", () => {
  it("keeps a claim whose text moved down by an insertion before it, with the target the annotator would make", () => {
    const before = `${PARA_A}\n\n${PARA_B}`;
    const after = `Eilmeldung 🚨 am Morgen.\n\n${PARA_A}\n\n${PARA_B}`;
    const outcome = one(before, after, claimOn(before, "Energiepreise hoch blieben"));
    expect(outcome).toEqual({ id: "c1", outcome: "kept", target: expectedTarget(after, "Energiepreise hoch blieben") });
  });

  it("keeps a claim when only the context on one side changed", () => {
    const before = PARA_A;
    const after = PARA_A.replace("sagte die Ministerin", "erklärte die Ministerin");
    const quote = "auf 4,2 Prozent";
    expect(one(before, after, claimOn(before, quote))).toEqual({ id: "c1", outcome: "kept", target: expectedTarget(after, quote) });
  });

  it("relocates a claim in a moved paragraph", () => {
    const before = `${PARA_A}\n\n${PARA_B}\n\n${PARA_C}`;
    const after = `${PARA_C}\n\n${PARA_B}\n\n${PARA_A}`;
    const quote = "Ministerin am Dienstag";
    const outcome = one(before, after, claimOn(before, quote));
    expect(["kept", "relocated"]).toContain(outcome.outcome);
    expect(outcome).toMatchObject({ target: expectedTarget(after, quote) });
  });

  it("uses the context to pick the right copy when the quote occurs twice in the new text", () => {
    const before = `${PARA_A}\n\n${PARA_B}`;
    const after = `${PARA_B} Zitat: „auf 4,2 Prozent“ hieß es.\n\n${PARA_A}`;
    const quote = "auf 4,2 Prozent";
    const outcome = one(before, after, claimOn(before, quote));
    expect(["kept", "relocated"]).toContain(outcome.outcome);
    // The second copy is the one with the claim's context.
    expect(outcome).toMatchObject({ target: expectedTarget(after, quote, 1) });
  });

  it("asks for confirmation when the quote occurs twice with the same context and the diff places neither", () => {
    // The longer B, C stays in place, so the diff reads A as removed and its two copies as added.
    const before = `${PARA_A}\n\n${PARA_B}\n\n${PARA_C}`;
    const after = `${PARA_B}\n\n${PARA_C}\n\n${PARA_A}\n\n${PARA_A}`;
    const quote = "Ministerin am Dienstag";
    const outcome = one(before, after, claimOn(before, quote));
    if (outcome.outcome !== "needs_confirmation") throw new Error(`expected needs_confirmation, got ${outcome.outcome}`);
    expect(outcome.reason).toBe("ambiguous");
    expect(outcome.proposals.map((p) => p.target)).toEqual(
      expect.arrayContaining([expectedTarget(after, quote, 0), expectedTarget(after, quote, 1)]),
    );
  });

  it("asks for confirmation, with the fixed span proposed, when a typo inside the quote was corrected", () => {
    const before = PARA_A.replace("Ministerin", "Minsterin");
    const after = PARA_A;
    const outcome = one(before, after, claimOn(before, "sagte die Minsterin am Dienstag"));
    if (outcome.outcome !== "needs_confirmation") throw new Error(`expected needs_confirmation, got ${outcome.outcome}`);
    expect(outcome.reason).toBe("approximate");
    expect(outcome.proposals[0]!.target).toEqual(expectedTarget(after, "sagte die Ministerin am Dienstag"));
    expect(outcome.proposals[0]!.score).toBeGreaterThan(0.9);
    expect(outcome.proposals[0]!.score).toBeLessThan(1);
  });

  it("asks for confirmation when the exact quote is there but its context is gone on both sides", () => {
    const before = PARA_A;
    const after = "Völlig neuer Satz mit auf 4,2 Prozent darin, ohne alten Zusammenhang.";
    const outcome = one(before, after, claimOn(before, "auf 4,2 Prozent"));
    expect(outcome).toMatchObject({ outcome: "needs_confirmation", reason: "context_changed" });
  });

  it("orphans a claim whose sentence was deleted", () => {
    const before = `${PARA_A}\n\n${PARA_C}`;
    const after = PARA_A;
    expect(one(before, after, claimOn(before, "erwartet die Regierung ein Wachstum"))).toEqual({ id: "c1", outcome: "orphaned" });
  });

  it("never places a rewritten quote automatically", () => {
    const before = PARA_A;
    const after = PARA_A.replace("auf 4,2 Prozent", "auf 3,9 Prozent");
    const outcome = one(before, after, claimOn(before, "stieg im dritten Quartal auf 4,2 Prozent"));
    expect(["needs_confirmation", "orphaned"]).toContain(outcome.outcome);
  });

  it("counts code points: a claim after an emoji and a combining accent keeps code-point offsets", () => {
    const before = "Zu\u0308rich 🇨🇭: Preise +2 % 😀 laut Amt.";
    const after = `Neu 👨‍👩‍👧 ${before}`;
    const outcome = one(before, after, claimOn(before, "Preise +2 %"));
    if (outcome.outcome !== "kept") throw new Error(`expected kept, got ${outcome.outcome}`);
    expect(sliceCodePoints(after, outcome.target.start, outcome.target.end)).toBe("Preise +2 %");
    expect(outcome.target.start).toBe(codePointLength("Neu 👨‍👩‍👧 Zu\u0308rich 🇨🇭: "));
  });

  it("orphans an empty or malformed claim instead of throwing, and places a claim with stale offsets by search", () => {
    const text = `${PARA_A}\n\n${PARA_B}`;
    const stale = { ...claimOn(text, "Energiepreise hoch"), start: 0, end: 5 };
    const outcomes = reanchorClaims(text, text, [{ id: "e", start: 0, end: 1, exact: "", prefix: "", suffix: "" }, stale]);
    expect(outcomes[0]).toEqual({ id: "e", outcome: "orphaned" });
    expect(outcomes[1]).toMatchObject({ outcome: "relocated", target: expectedTarget(text, "Energiepreise hoch") });
  });
});

// ---------------------------------------------------------------------------
// Properties
// ---------------------------------------------------------------------------

// Words and marks that exercise code points: astral letters, ZWJ sequences, flags, combining accents, CJK.
const PIECES = [
  "Preis",
  "stieg",
  "die",
  "Zu\u0308rich",
  "cafe\u0301",
  "𝔘𝔫𝔦",
  "👨‍👩‍👧",
  "🇩🇪",
  "😀",
  "中文",
  "a",
  "b",
  "5",
  " ",
  " ",
  " ",
  ". ",
  ", ",
  "\n\n",
  "„",
  "“",
];
const textArb = fc.array(fc.constantFrom(...PIECES), { minLength: 1, maxLength: 60 }).map((parts) => parts.join(""));

type Edit = { kind: "insert" | "delete" | "replace"; at: number; length: number; insert: string };
const editArb: fc.Arbitrary<Edit> = fc.record({
  kind: fc.constantFrom("insert", "delete", "replace"),
  at: fc.nat(),
  length: fc.integer({ min: 1, max: 12 }),
  insert: fc.array(fc.constantFrom(...PIECES), { minLength: 1, maxLength: 4 }).map((p) => p.join("")),
});

/** Applies edits on code points, so the new text is always well-formed. */
function applyEdits(text: string, edits: Edit[]): string {
  let cps = Array.from(text);
  for (const e of edits) {
    const at = cps.length === 0 ? 0 : e.at % (cps.length + 1);
    const cut = e.kind === "insert" ? 0 : Math.min(e.length, cps.length - at);
    const add = e.kind === "delete" ? [] : Array.from(e.insert);
    cps = [...cps.slice(0, at), ...add, ...cps.slice(at + cut)];
  }
  return cps.join("");
}

const caseArb = fc
  .record({
    text: textArb,
    edits: fc.array(editArb, { maxLength: 4 }),
    spans: fc.array(fc.tuple(fc.nat(), fc.integer({ min: 1, max: 20 })), { minLength: 1, maxLength: 6 }),
  })
  .map(({ text, edits, spans }) => {
    const length = text.length;
    const claims = spans.map(([at, len], i) => {
      const start = at % length;
      return { id: `c${i}`, ...makeTarget(text, start, Math.min(length, start + len)) };
    });
    return { oldText: text, newText: applyEdits(text, edits), claims };
  });

describe("reanchorClaims: properties", () => {
  it("a kept or relocated claim's span is exactly its quote (code points), with the complete target the annotator would make", () => {
    fc.assert(
      fc.property(caseArb, ({ oldText, newText, claims }) => {
        const index = createOffsetIndex(newText);
        for (const [i, outcome] of reanchorClaims(oldText, newText, claims).entries()) {
          const claim = claims[i]!;
          expect(outcome.id).toBe(claim.id);
          if (outcome.outcome === "kept" || outcome.outcome === "relocated") {
            expect(sliceCodePoints(newText, outcome.target.start, outcome.target.end)).toBe(claim.exact);
            expect(outcome.target).toEqual(makeTarget(index, index.toUtf16(outcome.target.start), index.toUtf16(outcome.target.end)));
          }
          if (outcome.outcome === "needs_confirmation") {
            expect(outcome.proposals.length).toBeGreaterThan(0);
            for (const p of outcome.proposals) {
              expect(verifyTarget(index, p.target)).toEqual({ ok: true });
              expect(p.score).toBeGreaterThanOrEqual(0);
              expect(p.score).toBeLessThanOrEqual(1);
            }
          }
        }
      }),
      { numRuns: 300 },
    );
  });

  it("an approximate match is never applied: a quote absent from the new text is never kept or relocated", () => {
    fc.assert(
      fc.property(caseArb, ({ oldText, newText, claims }) => {
        for (const [i, outcome] of reanchorClaims(oldText, newText, claims).entries()) {
          if (!newText.includes(claims[i]!.exact)) expect(["needs_confirmation", "orphaned"]).toContain(outcome.outcome);
          if (outcome.outcome === "needs_confirmation" && outcome.reason === "approximate") {
            expect(newText.includes(claims[i]!.exact)).toBe(false);
          }
        }
      }),
      { numRuns: 300 },
    );
  });

  it("is deterministic", () => {
    fc.assert(
      fc.property(caseArb, ({ oldText, newText, claims }) => {
        expect(reanchorClaims(oldText, newText, claims)).toEqual(reanchorClaims(oldText, newText, claims));
      }),
    );
  });

  it("onto an unchanged text, every claim is kept with its own target", () => {
    fc.assert(
      fc.property(caseArb, ({ oldText, claims }) => {
        const outcomes = reanchorClaims(oldText, oldText, claims);
        outcomes.forEach((outcome, i) => {
          const { id, ...target } = claims[i]!;
          expect(outcome).toEqual({ id, outcome: "kept", target });
        });
      }),
    );
  });
});

describe("fewestErrorMatches: the whole-text fuzzy search, looked up by pieces", () => {
  // Few letters, so that texts repeat themselves and near-misses of the pattern abound.
  const lettersArb = (min: number, max: number) =>
    fc.array(fc.constantFrom("a", "b", "c", " ", "é", "😀"), { minLength: min, maxLength: max }).map((l) => l.join(""));

  it("finds exactly the matches approxSearch finds on the whole text, for every budget", () => {
    fc.assert(
      fc.property(lettersArb(0, 400), lettersArb(6, 40), fc.nat(12), (text, pattern, errors) => {
        const maxErrors = Math.min(errors, pattern.length);
        expect(fewestErrorMatches(text, pattern, maxErrors)).toEqual(approxSearch(text, pattern, maxErrors));
      }),
      { numRuns: 500 },
    );
  });

  it("finds a typo-fixed quote far from any other copy in a long text", () => {
    const filler = "Lorem ipsum dolor sit amet, consectetur adipiscing elit. ".repeat(200);
    const text = `${filler}Die Regierung hat die Steuern um drei Prozent erhöht. ${filler}`;
    const pattern = "Die Regierung hat die Steurn um drei Prozent erhöht.";
    expect(fewestErrorMatches(text, pattern, 2)).toEqual(approxSearch(text, pattern, 2));
    expect(fewestErrorMatches(text, pattern, 2)).toEqual([{ start: filler.length, end: filler.length + pattern.length + 1, errors: 1 }]);
  });
});

describe("sentences across revisions", () => {
  const bounds = [
    [0, 5],
    [6, 12],
    [13, 20],
  ] as const;

  it("lists the sentences a span overlaps, as the database's sentence_indexes does", () => {
    expect(sentenceIndexesOf(bounds, 0, 1)).toEqual([0]);
    expect(sentenceIndexesOf(bounds, 4, 7)).toEqual([0, 1]);
    expect(sentenceIndexesOf(bounds, 5, 6)).toEqual([]);
    expect(sentenceIndexesOf(bounds, 12, 20)).toEqual([2]);
    expect(sentenceIndexesOf(bounds, 0, 20)).toEqual([0, 1, 2]);
    expect(sentenceIndexesOf([], 0, 3)).toEqual([]);
  });

  it("moves a sentence's decisions only to a sentence with exactly its text, however the context changed", () => {
    const oldText = "One here. Two there. Three at last.";
    const newText = "Zero first. One here. Three at last. Two there, now changed.";
    const old = [
      [0, 9],
      [10, 20],
      [21, 35],
    ] as const;
    const fresh = [
      [0, 11],
      [12, 21],
      [22, 36],
      [37, 60],
    ] as const;
    expect([...mapSentences(oldText, old, newText, fresh, [0, 1, 2])]).toEqual([
      [0, 1],
      [2, 2],
    ]);
    expect([...mapSentences(oldText, old, newText, fresh, [2])]).toEqual([[2, 2]]);
  });

  it("places a repeated sentence only where the diff keeps it", () => {
    const line = "The same line again.";
    const intro = "An introduction that stays the same for a while. ";
    const oldText = `${intro}${line} Middle part that is long enough. ${line}`;
    const newText = `${intro}${line} Middle part that is long enough. Added here. ${line}`;
    const sentencesOf = (text: string) => {
      const out: Array<[number, number]> = [];
      for (const m of text.matchAll(/[^.]+\./g)) {
        const start = m.index + (m[0].length - m[0].trimStart().length);
        out.push([start, m.index + m[0].length]);
      }
      return out;
    };
    const mapped = mapSentences(oldText, sentencesOf(oldText), newText, sentencesOf(newText), [1, 3]);
    expect([...mapped]).toEqual([
      [1, 1],
      [3, 4],
    ]);
  });
});
