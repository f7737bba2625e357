"use client";

import { useLocale, useTranslations } from "next-intl";
import { useMemo, useRef } from "react";
import { checkWorthinessLabelWith, useTaxonomyLabel } from "@/components/taxonomy-label";
import { type ClaimFilter, FACET_KINDS, type FacetKind, type FacetValue, facetCounts, isFiltering, NO_FILTER } from "@/lib/client/claim-filter";
import { CHECK_WORTHINESS, type Taxonomy, type TaxonomyEntry } from "@/lib/taxonomy";
import { REVIEW_STATUSES } from "@/lib/vocabularies";
import type { VisibleClaim } from "./use-claim-store";

type Props = {
  /** Every claim of the list, shown or not: the options and their counts are taken from these. */
  claims: readonly VisibleClaim[];
  filter: ClaimFilter;
  onChange: (filter: ClaimFilter) => void;
  /** How many claims the filter lets through (the list's own count, said here). */
  shown: number;
  /** Whether the filter hides the claim open in the editor: said with the count, so a screen reader hears it as the filter changes. */
  openHidden?: boolean;
  taxonomy: Taxonomy;
  currentUserId: string;
};

type Option = { value: FacetValue; label: string };

/*
 * A select's option values are strings, and "" is every select's "all". A
 * value that says nothing (null: untyped, no tags, not rated) is written
 * NONE; a real value starting with the escape is written with one more, so no
 * project key or tag, whatever its spelling, reads as another. Keys as they
 * are usually spelt ("statistic") stay as they are.
 */
const ESCAPE = "!";
const NONE = `${ESCAPE}none`;
const encode = (value: FacetValue): string => (value === null ? NONE : value.startsWith(ESCAPE) ? ESCAPE + value : value);
const decode = (option: string): FacetValue => (option === NONE ? null : option.startsWith(ESCAPE) ? option.slice(1) : option);

/**
 * The claim list's search and filters: each kind a select whose options say
 * how many claims each would show, counted against the other filters; the
 * count of what is shown (and whether that hides the open claim) in a polite
 * live region, and one button that clears everything. Controlled: the list
 * holds the filter, so it outlives any re-render and every live update.
 */
export function ClaimFilters({ claims, filter, onChange, shown, openHidden = false, taxonomy, currentUserId }: Props) {
  const t = useTranslations("claimFilters");
  const tv = useTranslations("vocab");
  const taxonomyLabel = useTaxonomyLabel();
  const searchRef = useRef<HTMLInputElement>(null);
  // Names and tags are sorted as the interface's language sorts them (in German, "Ärger" beside "Arbeit", not after "Zoll").
  const locale = useLocale();
  const collator = useMemo(() => new Intl.Collator(locale), [locale]);
  const counts = useMemo(() => facetCounts(claims, filter), [claims, filter]);

  const authorNames = useMemo(() => {
    const names = new Map<string, string>();
    for (const { claim } of claims) names.set(claim.authorId, claim.authorName);
    return names;
  }, [claims]);

  /** A project's entries in its order, then keys claims carry that the taxonomy no longer has. */
  const taxonomyOptions = (kind: "claimTypes" | "verdicts", entries: readonly TaxonomyEntry[], facet: FacetKind): Option[] => {
    const known = entries.map((entry) => entry.key);
    return [...known, ...[...counts[facet].keys()].filter((key): key is string => key !== null && !known.includes(key)).sort(collator.compare)].map(
      (key) => ({
        value: key,
        label: taxonomyLabel(kind, entries, key),
      }),
    );
  };

  const sorted = (options: Option[]) => options.sort((a, b) => collator.compare(a.label, b.label));

  const optionsOf: Record<FacetKind, () => Option[]> = {
    claimType: () => [...taxonomyOptions("claimTypes", taxonomy.claimTypes, "claimType"), { value: null, label: t("kinds.claimType.none") }],
    verdict: () => taxonomyOptions("verdicts", taxonomy.verdicts, "verdict"),
    status: () => REVIEW_STATUSES.map((status) => ({ value: status, label: tv(`reviewStatus.${status}`) })),
    author: () =>
      sorted(
        [...counts.author.keys()]
          .filter((id): id is string => id !== null)
          .map((id) => ({ value: id, label: authorNames.get(id) || (id === currentUserId ? t("mine") : id) })),
      ),
    tag: () => [
      ...sorted([...counts.tag.keys()].filter((tag): tag is string => tag !== null).map((tag) => ({ value: tag, label: tag }))),
      { value: null, label: t("kinds.tag.none") },
    ],
    checkWorthiness: () => [
      ...CHECK_WORTHINESS.map((step) => ({ value: String(step.value), label: checkWorthinessLabelWith(tv, step.value) })),
      { value: null, label: t("kinds.checkWorthiness.none") },
    ],
  };

  const choose = (kind: FacetKind, values: readonly FacetValue[]) => onChange({ ...filter, [kind]: values });
  const mine = filter.author.length === 1 && filter.author[0] === currentUserId;

  return (
    <search className="claim-filters" aria-label={t("label")}>
      <div className="filters">
        <label className="filters-search">
          {t("search")}
          <input
            ref={searchRef}
            type="search"
            value={filter.text}
            placeholder={t("searchPlaceholder")}
            onChange={(e) => onChange({ ...filter, text: e.target.value })}
          />
        </label>
        {FACET_KINDS.map((kind) => {
          const options = optionsOf[kind]();
          // A value chosen before the last claim carrying it changed stays offered, so the select can show and undo it.
          for (const value of filter[kind]) if (!options.some((o) => o.value === value)) options.push({ value, label: value ?? "" });
          return (
            <label key={kind}>
              {t(`kinds.${kind}.label`)}
              <select
                aria-label={t(`kinds.${kind}.name`)}
                value={filter[kind].length ? encode(filter[kind][0] ?? null) : ""}
                onChange={(e) => choose(kind, e.target.value === "" ? [] : [decode(e.target.value)])}
              >
                <option value="">{t(`kinds.${kind}.all`)}</option>
                {options.map((option) => (
                  <option key={encode(option.value)} value={encode(option.value)}>
                    {t("option", { label: option.label, count: counts[kind].get(option.value) ?? 0 })}
                  </option>
                ))}
              </select>
            </label>
          );
        })}
        <label className="filters-check">
          <input type="checkbox" checked={mine} onChange={(e) => choose("author", e.target.checked ? [currentUserId] : [])} />
          {t("mine")}
        </label>
      </div>
      <div className="row">
        {/* A polite live region but not a status: the sidebar's status is the save indicator's, and this line only follows the filters. */}
        <p aria-live="polite" aria-atomic="true" className="muted" style={{ margin: 0 }}>
          <span>{t("shown", { shown, total: claims.length })}</span>
          {openHidden && (
            <>
              {" "}
              <span>{t("openHidden")}</span>
            </>
          )}
        </p>
        {isFiltering(filter) && (
          <button
            type="button"
            onClick={() => {
              onChange(NO_FILTER);
              // The button goes with the filters it cleared: the search field keeps the keyboard where the filters are.
              searchRef.current?.focus();
            }}
          >
            {t("clear")}
          </button>
        )}
      </div>
    </search>
  );
}
