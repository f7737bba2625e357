import type { Metadata } from "next";
import { getFormatter, getTranslations } from "next-intl/server";
import { requirePageActor } from "@/app/_lib/page-guard";
import { ArticleLink } from "@/components/article-link";
import { DateTime } from "@/components/date-time";
import { ListTable } from "@/components/list-table";
import { ARTICLE_FILE_LIMIT_LABEL, listArticles } from "@/server/articles";
import { roleCan } from "@/server/authz";
import { myQueue } from "@/server/team/assignments";
import { listProjects } from "@/server/team/projects";
import { ImportArticles } from "./_components/import-articles";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("articles");
  return { title: t("list.title") };
}

export default async function ArticlesPage() {
  const { actor, db } = await requirePageActor();
  const [items, queue, projectList, t, tv, format] = await Promise.all([
    listArticles(db, actor),
    myQueue(db, actor),
    listProjects(db, actor),
    getTranslations("articles"),
    getTranslations("vocab"),
    getFormatter(),
  ]);
  // The default project first, so pasting without choosing lands where the seeds are.
  const importTargets = projectList
    .filter((p) => roleCan(p.role, "import_articles"))
    .sort((a, b) => Number(b.isDefault) - Number(a.isDefault))
    .map((p) => ({ id: p.id, name: p.name }));
  return (
    <main className="page">
      {queue.length > 0 && (
        <section aria-labelledby="queue-heading" style={{ marginBottom: "1.5rem" }}>
          <h2 id="queue-heading">{t("queue.title")}</h2>
          <ListTable
            label={t("queue.title")}
            rows={queue}
            rowKey={(item) => item.articleId}
            columns={[
              { header: t("queue.columns.article"), cell: (item) => <ArticleLink id={item.articleId}>{item.articleTitle}</ArticleLink> },
              { header: t("queue.columns.project"), cell: (item) => item.projectName },
              {
                header: t("queue.columns.state"),
                cell: (item) => (item.status === "submitted" ? tv("assignmentStatus.submitted") : t("queue.toDo")),
              },
              {
                header: t("queue.columns.myClaims"),
                isNumeric: true,
                cell: (item) => format.number(Object.values(item.claimCounts).reduce((a, b) => a + b, 0)),
              },
            ]}
          />
        </section>
      )}
      <h1>{t("list.title")}</h1>
      <ListTable
        label={t("list.title")}
        empty={t("list.empty")}
        rows={items}
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
          { header: t("list.columns.language"), cell: (article) => article.language ?? "—" },
          { header: t("list.columns.sentences"), isNumeric: true, cell: (article) => format.number(article.sentenceCount) },
          { header: t("list.columns.claims"), isNumeric: true, cell: (article) => format.number(article.claimCount) },
          { header: t("list.columns.lastActivity"), cell: (article) => <DateTime value={article.lastActivityAt} /> },
        ]}
      />
      {importTargets.length > 0 && <ImportArticles limitLabel={ARTICLE_FILE_LIMIT_LABEL} projects={importTargets} />}
    </main>
  );
}
