import { requirePageActor } from "@/app/_lib/page-guard";
import { ArticleLink } from "@/components/article-link";
import { DateTime } from "@/components/date-time";
import { ListTable } from "@/components/list-table";
import { ARTICLE_FILE_LIMIT_LABEL, listArticles } from "@/server/articles";
import { roleCan } from "@/server/authz";
import { myQueue } from "@/server/team/assignments";
import { listProjects } from "@/server/team/projects";
import { ImportArticles } from "./_components/import-articles";

export default async function ArticlesPage() {
  const { actor, db } = await requirePageActor();
  const [items, queue, projectList] = await Promise.all([listArticles(db, actor), myQueue(db, actor), listProjects(db, actor)]);
  // The default project first, so pasting without choosing lands where the seeds are.
  const importTargets = projectList
    .filter((p) => roleCan(p.role, "import_articles"))
    .sort((a, b) => Number(b.isDefault) - Number(a.isDefault))
    .map((p) => ({ id: p.id, name: p.name }));
  return (
    <main className="page">
      {queue.length > 0 && (
        <section aria-labelledby="queue-heading" style={{ marginBottom: "1.5rem" }}>
          <h2 id="queue-heading">My queue</h2>
          <ListTable
            label="My queue"
            rows={queue}
            rowKey={(item) => item.articleId}
            columns={[
              { header: "Article", cell: (item) => <ArticleLink id={item.articleId}>{item.articleTitle}</ArticleLink> },
              { header: "Project", cell: (item) => item.projectName },
              { header: "State", cell: (item) => (item.status === "submitted" ? "Submitted" : "To do") },
              { header: "My claims", isNumeric: true, cell: (item) => Object.values(item.claimCounts).reduce((a, b) => a + b, 0) },
            ]}
          />
        </section>
      )}
      <h1>Articles</h1>
      <ListTable
        label="Articles"
        empty="No articles yet. Paste one or upload .txt / .md files below, or ask a reviewer to add some."
        rows={items}
        rowKey={(article) => article.id}
        columns={[
          { header: "Title", cell: (article) => <ArticleLink id={article.id}>{article.title}</ArticleLink> },
          { header: "Language", cell: (article) => article.language ?? "—" },
          { header: "Sentences", isNumeric: true, cell: (article) => article.sentenceCount },
          { header: "Claims", isNumeric: true, cell: (article) => article.claimCount },
          { header: "Last activity", cell: (article) => <DateTime value={article.lastActivityAt} /> },
        ]}
      />
      {importTargets.length > 0 && <ImportArticles limitLabel={ARTICLE_FILE_LIMIT_LABEL} projects={importTargets} />}
    </main>
  );
}
