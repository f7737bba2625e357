/**
 * The review life cycle of a claim, as a pure state machine.
 *
 *   draft ──submit──▶ submitted ──accept──────────▶ accepted
 *     ▲                  │      ──reject──────────▶ rejected
 *     │                  │      ──request_changes─▶ changes_requested
 *     └──────revise──────┴──── (from any status) ◀──────┘
 *
 * Choices (the product left them open; these are the ones made):
 * - `submit` (author) from draft, changes_requested and rejected. A rejected
 *   claim may be revised and resubmitted: rejection is feedback on this
 *   version, not a ban on the claim. Resubmitting without an edit is allowed
 *   because the author may answer with a comment instead of a change.
 * - `accept` / `reject` / `request_changes` (reviewer) from submitted, and
 *   also from any *other* decision: a reviewer may change their mind (or a
 *   second reviewer overrules the first) without a round trip through the
 *   author. Repeating the current decision is refused, so the history never
 *   records a decision that changed nothing.
 * - `revise` (author) is "the author edits the claim's content". It is legal
 *   from every status and always lands in draft: an edit invalidates whatever
 *   was reviewed (even an acceptance), so the new content must be submitted
 *   and reviewed again. Editing a draft keeps it a draft.
 *
 * `actor` is the role of the caller *towards this claim*; whether a reviewer
 * may review their own claim, or who counts as a reviewer, is the data layer's
 * policy, not this module's.
 */

import { REVIEW_DECISIONS, type ReviewStatus } from "./vocabularies";

/** A reviewer's decisions are actions of the state machine, plus the author's own two. */
export const REVIEW_ACTIONS = ["submit", ...REVIEW_DECISIONS, "revise"] as const;
export type ReviewAction = (typeof REVIEW_ACTIONS)[number];

export const REVIEW_ACTORS = ["author", "reviewer"] as const;
export type ReviewActor = (typeof REVIEW_ACTORS)[number];

export type TransitionResult = { ok: true; status: ReviewStatus } | { ok: false; code: "illegal_transition" | "forbidden"; message: string };

type Rule = {
  actor: ReviewActor;
  /** Target status for each status the action may start from; absent = illegal there. */
  from: Partial<Record<ReviewStatus, ReviewStatus>>;
};

const RULES: Record<ReviewAction, Rule> = {
  submit: {
    actor: "author",
    from: { draft: "submitted", changes_requested: "submitted", rejected: "submitted" },
  },
  accept: {
    actor: "reviewer",
    from: { submitted: "accepted", rejected: "accepted", changes_requested: "accepted" },
  },
  reject: {
    actor: "reviewer",
    from: { submitted: "rejected", accepted: "rejected", changes_requested: "rejected" },
  },
  request_changes: {
    actor: "reviewer",
    from: { submitted: "changes_requested", accepted: "changes_requested", rejected: "changes_requested" },
  },
  revise: {
    actor: "author",
    from: { draft: "draft", submitted: "draft", accepted: "draft", rejected: "draft", changes_requested: "draft" },
  },
};

/** The statuses an author may submit a claim from (what "Submit article for review" sends). */
export const SUBMITTABLE_STATUSES = Object.keys(RULES.submit.from) as ReviewStatus[];

/**
 * Apply `action` by `actor` to a claim in `status`.
 *
 * `forbidden` means the actor may never perform this action (an author
 * accepting, a reviewer submitting) and wins over `illegal_transition`, which
 * means the action exists for this actor but not from this status. The
 * distinction maps to HTTP 403 vs 409 at the boundary.
 */
export function transition(status: ReviewStatus, action: ReviewAction, actor: ReviewActor): TransitionResult {
  const rule = RULES[action];
  if (rule.actor !== actor) {
    return { ok: false, code: "forbidden", message: `Only the claim's ${rule.actor} can ${describe(action)}.` };
  }
  const next = rule.from[status];
  if (next === undefined) {
    return {
      ok: false,
      code: "illegal_transition",
      message: `Cannot ${describe(action)} a claim that is ${status.replace("_", " ")}.`,
    };
  }
  return { ok: true, status: next };
}

/**
 * Whether the action must carry a non-empty comment. A rejection or a request
 * for changes without a reason leaves the author nothing to act on.
 */
export function actionRequiresComment(action: ReviewAction): boolean {
  return action === "reject" || action === "request_changes";
}

function describe(action: ReviewAction): string {
  switch (action) {
    case "request_changes":
      return "request changes to";
    case "revise":
      return "revise";
    default:
      return action;
  }
}
