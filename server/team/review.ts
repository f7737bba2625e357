import "server-only";
import crypto from "node:crypto";
import { and, asc, desc, eq, inArray, isNull, sql } from "drizzle-orm";
import { z } from "zod";
import type { Db, Tx } from "@/db/client";
import {
  articles,
  assignments,
  claims,
  comments,
  events,
  projectMembers,
  projects,
  reviews,
  users,
  type Claim,
  type ProjectRole,
} from "@/db/schema";
import { actionRequiresComment, transition, type ReviewAction } from "@/lib/review-state";
import { assertRoleCan, requireProjectRole, roleCan, type Actor } from "../authz";
import { AppError } from "../errors";
import { recordEvent } from "../events";
import { parseWith } from "../http";
import { assertOpenForWork, idInUseError } from "../claims";
import {
  canSeeWork,
  loadProjectViewer,
  requireArticleViewer,
  requireProjectViewer,
  visibleClaims,
  visibleEvents,
  type ProjectViewer,
} from "../visibility";

// ── Shared loading ───────────────────────────────────────────────────────────

type ClaimAccess = { claim: Claim; role: ProjectRole; viewer: ProjectViewer };

/**
 * A claim the actor may read, with their role. 404, the same as for an
 * unknown id, for non-members and for a claim the visibility policy hides
 * (server/visibility.ts: in a blind project another user's claim, gold
 * included, until the article is closed).
 */
async function loadClaimForRead(db: Db | Tx, actor: Actor, claimId: string): Promise<ClaimAccess> {
  const [row] = await db
    .select({ claim: claims, articleClosedAt: articles.closedAt })
    .from(claims)
    .innerJoin(articles, eq(articles.id, claims.articleId))
    .where(eq(claims.id, claimId));
  if (!row) throw new AppError("not_found:claim", "No such claim.");
  const viewer = await loadProjectViewer(db, actor, row.claim.projectId);
  if (!canSeeWork(viewer, { authorId: row.claim.authorId, articleClosedAt: row.articleClosedAt })) {
    throw new AppError("not_found:claim", "No such claim.");
  }
  return { claim: row.claim, role: assertRoleCan(viewer.role, "read", "claim"), viewer };
}

async function loadArticle(db: Db | Tx, articleId: string) {
  const [article] = await db
    .select({ id: articles.id, projectId: articles.projectId, title: articles.title, closedAt: articles.closedAt })
    .from(articles)
    .where(eq(articles.id, articleId));
  if (!article) throw new AppError("not_found:article", "No such article.");
  return article;
}

// ── Assignments ──────────────────────────────────────────────────────────────

export const assignSchema = z.object({
  userIds: z.array(z.string().min(1)).min(1, "choose at least one annotator").max(100),
});

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
export async function assignArticle(db: Db, actor: Actor, articleId: string, userIds: string[]): Promise<AssignmentItem[]> {
  const data = parseWith(assignSchema, { userIds });
  const ids = [...new Set(data.userIds)];
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
      await recordEvent(tx, {
        projectId: article.projectId,
        articleId,
        actorId: actor.id,
        entityType: "assignment",
        entityId: `${articleId}:${userId}`,
        action: "assignment.created",
        after: { articleId, userId },
      });
    }
    return listAssignmentsTx(tx, articleId);
  });
}

/** Withdraw an assignment (reviewer or admin). Claims already made stay. */
export async function unassignArticle(db: Db, actor: Actor, articleId: string, userId: string): Promise<void> {
  await db.transaction(async (tx) => {
    const article = await loadArticle(tx, articleId);
    await requireProjectRole(tx, article.projectId, actor, "assign", "article");
    const removed = await tx
      .delete(assignments)
      .where(and(eq(assignments.articleId, articleId), eq(assignments.userId, userId)))
      .returning({ status: assignments.status });
    if (removed.length === 0) throw new AppError("not_found:assignment", "This article is not assigned to this user.");
    await recordEvent(tx, {
      projectId: article.projectId,
      articleId,
      actorId: actor.id,
      entityType: "assignment",
      entityId: `${articleId}:${userId}`,
      action: "assignment.removed",
      before: { articleId, userId, status: removed[0]?.status },
    });
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
        inArray(claims.articleId, rows.map((r) => r.articleId)),
      ),
    )
    .groupBy(claims.articleId, claims.status);
  return rows.map((row) => {
    const claimCounts: Record<string, number> = {};
    for (const c of counts) if (c.articleId === row.articleId) claimCounts[c.status] = c.n;
    return { ...row, claimCounts };
  });
}

