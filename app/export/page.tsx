import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { requirePageActor } from "@/app/_lib/page-guard";
import { EXPORT_FORMATS } from "@/lib/export";
import { isUuid } from "@/lib/ids";
import { listArticles } from "@/server/articles";
import { DEFAULT_PROJECT_ID } from "@/server/default-project";
import { ExportForm } from "./_components/export-form";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("transfer");
  return { title: t("export.title") };
}

export default async function ExportPage({ searchParams }: { searchParams: Promise<{ projectId?: string }> }) {
  const { actor, db } = await requirePageActor();
  const { projectId: requested } = await searchParams;
  const projectId = isUuid(requested) ? requested : DEFAULT_PROJECT_ID;
  const [articleList, t] = await Promise.all([listArticles(db, actor, { projectId }), getTranslations("transfer")]);
  return (
    <main className="page">
      <h1>{t("export.title")}</h1>
      <p className="muted">{t.rich("export.intro", { projectId, code: (chunks) => <code>{chunks}</code> })}</p>
      <ExportForm
        projectId={projectId}
        formats={EXPORT_FORMATS.map((f) => ({ key: f, label: t(`formats.${f}`), hint: t(`formatHints.${f}`) }))}
        articles={articleList.map((a) => ({ id: a.id, title: a.title }))}
      />
    </main>
  );
}
