import { useTranslations } from "next-intl";
import { ARTICLE_PAGE_SIZES, ARTICLE_SORTS, ARTICLE_STATES, type ArticleListQuery, DEFAULT_ARTICLE_PAGE_SIZE } from "@/lib/article-list";

/**
 * The article list's search and filters: a plain GET form, so a search is a
 * URL (bookmarkable, shareable, back-button safe) and works without script.
 */
export function ArticleFilters({
  query,
  projects,
  languages,
}: {
  query: ArticleListQuery;
  projects: Array<{ id: string; name: string }>;
  languages: string[];
}) {
  const t = useTranslations("articles.filters");
  const tl = useTranslations("articles.list");
  return (
    <search>
      <form method="get" action="/articles" className="filters" aria-label={t("label")}>
        <label className="filters-search">
          {t("search")}
          <input type="search" name="q" defaultValue={query.q ?? ""} maxLength={200} placeholder={t("searchPlaceholder")} />
        </label>
        <label>
          {t("project")}
          <select name="projectId" defaultValue={query.projectId ?? ""}>
            <option value="">{t("anyProject")}</option>
            {projects.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t("language")}
          <select name="language" defaultValue={query.language ?? ""}>
            <option value="">{t("anyLanguage")}</option>
            {languages.map((language) => (
              <option key={language} value={language} lang={language}>
                {language}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t("state")}
          <select name="state" defaultValue={query.state ?? ""}>
            <option value="">{t("anyState")}</option>
            {ARTICLE_STATES.map((state) => (
              <option key={state} value={state}>
                {t(`states.${state}`)}
              </option>
            ))}
          </select>
        </label>
        <label className="filters-check">
          <input type="checkbox" name="mine" value="assigned" defaultChecked={query.mine === "assigned"} />
          {t("assignedToMe")}
        </label>
        <label>
          {t("sort")}
          <select name="sort" defaultValue={query.sort ?? ""}>
            <option value="">{query.q ? t("sorts.relevance") : t("sorts.activity")}</option>
            {ARTICLE_SORTS.filter((sort) => sort !== "relevance" || query.q).map((sort) => (
              <option key={sort} value={sort}>
                {t(`sorts.${sort}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t("pageSize")}
          <select name="size" defaultValue={String(query.size ?? DEFAULT_ARTICLE_PAGE_SIZE)}>
            {ARTICLE_PAGE_SIZES.map((size) => (
              <option key={size} value={size}>
                {tl("perPage", { count: size })}
              </option>
            ))}
          </select>
        </label>
        <span className="filters-actions">
          <button type="submit">{t("apply")}</button>
          <a href="/articles">{t("clear")}</a>
        </span>
      </form>
    </search>
  );
}
