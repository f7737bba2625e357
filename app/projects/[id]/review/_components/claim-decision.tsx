"use client";

import { useTranslations } from "next-intl";
import type { ReviewDecision } from "@/lib/vocabularies";

/** The comment field's id for a claim: the queue's keys (r, c) focus it. */
export function commentFieldId(claimId: string): string {
  return `comment-${claimId}`;
}

type Props = {
  claimId: string;
  comment: string;
  onComment: (value: string) => void;
  onDecide: (decision: ReviewDecision) => void;
  isBusy: boolean;
  /** The decision a key asked for that needs a comment first: the field says so. */
  hint: ReviewDecision | null;
};

/**
 * One claim's decision in the queue: a comment (needed to reject or to ask
 * for changes, so the author knows what to change) and the three decisions.
 * The queue holds the state, so its keys take the same decisions.
 */
export function ClaimDecision({ claimId, comment, onComment, onDecide, isBusy, hint }: Props) {
  const t = useTranslations("review.queue");
  const tDecide = useTranslations("review.decide");
  const tVocab = useTranslations("vocab");
  const fieldId = commentFieldId(claimId);
  const hintId = `${fieldId}-hint`;
  const hasComment = comment.trim() !== "";
  return (
    <div>
      <label htmlFor={fieldId}>{tDecide("comment")}</label>
      <textarea
        id={fieldId}
        rows={2}
        value={comment}
        onChange={(event) => onComment(event.target.value)}
        aria-describedby={hint ? hintId : undefined}
      />
      {hint && (
        <p id={hintId} className="muted">
          {t("commentNeeded", { decision: tVocab(`reviewDecisionAction.${hint}`) })}
        </p>
      )}
      <div className="row">
        <button type="button" disabled={isBusy} onClick={() => onDecide("accept")}>
          {tVocab("reviewDecisionAction.accept")}
        </button>
        <button type="button" disabled={isBusy || !hasComment} onClick={() => onDecide("request_changes")}>
          {tVocab("reviewDecisionAction.request_changes")}
        </button>
        <button type="button" disabled={isBusy || !hasComment} onClick={() => onDecide("reject")}>
          {tVocab("reviewDecisionAction.reject")}
        </button>
      </div>
    </div>
  );
}
