import "server-only";
import { sql } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { events } from "@/db/schema";

/** The NOTIFY channel that carries every change to live views, across app instances. */
export const CHANGE_CHANNEL = "claimwork_changes";

export type ChangeNotice = {
  projectId: string;
  articleId?: string;
  entityType: string;
  entityId: string;
  action: string;
  actorId: string | null;
};

/**
 * Append a history entry and announce the change, inside the caller's
 * transaction: if the change rolls back, so do its history and its notice
 * (Postgres delivers NOTIFY only on commit).
 */
export async function recordEvent(
  tx: Tx,
  entry: ChangeNotice & { before?: unknown; after?: unknown },
): Promise<void> {
  const notice: ChangeNotice = {
    projectId: entry.projectId,
    articleId: entry.articleId,
    entityType: entry.entityType,
    entityId: entry.entityId,
    action: entry.action,
    actorId: entry.actorId,
  };
  // One statement for both (a data-modifying CTE always runs): every save pays one round trip here, not two.
  await tx.execute(sql`
    with entry as (
      insert into ${events} ("project_id", "actor_id", "entity_type", "entity_id", "action", "before", "after")
      values (${entry.projectId}, ${entry.actorId}, ${entry.entityType}, ${entry.entityId}, ${entry.action},
              ${jsonOrNull(entry.before)}::jsonb, ${jsonOrNull(entry.after)}::jsonb)
    )
    select pg_notify(${CHANGE_CHANNEL}, ${JSON.stringify(notice)})`);
}

function jsonOrNull(value: unknown): string | null {
  return value === undefined || value === null ? null : JSON.stringify(value);
}
