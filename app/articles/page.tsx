import Link from "next/link";
import { ARTICLE_FILE_LIMIT_LABEL, listArticles } from "@/server/articles";
import { requirePageActor } from "@/app/_lib/page-guard";
import { roleCan } from "@/server/authz";
import { listProjects } from "@/server/team/projects";
import { myQueue } from "@/server/team/assignments";
import { ImportArticles } from "./_components/import-articles";

export default async function ArticlesPage() {
  const { actor, db } = await requirePageActor();
  const [items, queue, projectList] = await Promise.all([listArticles(db, actor), myQueue(db, actor), listProjects(db, actor)]);
  // The default project first, so pasting without choosing lands where the seeds are.
  const importTargets = projectList
    .filter((p) => roleCan(p.role, "import_articles"))
    .sort((a, b) => Number(b.isDefault) - Number(a.isDefault))
    .map((p) => ({ id: p.id, name: p.name }));
  const dateFormat = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "short" });
  return (
    <main className="page">
      {queue.length > 0 && (
        <section aria-labelledby="queue-heading" style={{ marginBottom: "1.5rem" }}>
          <h2 id="queue-heading">My queue</h2>
          <table className="list" aria-label="My queue">
            <thead>
              <tr>
                <th>Article</th>
                <th>Project</th>
                <th>State</th>
                <th className="num">My claims</th>
              </tr>
            </thead>
            <tbody>
              {queue.map((item) => (
                <tr key={item.articleId}>
                  <td>
                    <Link href={`/articles/${item.articleId}`}>{item.articleTitle}</Link>
                  </td>
                  <td>{item.projectName}</td>
                  <td>{item.status === "submitted" ? "Submitted" : "To do"}</td>
                  <td className="num">{Object.values(item.claimCounts).reduce((a, b) => a + b, 0)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}
      <h1>Articles</h1>
      {items.length === 0 ? (
        <p className="empty">No articles yet. Paste one or upload .txt / .md files below, or ask a reviewer to add some.</p>
      ) : (
        <table className="list" aria-label="Articles">
          <thead>
            <tr>
              <th>Title</th>
              <th>Language</th>
              <th className="num">Sentences</th>
              <th className="num">Claims</th>
              <th>Last activity</th>
            </tr>
          </thead>
          <tbody>
            {items.map((article) => (
              <tr key={article.id}>
                <td>
                  <Link href={`/articles/${article.id}`}>{article.title}</Link>
                </td>
                <td>{article.language ?? "—"}</td>
                <td className="num">{article.sentenceCount}</td>
                <td className="num">{article.claimCount}</td>
                <td>{dateFormat.format(article.lastActivityAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {importTargets.length > 0 && <ImportArticles limitLabel={ARTICLE_FILE_LIMIT_LABEL} projects={importTargets} />}
    </main>
  );
}
