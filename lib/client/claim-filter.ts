import type { ClaimDto } from "../fields";
import { CHECK_WORTHINESS, type Taxonomy } from "../taxonomy";
import { REVIEW_STATUSES } from "../vocabularies";
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

/** A claim's one value of a kind (its first tag, for a claim with tags): facetValues without the array, for counting. */
function singleValue(item: FilterableClaim, kind: FacetKind): FacetValue {
  const { claim, draft } = item;
  switch (kind) {
    case "claimType":
      return draft.claimType;
    case "verdict":
      return draft.verdict;
    case "status":
      return claim.status;
    case "author":
      return claim.authorId;
    case "tag":
      return draft.tags[0] ?? null;
    case "checkWorthiness":
      return draft.checkWorthiness === null ? null : String(draft.checkWorthiness);
  }
}

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

type Searched = { exact: string; normalizedClaim: string; speaker: string; rationale: string; folded: string };

/*
 * A claim's folded text, kept per draft: folding (two Unicode normalisations
 * of every field) is most of a search's cost, and a list of 3,000 claims is
 * searched again on every keystroke while its drafts rarely change. The
 * fields are compared before the folded text is reused, so a draft changed in
 * place is folded afresh rather than searched stale.
 */
const searchedCache = new WeakMap<object, Searched>();

/** What a search looks in, folded: the quote, the normalised claim, the speaker and the rationale. */
function searchedText(item: FilterableClaim): string {
  const { draft } = item;
  const { exact } = draft.target;
  const cached = searchedCache.get(draft);
  if (
    cached &&
    cached.exact === exact &&
    cached.normalizedClaim === draft.normalizedClaim &&
    cached.speaker === draft.speaker &&
    cached.rationale === draft.rationale
  ) {
    return cached.folded;
  }
  const folded = foldText([exact, draft.normalizedClaim, draft.speaker, draft.rationale].join(FIELD_BREAK));
  searchedCache.set(draft, { exact, normalizedClaim: draft.normalizedClaim, speaker: draft.speaker, rationale: draft.rationale, folded });
  return folded;
}

/** Whether every search term occurs in the claim. */
export function matchesText(item: FilterableClaim, terms: readonly string[]): boolean {
  if (!terms.length) return true;
  const haystack = searchedText(item);
  return terms.every((term) => haystack.includes(term));
}

/** Whether anything is asked for at all (the list then says how many it shows, and offers to clear it). */
export function isFiltering(filter: ClaimFilter): boolean {
  return searchTerms(filter.text).length > 0 || FACET_KINDS.some((kind) => filter[kind].length > 0);
}

/** A filter made ready to test claims against: its search terms, and each kind's chosen values as a set (null: nothing chosen). */
type Compiled = { terms: readonly string[]; chosen: ReadonlyArray<ReadonlySet<FacetValue> | null> };

function compile(filter: ClaimFilter): Compiled {
  return { terms: searchTerms(filter.text), chosen: FACET_KINDS.map((kind) => (filter[kind].length ? new Set(filter[kind]) : null)) };
}

function hasChosen(item: FilterableClaim, kind: FacetKind, chosen: ReadonlySet<FacetValue>): boolean {
  if (kind !== "tag" || item.draft.tags.length < 2) return chosen.has(singleValue(item, kind));
  for (const value of item.draft.tags) if (chosen.has(value)) return true;
  return false;
}

/** No part of the filter hides the claim. */
const PASSES = -1;
/** Two or more parts hide it: it counts for no kind's options. */
const SEVERAL = -2;
/** Only the search hides it. */
const TEXT = FACET_KINDS.length;

/**
 * Which part of the filter hides a claim: PASSES, the index in FACET_KINDS of
 * the one kind it fails, TEXT, or SEVERAL. Counting needs more than a yes or
 * no: a claim failing only one kind still counts towards that kind's options.
 * The cheap facet tests go first, so a claim two kinds already hide is never searched.
 */
function failing(item: FilterableClaim, compiled: Compiled): number {
  let failed = PASSES;
  for (let index = 0; index < FACET_KINDS.length; index++) {
    const chosen = compiled.chosen[index];
    if (!chosen || hasChosen(item, FACET_KINDS[index] as FacetKind, chosen)) continue;
    if (failed !== PASSES) return SEVERAL;
    failed = index;
  }
  if (matchesText(item, compiled.terms)) return failed;
  return failed === PASSES ? TEXT : SEVERAL;
}

