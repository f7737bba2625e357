import { useTranslations } from "next-intl";
import { HISTORY_ACTIONS } from "@/lib/history-actions";
import type { ActivityFilterOptions, ActivityGroup, ActivityQuery } from "@/server/team/history";
import { projectSectionHref } from "../../_lib/sections";
import { useActionWords } from "./history-changes";

type Props = {
  projectId: string;
  /** The filters the page shows (empty when the address did not parse). */
  query: ActivityQuery;
  options: ActivityFilterOptions;
  groups: readonly ActivityGroup[];
};

/**
 * The activity feed's filters: a plain GET form, so a filtered feed is an
 * address (bookmarkable, shareable) and works without script. Submitting
 * starts again at the newest page: a cursor belongs to the filters it was
 * read under.
 */
export function ActivityFilters({ projectId, query, options, groups }: Props) {
  const t = useTranslations("history.feed");
  const actionWords = useActionWords();
  const people =
    options.people.some((p) => p.id === query.person) || query.person === undefined
      ? options.people
      : [...options.people, { id: query.person, name: query.person }];
  return (
    <search>
      <form method="get" action={projectSectionHref(projectId, "activity")} className="filters" aria-label={t("filters")}>
        <label>
          {t("person")}
          <select name="person" defaultValue={query.person ?? ""}>
            <option value="">{t("anyone")}</option>
            {people.map((person) => (
              <option key={person.id} value={person.id}>
                {person.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t("article")}
          <select name="article" defaultValue={query.article ?? ""}>
            <option value="">{t("anyArticle")}</option>
            {options.articles.map((article) => (
              <option key={article.id} value={article.id}>
                {article.title || t("untitled")}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t("kind")}
          <select name="kind" defaultValue={query.kind ?? ""}>
            <option value="">{t("anyKind")}</option>
            {groups.map((group) => (
              <optgroup key={group} label={t(`groups.${group}`)}>
                <option value={group}>{t("allOfGroup", { group: t(`groups.${group}`) })}</option>
                {HISTORY_ACTIONS.filter((action) => action.startsWith(`${group}.`)).map((action) => (
                  <option key={action} value={action}>
                    {actionWords(action)}
                  </option>
                ))}
              </optgroup>
            ))}
          </select>
        </label>
        <label>
          {t("from")}
          <input type="date" name="from" defaultValue={query.from ?? ""} />
        </label>
        <label>
          {t("to")}
          <input type="date" name="to" defaultValue={query.to ?? ""} />
        </label>
        <span className="filters-actions">
          <button type="submit">{t("apply")}</button>
          <a href={projectSectionHref(projectId, "activity")}>{t("clear")}</a>
        </span>
      </form>
    </search>
  );
}
