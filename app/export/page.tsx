import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { requirePageActor } from "@/app/_lib/page-guard";
import { EXPORT_FORMATS } from "@/lib/export";
import { chooseTransferProject, TRANSFER_PROJECT_PARAM } from "@/lib/transfer-links";
import { listArticles } from "@/server/articles";
import { listExportProjects } from "@/server/export";
import { ExportForm } from "./_components/export-form";
import { TransferProjectPicker } from "./_components/transfer-project-picker";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("transfer");
  return { title: t("export.title") };
}

/**
 * The Export page works on the project its address names (`?project=<id>`,
 * lib/transfer-links.ts): one the person may export from, or the page asks
 * for one — it never falls back to another project, which would export
 * something nobody chose. An address naming any other project (unknown,
 * malformed, not theirs) gets the same message and the choice again.
 */
export default async function ExportPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { actor, db } = await requirePageActor();
  const [params, projects, t] = await Promise.all([searchParams, listExportProjects(db, actor), getTranslations("transfer")]);
  const choice = chooseTransferProject(params[TRANSFER_PROJECT_PARAM], projects);
  const chosen = choice.kind === "chosen" ? choice.project : null;
  const articleList = chosen ? await listArticles(db, actor, { projectId: chosen.id }) : [];
  return (
    <main className="page">
      <h1>{t("export.title")}</h1>
      {projects.length === 0 ? (
        <p className="empty">{t("export.noProjects")}</p>
      ) : (
        <TransferProjectPicker action="/export" projects={projects} chosenId={chosen?.id ?? null} />
      )}
      {choice.kind === "unavailable" && (
        <p role="alert" className="error">
          {t("export.unavailable")}
        </p>
      )}
      {choice.kind === "none" && projects.length > 0 && <p className="empty">{t("export.chooseProject")}</p>}
      {chosen && (
        <>
          <p>{t.rich("export.project", { name: chosen.name, b: (chunks) => <strong>{chunks}</strong> })}</p>
          <p className="muted">{t.rich("export.intro", { projectId: chosen.id, code: (chunks) => <code>{chunks}</code> })}</p>
          <ExportForm
            projectId={chosen.id}
            formats={EXPORT_FORMATS.map((f) => ({ key: f, label: t(`formats.${f}`), hint: t(`formatHints.${f}`) }))}
            articles={articleList.map((a) => ({ id: a.id, title: a.title }))}
          />
        </>
      )}
    </main>
  );
}
