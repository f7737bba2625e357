import "server-only";
import { type SQL, sql } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { claims, comments, events, notifications, reviews } from "@/db/schema";
import type { HistoryAction } from "@/lib/history-actions";
import type { ChangeNotice } from "@/lib/live-notice";
import { isNotifyingAction, type NotificationKind, notificationKindOf } from "@/lib/notification-kinds";

/** The NOTIFY channel that carries every change to live views, across app instances. */
export const CHANGE_CHANNEL = "claimwork_changes";

/**
 * Append a history entry and announce the change, inside the caller's
 * transaction: if the change rolls back, so do its history and its notice
 * (Postgres delivers NOTIFY only on commit). A change that notifies
 * (lib/notification-kinds.ts) also writes its recipients' notifications, in
 * the same statement: see {@link notificationsPart} for who they are.
 * `mentioned`: for a comment, the members its body mentions who may see the
 * claim (server/team/comments.ts decides both); they are told as a mention.
 */
export async function recordEvent(tx: Tx, entry: ChangeNotice & { before?: unknown; after?: unknown; mentioned?: readonly string[] }): Promise<void> {
  const notice: ChangeNotice = {
    projectId: entry.projectId,
    articleId: entry.articleId,
    entityType: entry.entityType,
    entityId: entry.entityId,
    action: entry.action,
    actorId: entry.actorId,
  };
  const kind = notice.entityType === "claim" && isNotifyingAction(notice.action) ? notificationKindOf(notice.action) : null;
  // One statement for all (a data-modifying CTE always runs): every save pays one round trip here, not two.
  const parts = historyStatementParts(notice, {
    before: sql`${jsonOrNull(entry.before)}::jsonb`,
    after: sql`${jsonOrNull(entry.after)}::jsonb`,
    forEachRowOf: sql`(select 1) as once`,
    ...(kind ? { returning: sql`id` } : {}),
  });
  const notified = kind ? sql`, ${notificationsPart(notice, kind, entry.mentioned ?? [])}` : sql``;
  await tx.execute(sql`with ${parts.entry}${notified} select ${parts.notify}`);
}

/**
 * The notifications of a change to a claim, as a CTE after `entry` (whose
 * `id` it reads). Who is told, never the actor themselves:
 * - the claim's author, with the action's kind (a decision, changes
 *   requested, a promotion, someone else's comment);
 * - for a comment by the claim's author, the people who already decided on
 *   or commented on the claim (reviewers and admins: nobody else may), so a
 *   reply reaches the reviewer who asked;
 * - the `mentioned` members, as a mention — which beats any other kind for
 *   the same person, one notification per person and event.
 * Whether a recipient may still see the claim when they read the inbox is
 * the inbox's question (server/team/notifications.ts), asked at read time.
 */
function notificationsPart(notice: ChangeNotice, kind: NotificationKind, mentioned: readonly string[]): SQL {
  const claimId = sql`${notice.entityId}::uuid`;
  const as = (value: NotificationKind) => sql`${value}::notification_kind`;
  const branches: SQL[] = [sql`select ${claims.authorId} as user_id, ${as(kind)} as kind, 1 as rank from ${claims} where ${claims.id} = ${claimId}`];
  if (kind === "comment") {
    const byAuthor = sql`exists (select 1 from ${claims} where ${claims.id} = ${claimId} and ${claims.authorId} = ${notice.actorId})`;
    branches.push(
      sql`select ${reviews.reviewerId}, ${as("comment")}, 1 from ${reviews} where ${reviews.claimId} = ${claimId} and ${byAuthor}`,
      sql`select ${comments.authorId}, ${as("comment")}, 1 from ${comments} where ${comments.claimId} = ${claimId} and ${byAuthor}`,
    );
  }
  if (mentioned.length > 0) {
    const ids = sql.join(
      mentioned.map((id) => sql`${id}`),
      sql`, `,
    );
    branches.push(sql`select unnest(array[${ids}]::text[]), ${as("mention")}, 0`);
  }
  return sql`notified as (
    insert into ${notifications} ("user_id", "event_id", "project_id", "claim_id", "kind")
    select distinct on ("recipient"."user_id") "recipient"."user_id", "entry"."id", ${notice.projectId}::uuid, ${claimId}, "recipient"."kind"
    from entry cross join (${sql.join(branches, sql` union all `)}) as "recipient"
    where "recipient"."user_id" is distinct from ${notice.actorId}
    order by "recipient"."user_id", "recipient"."rank"
    on conflict do nothing)`;
}