export type SubmitResult = { submittedClaimIds: string[]; assignment: { status: "submitted"; submittedAt: Date } };

/**
 * An assigned annotator hands in an article: their live claims on it that are
 * draft, changes requested or rejected go to submitted (the state machine's
 * `submit`), and their assignment becomes submitted. Submitting again later
 * (after changes were requested) resubmits what is open again.
 */
export async function submitArticle(db: Db, actor: Actor, articleId: string): Promise<SubmitResult> {
  return db.transaction(async (tx) => {
    const article = await loadArticle(tx, articleId);
    await requireProjectRole(tx, article.projectId, actor, "annotate", "article");
    // Submitting again after changes were requested is how work resumes; a closed article takes none.
    assertOpenForWork({ closedAt: article.closedAt, assignmentStatus: null });
    const [assignment] = await tx
      .select()
      .from(assignments)
      .where(and(eq(assignments.articleId, articleId), eq(assignments.userId, actor.id)))
      .for("update");
    if (!assignment) throw new AppError("forbidden:assignment", "This article is not assigned to you, so there is nothing to submit.");
    // Submitting twice (a double click, a retried request) changes nothing: in particular it does not push
    // rejected claims back into the review queue unchanged. Work resumes when a reviewer requests changes.
    if (assignment.status === "submitted" && assignment.submittedAt) {
      return { submittedClaimIds: [], assignment: { status: "submitted", submittedAt: assignment.submittedAt } };
    }
    const mine = await tx
      .select()
      .from(claims)
      .where(
        and(
          eq(claims.articleId, articleId),
          eq(claims.authorId, actor.id),
          isNull(claims.deletedAt),
          eq(claims.isGold, false),
          inArray(claims.status, ["draft", "changes_requested", "rejected"]),
        ),
      )
      .for("update");
    const now = new Date();
    const submittedClaimIds: string[] = [];
    for (const claim of mine) {
      const result = transition(claim.status, "submit", "author");
      if (!result.ok) continue; // cannot happen for the statuses selected; the state machine stays the judge
      await tx
        .update(claims)
        .set({ status: result.status, version: claim.version + 1, updatedAt: now })
        .where(eq(claims.id, claim.id));
      await recordEvent(tx, {
        projectId: article.projectId,
        articleId,
        actorId: actor.id,
        entityType: "claim",
        entityId: claim.id,
        action: "claim.submitted",
        before: { status: claim.status },
        after: { status: result.status },
      });
      submittedClaimIds.push(claim.id);
    }
    await tx
      .update(assignments)
      .set({ status: "submitted", submittedAt: now })
      .where(and(eq(assignments.articleId, articleId), eq(assignments.userId, actor.id)));
    await recordEvent(tx, {
      projectId: article.projectId,
      articleId,
      actorId: actor.id,
      entityType: "assignment",
      entityId: `${articleId}:${actor.id}`,
      action: "assignment.submitted",
      before: { status: assignment.status },
      after: { status: "submitted", claims: submittedClaimIds.length },
    });
    return { submittedClaimIds, assignment: { status: "submitted", submittedAt: now } };
  });
}

// ── Reviewing ────────────────────────────────────────────────────────────────

export type ReviewClaimItem = {
  id: string;
  authorId: string;
  authorName: string;
  start: number;
  end: number;
  exact: string;
  claimType: string | null;
  checkWorthiness: number | null;
  speaker: string;
  normalizedClaim: string;
  verdict: string;
  rationale: string;
  status: string;
  version: number;
  updatedAt: Date;
};
export type ReviewQueueArticle = { articleId: string; title: string; claims: ReviewClaimItem[] };

