import { requirePageActor } from "@/app/_lib/page-guard";
import { isUuid } from "@/lib/ids";
import { DEFAULT_PROJECT_ID } from "@/server/default-project";
import { ImportForm } from "./_components/import-form";

export default async function ImportPage({ searchParams }: { searchParams: Promise<{ projectId?: string }> }) {
  await requirePageActor();
  const { projectId: requested } = await searchParams;
  const projectId = isUuid(requested) ? requested : DEFAULT_PROJECT_ID;
  return (
    <main className="page">
      <h1>Import</h1>
      <p className="muted">
        Restore a Claimwork JSONL export (ids are kept, so importing the same file twice changes nothing), or import W3C Web Annotations whose
        selectors point into this project&apos;s articles. An import is all or nothing unless you choose to skip invalid lines; then every skipped
        line is listed. Articles can come as a JSONL file here (one article per line), as files or a folder on the <a href="/articles">Articles</a>{" "}
        page, or with <code>npm run import -- --articles FOLDER</code>.
      </p>
      <ImportForm projectId={projectId} />
    </main>
  );
}
