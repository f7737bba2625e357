import { describe, expect, it } from "vitest";
import type { ReviewStatus } from "../vocabularies";
import { type ClaimFilter, facetCounts, facetValues, filterClaims, foldText, isFiltering, NO_FILTER, searchTerms } from "./claim-filter";

type Item = {
  id: string;
  claim: { authorId: string; status: ReviewStatus };
  draft: {
    target: { start: number; end: number; exact: string; prefix: string; suffix: string };
    normalizedClaim: string;
    speaker: string;
    rationale: string;
    claimType: string | null;
    verdict: string;
    tags: string[];
    checkWorthiness: number | null;
  };
};

type Fields = Partial<Item["draft"]> & Partial<Item["claim"]> & { exact?: string };

function item(id: string, fields: Fields = {}): Item {
  const { authorId = "anna", status = "draft", exact = "", ...draft } = fields;
  return {
    id,
    claim: { authorId, status },
    draft: {
      target: { start: 0, end: exact.length, exact, prefix: "", suffix: "" },
      normalizedClaim: "",
      speaker: "",
      rationale: "",
      claimType: null,
      verdict: "unverified",
      tags: [],
      checkWorthiness: null,
      ...draft,
    },
  };
}

const ids = (items: readonly Item[]) => items.map((i) => i.id);
const filter = (over: Partial<ClaimFilter>): ClaimFilter => ({ ...NO_FILTER, ...over });

const claims = [
  item("a", { exact: "Exports fell by 3 percent.", claimType: "statistic", verdict: "false", tags: ["economy", "trade"], checkWorthiness: 3 }),
  item("b", { exact: "Die Regierung in München erwartet Wachstum.", speaker: "Ministerin Müller", claimType: "prediction", authorId: "ben" }),
  item("c", { exact: "Critics disagree.", claimType: "statistic", status: "submitted", tags: ["economy"], checkWorthiness: 1, authorId: "ben" }),
  item("d", { exact: "Nothing said yet.", rationale: "Needs the Statistisches Bundesamt figures." }),
];

describe("text matching", () => {
  it("folds case and Unicode forms, but not accents", () => {
    expect(foldText("MÜNCHEN")).toBe(foldText("München"));
    // A decomposed ü (u + U+0308) reads as the composed one.
    expect(foldText("Mu\u0308nchen")).toBe(foldText("M\u00fcnchen"));
    expect(foldText("STRASSE")).toBe(foldText("Straße"));
    expect(foldText("Straße")).toBe(foldText("STRAẞE"));
    expect(foldText("ﬁnanz")).toBe("finanz");
    expect(foldText("für")).not.toBe(foldText("fur"));
  });

  it("splits a search at whitespace and drops empty terms", () => {
    expect(searchTerms("  Müller \n Export ")).toEqual(["müller", "export"]);
    expect(searchTerms("   ")).toEqual([]);
  });

  it("finds a term in the quote, the normalised claim, the speaker or the rationale", () => {
    const normalised = item("n", { exact: "It did.", normalizedClaim: "Unemployment rose in 2024." });
    const all = [...claims, normalised];
    expect(ids(filterClaims(all, filter({ text: "EXPORTS" })))).toEqual(["a"]);
    expect(ids(filterClaims(all, filter({ text: "unemployment" })))).toEqual(["n"]);
    expect(ids(filterClaims(all, filter({ text: "müller" })))).toEqual(["b"]);
    expect(ids(filterClaims(all, filter({ text: "bundesamt" })))).toEqual(["d"]);
    expect(ids(filterClaims(all, filter({ text: "MÜNCHEN" })))).toEqual(["b"]);
    expect(ids(filterClaims(all, filter({ text: "Mu\u0308nchen" })))).toEqual(["b"]);
    expect(ids(filterClaims(all, filter({ text: "munchen" })))).toEqual([]);
  });

  it("wants every term, each in any field, but no term across two fields", () => {
    expect(ids(filterClaims(claims, filter({ text: "müller wachstum" })))).toEqual(["b"]);
    expect(ids(filterClaims(claims, filter({ text: "müller exports" })))).toEqual([]);
    const split = item("s", { exact: "end", speaker: "start" });
    expect(ids(filterClaims([split], filter({ text: "endstart" })))).toEqual([]);
    expect(ids(filterClaims([split], filter({ text: "end start" })))).toEqual(["s"]);
  });

  it("reads the quote as written, not its surroundings", () => {
    const quoted = item("q", { exact: "growth" });
    quoted.draft.target.prefix = "Exports ";
    expect(ids(filterClaims([quoted], filter({ text: "exports" })))).toEqual([]);
  });
});

