import { requirePageActor } from "@/app/_lib/page-guard";
import { EXPORT_FORMAT_INFO, EXPORT_FORMATS } from "@/lib/export";
import { isUuid } from "@/lib/ids";
import { listArticles } from "@/server/articles";
import { DEFAULT_PROJECT_ID } from "@/server/default-project";
import { ExportForm } from "./_components/export-form";

export default async function ExportPage({ searchParams }: { searchParams: Promise<{ projectId?: string }> }) {
  const { actor, db } = await requirePageActor();
  const { projectId: requested } = await searchParams;
  const projectId = isUuid(requested) ? requested : DEFAULT_PROJECT_ID;
  const articleList = await listArticles(db, actor, { projectId });
  return (
    <main className="page">
      <h1>Export</h1>
      <p className="muted">
        Every format streams from the database, so large projects download without waiting for the whole file to be built. The same export is
        available from scripts: <code>npm run export -- --format jsonl --project {projectId}</code>.
      </p>
      <ExportForm
        projectId={projectId}
        formats={EXPORT_FORMATS.map((f) => ({ key: f, label: EXPORT_FORMAT_INFO[f].label }))}
        articles={articleList.map((a) => ({ id: a.id, title: a.title }))}
      />
    </main>
  );
}
