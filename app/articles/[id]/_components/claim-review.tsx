"use client";

import { useTranslations } from "next-intl";
import { useCallback, useEffect, useRef, useState } from "react";
import { DateTime } from "@/components/date-time";
import { ErrorLine } from "@/components/error-line";
import type { ClaimDto } from "@/lib/claim-schema";
import { newUuid } from "@/lib/client/uuid";
import type { Taxonomy } from "@/lib/taxonomy";
import { REVIEW_DECISIONS, type ReviewDecision, type ReviewStatus } from "@/lib/vocabularies";
import { ClaimHistory } from "./claim-history";

type Comment = { id: string; authorName: string; body: string; decision: string | null; createdAt: string };

export function StatusBadge({ status }: { status: ReviewStatus }) {
  const tv = useTranslations("vocab");
  return (
    <span className={`badge status-${status}`} data-testid="claim-status">
      {tv(`reviewStatus.${status}`)}
    </span>
  );
}

function isDecision(value: string): value is ReviewDecision {
  return (REVIEW_DECISIONS as readonly string[]).includes(value);
}

/** The decision buttons, in the order a reviewer reads them; the destructive one last. */
const DECISIONS: ReadonlyArray<{ decision: ReviewDecision; isDanger: boolean }> = [
  { decision: "accept", isDanger: false },
  { decision: "request_changes", isDanger: false },
  { decision: "reject", isDanger: true },
];

type Props = {
  claim: ClaimDto;
  canReview: boolean;
  canComment: boolean;
  /** Bumped by the page when a live notice concerns this claim, to refetch comments and history. */
  refreshKey: number;
  onDecided: () => void;
  /** The project's labels, so the history reads "verdict: Unverified → False", not the stored keys. */
  taxonomy?: Taxonomy;
};

/**
 * Review of one claim: its status, the reviewer's decision buttons (a
 * comment is required to reject or send back), the comment thread between
 * reviewer and annotator, and the claim's history.
 */
export function ClaimReview({ claim, canReview, canComment, refreshKey, onDecided, taxonomy }: Props) {
  const t = useTranslations("claim");
  const tv = useTranslations("vocab");
  const [comments, setComments] = useState<Comment[] | null>(null);
  const [text, setText] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [isBusy, setIsBusy] = useState(false);

  const load = useCallback(async () => {
    const response = await fetch(`/api/reviews/claims/${claim.id}/comments`).catch(() => null);
    if (response?.ok) setComments(((await response.json()) as { comments: Comment[] }).comments);
  }, [claim.id]);

  // biome-ignore lint/correctness/useExhaustiveDependencies: refreshKey and the claim's version are the signals to load again (a live notice, a decision); load itself does not read them.
  useEffect(() => {
    void load();
  }, [load, refreshKey, claim.version]);

  async function post(url: string, body: unknown): Promise<boolean> {
    setIsBusy(true);
    setError(null);
    try {
      const response = await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
      if (!response.ok) {
        const payload = (await response.json().catch(() => null)) as { error?: { message: string } } | null;
        setError(payload?.error?.message ?? t("review.failed", { status: response.status }));
        return false;
      }
      return true;
    } catch {
      setError(t("review.networkError"));
      return false;
    } finally {
      setIsBusy(false);
    }
  }

  async function decide(decision: ReviewDecision) {
    if (await post(`/api/reviews/claims/${claim.id}/decision`, { decision, comment: text.trim() })) {
      setText("");
      onDecided();
      void load();
    }
  }

  // One id per comment text until it is posted: pressing "Add comment" again after a network error resends
  // the same id, so a comment that did arrive is not added twice.
  const commentId = useRef<{ body: string; id: string } | null>(null);
  async function comment() {
    const body = text.trim();
    if (!body) return;
    if (commentId.current?.body !== body) commentId.current = { body, id: newUuid() };
    if (await post(`/api/reviews/claims/${claim.id}/comments`, { id: commentId.current.id, body })) {
      commentId.current = null;
      setText("");
      void load();
    }
  }

  return (
    <section className="card" aria-label={t("review.label")}>
      <div className="row" style={{ justifyContent: "space-between" }}>
        <h2 style={{ margin: 0, fontSize: "1.05rem" }}>{t("review.label")}</h2>
        <StatusBadge status={claim.status} />
      </div>
      {comments === null ? (
        <p className="muted">{t("review.loadingComments")}</p>
      ) : comments.length === 0 ? (
        <p className="muted">{t("review.noComments")}</p>
      ) : (
        <ol aria-label={t("review.comments")} style={{ paddingLeft: "1.2rem" }}>
          {comments.map((c) => (
            <li key={c.id} data-testid="comment">
              <strong>{c.authorName}</strong>
              {c.decision && <span className="badge"> {isDecision(c.decision) ? tv(`reviewDecision.${c.decision}`) : c.decision}</span>}{" "}
              <span className="muted">
                <DateTime value={c.createdAt} />
              </span>
              {c.body && <div style={{ whiteSpace: "pre-wrap" }}>{c.body}</div>}
            </li>
          ))}
        </ol>
      )}
      {(canComment || canReview) && (
        <>
          <label htmlFor={`comment-${claim.id}`}>{canReview ? t("review.commentForReviewer") : t("review.comment")}</label>
          <textarea id={`comment-${claim.id}`} rows={2} value={text} onChange={(e) => setText(e.target.value)} />
          <div className="row" style={{ marginTop: "0.4rem", flexWrap: "wrap" }}>
            {canComment && (
              <button type="button" disabled={isBusy || !text.trim()} onClick={() => void comment()}>
                {t("review.addComment")}
              </button>
            )}
            {canReview &&
              DECISIONS.map(({ decision, isDanger }) => (
                <button
                  key={decision}
                  type="button"
                  className={isDanger ? "danger" : undefined}
                  disabled={isBusy}
                  onClick={() => void decide(decision)}
                >
                  {tv(`reviewDecisionAction.${decision}`)}
                </button>
              ))}
          </div>
        </>
      )}
      <ErrorLine error={error} />
      {/* A decision changes the version, a comment the thread: either is a new history entry. */}
      <ClaimHistory claimId={claim.id} refreshKey={`${refreshKey}:${claim.version}:${comments?.length ?? 0}`} taxonomy={taxonomy} />
    </section>
  );
}
