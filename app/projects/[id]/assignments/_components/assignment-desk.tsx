"use client";

import Link from "next/link";
import { useFormatter, useTranslations } from "next-intl";
import { type ReactNode, useEffect, useRef, useState } from "react";
import { ListTable } from "@/components/list-table";
import type { BoardAnnotator, BoardArticle } from "@/server/team/assignments";
import { ArticleControls } from "./article-controls";
import { DistributeForm } from "./distribute-form";
import { TransferForm } from "./transfer-form";

type Props = {
  projectId: string;
  /** This page of the board. */
  articles: readonly BoardArticle[];
  /** Every article the filter matches (capped at `maxArticles`), in board order. */
  matchingIds: readonly string[];
  matchingCount: number;
  /** True when the project has no article at all (not just none matching). */
  isProjectEmpty: boolean;
  annotators: readonly BoardAnnotator[];
  defaultK: number;
  maxK: number;
  maxArticles: number;
  /** Projects the selected articles can be moved or copied to (none: no such form). */
  transferTargets: ReadonlyArray<{ id: string; name: string }>;
  /** The page links, drawn by the server page under the table. */
  pager?: ReactNode;
};

/**
 * The desk's board: a page of articles to tick (or every matching article
 * at once), who each is assigned to, changes per article, and the round to
 * distribute over the selection. The selection outlives paging and
 * filtering (kept for the tab in sessionStorage), so a desk can gather
 * articles from several pages and filters before distributing.
 */
export function AssignmentDesk(props: Props) {
  const { projectId, articles, matchingIds, matchingCount, annotators } = props;
  const t = useTranslations("assignments");
  const tVocab = useTranslations("vocab");
  const format = useFormatter();
  const [selected, setSelected] = useSelection(projectId);
  const pageIds = articles.map((a) => a.id);
  const selectedOnPage = pageIds.filter((id) => selected.has(id)).length;
  const selectPage = useRef<HTMLInputElement>(null);

  useEffect(() => {
    if (selectPage.current) selectPage.current.indeterminate = selectedOnPage > 0 && selectedOnPage < pageIds.length;
  }, [selectedOnPage, pageIds.length]);

  function toggle(ids: readonly string[], isSelected: boolean) {
    const next = new Set(selected);
    for (const id of ids) isSelected ? next.add(id) : next.delete(id);
    setSelected(next);
  }

  const columns = [
    {
      header: (
        <input
          ref={selectPage}
          type="checkbox"
          aria-label={t("table.selectPage", { count: pageIds.length })}
          checked={pageIds.length > 0 && selectedOnPage === pageIds.length}
          onChange={(event) => toggle(pageIds, event.currentTarget.checked)}
        />
      ),
      cell: (article: BoardArticle) => (
        <input
          type="checkbox"
          aria-label={t("table.selectArticle", { title: article.title })}
          checked={selected.has(article.id)}
          onChange={(event) => toggle([article.id], event.currentTarget.checked)}
        />
      ),
    },
    {
      header: t("table.article"),
      cell: (article: BoardArticle) => (
        <>
          <Link href={`/articles/${article.id}`}>{article.title}</Link>
          {article.isClosed && (
            <>
              {" "}
              <span className="badge">{t("table.closed")}</span>
            </>
          )}
        </>
      ),
    },
    {
      header: t("table.assignees"),
      cell: (article: BoardArticle) =>
        article.assignees.length === 0 ? (
          <span className="muted">{t("table.nobody")}</span>
        ) : (
          <ul style={{ margin: 0, paddingLeft: "1rem" }}>
            {article.assignees.map((a) => (
              <li key={a.userId}>
                {a.name}{" "}
                <span className={`badge status-${a.status ?? "hidden"}`}>
                  {a.status === null ? t("table.hiddenStatus") : tVocab(`assignmentStatus.${a.status}`)}
                </span>
                {a.dueAt && <span className="muted"> · {t("table.due", { date: format.dateTime(new Date(a.dueAt), { dateStyle: "medium" }) })}</span>}
              </li>
            ))}
          </ul>
        ),
    },
    {
      header: t("table.change"),
      cell: (article: BoardArticle) => <ArticleControls projectId={projectId} article={article} annotators={annotators} />,
    },
  ];

  const offPage = selected.size - selectedOnPage;
  const selectable = matchingIds.slice(0, props.maxArticles);
  return (
    <>
      <section aria-label={t("selection.label")} className="row" style={{ flexWrap: "wrap", margin: "0.5rem 0" }}>
        {/* Polite: a tick announces the new count without interrupting. */}
        <p role="status" style={{ margin: 0 }}>
          {t("selection.count", { count: selected.size })}
          {offPage > 0 && <> {t("selection.offPage", { count: offPage })}</>}
        </p>
        {matchingCount > 0 && (
          <button type="button" onClick={() => toggle(selectable, true)}>
            {t("selection.selectMatching", { count: Math.min(matchingCount, props.maxArticles) })}
          </button>
        )}
        {selected.size > 0 && (
          <button type="button" onClick={() => setSelected(new Set())}>
            {t("selection.clear")}
          </button>
        )}
        {matchingCount > props.maxArticles && <p className="muted">{t("selection.capped", { max: props.maxArticles })}</p>}
      </section>
      <ListTable
        label={t("table.label")}
        columns={columns}
        rows={articles}
        rowKey={(article) => article.id}
        empty={props.isProjectEmpty ? t("table.emptyProject") : t("table.empty")}
      />
      {props.pager}
      <DistributeForm
        projectId={projectId}
        articleIds={[...selected]}
        annotators={annotators}
        defaultK={props.defaultK}
        maxK={props.maxK}
        onStale={(stale) => toggle(stale, false)}
      />
      <TransferForm projectId={projectId} articleIds={[...selected]} targets={props.transferTargets} onMoved={(moved) => toggle(moved, false)} />
    </>
  );
}

/**
 * The selected article ids, kept per project for the browser tab: read after
 * mount (so the server's render and hydration agree), written on each change.
 */
function useSelection(projectId: string): [ReadonlySet<string>, (next: ReadonlySet<string>) => void] {
  const key = `claimwork.assignments.selection.${projectId}`;
  const [selected, setSelected] = useState<ReadonlySet<string>>(() => new Set());
  useEffect(() => {
    try {
      const stored: unknown = JSON.parse(sessionStorage.getItem(key) ?? "[]");
      if (Array.isArray(stored)) setSelected(new Set(stored.filter((id): id is string => typeof id === "string")));
    } catch {
      // Storage refused or holds something else: start with nothing selected.
    }
  }, [key]);
  const update = (next: ReadonlySet<string>) => {
    setSelected(next);
    try {
      sessionStorage.setItem(key, JSON.stringify([...next]));
    } catch {
      // Private mode or full storage: the selection then lasts until the page is left.
    }
  };
  return [selected, update];
}