type Change = { before?: unknown; after?: unknown };

/** A change to a claim as its history entry: the claim is the entity; its project and article say where (and who is told). */
export function claimChange(claim: { id: string; projectId: string; articleId: string }, actorId: string, action: HistoryAction, change: Change) {
  return { projectId: claim.projectId, articleId: claim.articleId, entityType: "claim", entityId: claim.id, actorId, action, ...change };
}

/** A change to an annotator's assignment to an article, as its history entry (the entity id is `article:user`). */
export function assignmentChange(
  assignment: { projectId: string; articleId: string; userId: string },
  actorId: string,
  action: HistoryAction,
  change: Change,
) {
  const { projectId, articleId, userId } = assignment;
  return { projectId, articleId, entityType: "assignment", entityId: `${articleId}:${userId}`, actorId, action, ...change };
}

/**
 * recordEvent as two parts of a larger statement, for writes that insert a
 * row and its history in one round trip: `entry` (a CTE named "entry")
 * appends the history entry once per row of `forEachRowOf` — so nothing is
 * recorded when, say, an `insert … on conflict do nothing` inserted nothing —
 * and `notify` (a scalar subquery) announces it only if it was recorded.
 * `returning` is what the entry CTE gives later CTEs (recordEvent's
 * notifications read the event's id); the claim save leaves it at `1`.
 */
export function historyStatementParts(
  notice: ChangeNotice,
  values: { before?: SQL; after: SQL; forEachRowOf: SQL; returning?: SQL },
): { entry: SQL; notify: SQL } {
  return {
    entry: sql`entry as (
      insert into ${events} ("project_id", "actor_id", "entity_type", "entity_id", "action", "before", "after")
      select ${notice.projectId}, ${notice.actorId}, ${notice.entityType}, ${notice.entityId}, ${notice.action},
             ${values.before ?? sql`null::jsonb`}, ${values.after}
      from ${values.forEachRowOf}
      returning ${values.returning ?? sql`1`})`,
    notify: sql`(select pg_notify(${CHANGE_CHANNEL}, ${JSON.stringify(notice)}) from entry)`,
  };
}

function jsonOrNull(value: unknown): string | null {
  return value === undefined || value === null ? null : JSON.stringify(value);
}

/** A change to an article that concerns the whole project (its boilerplate marked, say), as its history entry. */
export function articleChange(article: { id: string; projectId: string }, actorId: string, action: HistoryAction, change: Change) {
  return { projectId: article.projectId, articleId: article.id, entityType: "article", entityId: article.id, actorId, action, ...change };
}

/**
 * Many history entries of one change in one statement, and one notice for all of them: a new revision
 * re-anchors thousands of claims, and an entry (or a NOTIFY) per claim would be a round trip each. The
 * entries may not be of actions that notify people (they would need recordEvent's recipients); `notice`
 * is what live views hear, once.
 */
export async function recordEvents(
  tx: Tx,
  entries: ReadonlyArray<ChangeNotice & { before?: unknown; after?: unknown }>,
  notice: ChangeNotice,
): Promise<void> {
  for (const entry of entries) {
    if (entry.entityType === "claim" && isNotifyingAction(entry.action)) throw new Error(`recordEvents cannot write ${entry.action}: it notifies`);
  }
  const rows = JSON.stringify(
    entries.map((e) => ({ p: e.projectId, a: e.actorId, t: e.entityType, i: e.entityId, x: e.action, b: e.before ?? null, f: e.after ?? null })),
  );
  await tx.execute(sql`
    with entry as (
      insert into ${events} ("project_id", "actor_id", "entity_type", "entity_id", "action", "before", "after")
      select r.p, r.a, r.t, r.i, r.x, nullif(r.b, 'null'::jsonb), nullif(r.f, 'null'::jsonb)
      from jsonb_to_recordset(${rows}::jsonb) as r(p uuid, a text, t text, i text, x text, b jsonb, f jsonb)
      returning 1)
    select (select count(*) from entry) as written, pg_notify(${CHANGE_CHANNEL}, ${JSON.stringify(notice)})`);
}
