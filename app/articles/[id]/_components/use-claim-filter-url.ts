"use client";

import { useCallback, useEffect, useRef, useState } from "react";
import {
  type ClaimFilter,
  differsInTextOnly,
  type FilterableClaim,
  filterFromSearch,
  type IgnoredValue,
  keepOffered,
  NO_FILTER,
  offeredValues,
  sameFilter,
  searchWithFilter,
} from "@/lib/client/claim-filter";
import type { Taxonomy } from "@/lib/taxonomy";

/** How long the search field's text waits before the address follows it (the list follows at once). */
export const TEXT_WRITE_DELAY_MS = 300;

/** What the list can offer, to check a link's values against when it is read. */
export type OfferedFrom = { claims: readonly FilterableClaim[]; taxonomy: Pick<Taxonomy, "claimTypes" | "verdicts"> };

/** The filter, how to change it, and the values the address named that the list left out (said to the person, not applied). */
export type ClaimFilterUrl = [filter: ClaimFilter, setFilter: (filter: ClaimFilter) => void, ignored: readonly IgnoredValue[]];

type Read = { filter: ClaimFilter; ignored: readonly IgnoredValue[] };

/**
 * The claim list's filter, kept in the page's address (lib/client/claim-filter.ts
 * writes it as `f.*` parameters beside the page's own, such as `?claim=`), so
 * a link reproduces it and Back and Forward step through its changes.
 *
 * Read from `window.location` after mount, not with next/navigation's
 * useSearchParams: the server renders NO_FILTER and hydration matches it
 * (no window is read while rendering), the hook works wherever the list is
 * rendered (component tests have no app router), and Next's router, which
 * patches history.pushState and replaceState, still sees every address
 * written here. The price is one render of the unfiltered list before a
 * link's filter applies.
 *
 * Choosing values pushes an address (Back undoes the choice). Typing in the
 * search field writes the address after a pause, one entry per run of
 * typing, replaced as it goes on. Back and Forward (popstate) read the
 * address again.
 *
 * When `offered` is given, an address's values are checked against what the
 * list offers at the moment it is read (offeredValues): values it does not
 * offer are left out and returned, so a link from before a taxonomy changed
 * does not hide every claim. Values chosen on the page are never dropped
 * later, even when the last claim carrying one changes.
 */
export function useClaimFilterUrl(offered?: OfferedFrom): ClaimFilterUrl {
  const [read, setRead] = useState<Read>({ filter: NO_FILTER, ignored: [] });
  const offeredRef = useRef(offered);
  const filterRef = useRef(read.filter);
  /** A text write waiting for the typing to pause, and whether the current history entry is this run of typing's. */
  const typing = useRef<{ timer: ReturnType<typeof setTimeout> | null; hasEntry: boolean }>({ timer: null, hasEntry: false });

  useEffect(() => {
    offeredRef.current = offered;
  });

  useEffect(() => {
    const state = typing.current;
    const fromAddress = () => {
      if (state.timer !== null) clearTimeout(state.timer);
      state.timer = null;
      state.hasEntry = false;
      const parsed = filterFromSearch(window.location.search);
      const from = offeredRef.current;
      const checked = from ? keepOffered(parsed.filter, offeredValues(from.claims, from.taxonomy)) : { filter: parsed.filter, ignored: [] };
      filterRef.current = checked.filter;
      setRead({ filter: checked.filter, ignored: [...parsed.ignored, ...checked.ignored] });
    };
    fromAddress();
    window.addEventListener("popstate", fromAddress);
    return () => {
      window.removeEventListener("popstate", fromAddress);
      if (state.timer !== null) clearTimeout(state.timer);
      state.timer = null;
    };
  }, []);

  const setFilter = useCallback((next: ClaimFilter) => {
    const before = filterRef.current;
    if (next === before) return;
    filterRef.current = next;
    setRead({ filter: next, ignored: [] });
    const state = typing.current;
    if (state.timer !== null) clearTimeout(state.timer);
    state.timer = null;
    if (differsInTextOnly(before, next)) {
      state.timer = setTimeout(() => {
        state.timer = null;
        if (write(next, state.hasEntry ? "replace" : "push")) state.hasEntry = true;
      }, TEXT_WRITE_DELAY_MS);
      return;
    }
    state.hasEntry = false;
    if (!sameFilter(before, next)) write(next, "push");
  }, []);

  return [read.filter, setFilter, read.ignored];
}

/** Writes the filter into the address (the page's other parameters and its hash kept); false when the address already says it. */
function write(filter: ClaimFilter, how: "push" | "replace"): boolean {
  const { pathname, search, hash } = window.location;
  const next = searchWithFilter(search, filter);
  if (next === search) return false;
  // No state of ours: Next's patched history methods copy in their own, so its router restores this entry on Back.
  const url = `${pathname}${next}${hash}`;
  if (how === "push") window.history.pushState(null, "", url);
  else window.history.replaceState(null, "", url);
  return true;
}
