import type { Metadata } from "next";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { cache } from "react";
import { loadForPage } from "@/app/_lib/page-guard";
import { ArticleLink } from "@/components/article-link";
import { ListTable } from "@/components/list-table";
import { roleCan } from "@/server/authz";
import { getProjectDashboard } from "@/server/team/dashboard";
import { loadProject } from "../_lib/load-project";
import { projectSectionHref } from "../_lib/sections";

const loadArticles = cache(async (id: string) =>
  loadForPage(id, async ({ actor, db }) => {
    const project = await loadProject(id);
    return { project, dashboard: await getProjectDashboard(db, actor, id) };
  }),
);

export async function generateMetadata({ params }: { params: Promise<{ id: string }> }): Promise<Metadata> {
  const [project, t] = await Promise.all([loadProject((await params).id), getTranslations("projects.sections")]);
  return { title: t("pageTitle", { section: t("articles"), name: project.name }) };
}

/** The project's articles: their state, who works on them, and the way into adjudication. */
export default async function ProjectArticlesPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const [{ project, dashboard }, t, tSections] = await Promise.all([
    loadArticles(id),
    getTranslations("projects"),
    getTranslations("projects.sections"),
  ]);
  const canAssign = roleCan(project.role, "assign");
  const canAdjudicate = roleCan(project.role, "adjudicate");

  return (
    <main className="page">
      <h1>{tSections("articles")}</h1>
      {canAssign && (
        <p>
          <Link href={projectSectionHref(project.id, "assignments")}>{tSections("goAssignments")}</Link>
        </p>
      )}
      <section aria-label={t("progress.articlesHeading")}>
        <ListTable
          label={t("progress.assignmentsTable")}
          empty={t("progress.noArticles")}
          rows={dashboard.articles}
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
                  : article.assignees.map((a) => (a.status === "submitted" ? t("progress.assigneeSubmitted", { name: a.name }) : a.name)).join(", "),
            },
          ]}
        />
      </section>
    </main>
  );
}
