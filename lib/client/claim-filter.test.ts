import { describe, expect, it } from "vitest";
import { DEFAULT_TAXONOMY } from "../taxonomy";
import type { ReviewStatus } from "../vocabularies";
import {
  type ClaimFilter,
  decodeFacetValue,
  differsInTextOnly,
  encodeFacetValue,
  FACET_KINDS,
  type FacetValue,
  facetCounts,
  facetValues,
  filterClaims,
  filterFromSearch,
  foldText,
  isFiltering,
  keepOffered,
  matchesText,
  NO_FILTER,
  offeredValues,
  sameFilter,
  searchTerms,
  searchWithFilter,
} from "./claim-filter";

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

describe("several values of a kind", () => {
  it("counts each value as what the list shows with it once chosen too, its own kind's choice left out", () => {
    const asked = filter({ claimType: ["statistic"] });
    const counts = facetCounts(claims, asked);
    // Choosing "prediction" as well would show b besides a and c; "statistic" shows its two.
    expect(Object.fromEntries(counts.claimType)).toEqual({ statistic: 2, prediction: 1, null: 1 });
    // Other kinds count what the chosen types show.
    expect(Object.fromEntries(counts.author)).toEqual({ anna: 1, ben: 1 });
    expect(Object.fromEntries(counts.tag)).toEqual({ economy: 2, trade: 1, null: 0 });
    const both = filter({ claimType: ["statistic", "prediction"], tag: ["trade", null] });
    expect(ids(filterClaims(claims, both))).toEqual(["a", "b"]);
    const bothCounts = facetCounts(claims, both);
    expect(Object.fromEntries(bothCounts.tag)).toEqual({ economy: 2, trade: 1, null: 1 });
    expect(Object.fromEntries(bothCounts.claimType)).toEqual({ statistic: 1, prediction: 1, null: 1 });
  });
});

/** A list of `n` claims with every kind spread over a few values, some tags repeated, some claims without. */
function generated(n: number): Item[] {
  const types = ["statistic", "prediction", "quote", null];
  const verdicts = ["unverified", "false", "true", "mixed", "retired_key"];
  const statuses: ReviewStatus[] = ["draft", "submitted", "accepted", "rejected", "changes_requested"];
  const words = ["Exporte", "fielen", "München", "Straße", "growth", "percent", "Ministerin", "Bundesamt", "Zahlen", "Bericht"];
  return Array.from({ length: n }, (_, i) => {
    const tagCount = i % 4;
    return item(`g${i}`, {
      exact: `${words[i % words.length]} ${words[(i * 3) % words.length]} ${i}`,
      speaker: i % 7 === 0 ? "Ministerin Müller" : "",
      rationale: i % 11 === 0 ? "Laut STRASSE-Bericht" : "",
      claimType: types[i % types.length] ?? null,
      verdict: verdicts[(i * 7) % verdicts.length] ?? "unverified",
      status: statuses[(i * 5 + (i >> 3)) % statuses.length] ?? "draft",
      authorId: `author-${(i * 13) % 9}`,
      // Up to three of 40 tags, the third sometimes the first again.
      tags: Array.from({ length: tagCount }, (_, k) => `tag-${k === 2 && i % 2 ? i % 40 : (i * (k + 1) * 7) % 40}`),
      checkWorthiness: i % 5 === 4 ? null : i % 4,
    });
  });
}

/** The same question asked the plain way: a claim passes when the search and every kind with values chosen agree. */
function naiveFilter(items: readonly Item[], f: ClaimFilter): Item[] {
  const terms = searchTerms(f.text);
  return items.filter(
    (i) => matchesText(i, terms) && FACET_KINDS.every((kind) => !f[kind].length || facetValues(i, kind).some((v) => f[kind].includes(v))),
  );
}

describe("a list of 3,000 claims", () => {
  const many = generated(3000);
  const asked: ClaimFilter[] = [
    NO_FILTER,
    filter({ text: "münchen" }),
    filter({ text: "strasse bericht" }),
    filter({ claimType: ["statistic", null], tag: ["tag-7", "tag-14", null] }),
    filter({ verdict: ["false", "retired_key"], status: ["submitted", "accepted"], author: ["author-2", "author-5", "author-8"] }),
    filter({ text: "exporte", checkWorthiness: ["0", "2"], tag: ["tag-0", "tag-21", "tag-35", null], claimType: ["quote", "statistic"] }),
    filter({ tag: Array.from({ length: 30 }, (_, k) => `tag-${k}`), author: ["author-1"] }),
  ];

  it.each(asked.map((f, index) => [index, f] as const))(
    "filter %i shows what the plain reading shows, and counts what each value would show",
    (_, f) => {
      const shown = filterClaims(many, f);
      expect(ids(shown)).toEqual(ids(naiveFilter(many, f)));
      // Each filter shows some claims and hides others (all of them, with nothing asked), so the comparison says something.
      expect(shown.length).toBeGreaterThan(0);
      if (isFiltering(f)) expect(shown.length).toBeLessThan(many.length);
      const counts = facetCounts(many, f);
      for (const kind of FACET_KINDS) {
        // Every value some claim has is counted, and nothing else.
        const carried = new Set(many.flatMap((i) => facetValues(i, kind)));
        expect(new Set(counts[kind].keys())).toEqual(carried);
        // What the list shows with a value: the claims carrying it among those the rest of the filter lets through.
        const rest = naiveFilter(many, { ...f, [kind]: [] });
        for (const [value, count] of counts[kind]) {
          expect(count, `${kind} ${String(value)}`).toBe(rest.filter((i) => facetValues(i, kind).includes(value)).length);
        }
      }
    },
  );

  it("gives the same answer again from the folded text it keeps, and folds a claim changed in place afresh", () => {
    const f = filter({ text: "ministerin" });
    const first = ids(filterClaims(many, f));
    expect(ids(filterClaims(many, f))).toEqual(first);
    const changed = many[1]!;
    expect(first).not.toContain(changed.id);
    changed.draft.speaker = "Die Ministerin";
    expect(ids(filterClaims(many, f))).toContain(changed.id);
    changed.draft.speaker = "";
    expect(ids(filterClaims(many, f))).toEqual(first);
  });
});

