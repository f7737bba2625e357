"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { type ReactNode, useEffect, useRef, useState } from "react";
import { useLiveUpdates } from "@/app/_client/live";
import { ClaimHistory } from "@/app/articles/[id]/_components/claim-history";
import { scrollBehavior } from "@/app/articles/[id]/_components/scroll";
import { checkWorthinessLabelWith, useTaxonomyLabel } from "@/components/taxonomy-label";
import { claimLink } from "@/lib/client/claim-link";
import type { Taxonomy } from "@/lib/taxonomy";
import type { ReviewDecision, ReviewStatus } from "@/lib/vocabularies";
import type { BatchAcceptResult, ReviewQueueItem } from "@/server/team/decisions";
import { ClaimDecision, commentFieldId } from "./claim-decision";
import { ClaimInContext } from "./claim-in-context";
import { isTypingTarget, queueKeyAction } from "./queue-keys";

type Props = {
  projectId: string;
  items: ReviewQueueItem[];
  taxonomy: Taxonomy;
  /** The address of the queue narrowed to one article (the "Only this article" link), by article id. */
  articleHrefs: Record<string, string>;
  /** True when the queue lists what awaits a decision: only then do new submissions concern it. */
  isAwaitingDecisions: boolean;
  /**
   * What an empty page says. The queue is rendered even then: an empty queue is where a reviewer waits, so
   * it is where a new submission must be announced.
   */
  empty?: ReactNode;
};

/** A quote as a heading or a label reads it: one line, cut with an ellipsis. */
function shortQuote(exact: string, length = 80): string {
  const line = exact.replace(/\s+/g, " ").trim();
  return line.length > length ? `${line.slice(0, length - 1)}…` : line;
}

/** Claims next to each other on the page that share an article, as one group under the article's title. */
function groupByArticle(
  items: ReviewQueueItem[],
): Array<{ articleId: string; title: string; items: Array<{ item: ReviewQueueItem; index: number }> }> {
  const groups: Array<{ articleId: string; title: string; items: Array<{ item: ReviewQueueItem; index: number }> }> = [];
  items.forEach((item, index) => {
    const last = groups.at(-1);
    if (last?.articleId === item.articleId) last.items.push({ item, index });
    else groups.push({ articleId: item.articleId, title: item.articleTitle, items: [{ item, index }] });
  });
  return groups;
}

type ApiError = { error?: { message?: string } };

/** The current claim's outline: 3 px in the status blue, which holds a 3:1 contrast on white (WCAG 2.4.11). */
const CURRENT_STYLE = { outline: "3px solid #1c5fa8", outlineOffset: "2px" } as const;

/**
 * The review queue's page of claims: each in its context with what the
 * reviewer decides on, and the decisions — one claim at a time or a selection
 * at once — with keys (the key help says which). A decided claim stays where
 * it is, marked with its new status, so nothing moves under the reviewer's
 * hands; new submissions are announced and shown only when asked for.
 */