/** The claims the filter lets through, in their order. */
export function filterClaims<C extends FilterableClaim>(claims: readonly C[], filter: ClaimFilter): C[] {
  const compiled = compile(filter);
  return claims.filter((item) => failing(item, compiled) === PASSES);
}

/**
 * For every kind, each value some claim has, with how many claims the list
 * shows with that value once it is chosen: those with the value that pass the
 * rest of the filter (the search and every other kind). A kind's own choice is
 * left out of its counts, so while "Statistic" is chosen "Prediction" still
 * says how many predictions choosing it as well would add, and "Statistic"
 * how many it shows. With one value per kind this is what choosing that value
 * alone would show. Values no claim has are absent (a caller offering them
 * reads them as 0).
 *
 * One pass over the claims, whatever the number of values: each claim is
 * tested once, then counted for every value it carries.
 */
export function facetCounts(claims: readonly FilterableClaim[], filter: ClaimFilter): Record<FacetKind, Map<FacetValue, number>> {
  const compiled = compile(filter);
  const maps = FACET_KINDS.map(() => new Map<FacetValue, number>());
  for (const item of claims) {
    const failed = failing(item, compiled);
    for (let index = 0; index < FACET_KINDS.length; index++) {
      const map = maps[index] as Map<FacetValue, number>;
      // A claim counts for a kind when nothing but that kind's own choice hides it.
      const add = failed === PASSES || failed === index ? 1 : 0;
      const kind = FACET_KINDS[index] as FacetKind;
      if (kind === "tag" && item.draft.tags.length > 1) {
        // A tag written twice on one claim is still one claim.
        for (const value of new Set(item.draft.tags)) map.set(value, (map.get(value) ?? 0) + add);
        continue;
      }
      const value = singleValue(item, kind);
      map.set(value, (map.get(value) ?? 0) + add);
    }
  }
  return Object.fromEntries(FACET_KINDS.map((kind, index) => [kind, maps[index]])) as Record<FacetKind, Map<FacetValue, number>>;
}

/**
 * The values the list offers for each kind: the project's claim types and
 * verdicts in its order, every review status and check-worthiness step, "none"
 * where a claim can say nothing, and whatever values the claims carry (keys
 * the taxonomy no longer has, authors, tags).
 */
export function offeredValues(
  claims: readonly FilterableClaim[],
  taxonomy: Pick<Taxonomy, "claimTypes" | "verdicts">,
): Record<FacetKind, Set<FacetValue>> {
  const offered: Record<FacetKind, Set<FacetValue>> = {
    claimType: new Set<FacetValue>([...taxonomy.claimTypes.map((entry) => entry.key), null]),
    verdict: new Set<FacetValue>(taxonomy.verdicts.map((entry) => entry.key)),
    status: new Set<FacetValue>(REVIEW_STATUSES),
    author: new Set<FacetValue>(),
    tag: new Set<FacetValue>([null]),
    checkWorthiness: new Set<FacetValue>([...CHECK_WORTHINESS.map((step) => String(step.value)), null]),
  };
  for (const item of claims) for (const kind of FACET_KINDS) for (const value of facetValues(item, kind)) offered[kind].add(value);
  return offered;
}

/** A value a filter from elsewhere (a link) named that the list cannot offer, so it was left out. */
export type IgnoredValue = { kind: FacetKind; value: FacetValue };

/**
 * The filter with only the values the list offers (offeredValues), and those
 * it left out. A link kept from before a taxonomy changed, or naming a tag no
 * claim carries any more, would otherwise choose a value nothing has and hide
 * every claim without saying why: the caller says what was left out instead.
 */
export function keepOffered(
  filter: ClaimFilter,
  offered: Record<FacetKind, ReadonlySet<FacetValue>>,
): { filter: ClaimFilter; ignored: IgnoredValue[] } {
  const ignored: IgnoredValue[] = [];
  const kept = { ...filter };
  for (const kind of FACET_KINDS) {
    if (filter[kind].every((value) => offered[kind].has(value))) continue;
    kept[kind] = filter[kind].filter((value) => offered[kind].has(value) || !ignored.push({ kind, value }));
  }
  return { filter: kept, ignored };
}

/*
 * In a page's query the filter is written as `f.<name>` parameters, one per
 * chosen value (`?f.type=statistic&f.type=prediction&f.q=exports`), the way a
 * form writes several ticked boxes: a value holding a comma or any other
 * character is written as it is, and no parameter of the page's own (the
 * claim link's `?claim=`) can clash with them. A value that says nothing
 * (null: untyped, no tags, not rated) is written `!none`; a real value
 * starting with `!` is written with one more, so no key or tag, whatever its
 * spelling, reads as another.
 */
