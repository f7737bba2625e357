import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { requirePageActor } from "@/app/_lib/page-guard";
import { IMPORT_FORMATS } from "@/lib/export";
import { chooseTransferProject, TRANSFER_PROJECT_PARAM } from "@/lib/transfer-links";
import { listImportProjects } from "@/server/import";
import { TransferProjectPicker } from "../export/_components/transfer-project-picker";
import { ImportForm } from "./_components/import-form";
import { InterchangeImport } from "./_components/interchange-import";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("transfer");
  return { title: t("import.title") };
}

/**
 * The Import page works on the project its address names (`?project=<id>`),
 * as the Export page does: one the person may import into, with the formats
 * their role there allows (server/import.ts), or the page asks for one. It
 * never imports into a project nobody chose.
 */
export default async function ImportPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { actor, db } = await requirePageActor();
  const [params, projects, t] = await Promise.all([searchParams, listImportProjects(db, actor), getTranslations("transfer")]);
  const choice = chooseTransferProject(params[TRANSFER_PROJECT_PARAM], projects);
  const chosen = choice.kind === "chosen" ? choice.project : null;
  return (
    <main className="page">
      <h1>{t("import.title")}</h1>
      {projects.length === 0 ? (
        <p className="empty">{t("import.noProjects")}</p>
      ) : (
        <TransferProjectPicker action="/import" projects={projects} chosenId={chosen?.id ?? null} />
      )}
      {choice.kind === "unavailable" && (
        <p role="alert" className="error">
          {t("import.unavailable")}
        </p>
      )}
      {choice.kind === "none" && projects.length > 0 && <p className="empty">{t("import.chooseProject")}</p>}
      {chosen && (
        <>
          <p>{t.rich("import.project", { name: chosen.name, b: (chunks) => <strong>{chunks}</strong> })}</p>
          <p className="muted">
            {t.rich("import.intro", {
              articles: (chunks) => <a href="/articles">{chunks}</a>,
              code: (chunks) => <code>{chunks}</code>,
            })}
          </p>
          {chosen.formats.length < IMPORT_FORMATS.length && <p className="muted">{t("import.formatsLimited")}</p>}
          <ImportForm projectId={chosen.id} formats={chosen.formats} />
          {/* Another tool's annotations come with their articles: offered to whoever may import articles here. */}
          {chosen.formats.includes("articles") && <InterchangeImport projectId={chosen.id} />}
        </>
      )}
    </main>
  );
}
