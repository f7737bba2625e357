import { describe, expect, it } from "vitest";
import { type ClaimSpan, claimOfSentence, claimToReopen, nextOpenSentence, steppedClaim } from "./claim-spans";

const SENTENCES = [
  { start: 0, end: 10 },
  { start: 11, end: 30 },
  { start: 31, end: 50 },
];
const mine = (id: string, start: number, end: number): ClaimSpan => ({ id, start, end, authorId: "me" });
const theirs = (id: string, start: number, end: number): ClaimSpan => ({ id, start, end, authorId: "ben" });

describe("claimToReopen", () => {
  it("finds the person's claim on the sentence, not someone else's, and never for a different span", () => {
    const claims = [theirs("b", 11, 30), mine("m", 15, 20)];
    expect(claimToReopen(claims, SENTENCES[1]!, SENTENCES[1], "me")?.id).toBe("m");
    expect(claimToReopen([theirs("b", 11, 30)], SENTENCES[1]!, SENTENCES[1], "me")).toBeNull();
    expect(claimToReopen(claims, { start: 15, end: 20 }, SENTENCES[1], "me")?.id).toBe("m");
    expect(claimToReopen(claims, { start: 15, end: 25 }, SENTENCES[1], "me")).toBeNull();
  });
});

describe("claimOfSentence", () => {
  it("opens the person's own claim first, else anyone's", () => {
    expect(claimOfSentence([theirs("b", 11, 30), mine("m", 12, 14)], SENTENCES[1]!, "me")?.id).toBe("m");
    expect(claimOfSentence([theirs("b", 11, 30)], SENTENCES[1]!, "me")?.id).toBe("b");
    expect(claimOfSentence([theirs("b", 11, 30)], SENTENCES[2]!, "me")).toBeNull();
  });
});

describe("steppedClaim", () => {
  const claims = [mine("a", 0, 5), theirs("b", 12, 20), mine("c", 35, 40)];
  it("steps from the open claim and stops at the ends", () => {
    expect(steppedClaim(claims, "a", null, "next")?.id).toBe("b");
    expect(steppedClaim(claims, "c", null, "next")?.id).toBe("c");
    expect(steppedClaim(claims, "b", null, "previous")?.id).toBe("a");
    expect(steppedClaim(claims, "a", null, "previous")?.id).toBe("a");
  });

  it("starts from the focused sentence when no claim is open", () => {
    expect(steppedClaim(claims, null, 11, "next")?.id).toBe("b");
    expect(steppedClaim(claims, null, 31, "previous")?.id).toBe("b");
    expect(steppedClaim(claims, null, null, "next")?.id).toBe("a");
    expect(steppedClaim([], null, null, "next")).toBeNull();
  });
});

describe("nextOpenSentence", () => {
  it("skips sentences the person has a claim on, counts nobody else's, and wraps round", () => {
    const claims = [mine("a", 0, 5), theirs("b", 12, 20)];
    expect(nextOpenSentence(SENTENCES, claims, null, "me")).toBe(1);
    expect(nextOpenSentence(SENTENCES, claims, 1, "me")).toBe(2);
    expect(nextOpenSentence(SENTENCES, claims, 2, "me")).toBe(1);
    expect(nextOpenSentence(SENTENCES, [mine("x", 0, 50)], 0, "me")).toBeNull();
  });
});
