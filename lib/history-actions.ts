/**
 * Every kind of change the history records, as `entity.what`: one list for
 * what server code may record (the compiler refuses an action not listed) and
 * for the words the activity feed shows (lib/i18n/messages.ts checks that the
 * catalogues word each one).
 */
export const HISTORY_ACTIONS = [
  "claim.created",
  "claim.updated",
  "claim.deleted",
  "claim.restored",
  "claim.submitted",
  "claim.accepted",
  "claim.rejected",
  "claim.changes_requested",
  "claim.commented",
  "claim.adjudicated",
  "claim.promoted",
  "claim.imported",
  "claim.reanchored",
  "assignment.created",
  "assignment.removed",
  "assignment.submitted",
  "assignment.reopened",
  "assignment.reassigned",
  "assignment.due_changed",
  "invitation.created",
  "invitation.revoked",
  "invitation.accepted",
  "member.added",
  "member.joined",
  "member.role_changed",
  "member.removed",
  "project.created",
  "project.taxonomy_updated",
  "project.blind_mode_changed",
  "article.imported",
  "article.moved",
  "article.copied",
  "article.closed",
  "article.reopened",
  "article.revised",
  "import.jsonl",
  "import.w3c",
  "import.interchange",
  "sentence.no_claim",
  "sentence.no_claim_cleared",
  "sentence.excluded",
  "sentence.included",
] as const;
export type HistoryAction = (typeof HISTORY_ACTIONS)[number];

type GroupOf<A> = A extends `${infer G}.${string}` ? G : never;
type NameIn<A, G extends string> = A extends `${G}.${infer N}` ? N : never;

/** The shape of a catalogue's words for every action: `{ claim: { created: "…", … }, … }`. */
export type HistoryActionWords = { [G in GroupOf<HistoryAction>]: Record<NameIn<HistoryAction, G>, string> };

export function isHistoryAction(value: string): value is HistoryAction {
  return (HISTORY_ACTIONS as readonly string[]).includes(value);
}
