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
  await tx.insert(events).values({
    projectId: entry.projectId,
    actorId: entry.actorId,
    entityType: entry.entityType,
    entityId: entry.entityId,
    action: entry.action,
    before: entry.before ?? null,
    after: entry.after ?? null,
  });
  const notice: ChangeNotice = {
    projectId: entry.projectId,
    articleId: entry.articleId,
    entityType: entry.entityType,
    entityId: entry.entityId,
    action: entry.action,
    actorId: entry.actorId,
  };
  await tx.execute(sql`select pg_notify(${CHANGE_CHANNEL}, ${JSON.stringify(notice)})`);
}
