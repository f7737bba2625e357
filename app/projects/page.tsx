import Link from "next/link";
import { requirePageActor } from "@/app/_lib/page-guard";
import { listProjects } from "@/server/team/projects";
import { CreateProjectForm } from "./_components/forms";
import { PROJECT_ROLE_LABELS } from "@/lib/vocabularies";

export default async function ProjectsPage() {
  const { actor, db } = await requirePageActor();
  const items = await listProjects(db, actor);
  return (
    <main className="page">
      <h1>Projects</h1>
      {items.length === 0 ? (
        <p className="empty">You are not a member of any project yet.</p>
      ) : (
        <table className="list" aria-label="Projects">
          <thead>
            <tr>
              <th>Name</th>
              <th>Your role</th>
              <th>Mode</th>
              <th className="num">Members</th>
              <th className="num">Articles</th>
            </tr>
          </thead>
          <tbody>
            {items.map((project) => (
              <tr key={project.id}>
                <td>
                  <Link href={`/projects/${project.id}`}>{project.name}</Link>
                </td>
                <td>{PROJECT_ROLE_LABELS[project.role]}</td>
                <td>{project.isBlind ? "blind" : "open"}</td>
                <td className="num">{project.memberCount}</td>
                <td className="num">{project.articleCount}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {actor.isAdmin && (
        <div style={{ marginTop: "1.5rem" }}>
          <CreateProjectForm />
        </div>
      )}
    </main>
  );
}
