import { useTranslations } from "next-intl";
import { type CHECK_WORTHINESS, DEFAULT_TAXONOMY, type Taxonomy, type TaxonomyEntry } from "@/lib/taxonomy";

type VocabTranslator = ReturnType<typeof useTranslations<"vocab">>;

/**
 * The words for a project's label: a project's own labels are its data and
 * read as written, in every language; an entry still as Claimwork's default
 * taxonomy ships it (same key, same English label) reads in the interface's
 * language. A key the taxonomy no longer has reads as the key.
 */
export function taxonomyLabelWith(
  t: VocabTranslator,
  kind: keyof Taxonomy,
  entries: readonly TaxonomyEntry[],
  key: string | null | undefined,
): string {
  if (!key) return "";
  const entry = entries.find((e) => e.key === key);
  if (!entry) return key;
  // The key is a project's data, not a literal the compiler knows: `t.has` checks it at run time
  // (lib/i18n/messages.test.ts checks that every default entry has its message).
  const isDefault = DEFAULT_TAXONOMY[kind].some((d) => d.key === key && d.label === entry.label);
  return isDefault && t.has(`defaultTaxonomy.${kind}.${key}` as never) ? t(`defaultTaxonomy.${kind}.${key}` as never) : entry.label;
}

/** The check-worthiness scale's words (0–3), in the interface's language. */
export function checkWorthinessLabelWith(t: VocabTranslator, value: (typeof CHECK_WORTHINESS)[number]["value"]): string {
  return t(`checkWorthiness.${value}`);
}

/** {@link taxonomyLabelWith} for components: `const label = useTaxonomyLabel(); label("verdicts", taxonomy.verdicts, key)`. */
export function useTaxonomyLabel() {
  const t = useTranslations("vocab");
  return (kind: keyof Taxonomy, entries: readonly TaxonomyEntry[], key: string | null | undefined) => taxonomyLabelWith(t, kind, entries, key);
}