describe("the filter in a page's query", () => {
  it("reads several values per kind, none as !none, escaped values, the search, and skips what is not its own", () => {
    const { filter: read, ignored } = filterFromSearch(
      "?claim=c1&f.type=statistic&f.type=!none&f.tag=%21%21none&f.tag=a%2Cb&f.tag=a%2Cb&f.q=M%C3%BCller+export&f.verdict=false&f.unknown=x&f.author=&f.worth=2",
    );
    expect(read).toEqual({
      ...NO_FILTER,
      text: "Müller export",
      claimType: ["statistic", null],
      verdict: ["false"],
      tag: ["!none", "a,b"],
      checkWorthiness: ["2"],
    });
    expect(ignored).toEqual([]);
    expect(filterFromSearch("")).toEqual({ filter: NO_FILTER, ignored: [] });
    expect(filterFromSearch(new URLSearchParams("f.status=accepted")).filter.status).toEqual(["accepted"]);
  });

  it("leaves out, and says, values no claim could have", () => {
    const { filter: read, ignored } = filterFromSearch("?f.status=archived&f.status=draft&f.worth=7&f.worth=!none&f.verdict=!none&f.author=!none");
    expect(read).toEqual({ ...NO_FILTER, status: ["draft"], checkWorthiness: [null] });
    expect(ignored).toEqual([
      { kind: "verdict", value: null },
      { kind: "status", value: "archived" },
      { kind: "author", value: null },
      { kind: "checkWorthiness", value: "7" },
    ]);
  });

  it("writes the filter in place of the old one, keeping the page's own parameters, and reads back what it wrote", () => {
    const tricky = filter({
      text: "  Straße & 3 % ",
      claimType: ["statistic", null],
      tag: ["!none", "a,b", "x=y&z", "Ärger", "!!"],
      author: ["user-1"],
      checkWorthiness: ["0"],
    });
    const written = searchWithFilter("?claim=c1&f.type=event&f.q=old&view=2", tricky);
    expect(written.startsWith("?claim=c1&view=2&f.type=statistic&f.type=%21none&")).toBe(true);
    expect(new URLSearchParams(written).get("claim")).toBe("c1");
    expect(filterFromSearch(written)).toEqual({ filter: tricky, ignored: [] });
    expect(searchWithFilter("?f.type=event", NO_FILTER)).toBe("");
    expect(searchWithFilter("?claim=c1", NO_FILTER)).toBe("?claim=c1");
    expect(searchWithFilter("", filter({ tag: ["x", "x"] }))).toBe("?f.tag=x");
  });

  it("encodes every value so that it decodes to itself", () => {
    for (const value of [null, "", "none", "!none", "!", "!!none", "statistic", "a b"] as FacetValue[]) {
      expect(decodeFacetValue(encodeFacetValue(value))).toBe(value);
    }
    expect(encodeFacetValue(null)).toBe("!none");
    expect(encodeFacetValue("!none")).toBe("!!none");
  });

  it("keeps the values the list offers and says which it left out, so a stale link does not hide everything", () => {
    const offered = offeredValues(claims, DEFAULT_TAXONOMY);
    expect([...offered.claimType]).toEqual(["statistic", "event", "quote", "prediction", "causal", "position", null]);
    expect([...offered.author]).toEqual(["anna", "ben"]);
    expect([...offered.tag]).toEqual([null, "economy", "trade"]);
    expect(offered.checkWorthiness.has("2")).toBe(true);

    const fromLink = filter({ claimType: ["opinion", "statistic"], tag: ["gone"], author: ["ben"], verdict: ["false"] });
    const { filter: kept, ignored } = keepOffered(fromLink, offered);
    expect(kept).toEqual(filter({ claimType: ["statistic"], tag: [], author: ["ben"], verdict: ["false"] }));
    expect(ignored).toEqual([
      { kind: "claimType", value: "opinion" },
      { kind: "tag", value: "gone" },
    ]);
    // A key the taxonomy no longer has is still offered while a claim carries it.
    const retired = offeredValues([item("r", { claimType: "opinion" })], DEFAULT_TAXONOMY);
    expect(keepOffered(fromLink, retired).filter.claimType).toEqual(["opinion", "statistic"]);
  });

  it("tells the same filter, and a change of the search alone", () => {
    expect(sameFilter(filter({ tag: ["a", "b"] }), filter({ tag: ["b", "a"] }))).toBe(true);
    expect(sameFilter(filter({ tag: ["a"] }), filter({ tag: ["a", null] }))).toBe(false);
    expect(differsInTextOnly(filter({ text: "a", tag: ["x"] }), filter({ text: "ab", tag: ["x"] }))).toBe(true);
    expect(differsInTextOnly(filter({ text: "a" }), filter({ text: "ab", tag: ["x"] }))).toBe(false);
    expect(differsInTextOnly(NO_FILTER, NO_FILTER)).toBe(false);
  });
});
