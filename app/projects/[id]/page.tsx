import type { Metadata } from "next";
import Link from "next/link";
import { getFormatter, getTranslations } from "next-intl/server";
import { cache } from "react";
import { loadForPage } from "@/app/_lib/page-guard";
import { ListTable } from "@/components/list-table";
import { exportHref, importHref } from "@/lib/transfer-links";
import { roleCan } from "@/server/authz";
import { ARTICLE_STATES, getProjectOverview } from "@/server/team/dashboard";
import { seesAllWork } from "@/server/visibility";
import { loadProject } from "./_lib/load-project";
import { projectSectionHref } from "./_lib/sections";

/** The overview's figures, cached for the request. */
const loadOverview = cache(async (id: string) =>
  loadForPage(id, async ({ actor, db }) => {
    const [project, overview] = await Promise.all([loadProject(id), getProjectOverview(db, actor, id)]);
    return { project, overview };
  }),
);

export async function generateMetadata({ params }: { params: Promise<{ id: string }> }): Promise<Metadata> {
  const [project, t] = await Promise.all([loadProject((await params).id), getTranslations("projects.sections")]);
  return { title: t("pageTitle", { section: t("overview"), name: project.name }) };
}

/** The project's overview: how far the work is, per state and per annotator, and where to go next. */
export default async function ProjectOverviewPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const [{ project, overview }, t, tSections, tVocab, format] = await Promise.all([
    loadOverview(id),
    getTranslations("projects"),
    getTranslations("projects.sections"),
    getTranslations("vocab"),
    getFormatter(),
  ]);

  return (
    <main className="page">
      <h1>{tSections("overviewHeading", { name: project.name })}</h1>

      <section aria-labelledby="progress-heading">
        <h2 id="progress-heading">{t("progress.heading")}</h2>
        <table className="list" aria-label={t("progress.byState")}>
          <thead>
            <tr>
              {ARTICLE_STATES.map((state) => (
                <th key={state} className="num">
                  {t(`progress.states.${state}`)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            <tr>
              {ARTICLE_STATES.map((state) => (
                <td key={state} className="num" data-testid={`state-${state}`}>
                  {format.number(overview.stateCounts[state])}
                </td>
              ))}
            </tr>
          </tbody>
        </table>
        <ul className="next-steps">
          <li>
            <Link href={projectSectionHref(project.id, "articles")}>{tSections("goArticles", { count: overview.articleCount })}</Link>
          </li>
          {roleCan(project.role, "review") && (
            <li>
              <Link href={projectSectionHref(project.id, "review")}>{tSections("goReview", { count: overview.awaitingReview })}</Link>
            </li>
          )}
        </ul>

        <h3>{t("progress.perAnnotatorHeading")}</h3>
        {!seesAllWork({ role: project.role, isBlind: project.isBlind }) && (
          <p className="muted" data-testid="blind-counts-note">
            {t("progress.blindCountsNote")}
          </p>
        )}
        <ListTable
          label={t("progress.perAnnotatorTable")}
          empty={t("progress.noAnnotators")}
          rows={overview.annotators}
          rowKey={(a) => a.userId}
          columns={[
            { header: t("progress.annotator"), cell: (a) => a.name },
            { header: t("progress.assigned"), isNumeric: true, cell: (a) => format.number(a.assigned) },
            { header: t("progress.submitted"), isNumeric: true, cell: (a) => format.number(a.submitted) },
            { header: t("progress.claims"), isNumeric: true, cell: (a) => format.number(a.claims) },
            { header: tVocab("reviewStatus.draft"), isNumeric: true, cell: (a) => format.number(a.byStatus.draft ?? 0) },
            { header: t("progress.awaitingReview"), isNumeric: true, cell: (a) => format.number(a.byStatus.submitted ?? 0) },
            { header: tVocab("reviewStatus.accepted"), isNumeric: true, cell: (a) => format.number(a.byStatus.accepted ?? 0) },
            { header: tVocab("reviewStatus.changes_requested"), isNumeric: true, cell: (a) => format.number(a.byStatus.changes_requested ?? 0) },
            { header: tVocab("reviewStatus.rejected"), isNumeric: true, cell: (a) => format.number(a.byStatus.rejected ?? 0) },
          ]}
        />
      </section>

      <section aria-labelledby="transfer-heading">
        <h2 id="transfer-heading">{tSections("transferHeading")}</h2>
        <ul className="next-steps">
          {roleCan(project.role, "export") && (
            <li>
              <Link href={exportHref(project.id)}>{tSections("export")}</Link>
            </li>
          )}
          {roleCan(project.role, "annotate") && (
            <li>
              <Link href={importHref(project.id)}>{tSections("import")}</Link>
            </li>
          )}
        </ul>
      </section>
    </main>
  );
}
