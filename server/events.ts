import "server-only";
import { type SQL, sql } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { events } from "@/db/schema";
import type { HistoryAction } from "@/lib/history-actions";
import type { ChangeNotice } from "@/lib/live-notice";

/** The NOTIFY channel that carries every change to live views, across app instances. */
export const CHANGE_CHANNEL = "claimwork_changes";

/**
 * Append a history entry and announce the change, inside the caller's
 * transaction: if the change rolls back, so do its history and its notice
 * (Postgres delivers NOTIFY only on commit).
 */
export async function recordEvent(tx: Tx, entry: ChangeNotice & { before?: unknown; after?: unknown }): Promise<void> {
  const notice: ChangeNotice = {
    projectId: entry.projectId,
    articleId: entry.articleId,
    entityType: entry.entityType,
    entityId: entry.entityId,
    action: entry.action,
    actorId: entry.actorId,
  };
  // One statement for both (a data-modifying CTE always runs): every save pays one round trip here, not two.
  const parts = historyStatementParts(notice, {
    before: sql`${jsonOrNull(entry.before)}::jsonb`,
    after: sql`${jsonOrNull(entry.after)}::jsonb`,
    forEachRowOf: sql`(select 1) as once`,
  });
  await tx.execute(sql`with ${parts.entry} select ${parts.notify}`);
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
 */
export function historyStatementParts(notice: ChangeNotice, values: { before?: SQL; after: SQL; forEachRowOf: SQL }): { entry: SQL; notify: SQL } {
  return {
    entry: sql`entry as (
      insert into ${events} ("project_id", "actor_id", "entity_type", "entity_id", "action", "before", "after")
      select ${notice.projectId}, ${notice.actorId}, ${notice.entityType}, ${notice.entityId}, ${notice.action},
             ${values.before ?? sql`null::jsonb`}, ${values.after}
      from ${values.forEachRowOf}
      returning 1)`,
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
