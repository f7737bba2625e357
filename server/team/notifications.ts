import "server-only";
import { and, desc, eq, inArray, isNull, lt, type SQL, sql } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import { articles, claims, events, notifications, projectMembers, projects, users } from "@/db/schema";
import { shorten } from "@/lib/adjudication-merge";
import type { HistoryAction } from "@/lib/history-actions";
import type { NotificationKind } from "@/lib/notification-kinds";
import type { Actor } from "../authz";
import { AppError } from "../errors";
import { visibleAcrossProjects } from "../visibility";

// A person's inbox: what others did about their claims and their threads (written with each event by
// server/events.ts), read back only while the person may still see the claim it is about.

/** Notifications per page of the inbox. */
export const NOTIFICATION_PAGE_SIZE = 30;

/**
 * The unread count stops counting here: the header shows "99+" rather than
 * walk thousands of rows on every page render of someone who never reads.
 */
export const UNREAD_COUNT_CAP = 100;

/** How much of the claim's quote and of a comment a row carries: a line's worth (the claim's page has the rest). */
const QUOTE_LENGTH = 160;
const COMMENT_LENGTH = 280;

/** A notification id as a page's cursor: digits only, within what a JS number carries exactly. */
const notificationCursor = z
  .string()
  .regex(/^[1-9][0-9]{0,15}$/, "must be a notification number")
  .transform(Number)
  .refine((n) => Number.isSafeInteger(n), "must be a notification number");

/** A GET form or link sends an unused field as ""; that is no filter, not a wrong value. */
const optional = <T extends z.ZodType>(schema: T) => z.preprocess((value) => (value === "" ? undefined : value), schema.optional());

/** The inbox's address: `unread=1` for unread notifications only, `before` a notification id for the older page. */
export const notificationsQuerySchema = z.object({
  unread: optional(z.enum(["0", "1"], "must be 0 or 1").transform((value) => value === "1")),
  before: optional(notificationCursor),
});
export type NotificationsQuery = { unreadOnly?: boolean; before?: number };

/** The query as the address gives it, in the form {@link listNotifications} takes. */
export function notificationsQueryFrom(parsed: z.output<typeof notificationsQuerySchema>): NotificationsQuery {
  return { unreadOnly: parsed.unread ?? false, before: parsed.before };
}

/** Notification ids marked read in one request, at most: a page of the inbox, with room. */
export const MARK_READ_LIMIT = 100;

/** `{ ids: [...] }` marks those notifications read, `{ all: true }` every one of the actor's. */
export const markReadSchema = z
  .object({
    ids: z
      .array(z.number().int().positive().max(Number.MAX_SAFE_INTEGER))
      .min(1, "name at least one notification")
      .max(MARK_READ_LIMIT, `at most ${MARK_READ_LIMIT} notifications at a time`)
      .optional(),
    all: z.literal(true, "must be true").optional(),
  })
  .strict()
  .refine((body) => (body.ids === undefined) !== (body.all === undefined), { message: "give ids or all: true, not both", path: ["ids"] })
  .transform((body): MarkReadInput => (body.ids === undefined ? { all: true } : { ids: body.ids }));
export type MarkReadInput = { ids: number[] } | { all: true };

export type NotificationItem = {
  id: number;
  kind: NotificationKind;
  /** The history action behind it (claim.accepted, claim.commented, …): the decision a `decision` is. */
  action: HistoryAction;
  actorName: string | null;
  createdAt: Date;
  isRead: boolean;
  /** The claim it is about: its quote (cut to a line); a deleted claim's page still shows its history. */
  claim: { id: string; quote: string; language: string | null; isDeleted: boolean };
  article: { id: string; title: string; language: string | null };
  project: { id: string; name: string };
  /** The reviewer's comment with a decision, or the comment's text (cut to a few lines); null when there is none. */
  text: string | null;
};

export type NotificationPage = {
  items: NotificationItem[];
  /** `before` for the next older page; null when this is the last. */
  older: number | null;
};

/**
 * The actor's notifications they may still see: those about a claim in a
 * project they still belong to (a site admin belongs everywhere), under the
 * visibility rule as it stands now (server/visibility.ts), in the claim's
 * current project (an article can move between projects). The rule was
 * applied when the notification was written too; asking again means a role
 * taken away or an article reopened hides what it would now reveal.
 * Its query joins the claim, its article and current project, and the
 * actor's membership there (left join).
 */
function visibleToRecipient(actor: Actor): SQL {
  return and(
    eq(notifications.userId, actor.id),
    actor.isAdmin ? undefined : sql`${projectMembers.role} is not null`,
    visibleAcrossProjects(actor, {
      isBlind: sql`${projects.isBlind}`,
      memberRole: sql`${projectMembers.role}`,
      authorId: sql`${claims.authorId}`,
      articleClosedAt: sql`${articles.closedAt}`,
    }),
  )!;
}

/**
 * A page of the actor's inbox, newest first ({@link NOTIFICATION_PAGE_SIZE}),
 * older pages by `before` (a notification id: keyset paging over
 * notifications_user_idx, or the unread index with `unreadOnly`).
 */
