import Link from "next/link";
import { requirePageActor } from "@/app/_lib/page-guard";
import { ListTable } from "@/components/list-table";
import { PROJECT_ROLE_LABELS } from "@/lib/vocabularies";
import { listProjects } from "@/server/team/projects";
import { CreateProjectForm } from "./_components/forms";

export default async function ProjectsPage() {
  const { actor, db } = await requirePageActor();
  const items = await listProjects(db, actor);
  return (
    <main className="page">
      <h1>Projects</h1>
      <ListTable
        label="Projects"
        empty="You are not a member of any project yet."
        rows={items}
        rowKey={(project) => project.id}
        columns={[
          { header: "Name", cell: (project) => <Link href={`/projects/${project.id}`}>{project.name}</Link> },
          { header: "Your role", cell: (project) => PROJECT_ROLE_LABELS[project.role] },
          { header: "Mode", cell: (project) => (project.isBlind ? "blind" : "open") },
          { header: "Members", isNumeric: true, cell: (project) => project.memberCount },
          { header: "Articles", isNumeric: true, cell: (project) => project.articleCount },
        ]}
      />
      {actor.isAdmin && (
        <div style={{ marginTop: "1.5rem" }}>
          <CreateProjectForm />
        </div>
      )}
    </main>
  );
}
