/**
 * Every closed list of values in Claimwork, with the words people read for
 * each value: defined here once, and everything else derives from it — the
 * Postgres enums (db/schema.ts builds its pgEnums from these lists), the zod
 * schemas of DTOs and records (`z.enum`), and every page that shows a value
 * (one label map, so a status reads the same on the review card, the
 * adjudication page and the export form, and translation has one place to go).
 *
 * Each list is written once, as its labels: the values are the keys, in order.
 *
 * The label vocabularies of a project (claim types, verdicts, stances) are
 * not closed lists: they are per-project data whose defaults are in
 * lib/taxonomy.ts.
 */

/** The values of a label map, in order, as the non-empty tuple pgEnum and z.enum take. */
function valuesOf<const T extends string>(labels: Record<T, string>): [T, ...T[]] {
  return Object.keys(labels) as [T, ...T[]];
}

/** A claim's review status (lib/review-state.ts holds the transitions between them). */
export const REVIEW_STATUS_LABELS = {
  draft: "Draft",
  submitted: "Submitted for review",
  accepted: "Accepted",
  rejected: "Rejected",
  changes_requested: "Changes requested",
} as const;
export const REVIEW_STATUSES = valuesOf(REVIEW_STATUS_LABELS);
export type ReviewStatus = keyof typeof REVIEW_STATUS_LABELS;

/** What a reviewer decides about a submitted claim, as a thread or history shows it once taken. */
export const REVIEW_DECISION_LABELS = { accept: "Accepted", reject: "Rejected", request_changes: "Requested changes" } as const;
export const REVIEW_DECISIONS = valuesOf(REVIEW_DECISION_LABELS);
export type ReviewDecision = keyof typeof REVIEW_DECISION_LABELS;
/** The button that takes a decision. */
export const REVIEW_DECISION_ACTIONS: Record<ReviewDecision, string> = { accept: "Accept", reject: "Reject", request_changes: "Request changes" };

/** An annotator's assignment to an article: working on it, or handed in for review. */
export const ASSIGNMENT_STATUS_LABELS = { assigned: "Assigned", submitted: "Submitted" } as const;
export const ASSIGNMENT_STATUSES = valuesOf(ASSIGNMENT_STATUS_LABELS);
export type AssignmentStatus = keyof typeof ASSIGNMENT_STATUS_LABELS;

/** A member's role in a project, from most to least rights (server/authz.ts says what each may do). */
export const PROJECT_ROLE_LABELS = { admin: "Admin", reviewer: "Reviewer", annotator: "Annotator", viewer: "Viewer" } as const;
export const PROJECT_ROLES = valuesOf(PROJECT_ROLE_LABELS);
export type ProjectRole = keyof typeof PROJECT_ROLE_LABELS;

/**
 * What a person decided about a sentence besides claiming it: "no claim here" says the sentence was read and
 * holds no claim, so a dataset can tell it from one nobody labelled (server/sentence-decisions.ts).
 */
export const SENTENCE_DECISION_LABELS = { no_claim: "No claim here" } as const;
export const SENTENCE_DECISIONS = valuesOf(SENTENCE_DECISION_LABELS);
export type SentenceDecision = keyof typeof SENTENCE_DECISION_LABELS;

/**
 * Where a claim's target counts, once its article has more than one revision (server/revisions.ts):
 * `placed` on the article's current revision (every claim until a revision is added); `needs_confirmation`
 * still on the revision it was made on, with proposed places on the current one for a person to confirm;
 * `orphaned` still on its revision, its quote found nowhere in the current one.
 */
export const ANCHOR_STATE_LABELS = { placed: "Placed", needs_confirmation: "Needs confirmation", orphaned: "Orphaned" } as const;
export const ANCHOR_STATES = valuesOf(ANCHOR_STATE_LABELS);
export type AnchorState = keyof typeof ANCHOR_STATE_LABELS;

/** The label of a value, or the value itself for one no list knows (an old record, say): never an empty cell. */
export function labelFor<T extends string>(labels: Readonly<Record<T, string>>, value: string): string {
  return Object.hasOwn(labels, value) ? labels[value as T] : value;
}
