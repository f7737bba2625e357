/**
 * Every closed list of values in Claimwork, with the words people read for
 * each value: defined here once, and everything else derives from it — the
 * Postgres enums (db/schema.ts builds its pgEnums from these lists), the zod
 * schemas of DTOs and records (`z.enum`), and every page that shows a value
 * (one label map, so a status reads the same on the review card, the
 * adjudication page and the export form, and translation has one place to go).
 *
 * The label vocabularies of a project (claim types, verdicts, stances) are
 * not closed lists: they are per-project data whose defaults are in
 * lib/taxonomy.ts.
 */

/** A claim's review status (lib/review-state.ts holds the transitions between them). */
export const REVIEW_STATUSES = ["draft", "submitted", "accepted", "rejected", "changes_requested"] as const;
export type ReviewStatus = (typeof REVIEW_STATUSES)[number];

export const REVIEW_STATUS_LABELS: Record<ReviewStatus, string> = {
  draft: "Draft",
  submitted: "Submitted for review",
  accepted: "Accepted",
  rejected: "Rejected",
  changes_requested: "Changes requested",
};

/** What a reviewer decides about a submitted claim. */
export const REVIEW_DECISIONS = ["accept", "reject", "request_changes"] as const;
export type ReviewDecision = (typeof REVIEW_DECISIONS)[number];

/** The button that takes a decision. */
export const REVIEW_DECISION_ACTIONS: Record<ReviewDecision, string> = {
  accept: "Accept",
  reject: "Reject",
  request_changes: "Request changes",
};
/** A decision as a thread or history shows it, once taken. */
export const REVIEW_DECISION_LABELS: Record<ReviewDecision, string> = {
  accept: "Accepted",
  reject: "Rejected",
  request_changes: "Requested changes",
};

/** An annotator's assignment to an article: working on it, or handed in for review. */
export const ASSIGNMENT_STATUSES = ["assigned", "submitted"] as const;
export type AssignmentStatus = (typeof ASSIGNMENT_STATUSES)[number];

export const ASSIGNMENT_STATUS_LABELS: Record<AssignmentStatus, string> = {
  assigned: "Assigned",
  submitted: "Submitted",
};

/** A member's role in a project, from most to least rights (server/authz.ts says what each may do). */
export const PROJECT_ROLES = ["admin", "reviewer", "annotator", "viewer"] as const;
export type ProjectRole = (typeof PROJECT_ROLES)[number];

export const PROJECT_ROLE_LABELS: Record<ProjectRole, string> = {
  admin: "Admin",
  reviewer: "Reviewer",
  annotator: "Annotator",
  viewer: "Viewer",
};

/** Whether an untrusted value (a query parameter, a stored string) is one of `values`. */
export function isOneOf<const T extends string>(values: readonly T[], value: unknown): value is T {
  return typeof value === "string" && (values as readonly string[]).includes(value);
}

/** The label of a value, or the value itself for one no list knows (an old record, say): never an empty cell. */
export function labelFor<T extends string>(labels: Record<T, string>, value: string): string {
  return Object.hasOwn(labels, value) ? labels[value as T] : value;
}
