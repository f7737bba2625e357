import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { requirePageActor } from "@/app/_lib/page-guard";
import { isUuid } from "@/lib/ids";
import { DEFAULT_PROJECT_ID } from "@/server/default-project";
import { ImportForm } from "./_components/import-form";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("transfer");
  return { title: t("import.title") };
}

export default async function ImportPage({ searchParams }: { searchParams: Promise<{ projectId?: string }> }) {
  await requirePageActor();
  const { projectId: requested } = await searchParams;
  const projectId = isUuid(requested) ? requested : DEFAULT_PROJECT_ID;
  const t = await getTranslations("transfer");
  return (
    <main className="page">
      <h1>{t("import.title")}</h1>
      <p className="muted">
        {t.rich("import.intro", {
          articles: (chunks) => <a href="/articles">{chunks}</a>,
          code: (chunks) => <code>{chunks}</code>,
        })}
      </p>
      <ImportForm projectId={projectId} />
    </main>
  );
}
