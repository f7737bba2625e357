import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { taxonomyLabelWith } from "@/components/taxonomy-label";
import { roleCan } from "@/server/authz";
import { BlindToggle, TaxonomyEditor } from "../../_components/forms";
import { loadProject } from "../_lib/load-project";

export async function generateMetadata({ params }: { params: Promise<{ id: string }> }): Promise<Metadata> {
  const [project, t] = await Promise.all([loadProject((await params).id), getTranslations("projects.sections")]);
  return { title: t("pageTitle", { section: t("settings"), name: project.name }) };
}

/** Blind mode and the taxonomy: changed by admins, read by everyone else. */
export default async function ProjectSettingsPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const [project, t, tVocab] = await Promise.all([loadProject(id), getTranslations("projects"), getTranslations("vocab")]);
  const isAdmin = roleCan(project.role, "manage_members");

  return (
    <main className="page">
      <section aria-labelledby="settings-heading">
        <h1 id="settings-heading">{t("settings.heading")}</h1>
        {isAdmin ? (
          <>
            <BlindToggle projectId={project.id} isBlind={project.isBlind} />
            <h2>{t("settings.taxonomyHeading")}</h2>
            <TaxonomyEditor projectId={project.id} taxonomy={project.taxonomy} />
          </>
        ) : (
          <>
            <h2>{t("settings.taxonomyHeading")}</h2>
            <ul>
              {project.taxonomy.claimTypes.map((entry) => (
                <li key={entry.key}>{taxonomyLabelWith(tVocab, "claimTypes", project.taxonomy.claimTypes, entry.key)}</li>
              ))}
            </ul>
          </>
        )}
      </section>
    </main>
  );
}
