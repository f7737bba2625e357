"use client";

import { useCallback, useEffect, useRef, useState } from "react";
import { ErrorLine } from "@/components/error-line";
import type { ClaimDto } from "@/lib/claim-schema";
import { newUuid } from "@/lib/client/uuid";
import { labelFor, REVIEW_DECISION_ACTIONS, REVIEW_DECISION_LABELS, REVIEW_STATUS_LABELS, type ReviewStatus } from "@/lib/vocabularies";

type Comment = { id: string; authorName: string; body: string; decision: string | null; createdAt: string };

type HistoryItem = { id: number; action: string; actorName: string | null; createdAt: string };

export function StatusBadge({ status }: { status: ReviewStatus }) {
  return (
    <span className={`badge status-${status}`} data-testid="claim-status">
      {labelFor(REVIEW_STATUS_LABELS, status)}
    </span>
  );
}

type Props = {
  claim: ClaimDto;
  canReview: boolean;
  canComment: boolean;
  /** Bumped by the page when a live notice concerns this claim, to refetch comments and history. */
  refreshKey: number;
  onDecided: () => void;
};

/**
 * Review of one claim: its status, the reviewer's decision buttons (a
 * comment is required to reject or send back), the comment thread between
 * reviewer and annotator, and the claim's history.
 */
export function ClaimReview({ claim, canReview, canComment, refreshKey, onDecided }: Props) {
  const [comments, setComments] = useState<Comment[] | null>(null);
  const [history, setHistory] = useState<HistoryItem[] | null>(null);
  const [isHistoryOpen, setIsHistoryOpen] = useState(false);
  const [text, setText] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [isBusy, setIsBusy] = useState(false);

  const load = useCallback(async () => {
    const response = await fetch(`/api/reviews/claims/${claim.id}/comments`).catch(() => null);
    if (response?.ok) setComments(((await response.json()) as { comments: Comment[] }).comments);
    if (isHistoryOpen) {
      const h = await fetch(`/api/reviews/claims/${claim.id}/history`).catch(() => null);
      if (h?.ok) setHistory(((await h.json()) as { events: HistoryItem[] }).events);
    }
  }, [claim.id, isHistoryOpen]);

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
        setError(payload?.error?.message ?? `That did not work (${response.status}).`);
        return false;
      }
      return true;
    } catch {
      setError("Network error: not sent.");
      return false;
    } finally {
      setIsBusy(false);
    }
  }

  async function decide(decision: "accept" | "reject" | "request_changes") {
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
    <section className="card" aria-label="Review">
      <div className="row" style={{ justifyContent: "space-between" }}>
        <h2 style={{ margin: 0, fontSize: "1.05rem" }}>Review</h2>
        <StatusBadge status={claim.status} />
      </div>
      {comments === null ? (
        <p className="muted">Loading comments…</p>
      ) : comments.length === 0 ? (
        <p className="muted">No comments yet.</p>
      ) : (
        <ol aria-label="Comments" style={{ paddingLeft: "1.2rem" }}>
          {comments.map((c) => (
            <li key={c.id} data-testid="comment">
              <strong>{c.authorName}</strong>
              {c.decision && <span className="badge"> {labelFor(REVIEW_DECISION_LABELS, c.decision)}</span>}{" "}
              <span className="muted">{new Date(c.createdAt).toLocaleString()}</span>
              {c.body && <div style={{ whiteSpace: "pre-wrap" }}>{c.body}</div>}
            </li>
          ))}
        </ol>
      )}
      {(canComment || canReview) && (
        <>
          <label htmlFor={`comment-${claim.id}`}>{canReview ? "Comment (required to reject or request changes)" : "Comment"}</label>
          <textarea id={`comment-${claim.id}`} rows={2} value={text} onChange={(e) => setText(e.target.value)} />
          <div className="row" style={{ marginTop: "0.4rem", flexWrap: "wrap" }}>
            {canComment && (
              <button type="button" disabled={isBusy || !text.trim()} onClick={() => void comment()}>
                Add comment
              </button>
            )}
            {canReview && (
              <>
                <button type="button" disabled={isBusy} onClick={() => void decide("accept")}>
                  {REVIEW_DECISION_ACTIONS.accept}
                </button>
                <button type="button" disabled={isBusy} onClick={() => void decide("request_changes")}>
                  {REVIEW_DECISION_ACTIONS.request_changes}
                </button>
                <button type="button" className="danger" disabled={isBusy} onClick={() => void decide("reject")}>
                  {REVIEW_DECISION_ACTIONS.reject}
                </button>
              </>
            )}
          </div>
        </>
      )}
      <ErrorLine error={error} />
      <details
        onToggle={(e) => {
          const isOpen = (e.currentTarget as HTMLDetailsElement).open;
          setIsHistoryOpen(isOpen);
        }}
      >
        <summary>History</summary>
        {history === null ? (
          <p className="muted">Loading…</p>
        ) : (
          <ol aria-label="History" style={{ paddingLeft: "1.2rem", fontSize: "0.85rem" }}>
            {history.map((h) => (
              <li key={h.id}>
                {new Date(h.createdAt).toLocaleString()} — {h.actorName ?? "system"}: {h.action.replace("claim.", "").replace("_", " ")}
              </li>
            ))}
          </ol>
        )}
      </details>
    </section>
  );
}