export function ReviewQueue({ projectId, items, taxonomy, articleHrefs, isAwaitingDecisions, empty }: Props) {
  const t = useTranslations("review.queue");
  const tVocab = useTranslations("vocab");
  const tFields = useTranslations("claim.fields");
  const label = useTaxonomyLabel();
  const router = useRouter();
  const itemRefs = useRef(new Map<string, HTMLElement>());
  const [current, setCurrent] = useState<number | null>(null);
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [decided, setDecided] = useState<Readonly<Record<string, ReviewStatus>>>({});
  const [comments, setComments] = useState<Readonly<Record<string, string>>>({});
  const [errors, setErrors] = useState<Readonly<Record<string, string>>>({});
  const [busy, setBusy] = useState<ReadonlySet<string>>(new Set());
  const [hint, setHint] = useState<{ claimId: string; decision: ReviewDecision } | null>(null);
  const [summary, setSummary] = useState("");
  const [isBatchBusy, setIsBatchBusy] = useState(false);
  const [newIds, setNewIds] = useState<ReadonlySet<string>>(new Set());

  const shownIds = new Set(items.map((item) => item.id));
  const open = items.filter((item) => decided[item.id] === undefined && item.status === "submitted");
  const selectedOpen = open.filter((item) => selected.has(item.id));

  // What was announced and is now on the page (the reviewer asked for it) is no longer new.
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs when the page's claims change, which `items` is.
  useEffect(() => {
    setNewIds((ids) => new Set([...ids].filter((id) => !shownIds.has(id))));
  }, [items]);

  useLiveUpdates(isAwaitingDecisions ? { projectId } : null, (notice) => {
    if (notice.entityType !== "claim" || notice.action !== "claim.submitted" || shownIds.has(notice.entityId)) return;
    setNewIds((ids) => (ids.has(notice.entityId) ? ids : new Set([...ids, notice.entityId])));
  });

  function setFor<T>(
    setter: (update: (previous: Readonly<Record<string, T>>) => Readonly<Record<string, T>>) => void,
    id: string,
    value: T | undefined,
  ) {
    setter((previous) => {
      const next = { ...previous };
      if (value === undefined) delete next[id];
      else next[id] = value;
      return next;
    });
  }

  function moveTo(index: number) {
    const item = items[index];
    if (!item) return;
    setCurrent(index);
    const element = itemRefs.current.get(item.id);
    element?.focus({ preventScroll: true });
    element?.scrollIntoView?.({ block: "nearest", behavior: scrollBehavior() });
  }

  async function decide(item: ReviewQueueItem, decision: ReviewDecision) {
    const comment = (comments[item.id] ?? "").trim();
    if (decision !== "accept" && comment === "") {
      setHint({ claimId: item.id, decision });
      document.getElementById(commentFieldId(item.id))?.focus();
      return;
    }
    setBusy((ids) => new Set([...ids, item.id]));
    setFor(setErrors, item.id, undefined);
    setHint(null);
    try {
      const response = await fetch(`/api/reviews/claims/${encodeURIComponent(item.id)}/decision`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ decision, comment }),
      });
      const body = (await response.json().catch(() => ({}))) as { status?: ReviewStatus } & ApiError;
      if (!response.ok || !body.status) {
        setFor(setErrors, item.id, body.error?.message ?? t("requestFailed", { status: response.status }));
        return;
      }
      setFor(setDecided, item.id, body.status);
      setFor(setComments, item.id, undefined);
      setSelected((ids) => new Set([...ids].filter((id) => id !== item.id)));
    } catch {
      setFor(setErrors, item.id, t("networkError"));
    } finally {
      setBusy((ids) => new Set([...ids].filter((id) => id !== item.id)));
    }
  }

  async function acceptSelected() {
    const claimIds = selectedOpen.map((item) => item.id);
    if (claimIds.length === 0) return;
    setIsBatchBusy(true);
    setSummary("");
    try {
      const response = await fetch("/api/reviews/batch", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ claimIds }),
      });
      const body = (await response.json().catch(() => ({}))) as Partial<BatchAcceptResult> & ApiError;
      if (!response.ok || !body.items) {
        setSummary(body.error?.message ?? t("requestFailed", { status: response.status }));
        return;
      }
      const nowDecided: Record<string, ReviewStatus> = {};
      const refused: Record<string, string> = {};
      for (const result of body.items) {
        if (result.outcome === "refused") refused[result.claimId] = t("refusedItem", { message: result.message });
        else nowDecided[result.claimId] = result.status;
      }
      setDecided((previous) => ({ ...previous, ...nowDecided }));
      setErrors((previous) => ({ ...previous, ...refused }));
      setSelected((ids) => new Set([...ids].filter((id) => nowDecided[id] === undefined)));
      setSummary(t("batchResult", { accepted: body.acceptedCount ?? 0, already: body.alreadyAcceptedCount ?? 0, refused: body.refusedCount ?? 0 }));
    } catch {
      setSummary(t("networkError"));
    } finally {
      setIsBatchBusy(false);
    }
  }

  function toggle(claimId: string) {
    setSelected((ids) => {
      const next = new Set(ids);
      if (next.has(claimId)) next.delete(claimId);
      else next.add(claimId);
      return next;
    });
  }

  // The keys act on the claim that has the focus (or holds it: a button inside it), never while typing, and only
  // while the focus is in the queue: single-letter keys that acted anywhere on the page would fire for a speech
  // command or a stray press elsewhere (WCAG 2.1.4). The current claim is the queue's one Tab stop (a roving tabindex).
  const claimsRef = useRef<HTMLDivElement>(null);
  const onKey = useRef<(event: KeyboardEvent) => void>(() => {});
  onKey.current = (event: KeyboardEvent) => {
    if (event.defaultPrevented || isTypingTarget(event.target)) return;
    const action = queueKeyAction(event);
    if (!action) return;
    if (action === "next" || action === "previous") {
      event.preventDefault();
      const to = current === null ? 0 : action === "next" ? Math.min(current + 1, items.length - 1) : Math.max(current - 1, 0);
      moveTo(to);
      return;
    }
    const item = current === null ? undefined : items[current];
    if (!item || decided[item.id] !== undefined || item.status !== "submitted") return;
    event.preventDefault();
    if (action === "select") toggle(item.id);
    else if (!busy.has(item.id)) void decide(item, action);
  };
  useEffect(() => {
    const element = claimsRef.current;
    const listener = (event: KeyboardEvent) => onKey.current(event);
    element?.addEventListener("keydown", listener);
    return () => element?.removeEventListener("keydown", listener);
  }, []);

  return (
    <>
      {isAwaitingDecisions && (
        <div role="status" className="row">
          {newIds.size > 0 && (
            <>
              <span>{t("newSubmissions", { count: newIds.size })}</span>
              <button type="button" onClick={() => router.refresh()}>
                {t("show")}
              </button>
            </>
          )}
        </div>
      )}
      {open.length > 0 && (
        <div className="row toolbar">
          <span>{t("selectedCount", { count: selectedOpen.length })}</span>
          <button type="button" disabled={selectedOpen.length === 0 || isBatchBusy} onClick={() => void acceptSelected()}>
            {t("acceptSelected", { count: selectedOpen.length })}
          </button>
          {selected.size > 0 && (
            <button type="button" onClick={() => setSelected(new Set())}>
              {t("clearSelection")}
            </button>
          )}
        </div>
      )}
      {items.length === 0 && empty}
      <p role="status" aria-live="polite">
        {summary}
      </p>
      <div ref={claimsRef}>
        {groupByArticle(items).map((group) => (
          <section
            key={`${group.articleId}-${group.items[0]!.index}`}
            className="card"
            aria-labelledby={`article-${group.articleId}-${group.items[0]!.index}`}
          >
            <h2 id={`article-${group.articleId}-${group.items[0]!.index}`}>{group.title}</h2>
            {articleHrefs[group.articleId] && (
              <p>
                <Link href={articleHrefs[group.articleId]!}>{t("onlyArticle")}</Link>
              </p>
            )}
            <ol className="review-queue">
              {group.items.map(({ item, index }) => {
                const status = decided[item.id] ?? item.status;
                const isOpen = status === "submitted" && decided[item.id] === undefined;
                const quote = shortQuote(item.exact);
                const name = item.authorName;
                return (
                  <li
                    key={item.id}
                    data-testid="review-claim"
                    data-claim-id={item.id}
                    tabIndex={index === (current ?? 0) ? 0 : -1}
                    aria-current={current === index ? "true" : undefined}
                    // The claim the keys act on is always visibly marked, not only while it holds the focus itself.
                    style={current === index ? CURRENT_STYLE : undefined}
                    aria-labelledby={`claim-${item.id}`}
                    ref={(element) => {
                      if (element) itemRefs.current.set(item.id, element);
                      else itemRefs.current.delete(item.id);
                    }}
                    onFocus={() => setCurrent(index)}
                  >
                    <div className="row">
                      {isOpen && (
                        <input
                          type="checkbox"
                          checked={selected.has(item.id)}
                          onChange={() => toggle(item.id)}
                          aria-label={t("selectClaim", { name, quote })}
                        />
                      )}
                      <h3 id={`claim-${item.id}`}>{t("claimLabel", { name, quote })}</h3>
                      <span className={`badge status-${status}`}>{tVocab(`reviewStatus.${status}`)}</span>
                    </div>
                    <ClaimInContext context={item.context} language={item.articleLanguage} label={t("inContext")} />
                    <dl>
                      <dt>{tFields("claimType")}</dt>
                      <dd>{item.claimType ? label("claimTypes", taxonomy.claimTypes, item.claimType) : t("noValue")}</dd>
                      <dt>{tFields("verdict")}</dt>
                      <dd>{label("verdicts", taxonomy.verdicts, item.verdict)}</dd>
                      <dt>{tFields("checkWorthiness")}</dt>
                      <dd>
                        {item.checkWorthiness === null ? t("noValue") : checkWorthinessLabelWith(tVocab, item.checkWorthiness as 0 | 1 | 2 | 3)}
                      </dd>
                      <dt>{tFields("speaker")}</dt>
                      <dd>{item.speaker || t("noValue")}</dd>
                      {item.normalizedClaim && (
                        <>
                          <dt>{tFields("normalizedClaim")}</dt>
                          <dd>{item.normalizedClaim}</dd>
                        </>
                      )}
                      {item.tags.length > 0 && (
                        <>
                          <dt>{tFields("tags")}</dt>
                          <dd>{item.tags.join(", ")}</dd>
                        </>
                      )}
                      {item.rationale && (
                        <>
                          <dt>{tFields("rationale")}</dt>
                          <dd className="rationale">{item.rationale}</dd>
                        </>
                      )}
                      <dt>{t("others")}</dt>
                      <dd>{t("othersCount", { count: item.othersOnSentences })}</dd>
                      <dt>{tFields("sources")}</dt>
                      <dd>
                        {item.sources.length === 0 ? (
                          t("noSources")
                        ) : (
                          <ul>
                            {item.sources.map((source) => (
                              <li key={source.id} className="source">
                                <a href={source.url} rel="noopener noreferrer">
                                  {source.title || source.url}
                                </a>{" "}
                                <span className="badge">{label("stances", taxonomy.stances, source.stance)}</span>
                                {source.publisher && <span className="muted"> · {source.publisher}</span>}
                                {source.excerpt && <blockquote>{source.excerpt}</blockquote>}
                              </li>
                            ))}
                          </ul>
                        )}
                      </dd>
                    </dl>
                    <p>
                      <Link href={claimLink(item.articleId, item.id)}>{t("openInArticle")}</Link>
                    </p>
                    <ClaimHistory claimId={item.id} refreshKey={status} taxonomy={taxonomy} />
                    {isOpen ? (
                      <ClaimDecision
                        claimId={item.id}
                        comment={comments[item.id] ?? ""}
                        onComment={(value) => setFor(setComments, item.id, value)}
                        onDecide={(decision) => void decide(item, decision)}
                        isBusy={busy.has(item.id)}
                        hint={hint?.claimId === item.id ? hint.decision : null}
                      />
                    ) : (
                      decided[item.id] !== undefined && <p>{t("decided", { status: tVocab(`reviewStatus.${status}`) })}</p>
                    )}
                    {errors[item.id] && (
                      <p className="error" role="alert">
                        {errors[item.id]}
                      </p>
                    )}
                  </li>
                );
              })}
            </ol>
          </section>
        ))}
      </div>
    </>
  );
}
