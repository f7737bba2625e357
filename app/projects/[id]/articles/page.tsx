import type { Metadata } from "next";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { loadForPage } from "@/app/_lib/page-guard";
import { ArticleLink } from "@/components/article-link";
import { ListTable } from "@/components/list-table";
import { roleCan } from "@/server/authz";
import { listProjectArticles, projectArticlesQuerySchema } from "@/server/team/dashboard";
import { loadProject } from "../_lib/load-project";
import { projectSectionHref } from "../_lib/sections";
import { ArticleFilters, ArticlePager } from "./_components/article-list";

export async function generateMetadata({ params }: { params: Promise<{ id: string }> }): Promise<Metadata> {
  const [project, t] = await Promise.all([loadProject((await params).id), getTranslations("projects.sections")]);
  return { title: t("pageTitle", { section: t("articles"), name: project.name }) };
}

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

/**
 * The project's articles, a page at a time: their state, who works on them,
 * and the way into adjudication; filtered by title and state from the address.
 */
export default async function ProjectArticlesPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: SearchParams }) {
  const [{ id }, raw] = await Promise.all([params, searchParams]);
  // Only the first of a repeated parameter; the schema turns anything it cannot read into its default.
  const query = projectArticlesQuerySchema.parse(
    Object.fromEntries(Object.entries(raw).map(([key, value]) => [key, Array.isArray(value) ? value[0] : value])),
  );
  const [{ project, page }, t, tSections, tList] = await Promise.all([
    loadForPage(id, async ({ actor, db }) => {
      const [project, page] = await Promise.all([loadProject(id), listProjectArticles(db, actor, id, query)]);
      return { project, page };
    }),
    getTranslations("projects"),
    getTranslations("projects.sections"),
    getTranslations("projects.articleList"),
  ]);
  const canAssign = roleCan(project.role, "assign");
  const canAdjudicate = roleCan(project.role, "adjudicate");
  const isFiltered = page.query.q !== "" || page.query.state !== undefined;
  const listHref = projectSectionHref(project.id, "articles");

  return (
    <main className="page">
      <h1>{tSections("articles")}</h1>
      {canAssign && (
        <p>
          <Link href={projectSectionHref(project.id, "assignments")}>{tSections("goAssignments")}</Link>
        </p>
      )}
      <ArticleFilters projectId={project.id} query={page.query} />
      <section aria-label={t("progress.articlesHeading")}>
        {page.articles.length === 0 ? (
          <p className="empty" role="status">
            {isFiltered ? (
              <>
                {tList("emptyFiltered")} <Link href={listHref}>{tList("showAll")}</Link>
              </>
            ) : (
              t("progress.noArticles")
            )}
          </p>
        ) : (
          <ListTable
            label={t("progress.assignmentsTable")}
            rows={page.articles}
            rowKey={(article) => article.id}
            columns={[
              {
                header: t("progress.article"),
                cell: (article) => (
                  <>
                    <ArticleLink id={article.id}>{article.title}</ArticleLink>
                    {canAdjudicate && (
                      <>
                        {" · "}
                        <Link href={`/articles/${article.id}/adjudicate`} aria-label={t("progress.adjudicateArticle", { title: article.title })}>
                          {t("progress.adjudicate")}
                        </Link>
                      </>
                    )}
                  </>
                ),
              },
              {
                header: t("progress.state"),
                cell: (article) => (
                  <>
                    {t(`progress.states.${article.state}`)}
                    {article.closedAt && (
                      <>
                        {" "}
                        <span className="badge" title={t("progress.closedHint")}>
                          {t("progress.closed")}
                        </span>
                      </>
                    )}
                  </>
                ),
              },
              {
                header: t("progress.assignedTo"),
                cell: (article) =>
                  article.assignees.length === 0
                    ? "—"
                    : article.assignees
                        .map((a) => (a.status === "submitted" ? t("progress.assigneeSubmitted", { name: a.name }) : a.name))
                        .join(", "),
              },
            ]}
          />
        )}
      </section>
      <ArticlePager projectId={project.id} page={page} />
    </main>
  );
}
