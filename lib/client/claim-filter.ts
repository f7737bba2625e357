import type { ClaimDto } from "../fields";
import type { ClaimDraft } from "./claim-fields";

/**
 * Which of an article's claims the annotator's list shows: a text search and
 * one facet per kind of value a claim has. Pure, so the list, its counts and
 * the tests share one definition of what "matches" means.
 *
 * A claim is read as the person sees it: its draft (what the editor holds,
 * saved or not) for what they write, its stored record for who wrote it and
 * where its review stands.
 */
export type FilterableClaim = {
  claim: Pick<ClaimDto, "authorId" | "status">;
  draft: Pick<ClaimDraft, "target" | "normalizedClaim" | "speaker" | "rationale" | "claimType" | "verdict" | "tags" | "checkWorthiness">;
};

/** The kinds of value a claim can be filtered by, in the order the list offers them. */
export const FACET_KINDS = ["claimType", "verdict", "status", "author", "tag", "checkWorthiness"] as const;
export type FacetKind = (typeof FACET_KINDS)[number];

/**
 * One value of a facet: a taxonomy key, a review status, an author's id, a
 * tag, a check-worthiness step (as a string, "0"–"3"), or null for a claim
 * that says nothing there yet (untyped, no tags, not rated).
 */
export type FacetValue = string | null;

/**
 * What the person asked for: every search term must occur in the claim, and
 * for every kind with values chosen the claim must have one of them (AND
 * across kinds, OR within one). A kind with nothing chosen lets every claim through.
 */
export type ClaimFilter = { text: string } & { readonly [K in FacetKind]: readonly FacetValue[] };

export const NO_FILTER: ClaimFilter = { text: "", claimType: [], verdict: [], status: [], author: [], tag: [], checkWorthiness: [] };

/** A claim's values of one kind (a claim has one of each, but any number of tags: none reads as null). */
export function facetValues(item: FilterableClaim, kind: FacetKind): readonly FacetValue[] {
  const { claim, draft } = item;
  switch (kind) {
    case "claimType":
      return [draft.claimType];
    case "verdict":
      return [draft.verdict];
    case "status":
      return [claim.status];
    case "author":
      return [claim.authorId];
    case "tag":
      return draft.tags.length ? draft.tags : [null];
    case "checkWorthiness":
      return [draft.checkWorthiness === null ? null : String(draft.checkWorthiness)];
  }
}

/**
 * Text as a search compares it: the same letters in any case and in any
 * Unicode form match, so "MÜNCHEN" finds "München" whether its ü is one code
 * point or u plus a combining diaeresis, and "STRASSE" finds "Straße".
 * Accents still count ("fur" does not find "für"): in German they make
 * different words. NFKC also reads compatibility forms (the ligature "ﬁ",
 * full-width letters) as the letters they stand for.
 */
export function foldText(text: string): string {
  // JavaScript lower-cases but does not case-fold: ß and final ς are folded by hand (Unicode's full case folding of them).
  return text.normalize("NFKC").toLowerCase().replace(/ß/g, "ss").replace(/ς/g, "σ").normalize("NFKC");
}

/** The terms of a search: whitespace separates them, and each must occur in the claim (in any of its searched fields). */
export function searchTerms(text: string): string[] {
  return foldText(text).split(/\s+/u).filter(Boolean);
}

// Joins a claim's fields: terms hold no whitespace, so none matches across the end of one field and the start of the next.
const FIELD_BREAK = "\n";

/** What a search looks in, folded: the quote, the normalised claim, the speaker and the rationale. */
function searchedText(item: FilterableClaim): string {
  const { draft } = item;
  return foldText([draft.target.exact, draft.normalizedClaim, draft.speaker, draft.rationale].join(FIELD_BREAK));
}

/** Whether every search term occurs in the claim. */
export function matchesText(item: FilterableClaim, terms: readonly string[]): boolean {
  if (!terms.length) return true;
  const haystack = searchedText(item);
  return terms.every((term) => haystack.includes(term));
}

function matchesFacet(item: FilterableClaim, kind: FacetKind, chosen: readonly FacetValue[]): boolean {
  return !chosen.length || facetValues(item, kind).some((value) => chosen.includes(value));
}

/** Whether anything is asked for at all (the list then says how many it shows, and offers to clear it). */
export function isFiltering(filter: ClaimFilter): boolean {
  return searchTerms(filter.text).length > 0 || FACET_KINDS.some((kind) => filter[kind].length > 0);
}

/**
 * Which parts of the filter a claim fails: "text" and the facet kinds it does
 * not match. Counting needs more than a yes or no: a claim failing only one
 * kind still counts towards that kind's options.
 */
function failures(item: FilterableClaim, filter: ClaimFilter, terms: readonly string[]): Array<FacetKind | "text"> {
  const failed: Array<FacetKind | "text"> = matchesText(item, terms) ? [] : ["text"];
  for (const kind of FACET_KINDS) if (!matchesFacet(item, kind, filter[kind])) failed.push(kind);
  return failed;
}

/** The claims the filter lets through, in their order. */
export function filterClaims<C extends FilterableClaim>(claims: readonly C[], filter: ClaimFilter): C[] {
  const terms = searchTerms(filter.text);
  return claims.filter((item) => failures(item, filter, terms).length === 0);
}

/**
 * For every kind, each value some claim has, with how many claims choosing
 * that value alone would show: those with the value that pass the rest of the
 * filter (the search and every other kind). Counts are taken against the
 * other kinds only, so a kind's options still say what each would show
 * while one of them is chosen. Values no claim has are absent (a caller
 * offering them reads them as 0).
 */
export function facetCounts(claims: readonly FilterableClaim[], filter: ClaimFilter): Record<FacetKind, Map<FacetValue, number>> {
  const terms = searchTerms(filter.text);
  const counts = Object.fromEntries(FACET_KINDS.map((kind) => [kind, new Map<FacetValue, number>()])) as Record<FacetKind, Map<FacetValue, number>>;
  for (const item of claims) {
    const failed = failures(item, filter, terms);
    for (const kind of FACET_KINDS) {
      const map = counts[kind];
      // A claim counts for a kind when nothing but that kind's own choice hides it.
      const counted = failed.length === 0 || (failed.length === 1 && failed[0] === kind);
      // A tag written twice on one claim is still one claim.
      for (const value of new Set(facetValues(item, kind))) map.set(value, (map.get(value) ?? 0) + (counted ? 1 : 0));
    }
  }
  return counts;
}