/** Submitted claims awaiting a decision (reviewer or admin), grouped by article, oldest submission first. */
export async function reviewQueue(db: Db, actor: Actor, projectId: string): Promise<ReviewQueueArticle[]> {
  const viewer = await requireProjectViewer(db, actor, projectId, "review");
  const rows = await db
    .select({
      articleId: claims.articleId,
      title: articles.title,
      id: claims.id,
      authorId: claims.authorId,
      authorName: users.name,
      start: claims.start,
      end: claims.end,
      exact: claims.exact,
      claimType: claims.claimType,
      checkWorthiness: claims.checkWorthiness,
      speaker: claims.speaker,
      normalizedClaim: claims.normalizedClaim,
      verdict: claims.verdict,
      rationale: claims.rationale,
      status: claims.status,
      version: claims.version,
      updatedAt: claims.updatedAt,
    })
    .from(claims)
    .innerJoin(articles, eq(articles.id, claims.articleId))
    .innerJoin(users, eq(users.id, claims.authorId))
    .where(and(visibleClaims(viewer), eq(claims.status, "submitted"), isNull(claims.deletedAt), eq(claims.isGold, false)))
    .orderBy(asc(articles.title), asc(claims.articleId), asc(claims.start), asc(claims.end));
  const groups = new Map<string, ReviewQueueArticle>();
  for (const { articleId, title, ...claim } of rows) {
    let group = groups.get(articleId);
    if (!group) {
      group = { articleId, title, claims: [] };
      groups.set(articleId, group);
    }
    group.claims.push(claim);
  }
  return [...groups.values()];
}

export const REVIEW_DECISIONS = ["accept", "reject", "request_changes"] as const;
export type ReviewDecision = (typeof REVIEW_DECISIONS)[number];
export const decisionSchema = z.object({
  decision: z.enum(REVIEW_DECISIONS),
  comment: z.string().trim().max(10_000).default(""),
});

export type DecisionResult = { claimId: string; status: string; version: number; reviewId: string };

/**
 * A reviewer's decision on a claim: the state machine decides what is legal
 * (409 otherwise), reject and request changes need a comment (422), and the
 * review row, the claim's new status and the history entry are written together.
 * A reviewer does not decide on their own claims (403).
 */
export async function decideClaim(
  db: Db,
  actor: Actor,
  claimId: string,
  input: { decision: ReviewDecision; comment?: string },
): Promise<DecisionResult> {
  const { decision, comment } = parseWith(decisionSchema, input);
  return db.transaction(async (tx) => {
    // Visibility first (a claim the actor may not see is 404, like an unknown id), then the role (403).
    const { role } = await loadClaimForRead(tx, actor, claimId);
    assertRoleCan(role, "review", "claim");
    const [claim] = await tx.select().from(claims).where(eq(claims.id, claimId)).for("update");
    if (!claim) throw new AppError("not_found:claim", "No such claim.");
    if (claim.deletedAt) throw new AppError("gone:claim", "This claim was deleted.");
    if (claim.isGold) throw new AppError("conflict:claim", "A gold claim is the outcome of adjudication; it is not reviewed.");
    if (claim.authorId === actor.id) throw new AppError("forbidden:claim", "You cannot review your own claim.");
    const action: ReviewAction = decision;
    if (actionRequiresComment(action) && comment.length === 0) {
      throw new AppError("unprocessable:validation", "comment: say why, so the author knows what to change", {
        fields: { comment: "required when rejecting or requesting changes" },
      });
    }
    const result = transition(claim.status, action, "reviewer");
    if (!result.ok) {
      throw new AppError(result.code === "forbidden" ? "forbidden:claim" : "conflict:claim", result.message, {
        detail: { status: claim.status },
      });
    }
    const [review] = await tx
      .insert(reviews)
      .values({ claimId, reviewerId: actor.id, decision, comment })
      .returning({ id: reviews.id });
    const now = new Date();
    await tx
      .update(claims)
      .set({ status: result.status, version: claim.version + 1, updatedAt: now })
      .where(eq(claims.id, claimId));
    await recordEvent(tx, {
      projectId: claim.projectId,
      articleId: claim.articleId,
      actorId: actor.id,
      entityType: "claim",
      entityId: claimId,
      action: `claim.${decision === "accept" ? "accepted" : decision === "reject" ? "rejected" : "changes_requested"}`,
      before: { status: claim.status },
      after: { status: result.status, comment, reviewId: review!.id },
    });
    // A submitted article is frozen for its annotator (server/claims.ts, assertOpenForWork) until a reviewer
    // asks for changes: then their assignment is open again, to revise and resubmit.
    if (decision === "request_changes") await reopenAssignment(tx, { articleId: claim.articleId, projectId: claim.projectId, userId: claim.authorId, actor, claimId });
    return { claimId, status: result.status, version: claim.version + 1, reviewId: review!.id };
  });
}

