import Link from "next/link";
import { loadForPage } from "@/app/_lib/page-guard";
import { ArticleLink } from "@/components/article-link";
import { DateTime } from "@/components/date-time";
import { ListTable } from "@/components/list-table";
import { projectActivity } from "@/server/team/history";
import { getProject } from "@/server/team/projects";

export default async function ActivityPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const { project, items } = await loadForPage(id, async ({ actor, db }) => {
    return { project: await getProject(db, actor, id), items: await projectActivity(db, actor, id) };
  });
  return (
    <main className="page">
      <p>
        <Link href={`/projects/${project.id}`}>← {project.name}</Link>
      </p>
      <h1>Activity</h1>
      <ListTable
        label="Activity"
        empty="Nothing has happened yet."
        rows={items}
        rowKey={(item) => item.id}
        columns={[
          { header: "When", cell: (item) => <DateTime value={item.createdAt} precision="seconds" /> },
          { header: "Who", cell: (item) => item.actorName ?? "system" },
          { header: "What", cell: (item) => item.action.replace(/[._]/g, " ") },
          {
            header: "On",
            cell: (item) =>
              item.entityType === "article" ? (
                <ArticleLink id={item.entityId}>article</ArticleLink>
              ) : (
                <span className="muted">
                  {item.entityType} {item.entityId.slice(0, 8)}
                </span>
              ),
          },
        ]}
      />
    </main>
  );
}
