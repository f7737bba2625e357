import { describe, expect, it } from "vitest";
import { type MergeableClaim, planMerge, shorten } from "./adjudication-merge";
import { createOffsetIndex } from "./offsets";

// Code points, not UTF-16: the emoji before the quotes makes the two differ.
const TEXT = "👋 Der Rat tagte. Er beschloss 4 Mio. Euro. Kritiker schwiegen.";
const index = createOffsetIndex(TEXT);

/** A claim on the first occurrence of `exact` in TEXT (offsets in code points). */
function claim(id: string, exact: string, authorName = "Ann"): MergeableClaim {
  const at = TEXT.indexOf(exact);
  if (at < 0) throw new Error(`not in TEXT: ${exact}`);
  const start = index.toCodePoint(at);
  return { id, start, end: start + [...exact].length, authorName, exact };
}

describe("planMerge", () => {
  it("plans nothing for no claims", () => {
    expect(planMerge(TEXT, [])).toEqual({ outcome: "none" });
  });

  it("takes the union of quotes separated only by whitespace, whatever the selection order", () => {
    const plan = planMerge(TEXT, [claim("b", "Er beschloss 4 Mio. Euro."), claim("a", "Der Rat tagte.")]);
    expect(plan.outcome).toBe("union");
    if (plan.outcome !== "union") return;
    expect(plan.target.exact).toBe("Der Rat tagte. Er beschloss 4 Mio. Euro.");
    expect(plan.target.start).toBe(index.toCodePoint(TEXT.indexOf("Der")));
    expect(plan.quote).toBe(plan.target.exact);
  });

  it("takes the union of overlapping quotes", () => {
    const plan = planMerge(TEXT, [claim("a", "Rat tagte. Er"), claim("b", "Er beschloss")]);
    expect(plan.outcome === "union" && plan.target.exact).toBe("Rat tagte. Er beschloss");
  });

  it("keeps the first claim's quote (no target) when the quotes are not contiguous", () => {
    const plan = planMerge(TEXT, [claim("a", "Der Rat tagte.", "Ben"), claim("b", "Kritiker schwiegen.")]);
    expect(plan).toEqual({ outcome: "not_contiguous", quote: "Der Rat tagte.", authorName: "Ben" });
  });

  it("needs no new target when the first claim already covers the others", () => {
    const plan = planMerge(TEXT, [claim("a", "Er beschloss 4 Mio. Euro."), claim("b", "4 Mio.")]);
    expect(plan).toMatchObject({ outcome: "first", quote: "Er beschloss 4 Mio. Euro." });
  });
});

describe("shorten", () => {
  it("collapses whitespace and cuts with an ellipsis", () => {
    expect(shorten("  a \n b  ")).toBe("a b");
    expect(shorten("abcdef", 4)).toBe("abc…");
    expect(shorten("abcd", 4)).toBe("abcd");
  });
});
