import Link from "next/link";
import { useTranslations } from "next-intl";
import { ARTICLE_STATES, type ProjectArticlesPage, type ProjectArticlesQuery } from "@/server/team/dashboard";
import { projectSectionHref } from "../../_lib/sections";

// The articles section's filter form and pages: no state, rendered by the server page (and by its component tests).

/** The section's address for a query (defaults left out, so a plain link stays plain). */
export function articlesHref(projectId: string, query: ProjectArticlesQuery): string {
  const search = new URLSearchParams();
  if (query.q !== "") search.set("q", query.q);
  if (query.state !== undefined) search.set("state", query.state);
  if (query.page > 1) search.set("page", String(query.page));
  const text = search.toString();
  return `${projectSectionHref(projectId, "articles")}${text ? `?${text}` : ""}`;
}

/** A plain GET form: filtering works before any script runs, and the address says what is shown. */
export function ArticleFilters({ projectId, query }: { projectId: string; query: ProjectArticlesQuery }) {
  const t = useTranslations("projects.articleList");
  const tStates = useTranslations("projects.progress.states");
  return (
    <form method="get" action={projectSectionHref(projectId, "articles")} className="filters" aria-label={t("label")}>
      <label className="filters-search">
        {t("title")}
        <input type="search" name="q" defaultValue={query.q} maxLength={200} />
      </label>
      <label>
        {t("state")}
        <select name="state" defaultValue={query.state ?? ""}>
          <option value="">{t("anyState")}</option>
          {ARTICLE_STATES.map((state) => (
            <option key={state} value={state}>
              {tStates(state)}
            </option>
          ))}
        </select>
      </label>
      <span className="filters-actions">
        <button type="submit">{t("apply")}</button>
        <Link href={projectSectionHref(projectId, "articles")}>{t("clear")}</Link>
      </span>
    </form>
  );
}

/** Where the page is in the list ("Articles 51–100 of 1,000") and the links to the pages beside it, the filters kept. */
export function ArticlePager({ projectId, page }: { projectId: string; page: ProjectArticlesPage }) {
  const t = useTranslations("projects.articleList");
  if (page.total === 0) return null;
  const current = page.query.page;
  const from = (current - 1) * page.pageSize + 1;
  const to = from + page.articles.length - 1;
  return (
    <nav aria-label={t("pages")} className="pager">
      {page.pageCount > 1 &&
        (current > 1 ? (
          <Link href={articlesHref(projectId, { ...page.query, page: current - 1 })} rel="prev">
            {t("previous")}
          </Link>
        ) : (
          <span aria-hidden="true">{t("previous")}</span>
        ))}
      <span>{t("range", { from, to, total: page.total })}</span>
      {page.pageCount > 1 && <span className="muted">{t("pageOf", { page: current, pages: page.pageCount })}</span>}
      {page.pageCount > 1 &&
        (current < page.pageCount ? (
          <Link href={articlesHref(projectId, { ...page.query, page: current + 1 })} rel="next">
            {t("next")}
          </Link>
        ) : (
          <span aria-hidden="true">{t("next")}</span>
        ))}
    </nav>
  );
}
