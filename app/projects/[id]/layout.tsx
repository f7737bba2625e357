import { getTranslations } from "next-intl/server";
import type { ReactNode } from "react";
import { roleCan } from "@/server/authz";
import { SectionNav } from "./_components/section-nav";
import { loadProject } from "./_lib/load-project";
import { PROJECT_SECTIONS, projectSectionHref } from "./_lib/sections";

/**
 * Every project page sits under the project's name and its section
 * navigation, so a desk lead moves between progress, articles, assignments,
 * review, agreement, members, activity and settings without a long page.
 */
export default async function ProjectLayout({ children, params }: { children: ReactNode; params: Promise<{ id: string }> }) {
  const { id } = await params;
  const [project, t, tVocab] = await Promise.all([loadProject(id), getTranslations("projects.sections"), getTranslations("vocab")]);
  const links = PROJECT_SECTIONS.filter((section) => roleCan(project.role, section.needs)).map((section) => ({
    href: projectSectionHref(project.id, section.key),
    label: t(section.key),
  }));
  return (
    <>
      <div className="page project-bar">
        <p className="row project-bar-name">
          <strong>{project.name}</strong>
          <span className="badge">{t("yourRole", { role: tVocab(`projectRole.${project.role}`) })}</span>
          <span className="badge">{project.isBlind ? t("blind") : t("open")}</span>
        </p>
        <SectionNav label={t("label", { name: project.name })} links={links} />
      </div>
      {children}
    </>
  );
}
