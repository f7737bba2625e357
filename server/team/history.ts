import "server-only";
import { and, asc, desc, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { events, users } from "@/db/schema";
import type { Actor } from "../authz";
import { requireProjectViewer, visibleEvents } from "../visibility";
import { loadClaimForRead } from "./loaders";

export type HistoryItem = {
  id: number;
  action: string;
  actorId: string | null;
  actorName: string | null;
  before: unknown;
  after: unknown;
  createdAt: Date;
};

/** Everything that happened to a claim (edits, deletes, submission, decisions, comments), oldest first. */
export async function claimHistory(db: Db, actor: Actor, claimId: string): Promise<HistoryItem[]> {
  const { viewer } = await loadClaimForRead(db, actor, claimId);
  return db
    .select({
      id: events.id,
      action: events.action,
      actorId: events.actorId,
      actorName: users.name,
      before: events.before,
      after: events.after,
      createdAt: events.createdAt,
    })
    .from(events)
    .leftJoin(users, eq(users.id, events.actorId))
    .where(and(eq(events.entityType, "claim"), eq(events.entityId, claimId), visibleEvents(viewer)))
    .orderBy(asc(events.id));
}

export type ActivityItem = {
  id: number;
  action: string;
  entityType: string;
  entityId: string;
  actorId: string | null;
  actorName: string | null;
  createdAt: Date;
};

/**
 * The latest 100 events of a project the actor may see (server/visibility.ts:
 * in a blind project, not a fellow annotator's claim or assignment events, nor
 * gold claims, until the article is closed), newest first, for any member.
 * Only the what/who/when: before/after snapshots stay in claimHistory.
 */
/** How many events the activity feed shows: a page of recent work, not an export (that is server/export.ts). */
const ACTIVITY_LIMIT = 100;

export async function projectActivity(db: Db, actor: Actor, projectId: string): Promise<ActivityItem[]> {
  const viewer = await requireProjectViewer(db, actor, projectId, "read");
  return db
    .select({
      id: events.id,
      action: events.action,
      entityType: events.entityType,
      entityId: events.entityId,
      actorId: events.actorId,
      actorName: users.name,
      createdAt: events.createdAt,
    })
    .from(events)
    .leftJoin(users, eq(users.id, events.actorId))
    .where(visibleEvents(viewer))
    .orderBy(desc(events.id))
    .limit(ACTIVITY_LIMIT);
}
