import type { Metadata } from "next";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { cache } from "react";
import { loadForPage } from "@/app/_lib/page-guard";
import { DateTime } from "@/components/date-time";
import { ListTable } from "@/components/list-table";
import { diffRevisionText } from "@/lib/revision-diff";
import { getAnnotationWorkspace } from "@/server/articles";
import { roleCan } from "@/server/authz";
import { getRevision, listReanchorQueue, listRevisions } from "@/server/revisions";
import { AddRevisionForm } from "./_components/add-revision-form";
import { ReanchorQueue } from "./_components/reanchor-queue";
import { RevisionDiff } from "./_components/revision-diff";

type Params = { params: Promise<{ id: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

const load = cache((id: string) =>
  loadForPage(id, async ({ actor, db }) => {
    const [workspace, revisions, queue] = await Promise.all([
      getAnnotationWorkspace(db, actor, id),
      listRevisions(db, actor, id),
      listReanchorQueue(db, actor, id),
    ]);
    return { actor, db, workspace, revisions, queue };
  }),
);

/** A revision number from the address, if it names one of the article's revisions. */
function revisionParam(value: string | string[] | undefined, numbers: readonly number[]): number | null {
  const first = Array.isArray(value) ? value[0] : value;
  if (first === undefined || !/^[1-9][0-9]{0,9}$/.test(first)) return null;
  const number = Number(first);
  return numbers.includes(number) ? number : null;
}

export async function generateMetadata({ params }: Params): Promise<Metadata> {
  const { id } = await params;
  const [{ workspace }, t] = await Promise.all([load(id), getTranslations("revisions.page")]);
  return { title: t("title", { title: workspace.article.title }) };
}

/**
 * An article's revisions (issue 14): the list, a word-level diff between
 * any two (`?from=1&to=2`, a plain GET form), adding a revision (reviewers
 * and admins), and the claims waiting to be placed on the current one.
 */
export default async function RevisionsPage({ params, searchParams }: Params) {
  const { id } = await params;
  const [{ actor, db, workspace, revisions, queue }, query, t] = await Promise.all([load(id), searchParams, getTranslations("revisions")]);
  const numbers = revisions.map((r) => r.number);
  const current = revisions.find((r) => r.isCurrent)?.number ?? numbers.at(-1) ?? 1;
  const from = revisionParam(query.from, numbers) ?? (numbers.length > 1 ? current - 1 : null);
  const to = revisionParam(query.to, numbers) ?? current;
  const diff =
    from !== null && from !== to
      ? await Promise.all([getRevision(db, actor, id, from), getRevision(db, actor, id, to)]).then(([a, b]) => diffRevisionText(a.text, b.text))
      : null;
  const canAdd = roleCan(workspace.role, "import_articles");
  return (
    <main className="page">
      <p>
        <Link href={`/articles/${id}`}>{t("page.back")}</Link>
      </p>
      <h1>{t("page.title", { title: workspace.article.title })}</h1>
      <p className="muted">{t("page.intro")}</p>

      <section aria-labelledby="revision-list">
        <h2 id="revision-list">{t("page.list")}</h2>
        <ListTable
          label={t("page.list")}
          rows={revisions}
          rowKey={(r) => r.number}
          columns={[
            {
              header: t("page.number"),
              isNumeric: true,
              cell: (r) => (
                <>
                  <Link href={`/articles/${id}/revisions/${r.number}`} aria-label={t("page.read", { number: r.number })}>
                    {r.number}
                  </Link>
                  {r.isCurrent && <span className="badge"> {t("page.current")}</span>}
                </>
              ),
            },
            { header: t("page.added"), cell: (r) => <DateTime value={r.createdAt} /> },
            { header: t("page.by"), cell: (r) => r.createdBy?.name ?? t("page.importer") },
            { header: t("page.sentences"), isNumeric: true, cell: (r) => r.sentenceCount },
            { header: t("page.source"), cell: (r) => r.sourceUrl ?? "—" },
          ]}
        />
      </section>

      <section aria-labelledby="revision-diff">
        <h2 id="revision-diff">{t("diff.title")}</h2>
        {numbers.length < 2 ? (
          <p className="empty">{t("diff.single")}</p>
        ) : (
          <>
            <form method="get" className="row" action={`/articles/${id}/revisions`}>
              <label htmlFor="diff-from">{t("diff.from")}</label>
              <select id="diff-from" name="from" defaultValue={from ?? undefined}>
                {numbers.map((n) => (
                  <option key={n} value={n}>
                    {n}
                  </option>
                ))}
              </select>
              <label htmlFor="diff-to">{t("diff.to")}</label>
              <select id="diff-to" name="to" defaultValue={to}>
                {numbers.map((n) => (
                  <option key={n} value={n}>
                    {n}
                  </option>
                ))}
              </select>
              <button type="submit">{t("diff.show")}</button>
            </form>
            {diff === null || from === null ? <p className="empty">{t("diff.pickTwo")}</p> : <RevisionDiff segments={diff} from={from} to={to} />}
          </>
        )}
      </section>

      <section aria-labelledby="reanchor-queue" id="queue">
        <h2 id="reanchor-queue">{t("queue.title")}</h2>
        <p className="muted">{t("queue.intro")}</p>
        <ReanchorQueue
          articleId={id}
          revision={queue.revision}
          items={queue.items}
          // The preview of a span placed by hand reads the current text; only sent when someone can place a claim.
          currentText={queue.items.some((item) => item.canResolve) ? workspace.article.text : ""}
        />
      </section>

      <section aria-labelledby="add-revision">
        <h2 id="add-revision">{t("add.title")}</h2>
        {canAdd ? <AddRevisionForm articleId={id} /> : <p className="muted">{t("add.notAllowed")}</p>}
      </section>
    </main>
  );
}
