import { useTranslations } from "next-intl";
import { useTaxonomyLabel } from "@/components/taxonomy-label";
import type { Taxonomy } from "@/lib/taxonomy";
import { QUEUE_STATUSES, type ReviewQueueFilters } from "@/server/team/decisions";

type Props = {
  /** Where the form goes: the queue's own address. */
  action: string;
  filters: ReviewQueueFilters;
  taxonomy: Taxonomy;
  annotators: ReadonlyArray<{ id: string; name: string }>;
  /** The article the filter names (with its title), when one does. */
  article: { id: string; title: string } | null;
};

/**
 * The queue's filters: a plain GET form, so a filtered queue is an address
 * (bookmarkable, shareable) and works without script. Submitting starts at
 * the first page again: a cursor belongs to the filters it was read under.
 * The article filter is set from an article's "Only this article" link (a
 * desk has a thousand articles; a select of them all helps nobody) and can be
 * cleared here.
 */
export function QueueFilters({ action, filters, taxonomy, annotators, article }: Props) {
  const t = useTranslations("review.queue");
  const tVocab = useTranslations("vocab");
  const label = useTaxonomyLabel();
  return (
    <search>
      <form method="get" action={action} className="filters" aria-label={t("filters")}>
        <label>
          {t("status")}
          <select name="status" defaultValue={filters.status}>
            {QUEUE_STATUSES.map((status) => (
              <option key={status} value={status}>
                {tVocab(`reviewStatus.${status}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t("annotator")}
          <select name="annotator" defaultValue={filters.annotator ?? ""}>
            <option value="">{t("anyone")}</option>
            {annotators.map((person) => (
              <option key={person.id} value={person.id}>
                {person.name}
              </option>
            ))}
          </select>
        </label>
        {article && (
          <label>
            {t("article")}
            <select name="article" defaultValue={article.id}>
              <option value="">{t("anyArticle")}</option>
              <option value={article.id}>{article.title}</option>
            </select>
          </label>
        )}
        <label>
          {t("claimType")}
          <select name="type" defaultValue={filters.type ?? ""}>
            <option value="">{t("anyType")}</option>
            {taxonomy.claimTypes.map((entry) => (
              <option key={entry.key} value={entry.key}>
                {label("claimTypes", taxonomy.claimTypes, entry.key)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t("verdict")}
          <select name="verdict" defaultValue={filters.verdict ?? ""}>
            <option value="">{t("anyVerdict")}</option>
            {taxonomy.verdicts.map((entry) => (
              <option key={entry.key} value={entry.key}>
                {label("verdicts", taxonomy.verdicts, entry.key)}
              </option>
            ))}
          </select>
        </label>
        <span className="filters-actions">
          <button type="submit">{t("apply")}</button>
          <a href={action}>{t("clear")}</a>
        </span>
      </form>
    </search>
  );
}
