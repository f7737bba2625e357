import { describe, expect, it } from "vitest";
import { verifyTarget } from "./anchoring";
import { sliceCodePoints } from "./offsets";
import { reanchorClaims } from "./reanchor";
import { type CorpusEdit, EDIT_KINDS, generateReanchorCorpus, LARGE_SENTENCES, scoreReanchorCorpus } from "./reanchor-corpus";

const corpus = generateReanchorCorpus();
const outcomes = corpus.map((pair) => reanchorClaims(pair.oldText, pair.newText, pair.claims));
const score = scoreReanchorCorpus(corpus, outcomes);

describe("the revision-pair corpus (issue 14's measured targets)", () => {
  it("covers every kind of edit, astral characters, and the 3,000-sentence article with 3,000 claims", () => {
    const edits = new Set(corpus.flatMap((pair) => pair.claims.map((c) => c.edit)));
    for (const kind of EDIT_KINDS) expect(edits).toContain(kind);
    // The edits issue 14 names are among them.
    const named: CorpusEdit[] = ["insertion", "deletion", "moved_paragraph", "typo_fixed", "quote_rewritten", "repeated_phrase"];
    expect(EDIT_KINDS).toEqual(expect.arrayContaining(named));
    const large = corpus.find((pair) => pair.name === "large")!;
    expect(large.sentences).toBe(LARGE_SENTENCES);
    expect(large.claims).toHaveLength(3_000);
    expect(corpus.some((pair) => /[\u{10000}-\u{10FFFF}]/u.test(pair.oldText) && /\p{M}/u.test(pair.oldText))).toBe(true);
    // Every known answer is a real one: the old targets describe the old text, expected spans exist in the new.
    for (const pair of corpus) {
      for (const claim of pair.claims) {
        expect(verifyTarget(pair.oldText, claim)).toEqual({ ok: true });
        if (claim.expected.kind === "placed") expect(sliceCodePoints(pair.newText, claim.expected.start, claim.expected.end)).toBe(claim.exact);
      }
      expect(pair.newText).not.toBe(pair.oldText);
    }
  });

  it("is generated the same on every run", () => {
    const again = generateReanchorCorpus();
    expect(again.map((p) => [p.oldText, p.newText, p.claims])).toEqual(corpus.map((p) => [p.oldText, p.newText, p.claims]));
  });

  it("misplaces no claim: nothing placed automatically but at its expected span, no changed quote placed at all", () => {
    expect(score.misplacedIds).toEqual([]);
    expect(score.misplaced).toBe(0);
  });

  it("keeps or relocates at least 98 % of the claims whose quote is unchanged", () => {
    expect(score.unchangedQuotes).toBeGreaterThan(3_000);
    expect(score.unchangedPlaced / score.unchangedQuotes).toBeGreaterThanOrEqual(0.98);
  });

  it("leaves every other claim to a person or orphans it; a fixed typo is proposed at its corrected span", () => {
    corpus.forEach((pair, p) => {
      pair.claims.forEach((claim, c) => {
        const outcome = outcomes[p]![c]!;
        if (claim.expected.kind !== "placed") expect(["needs_confirmation", "orphaned"]).toContain(outcome.outcome);
        if (claim.expected.kind === "confirm") expect(outcome.outcome).toBe("needs_confirmation");
      });
    });
    expect(score.typoFixes).toBeGreaterThan(50);
    expect(score.typoProposalsRight).toBe(score.typoFixes);
  });

  it("relocates claims of moved paragraphs and keeps the ones edits only passed by", () => {
    const tally = { kept: 0, keptRight: 0, relocated: 0, relocatedRight: 0 };
    corpus.forEach((pair, p) => {
      pair.claims.forEach((claim, c) => {
        if (claim.expected.kind !== "placed") return;
        const outcome = outcomes[p]![c]!.outcome;
        tally[claim.expected.via]++;
        if (outcome === claim.expected.via) tally[claim.expected.via === "kept" ? "keptRight" : "relocatedRight"]++;
      });
    });
    expect(tally.relocated).toBeGreaterThan(100);
    expect(tally.keptRight / tally.kept).toBeGreaterThanOrEqual(0.98);
    expect(tally.relocatedRight / tally.relocated).toBeGreaterThanOrEqual(0.9);
  });
});
