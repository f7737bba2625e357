/**
 * Which changes tell someone about them, and as what: the one definition the
 * history writer (server/events.ts, which inserts the notifications with the
 * event), the database enum (db/schema.ts) and the inbox's words
 * (messages/<locale>/notifications.json, checked by lib/i18n/messages.ts) read.
 */
import type { HistoryAction } from "./history-actions";

/**
 * What a notification tells its recipient: a decision on their claim
 * (accepted or rejected), changes requested on it, a comment in a thread they
 * are part of, a mention of them in a comment, their claim promoted to gold.
 * Changes requested has its own kind because it is the one that asks for work.
 */
export const NOTIFICATION_KINDS = ["decision", "changes_requested", "comment", "mention", "promoted"] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

/**
 * The history actions that notify, each with the kind its recipients get.
 * All are changes to a claim (the event's entity is the claim), so the claim's
 * author is always at hand to be told. A mention is not an action of its own:
 * it is a comment whose body names someone, and beats `comment` for them.
 */
export const NOTIFYING_ACTIONS = {
  "claim.accepted": "decision",
  "claim.rejected": "decision",
  "claim.changes_requested": "changes_requested",
  "claim.commented": "comment",
  "claim.promoted": "promoted",
} as const satisfies Partial<Record<HistoryAction, NotificationKind>>;
export type NotifyingAction = keyof typeof NOTIFYING_ACTIONS;

export function isNotifyingAction(action: HistoryAction): action is NotifyingAction {
  return Object.hasOwn(NOTIFYING_ACTIONS, action);
}

/** The kind a notifying action gives its recipients (a mention aside). */
export function notificationKindOf(action: NotifyingAction): NotificationKind {
  return NOTIFYING_ACTIONS[action];
}

/**
 * How the inbox words a notification: by its kind, a decision by what was
 * decided. The catalogues word each one (lib/i18n/messages.ts checks it).
 */
export const NOTIFICATION_WORDINGS = ["accepted", "rejected", "changes_requested", "comment", "mention", "promoted"] as const;
export type NotificationWording = (typeof NOTIFICATION_WORDINGS)[number];

export function notificationWording(notification: { kind: NotificationKind; action: HistoryAction }): NotificationWording {
  if (notification.kind !== "decision") return notification.kind;
  return notification.action === "claim.rejected" ? "rejected" : "accepted";
}
