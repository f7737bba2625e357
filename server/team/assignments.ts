import "server-only";
import { and, asc, eq, inArray, isNull, sql } from "drizzle-orm";
import { z } from "zod";
import type { Db, Tx } from "@/db/client";
import { articles, assignments, claims, projectMembers, projects, users } from "@/db/schema";
import { type Actor, requireProjectRole, roleCan } from "../authz";
import { AppError } from "../errors";
import { assignmentChange, recordEvent } from "../events";
import { canSeeWork, requireArticleViewer } from "../visibility";
import { loadArticle } from "./loaders";

// Who works on which article: assigning, withdrawing, listing, and an annotator's own queue.

export const assignSchema = z.object({
  userIds: z.array(z.string().min(1)).min(1, "choose at least one annotator").max(100),
});

/** What assignArticle takes: the article and the parsed body (assignSchema). */
export type AssignInput = { articleId: string } & z.output<typeof assignSchema>;

export type AssignmentItem = {
  articleId: string;
  userId: string;
  userName: string;
  /** null: hidden from this viewer by blind mode (see listAssignments). */
  status: "assigned" | "submitted" | null;
  createdAt: Date;
  submittedAt: Date | null;
};

/**
 * Assign an article to annotators (reviewer or admin). Each must be a project
 * member whose role may annotate (viewers cannot). Idempotent: an existing
 * assignment is kept as it is (a submitted one stays submitted).
 */
export async function assignArticle(db: Db, actor: Actor, input: AssignInput): Promise<AssignmentItem[]> {
  const { articleId } = input;
  const ids = [...new Set(input.userIds)];
  return db.transaction(async (tx) => {
    const article = await loadArticle(tx, articleId);
    await requireProjectRole(tx, article.projectId, actor, "assign", "article");
    const members = await tx
      .select({ userId: projectMembers.userId, role: projectMembers.role })
      .from(projectMembers)
      .where(and(eq(projectMembers.projectId, article.projectId), inArray(projectMembers.userId, ids)));
    const fields: Record<string, string> = {};
    ids.forEach((id, i) => {
      const member = members.find((m) => m.userId === id);
      if (!member) fields[`userIds.${i}`] = "not a member of this project";
      else if (!roleCan(member.role, "annotate")) fields[`userIds.${i}`] = `a ${member.role} cannot annotate`;
    });
    if (Object.keys(fields).length) {
      throw new AppError("unprocessable:assignment", `Only project members who may annotate can be assigned — ${Object.values(fields).join("; ")}.`, {
        fields,
      });
    }
    const inserted = await tx
      .insert(assignments)
      .values(ids.map((userId) => ({ articleId, userId, projectId: article.projectId, assignedBy: actor.id })))
      .onConflictDoNothing()
      .returning({ userId: assignments.userId });
    for (const { userId } of inserted) {
      await recordEvent(
        tx,
        assignmentChange({ projectId: article.projectId, articleId, userId }, actor.id, "assignment.created", { after: { articleId, userId } }),
      );
    }
    return listAssignmentsTx(tx, articleId);
  });
}

/** Withdraw an assignment (reviewer or admin). Claims already made stay. */
export async function unassignArticle(db: Db, actor: Actor, input: { articleId: string; userId: string }): Promise<void> {
  const { articleId, userId } = input;
  await db.transaction(async (tx) => {
    const article = await loadArticle(tx, articleId);
    await requireProjectRole(tx, article.projectId, actor, "assign", "article");
    const removed = await tx
      .delete(assignments)
      .where(and(eq(assignments.articleId, articleId), eq(assignments.userId, userId)))
      .returning({ status: assignments.status });
    if (removed.length === 0) throw new AppError("not_found:assignment", "This article is not assigned to this user.");
    await recordEvent(
      tx,
      assignmentChange({ projectId: article.projectId, articleId, userId }, actor.id, "assignment.removed", {
        before: { articleId, userId, status: removed[0]?.status },
      }),
    );
  });
}

async function listAssignmentsTx(db: Db | Tx, articleId: string): Promise<AssignmentItem[]> {
  return db
    .select({
      articleId: assignments.articleId,
      userId: assignments.userId,
      userName: users.name,
      status: assignments.status,
      createdAt: assignments.createdAt,
      submittedAt: assignments.submittedAt,
    })
    .from(assignments)
    .innerJoin(users, eq(users.id, assignments.userId))
    .where(eq(assignments.articleId, articleId))
    .orderBy(asc(users.name));
}

/**
 * Who an article is assigned to (any member who may read the project). That
 * someone is assigned is not their work, but when they submitted is: where the
 * visibility policy hides a fellow annotator's work, their status and
 * submission time are left out (status null).
 */
export async function listAssignments(db: Db, actor: Actor, articleId: string): Promise<AssignmentItem[]> {
  const { article, viewer } = await requireArticleViewer(db, actor, articleId, "read");
  const list = await listAssignmentsTx(db, articleId);
  return list.map((a) =>
    canSeeWork(viewer, { authorId: a.userId, articleClosedAt: article.closedAt }) ? a : { ...a, status: null, submittedAt: null },
  );
}

export type QueueItem = {
  articleId: string;
  articleTitle: string;
  projectId: string;
  projectName: string;
  status: "assigned" | "submitted";
  assignedAt: Date;
  submittedAt: Date | null;
  /** The actor's live claims on the article, by review status. */
  claimCounts: Record<string, number>;
};

/** The actor's assignments across projects they still belong to: open ones first, then oldest first. */
export async function myQueue(db: Db, actor: Actor): Promise<QueueItem[]> {
  const rows = await db
    .select({
      articleId: assignments.articleId,
      articleTitle: articles.title,
      projectId: assignments.projectId,
      projectName: projects.name,
      status: assignments.status,
      assignedAt: assignments.createdAt,
      submittedAt: assignments.submittedAt,
    })
    .from(assignments)
    .innerJoin(articles, eq(articles.id, assignments.articleId))
    .innerJoin(projects, eq(projects.id, assignments.projectId))
    .innerJoin(projectMembers, and(eq(projectMembers.projectId, assignments.projectId), eq(projectMembers.userId, actor.id)))
    .where(eq(assignments.userId, actor.id))
    .orderBy(sql`${assignments.status} = 'submitted'`, asc(assignments.createdAt));
  if (rows.length === 0) return [];
  const counts = await db
    .select({ articleId: claims.articleId, status: claims.status, n: sql<number>`count(*)::int` })
    .from(claims)
    .where(
      and(
        eq(claims.authorId, actor.id),
        isNull(claims.deletedAt),
        eq(claims.isGold, false),
        inArray(
          claims.articleId,
          rows.map((r) => r.articleId),
        ),
      ),
    )
    .groupBy(claims.articleId, claims.status);
  return rows.map((row) => {
    const claimCounts: Record<string, number> = {};
    for (const c of counts) if (c.articleId === row.articleId) claimCounts[c.status] = c.n;
    return { ...row, claimCounts };
  });
}
