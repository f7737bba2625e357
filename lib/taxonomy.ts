/**
 * The label vocabularies of a project. Claims store the stable `key`; the
 * `label` is what people read and may be renamed by an admin at any time
 * without touching stored claims (a renamed label never rewrites or orphans
 * a claim, because nothing but the taxonomy holds the label text).
 */
export type TaxonomyEntry = { key: string; label: string };
export type VerdictEntry = TaxonomyEntry & {
  /** Position on the rating scale used by ClaimReview (1 = worst); null for verdicts that are not ratings. */
  rating: number | null;
};
export type Taxonomy = {
  claimTypes: TaxonomyEntry[];
  verdicts: VerdictEntry[];
  stances: TaxonomyEntry[];
};

export const DEFAULT_TAXONOMY: Taxonomy = {
  claimTypes: [
    { key: "statistic", label: "Statistic" },
    { key: "event", label: "Event" },
    { key: "quote", label: "Quote / attributed statement" },
    { key: "prediction", label: "Prediction" },
    { key: "causal", label: "Causal" },
    { key: "position", label: "Position / policy" },
  ],
  verdicts: [
    { key: "unverified", label: "Unverified", rating: null },
    { key: "true", label: "True", rating: 5 },
    { key: "mostly_true", label: "Mostly true", rating: 4 },
    { key: "mixed", label: "Mixed", rating: 3 },
    { key: "misleading", label: "Misleading", rating: 2 },
    { key: "false", label: "False", rating: 1 },
    { key: "unverifiable", label: "Unverifiable", rating: null },
  ],
  stances: [
    { key: "supports", label: "Supports" },
    { key: "refutes", label: "Refutes" },
    { key: "context", label: "Context" },
  ],
};

/** Check-worthiness is a fixed, labelled ordinal scale (0–3), not a project taxonomy. */
export const CHECK_WORTHINESS = [
  { value: 0, label: "Not check-worthy" },
  { value: 1, label: "Low" },
  { value: 2, label: "Medium" },
  { value: 3, label: "High" },
] as const;

export const DEFAULT_VERDICT = "unverified";

export function labelOf(entries: readonly TaxonomyEntry[], key: string | null | undefined): string {
  if (!key) return "";
  return entries.find((e) => e.key === key)?.label ?? key;
}
