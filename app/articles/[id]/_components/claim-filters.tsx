"use client";

import { useLocale, useTranslations } from "next-intl";
import { useId, useMemo, useRef, useState } from "react";
import { checkWorthinessLabelWith, useTaxonomyLabel } from "@/components/taxonomy-label";
import {
  type ClaimFilter,
  encodeFacetValue,
  FACET_KINDS,
  type FacetKind,
  type FacetValue,
  facetCounts,
  foldText,
  type IgnoredValue,
  isFiltering,
  NO_FILTER,
} from "@/lib/client/claim-filter";
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
  /** Values a link's filter named that the list does not offer, left out of the filter (useClaimFilterUrl): said, so nothing is hidden without a word. */
  ignored?: readonly IgnoredValue[];
  taxonomy: Taxonomy;
  currentUserId: string;
};

type Option = { value: FacetValue; label: string };

/** From how many options a kind offers a field that narrows them (authors and tags run to dozens). */
const NARROW_FROM = 10;
/** How many chosen values a kind's button names before it says how many more. */
const NAMED = 2;

/**
 * The claim list's search and filters. Each kind is a disclosure: a button
 * saying the kind and what is chosen ("Tag: economy, trade and 3 more"), which
 * opens a group of checkboxes, one per value, each saying how many claims the
 * list shows with it (counted against the rest of the filter:
 * lib/client/claim-filter.ts facetCounts). Several values of a kind show a
 * claim with any of them; kinds combine. One kind is open at a time, so the
 * panel stays short however many tags a project has, and a long kind gets a
 * field narrowing its options. The count of what is shown (and whether that
 * hides the open claim) is said in a polite live region; one button clears
 * everything. Controlled: the list holds the filter (in the page's address),
 * so it outlives any re-render and every live update.
 */
