import type { Metadata } from "next";
import { getFormatter, getTranslations } from "next-intl/server";
import { requirePageActor } from "@/app/_lib/page-guard";
import { ArticleLink } from "@/components/article-link";
import { DateTime } from "@/components/date-time";
import { ListTable } from "@/components/list-table";
import { type ArticleListQuery, articleListQuerySchema, DEFAULT_ARTICLE_PAGE_SIZE } from "@/lib/article-list";
import { ARTICLE_FILE_LIMIT_LABEL, articleLanguages, searchArticles } from "@/server/articles";
import { roleCan } from "@/server/authz";
import { sentenceCoverage } from "@/server/sentence-decisions";
import { myQueue } from "@/server/team/assignments";
import { listProjects } from "@/server/team/projects";
import { ArticleFilters } from "./_components/article-filters";
import { ImportArticles } from "./_components/import-articles";
import { MyQueue } from "./_components/my-queue";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("articles");
  return { title: t("list.title") };
}

type SearchParams = Record<string, string | string[] | undefined>;

/**
 * The URL's filters: each part that parses is used; one that does not is
 * left out and named on the page (a link edited by hand, an old bookmark),
 * never silently changed into something else.
 */
function readQuery(params: SearchParams): { query: ArticleListQuery; refused: string[] } {
  const query: Record<string, string> = {};
  for (const [key, value] of Object.entries(params)) {
    const first = Array.isArray(value) ? value[0] : value;
    if (first !== undefined && first !== "" && key in articleListQuerySchema.shape) query[key] = first;
  }
  const refused: string[] = [];
  for (;;) {
    const parsed = articleListQuerySchema.safeParse(query);
    if (parsed.success) return { query: parsed.data, refused };
    const key = String(parsed.error.issues[0]?.path[0] ?? "");
    refused.push(key);
    delete query[key];
  }
}

export default async function ArticlesPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const { actor, db } = await requirePageActor();
  const { query, refused } = readQuery(await searchParams);
  const [found, queue, projectList, languages, t, tv, format] = await Promise.all([
    searchArticles(db, actor, query),
    myQueue(db, actor),
    listProjects(db, actor),
    articleLanguages(db, actor),
    getTranslations("articles"),
    getTranslations("vocab"),
    getFormatter(),
  ]);
  const coverage = await sentenceCoverage(
    db,
    actor,
    found.items.map((a) => a.id),
  );
  // The default project first, so pasting without choosing lands where the seeds are.
  const importTargets = projectList
    .filter((p) => roleCan(p.role, "import_articles"))
    .sort((a, b) => Number(b.isDefault) - Number(a.isDefault))
    .map((p) => ({ id: p.id, name: p.name }));
  const size = query.size ?? DEFAULT_ARTICLE_PAGE_SIZE;
  const page = query.page ?? 1;
  const pages = Math.max(1, Math.ceil(found.total / size));
  const isFiltered = Object.keys(query).some((key) => key !== "sort" && key !== "size" && key !== "page");
  const pageHref = (to: number) => {
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries({ ...query, page: to })) if (value !== undefined) params.set(key, String(value));
    return `/articles?${params}`;
  };
  return (
    <main className="page">
      {queue.length > 0 && <MyQueue items={queue} />}
      <h1>{t("list.title")}</h1>
      <ArticleFilters query={query} projects={projectList.map((p) => ({ id: p.id, name: p.name }))} languages={languages} />
      {refused.length > 0 && (
        <p role="alert" className="error">
          {t("filters.refused", { fields: refused.join(", ") })}
        </p>
      )}
      <p role="status" className="muted">
        {isFiltered ? t("list.found", { count: found.total }) : t("list.total", { count: found.total })}
      </p>
      <ListTable
        label={t("list.title")}
        empty={isFiltered ? t("list.noMatch") : t("list.empty")}
        rows={found.items}
        rowKey={(article) => article.id}
        columns={[
          {
            header: t("list.columns.title"),
            // The title is in the article's language, the table in the interface's.
            cell: (article) => (
              <ArticleLink id={article.id}>
                <span lang={article.language ?? undefined}>{article.title}</span>
              </ArticleLink>
            ),
          },
          { header: t("list.columns.project"), cell: (article) => article.projectName },
          { header: t("list.columns.language"), cell: (article) => article.language ?? "—" },
          {
            header: t("list.columns.state"),
            cell: (article) =>
              article.closedAt
                ? t("filters.states.closed")
                : article.myAssignment
                  ? tv(`assignmentStatus.${article.myAssignment}`)
                  : t("filters.states.open"),
          },
          { header: t("list.columns.sentences"), isNumeric: true, cell: (article) => format.number(article.sentenceCount) },
          { header: t("list.columns.claims"), isNumeric: true, cell: (article) => format.number(article.claimCount) },
          {
            header: t("list.columns.coverage"),
            cell: (article) => {
              const c = coverage.get(article.id);
              return c ? t("list.coverage", { decided: c.decided, annotatable: c.annotatable }) : "—";
            },
          },
          { header: t("list.columns.lastActivity"), cell: (article) => <DateTime value={article.lastActivityAt} /> },
        ]}
      />
      {pages > 1 && (
        <nav aria-label={t("list.pages")} className="pager">
          {page > 1 ? <a href={pageHref(page - 1)}>{t("list.previous")}</a> : <span aria-hidden="true">{t("list.previous")}</span>}
          <span>{t("list.pageOf", { page, pages })}</span>
          {page < pages ? <a href={pageHref(page + 1)}>{t("list.next")}</a> : <span aria-hidden="true">{t("list.next")}</span>}
        </nav>
      )}
      {importTargets.length > 0 && <ImportArticles limitLabel={ARTICLE_FILE_LIMIT_LABEL} projects={importTargets} />}
    </main>
  );
}