export async function listNotifications(db: Db, actor: Actor, query: NotificationsQuery = {}): Promise<NotificationPage> {
  // The joins visibleToRecipient reads (the claim, its article and current project, the actor's membership), then the event's.
  const rows = await db
    .select({
      id: notifications.id,
      kind: notifications.kind,
      action: events.action,
      actorName: users.name,
      createdAt: notifications.createdAt,
      readAt: notifications.readAt,
      claimId: claims.id,
      // Cut in the database: a quote may be a whole paragraph, a comment ten thousand characters.
      quote: sql<string>`left(${claims.exact}, ${QUOTE_LENGTH + 1})`,
      claimLanguage: claims.language,
      claimDeletedAt: claims.deletedAt,
      articleId: articles.id,
      articleTitle: articles.title,
      articleLanguage: articles.language,
      projectId: projects.id,
      projectName: projects.name,
      text: sql<string | null>`left(coalesce(${events.after}->>'comment', ${events.after}->>'body'), ${COMMENT_LENGTH + 1})`,
    })
    .from(notifications)
    .innerJoin(claims, eq(claims.id, notifications.claimId))
    .innerJoin(articles, eq(articles.id, claims.articleId))
    .innerJoin(projects, eq(projects.id, claims.projectId))
    .leftJoin(projectMembers, and(eq(projectMembers.projectId, claims.projectId), eq(projectMembers.userId, actor.id)))
    .innerJoin(events, eq(events.id, notifications.eventId))
    .leftJoin(users, eq(users.id, events.actorId))
    .where(
      and(
        visibleToRecipient(actor),
        query.unreadOnly ? isNull(notifications.readAt) : undefined,
        query.before === undefined ? undefined : lt(notifications.id, query.before),
      ),
    )
    .orderBy(desc(notifications.id))
    .limit(NOTIFICATION_PAGE_SIZE + 1);
  const page = rows.slice(0, NOTIFICATION_PAGE_SIZE);
  const items = page.map(
    (row): NotificationItem => ({
      id: row.id,
      kind: row.kind,
      action: row.action as HistoryAction,
      actorName: row.actorName,
      createdAt: row.createdAt,
      isRead: row.readAt !== null,
      claim: { id: row.claimId, quote: shorten(row.quote, QUOTE_LENGTH), language: row.claimLanguage, isDeleted: row.claimDeletedAt !== null },
      article: { id: row.articleId, title: row.articleTitle, language: row.articleLanguage },
      project: { id: row.projectId, name: row.projectName },
      text: row.text === null || row.text.trim() === "" ? null : shorten(row.text, COMMENT_LENGTH),
    }),
  );
  return { items, older: rows.length > NOTIFICATION_PAGE_SIZE ? (page.at(-1)?.id ?? null) : null };
}

/**
 * How many unread notifications the actor may see, up to {@link UNREAD_COUNT_CAP}
 * (the header's "Inbox (3)"): one walk of the unread index, stopped at the cap.
 */
export async function unreadCount(db: Db, actor: Actor): Promise<number> {
  const unread = db
    .select({ one: sql`1`.as("one") })
    .from(notifications)
    .innerJoin(claims, eq(claims.id, notifications.claimId))
    .innerJoin(articles, eq(articles.id, claims.articleId))
    .innerJoin(projects, eq(projects.id, claims.projectId))
    .leftJoin(projectMembers, and(eq(projectMembers.projectId, claims.projectId), eq(projectMembers.userId, actor.id)))
    .where(and(visibleToRecipient(actor), isNull(notifications.readAt)))
    .limit(UNREAD_COUNT_CAP)
    .as("unread");
  const [row] = await db.select({ n: sql<number>`count(*)::integer` }).from(unread);
  return row?.n ?? 0;
}

export type MarkReadResult = { marked: number; unreadCount: number };

/**
 * Mark the actor's notifications read: the ones named, or all. Idempotent
 * (marking a read one again changes nothing, and keeps when it was first
 * read). An id that is not one of the actor's notifications — unknown, or
 * someone else's — is "not found" for the whole request, never a 403 that
 * would confirm it exists; nothing is marked then.
 */
export async function markRead(db: Db, actor: Actor, input: MarkReadInput): Promise<MarkReadResult> {
  const marked = await db.transaction(async (tx) => {
    if ("ids" in input) {
      const ids = [...new Set(input.ids)];
      const own = await tx
        .select({ id: notifications.id })
        .from(notifications)
        .where(and(eq(notifications.userId, actor.id), inArray(notifications.id, ids)));
      if (own.length !== ids.length) {
        const found = new Set(own.map((row) => row.id));
        const index = input.ids.findIndex((id) => !found.has(id));
        throw new AppError("not_found:notification", "No such notification.", { fields: { [`ids.${index}`]: "no such notification" } });
      }
    }
    const rows = await tx
      .update(notifications)
      .set({ readAt: new Date() })
      .where(and(eq(notifications.userId, actor.id), isNull(notifications.readAt), "ids" in input ? inArray(notifications.id, input.ids) : undefined))
      .returning({ id: notifications.id });
    return rows.length;
  });
  return { marked, unreadCount: await unreadCount(db, actor) };
}