const PARAM_PREFIX = "f.";
const TEXT_PARAM = `${PARAM_PREFIX}q`;
export const FILTER_PARAMS: Readonly<Record<FacetKind, string>> = {
  claimType: `${PARAM_PREFIX}type`,
  verdict: `${PARAM_PREFIX}verdict`,
  status: `${PARAM_PREFIX}status`,
  author: `${PARAM_PREFIX}author`,
  tag: `${PARAM_PREFIX}tag`,
  checkWorthiness: `${PARAM_PREFIX}worth`,
};

const ESCAPE = "!";
const NONE = `${ESCAPE}none`;

/** A facet value as a string (a query parameter, a control's value): null is `!none`, a value starting with `!` gets one more. */
export function encodeFacetValue(value: FacetValue): string {
  return value === null ? NONE : value.startsWith(ESCAPE) ? ESCAPE + value : value;
}

/** The facet value an encodeFacetValue string stands for. */
export function decodeFacetValue(text: string): FacetValue {
  return text === NONE ? null : text.startsWith(ESCAPE) ? text.slice(1) : text;
}

// Which values each kind can hold at all, whatever the project: a claim always has a status, a verdict and an author.
const STATUS_VALUES: ReadonlySet<FacetValue> = new Set(REVIEW_STATUSES);
const WORTH_VALUES: ReadonlySet<FacetValue> = new Set([...CHECK_WORTHINESS.map((step) => String(step.value)), null]);
function isPossible(kind: FacetKind, value: FacetValue): boolean {
  switch (kind) {
    case "status":
      return STATUS_VALUES.has(value);
    case "checkWorthiness":
      return WORTH_VALUES.has(value);
    case "verdict":
    case "author":
      return value !== null;
    case "claimType":
    case "tag":
      return true;
  }
}

/**
 * The filter a page's query writes (see FILTER_PARAMS), and the values it
 * names that no claim could have (a status or check-worthiness step that does
 * not exist, "none" for a kind every claim has): those are left out and
 * returned, not applied. Other parameters, unknown `f.` ones and empty values
 * are passed over; a value named twice is chosen once. Whether the project
 * still offers a value is the caller's question (keepOffered).
 */
export function filterFromSearch(search: string | URLSearchParams): { filter: ClaimFilter; ignored: IgnoredValue[] } {
  const params = typeof search === "string" ? new URLSearchParams(search) : search;
  const ignored: IgnoredValue[] = [];
  const filter: { -readonly [K in keyof ClaimFilter]: ClaimFilter[K] } = { ...NO_FILTER, text: params.get(TEXT_PARAM) ?? "" };
  for (const kind of FACET_KINDS) {
    const values = new Set<FacetValue>();
    for (const written of params.getAll(FILTER_PARAMS[kind])) {
      if (!written) continue;
      const value = decodeFacetValue(written);
      if (isPossible(kind, value)) values.add(value);
      else ignored.push({ kind, value });
    }
    filter[kind] = [...values];
  }
  return { filter, ignored };
}

/**
 * A page's query (`location.search`) with the filter written in place of any
 * it held: the page's other parameters stay as and where they were, the
 * filter's follow in FACET_KINDS order with the search last. "" when nothing
 * is left, else starting with "?".
 */
export function searchWithFilter(search: string, filter: ClaimFilter): string {
  const params = new URLSearchParams(search);
  for (const key of [...new Set(params.keys())]) if (key.startsWith(PARAM_PREFIX)) params.delete(key);
  for (const kind of FACET_KINDS) for (const value of new Set(filter[kind])) params.append(FILTER_PARAMS[kind], encodeFacetValue(value));
  if (filter.text) params.set(TEXT_PARAM, filter.text);
  const written = params.toString();
  return written ? `?${written}` : "";
}

/** Whether two filters ask for the same (the same search text and, kind by kind, the same values in any order). */
export function sameFilter(a: ClaimFilter, b: ClaimFilter): boolean {
  return a.text === b.text && FACET_KINDS.every((kind) => sameValues(a[kind], b[kind]));
}

/** Whether two filters differ in their search text alone. */
export function differsInTextOnly(a: ClaimFilter, b: ClaimFilter): boolean {
  return a.text !== b.text && FACET_KINDS.every((kind) => sameValues(a[kind], b[kind]));
}

function sameValues(a: readonly FacetValue[], b: readonly FacetValue[]): boolean {
  if (a === b) return true;
  const left = new Set(a);
  const right = new Set(b);
  return left.size === right.size && [...left].every((value) => right.has(value));
}
