import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { cache } from "react";
import { loadForPage } from "@/app/_lib/page-guard";
import { DateTime } from "@/components/date-time";
import { createOffsetIndex } from "@/lib/offsets";
import { getArticle } from "@/server/articles";
import { getRevision, listReanchorQueue, listRevisions } from "@/server/revisions";

type Params = { params: Promise<{ id: string; number: string }> };

const load = cache((id: string, raw: string) =>
  loadForPage(id, async ({ actor, db }) => {
    if (!/^[1-9][0-9]{0,9}$/.test(raw)) notFound();
    const number = Number(raw);
    const [article, revision, revisions, queue] = await Promise.all([
      getArticle(db, actor, id),
      getRevision(db, actor, id, number),
      listRevisions(db, actor, id),
      listReanchorQueue(db, actor, id),
    ]);
    const current = revisions.find((r) => r.isCurrent)?.number ?? number;
    // The claims whose target counts on this revision: on the current one, the article page shows them; on an
    // earlier one, those still waiting from it.
    const here = queue.items.filter((item) => item.fromRevision === number).sort((a, b) => a.before.start - b.before.start);
    return { article, revision, current, here };
  }),
);

export async function generateMetadata({ params }: Params): Promise<Metadata> {
  const { id, number } = await params;
  const [{ article, revision }, t] = await Promise.all([load(id, number), getTranslations("revisions.read")]);
  return { title: t("title", { number: revision.number, title: article.title }) };
}

/** One revision's text as it was, with the claims that still count on it marked (text is data: no HTML is read from it). */
export default async function RevisionPage({ params }: Params) {
  const { id, number } = await params;
  const [{ article, revision, current, here }, t, tPage] = await Promise.all([
    load(id, number),
    getTranslations("revisions.read"),
    getTranslations("revisions.page"),
  ]);
  const index = createOffsetIndex(revision.text);
  const pieces: Array<{ text: string; isMarked: boolean }> = [];
  let at = 0;
  for (const item of here) {
    if (item.before.start < at) continue;
    pieces.push({ text: index.slice(at, item.before.start), isMarked: false });
    pieces.push({ text: index.slice(item.before.start, item.before.end), isMarked: true });
    at = item.before.end;
  }
  pieces.push({ text: index.slice(at, index.codePointLength), isMarked: false });
  return (
    <main className="page">
      <p>
        <Link href={`/articles/${id}/revisions`}>{tPage("list")}</Link> · <Link href={`/articles/${id}`}>{tPage("back")}</Link>
      </p>
      <h1>{t("title", { number: revision.number, title: article.title })}</h1>
      <p role="status">
        {revision.isCurrent ? t("isCurrent") : t("earlier", { current })} <DateTime value={revision.createdAt} />
      </p>
      {!revision.isCurrent && <p className="muted">{t("waiting", { count: here.length })}</p>}
      <section aria-label={t("text", { number: revision.number })} className="card reanchor-snippet" data-testid="revision-text">
        {pieces.map((piece, i) =>
          // biome-ignore lint/suspicious/noArrayIndexKey: the pieces are fixed for the render; their place is who they are
          piece.isMarked ? <mark key={i}>{piece.text}</mark> : <span key={i}>{piece.text}</span>,
        )}
      </section>
    </main>
  );
}
