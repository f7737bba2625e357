import Link from "next/link";
import { getProject } from "@/server/team/projects";
import { projectActivity } from "@/server/team/history";
import { loadForPage } from "@/app/_lib/page-guard";

export default async function ActivityPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const { project, items } = await loadForPage(id, async ({ actor, db }) => {
    return { project: await getProject(db, actor, id), items: await projectActivity(db, actor, id) };
  });
  const dateFormat = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "medium" });
  return (
    <main className="page">
      <p>
        <Link href={`/projects/${project.id}`}>← {project.name}</Link>
      </p>
      <h1>Activity</h1>
      {items.length === 0 ? (
        <p className="empty">Nothing has happened yet.</p>
      ) : (
        <table className="list" aria-label="Activity">
          <thead>
            <tr>
              <th>When</th>
              <th>Who</th>
              <th>What</th>
              <th>On</th>
            </tr>
          </thead>
          <tbody>
            {items.map((item) => (
              <tr key={item.id}>
                <td>{dateFormat.format(item.createdAt)}</td>
                <td>{item.actorName ?? "system"}</td>
                <td>{item.action.replace(/[._]/g, " ")}</td>
                <td>
                  {item.entityType === "article" ? (
                    <Link href={`/articles/${item.entityId}`}>article</Link>
                  ) : (
                    <span className="muted">
                      {item.entityType} {item.entityId.slice(0, 8)}
                    </span>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </main>
  );
}