/** Put a submitted assignment back to assigned (changes were requested), with its history entry; nothing if it is not submitted. */
async function reopenAssignment(tx: Tx, options: { articleId: string; projectId: string; userId: string; actor: Actor; claimId: string }): Promise<void> {
  const reopened = await tx
    .update(assignments)
    .set({ status: "assigned" })
    .where(and(eq(assignments.articleId, options.articleId), eq(assignments.userId, options.userId), eq(assignments.status, "submitted")))
    .returning({ userId: assignments.userId });
  if (reopened.length === 0) return;
  await recordEvent(tx, {
    projectId: options.projectId,
    articleId: options.articleId,
    actorId: options.actor.id,
    entityType: "assignment",
    entityId: `${options.articleId}:${options.userId}`,
    action: "assignment.reopened",
    before: { status: "submitted" },
    after: { status: "assigned", claimId: options.claimId },
  });
}

// ── Comments and history ─────────────────────────────────────────────────────

export const commentSchema = z.object({
  id: z.uuid().optional(),
  body: z.string().trim().min(1, "must not be empty").max(10_000),
});

export type CommentItem = {
  id: string;
  claimId: string;
  authorId: string;
  authorName: string;
  body: string;
  /** Set when the entry is a reviewer's decision (its body is the decision's comment, possibly empty). */
  decision: string | null;
  createdAt: Date;
};

/**
 * Comment on a claim: its author (while still a member who is not a viewer)
 * or a reviewer/admin. An optional client id makes a retried post idempotent.
 */
export async function addComment(db: Db, actor: Actor, claimId: string, input: { id?: string; body: string }): Promise<CommentItem> {
  const data = parseWith(commentSchema, input);
  return db.transaction(async (tx) => {
    const { claim, role } = await loadClaimForRead(tx, actor, claimId);
    if (role === "viewer") throw new AppError("forbidden:comment", "Viewers cannot comment.");
    if (claim.authorId !== actor.id && !roleCan(role, "review")) {
      throw new AppError("forbidden:comment", "Only the claim's author or a reviewer can comment on it.");
    }
    const id = data.id ?? crypto.randomUUID();
    const [inserted] = await tx
      .insert(comments)
      .values({ id, claimId, authorId: actor.id, body: data.body })
      .onConflictDoNothing({ target: comments.id })
      .returning({ id: comments.id });
    if (inserted) {
      await recordEvent(tx, {
        projectId: claim.projectId,
        articleId: claim.articleId,
        actorId: actor.id,
        entityType: "claim",
        entityId: claimId,
        action: "claim.commented",
        after: { commentId: id, body: data.body },
      });
    }
    const [row] = await tx
      .select({ id: comments.id, claimId: comments.claimId, authorId: comments.authorId, authorName: users.name, body: comments.body, createdAt: comments.createdAt })
      .from(comments)
      .innerJoin(users, eq(users.id, comments.authorId))
      .where(eq(comments.id, id));
    // The id is someone else's comment, maybe in a project the actor has never seen: the one answer every id clash gets.
    if (!row || row.claimId !== claimId || row.authorId !== actor.id) throw idInUseError();
    return { ...row, decision: null };
  });
}

/**
 * The thread on a claim, oldest first, for anyone who may read the claim:
 * comments, and reviewers' decisions with the comment given with them (so the
 * annotator reads "Rejected: why" in the same place as the discussion).
 */
export async function listComments(db: Db, actor: Actor, claimId: string): Promise<CommentItem[]> {
  await loadClaimForRead(db, actor, claimId);
  const [commentRows, decisionRows] = await Promise.all([
    db
      .select({ id: comments.id, claimId: comments.claimId, authorId: comments.authorId, authorName: users.name, body: comments.body, createdAt: comments.createdAt })
      .from(comments)
      .innerJoin(users, eq(users.id, comments.authorId))
      .where(eq(comments.claimId, claimId)),
    db
      .select({ id: reviews.id, claimId: reviews.claimId, authorId: reviews.reviewerId, authorName: users.name, body: reviews.comment, decision: reviews.decision, createdAt: reviews.createdAt })
      .from(reviews)
      .innerJoin(users, eq(users.id, reviews.reviewerId))
      .where(eq(reviews.claimId, claimId)),
  ]);
  const thread: CommentItem[] = [
    ...commentRows.map((c) => ({ ...c, decision: null })),
    ...decisionRows.map((r) => ({ ...r, decision: r.decision as string })),
  ];
  return thread.sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || a.id.localeCompare(b.id));
}

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
export async function projectActivity(db: Db, actor: Actor, projectId: string, limit = 100): Promise<ActivityItem[]> {
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
    .limit(Math.min(Math.max(1, limit), 100));
}