describe("facets", () => {
  it("reads each kind's values, null where a claim says nothing yet", () => {
    const [a, , , d] = claims;
    expect(facetValues(a!, "claimType")).toEqual(["statistic"]);
    expect(facetValues(a!, "verdict")).toEqual(["false"]);
    expect(facetValues(a!, "status")).toEqual(["draft"]);
    expect(facetValues(a!, "author")).toEqual(["anna"]);
    expect(facetValues(a!, "tag")).toEqual(["economy", "trade"]);
    expect(facetValues(a!, "checkWorthiness")).toEqual(["3"]);
    expect(facetValues(d!, "claimType")).toEqual([null]);
    expect(facetValues(d!, "tag")).toEqual([null]);
    expect(facetValues(d!, "checkWorthiness")).toEqual([null]);
    expect(facetValues(item("z", { checkWorthiness: 0 }), "checkWorthiness")).toEqual(["0"]);
  });

  it.each([
    ["claimType", ["statistic"], ["a", "c"]],
    ["claimType", [null], ["d"]],
    ["verdict", ["false"], ["a"]],
    ["verdict", ["unverified"], ["b", "c", "d"]],
    ["status", ["submitted"], ["c"]],
    ["author", ["ben"], ["b", "c"]],
    ["tag", ["economy"], ["a", "c"]],
    ["tag", ["trade"], ["a"]],
    ["tag", [null], ["b", "d"]],
    ["checkWorthiness", ["3"], ["a"]],
    ["checkWorthiness", [null], ["b", "d"]],
  ] as const)("filters by %s %j", (kind, values, expected) => {
    expect(ids(filterClaims(claims, filter({ [kind]: values })))).toEqual(expected);
  });

  it("shows a claim with any of a kind's chosen values, and only claims matching every kind and the search", () => {
    expect(ids(filterClaims(claims, filter({ claimType: ["prediction", null] })))).toEqual(["b", "d"]);
    expect(ids(filterClaims(claims, filter({ claimType: ["statistic"], author: ["ben"] })))).toEqual(["c"]);
    expect(ids(filterClaims(claims, filter({ claimType: ["statistic"], tag: ["economy"], text: "exports" })))).toEqual(["a"]);
    expect(ids(filterClaims(claims, filter({ claimType: ["statistic"], status: ["accepted"] })))).toEqual([]);
  });

  it("keeps the claims' order and lets everything through when nothing is asked", () => {
    expect(ids(filterClaims(claims, NO_FILTER))).toEqual(["a", "b", "c", "d"]);
    expect(isFiltering(NO_FILTER)).toBe(false);
    expect(isFiltering(filter({ text: "  " }))).toBe(false);
    expect(isFiltering(filter({ text: "x" }))).toBe(true);
    expect(isFiltering(filter({ tag: [null] }))).toBe(true);
  });
});

describe("counts", () => {
  it("counts every value some claim has, with nothing asked", () => {
    const counts = facetCounts(claims, NO_FILTER);
    expect(Object.fromEntries(counts.claimType)).toEqual({ statistic: 2, prediction: 1, null: 1 });
    expect(counts.claimType.get(null)).toBe(1);
    expect(Object.fromEntries(counts.author)).toEqual({ anna: 2, ben: 2 });
    expect(Object.fromEntries(counts.tag)).toEqual({ economy: 2, trade: 1, null: 2 });
    expect(Object.fromEntries(counts.checkWorthiness)).toEqual({ 3: 1, 1: 1, null: 2 });
  });

  it("counts a kind's values against the other kinds and the search, not against its own choice", () => {
    const counts = facetCounts(claims, filter({ author: ["ben"] }));
    // The author's own options still say what each author would show.
    expect(Object.fromEntries(counts.author)).toEqual({ anna: 2, ben: 2 });
    // Every other kind counts only Ben's claims; values only others' claims have stay, at 0.
    expect(Object.fromEntries(counts.claimType)).toEqual({ statistic: 1, prediction: 1, null: 0 });
    expect(Object.fromEntries(counts.verdict)).toEqual({ false: 0, unverified: 2 });

    const searched = facetCounts(claims, filter({ author: ["ben"], claimType: ["statistic"], text: "critics" }));
    expect(Object.fromEntries(searched.author)).toEqual({ anna: 0, ben: 1 });
    expect(Object.fromEntries(searched.claimType)).toEqual({ statistic: 1, prediction: 0, null: 0 });
    expect(Object.fromEntries(searched.status)).toEqual({ draft: 0, submitted: 1 });
  });

  it("makes each count what choosing that value would show", () => {
    const asked = filter({ claimType: ["statistic"], text: "e" });
    for (const [value, count] of facetCounts(claims, asked).tag) {
      expect(filterClaims(claims, { ...asked, tag: [value] }), String(value)).toHaveLength(count);
    }
  });

  it("counts a claim once for a tag it carries twice", () => {
    expect(facetCounts([item("t", { tags: ["x", "x"] })], NO_FILTER).tag.get("x")).toBe(1);
  });
});
