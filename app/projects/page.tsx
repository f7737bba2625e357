import type { Metadata } from "next";
import Link from "next/link";
import { getFormatter, getTranslations } from "next-intl/server";
import { requirePageActor } from "@/app/_lib/page-guard";
import { ListTable } from "@/components/list-table";
import { listProjects } from "@/server/team/projects";
import { CreateProjectForm } from "./_components/forms";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("projects.list");
  return { title: t("title") };
}

export default async function ProjectsPage() {
  const { actor, db } = await requirePageActor();
  const [items, t, tFields, tVocab, format] = await Promise.all([
    listProjects(db, actor),
    getTranslations("projects.list"),
    getTranslations("projects.fields"),
    getTranslations("vocab"),
    getFormatter(),
  ]);
  return (
    <main className="page">
      <h1>{t("title")}</h1>
      <ListTable
        label={t("table")}
        empty={t("empty")}
        rows={items}
        rowKey={(project) => project.id}
        columns={[
          { header: tFields("name"), cell: (project) => <Link href={`/projects/${project.id}`}>{project.name}</Link> },
          { header: t("yourRole"), cell: (project) => tVocab(`projectRole.${project.role}`) },
          { header: t("mode"), cell: (project) => (project.isBlind ? t("blind") : t("open")) },
          { header: t("members"), isNumeric: true, cell: (project) => format.number(project.memberCount) },
          { header: t("articles"), isNumeric: true, cell: (project) => format.number(project.articleCount) },
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