export function ClaimFilters({ claims, filter, onChange, shown, openHidden = false, ignored = [], taxonomy, currentUserId }: Props) {
  const t = useTranslations("claimFilters");
  const tv = useTranslations("vocab");
  const taxonomyLabel = useTaxonomyLabel();
  const searchRef = useRef<HTMLInputElement>(null);
  const [openKind, setOpenKind] = useState<FacetKind | null>(null);
  const kindButtons = useRef(new Map<FacetKind, HTMLButtonElement>());
  const id = useId();
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
          .filter((author): author is string => author !== null)
          .map((author) => ({ value: author, label: authorNames.get(author) || (author === currentUserId ? t("mine") : author) })),
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

  /** A kind's options, with any chosen value no claim carries any more kept at the end, so it can be seen and undone. */
  const optionsWithChosen = (kind: FacetKind): Option[] => {
    const options = optionsOf[kind]();
    for (const value of filter[kind]) if (!options.some((o) => o.value === value)) options.push({ value, label: value ?? "" });
    return options;
  };

  const choose = (kind: FacetKind, values: readonly FacetValue[]) => onChange({ ...filter, [kind]: values });
  const toggle = (kind: FacetKind, value: FacetValue, isChosen: boolean) =>
    choose(kind, isChosen ? [...filter[kind], value] : filter[kind].filter((v) => v !== value));
  const mine = filter.author.length === 1 && filter.author[0] === currentUserId;

  // Every kind's options once per render: the buttons name chosen values by them, the open panel lists them.
  const options = Object.fromEntries(FACET_KINDS.map((kind) => [kind, optionsWithChosen(kind)])) as Record<FacetKind, Option[]>;
  const labelOf = (kind: FacetKind, value: FacetValue): string => options[kind].find((o) => o.value === value)?.label ?? encodeFacetValue(value);
  const ignoredList = ignored.length
    ? new Intl.ListFormat(locale, { type: "conjunction" }).format(
        ignored.map(({ kind, value }) => t("ignoredValue", { kind: t(`kinds.${kind}.label`), value: encodeFacetValue(value) })),
      )
    : "";

  return (
    <search className="claim-filters" aria-label={t("label")}>
      <div className="filters" style={{ marginBottom: "0.5rem" }}>
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
        <label className="filters-check">
          <input type="checkbox" checked={mine} onChange={(e) => choose("author", e.target.checked ? [currentUserId] : [])} />
          {t("mine")}
        </label>
      </div>
      <div className="filters" style={{ marginTop: 0, gap: "0.4rem", alignItems: "flex-start" }}>
        {FACET_KINDS.map((kind) => {
          const isOpen = openKind === kind;
          const chosen = filter[kind];
          const panelId = `${id}-${kind}`;
          const named = chosen.slice(0, NAMED).map((value) => labelOf(kind, value));
          return (
            <div key={kind} data-kind={kind} style={{ flex: isOpen ? "1 1 100%" : "0 1 auto", minWidth: 0 }}>
              <button
                ref={(button) => {
                  if (button) kindButtons.current.set(kind, button);
                  else kindButtons.current.delete(kind);
                }}
                type="button"
                aria-expanded={isOpen}
                aria-controls={isOpen ? panelId : undefined}
                onClick={() => setOpenKind(isOpen ? null : kind)}
                style={{ fontWeight: chosen.length ? 600 : undefined, textAlign: "start" }}
              >
                {t("kindButton", {
                  kind: t(`kinds.${kind}.label`),
                  chosen: chosen.length ? t("chosen", { labels: named.join(", "), more: chosen.length - named.length }) : t(`kinds.${kind}.all`),
                })}
                <span aria-hidden="true">{isOpen ? " ▴" : " ▾"}</span>
              </button>
              {isOpen && (
                <FacetPanel
                  id={panelId}
                  legend={t(`kinds.${kind}.name`)}
                  options={options[kind]}
                  chosen={chosen}
                  narrowLabel={t("narrow", { kind: t(`kinds.${kind}.label`) })}
                  noOptions={t("noOptions")}
                  optionLabel={(option) => t("option", { label: option.label, count: counts[kind].get(option.value) ?? 0 })}
                  onToggle={(value, isChosen) => toggle(kind, value, isChosen)}
                  allLabel={t(`kinds.${kind}.all`)}
                  onAll={() => {
                    choose(kind, []);
                    // The button goes with what it cleared: the keyboard returns to the kind's own button.
                    kindButtons.current.get(kind)?.focus();
                  }}
                />
              )}
            </div>
          );
        })}
      </div>
      {ignored.length > 0 && (
        <p className="muted" data-testid="filter-ignored" style={{ margin: "0 0 0.5rem" }}>
          {t("ignored", { values: ignoredList })}
        </p>
      )}
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

type PanelProps = {
  id: string;
  legend: string;
  options: readonly Option[];
  chosen: readonly FacetValue[];
  narrowLabel: string;
  noOptions: string;
  optionLabel: (option: Option) => string;
  onToggle: (value: FacetValue, isChosen: boolean) => void;
  allLabel: string;
  onAll: () => void;
};

/**
 * One kind's values as a named group of checkboxes (a fieldset: a screen
 * reader says the group's name on entering it), in a box that scrolls past a
 * dozen; a field narrows a long list by what its labels contain. Values chosen
 * when the narrowing last changed stay in the list, so they can be undone, and
 * one unticked does not vanish from under the keyboard. The kind's "all"
 * clears it.
 */
function FacetPanel({ id, legend, options, chosen, narrowLabel, noOptions, optionLabel, onToggle, allLabel, onAll }: PanelProps) {
  const [narrowing, setNarrowing] = useState("");
  const [kept, setKept] = useState<ReadonlySet<FacetValue>>(() => new Set());
  // Narrowed as the search is: any case, any Unicode form.
  const wanted = foldText(narrowing.trim());
  const visible = wanted
    ? options.filter((option) => kept.has(option.value) || chosen.includes(option.value) || foldText(option.label).includes(wanted))
    : options;
  return (
    <fieldset id={id} className="source" style={{ marginTop: "0.3rem" }}>
      <legend className="sr-only">{legend}</legend>
      {options.length >= NARROW_FROM && (
        <label className="filters-search">
          {narrowLabel}
          <input
            type="search"
            value={narrowing}
            onChange={(e) => {
              setNarrowing(e.target.value);
              setKept(new Set(chosen));
            }}
          />
        </label>
      )}
      <div style={{ maxHeight: "14rem", overflowY: "auto" }}>
        {visible.map((option) => (
          <label key={encodeFacetValue(option.value)} className="filters-check" style={{ margin: 0, color: "var(--fg)" }}>
            <input
              type="checkbox"
              style={{ width: "auto" }}
              checked={chosen.includes(option.value)}
              onChange={(e) => onToggle(option.value, e.target.checked)}
            />
            {optionLabel(option)}
          </label>
        ))}
        {visible.length === 0 && <p className="muted">{noOptions}</p>}
      </div>
      {chosen.length > 0 && (
        <button type="button" onClick={onAll} style={{ marginTop: "0.3rem" }}>
          {allLabel}
        </button>
      )}
    </fieldset>
  );
}
