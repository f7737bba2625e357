import "server-only";
import crypto from "node:crypto";
import { eq } from "drizzle-orm";
import { z } from "zod";
import type { Db, Tx } from "@/db/client";
import { articles, type Claim, comments, projectMembers, reviews, users } from "@/db/schema";
import { findMentions } from "@/lib/mentions";
import { type Actor, roleCan, roleFromMembership } from "../authz";
import { idInUseError } from "../claim-rows";
import { AppError } from "../errors";
import { claimChange, recordEvent } from "../events";
import { canSeeWork, type ProjectViewer } from "../visibility";
import { loadClaimForRead } from "./loaders";

export const commentSchema = z.object({
  id: z.uuid().optional(),
  body: z.string().trim().min(1, "must not be empty").max(10_000),
});

/** What addComment takes: the claim and the parsed body (commentSchema). */
export type AddCommentInput = { claimId: string } & z.output<typeof commentSchema>;

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
 * The comment notifies (server/events.ts): the claim's author of someone
 * else's comment, the reviewers in the thread of the author's, and the
 * members it @mentions who may see the claim ({@link mentionedWhoMaySee}).
 */
export async function addComment(db: Db, actor: Actor, input: AddCommentInput): Promise<CommentItem> {
  const { claimId, ...data } = input;
  return db.transaction(async (tx) => {
    const { claim, role, viewer } = await loadClaimForRead(tx, actor, claimId);
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
      const mentioned = await mentionedWhoMaySee(tx, claim, data.body, viewer);
      await recordEvent(tx, {
        ...claimChange({ id: claimId, projectId: claim.projectId, articleId: claim.articleId }, actor.id, "claim.commented", {
          after: { commentId: id, body: data.body },
        }),
        mentioned,
      });
    }
    const [row] = await commentsWithAuthors(tx).where(eq(comments.id, id));
    // The id is someone else's comment, maybe in a project the actor has never seen: the one answer every id clash gets.
    if (!row || row.claimId !== claimId || row.authorId !== actor.id) throw idInUseError();
    return { ...row, decision: null };
  });
}

/**
 * The project members a comment's body @mentions (lib/mentions.ts) who may
 * see the claim. A mention must not tell anyone of work they may not see: in
 * a blind project, an annotator mentioned on a fellow annotator's claim on an
 * open article is not told (the notification would reveal the claim); once
 * the article is closed, they are. The members' roles and the project's blind
 * flag are read in the comment's transaction, as the visibility rule reads them.
 */
async function mentionedWhoMaySee(tx: Tx, claim: Claim, body: string, commenter: ProjectViewer): Promise<string[]> {
  if (!body.includes("@")) return [];
  const members = await tx
    .select({ id: users.id, name: users.name, email: users.email, isAdmin: users.isAdmin, memberRole: projectMembers.role })
    .from(projectMembers)
    .innerJoin(users, eq(users.id, projectMembers.userId))
    .where(eq(projectMembers.projectId, claim.projectId));
  const mentioned = findMentions(body, members);
  if (mentioned.length === 0) return [];
  const [article] = await tx.select({ closedAt: articles.closedAt }).from(articles).where(eq(articles.id, claim.articleId));
  const work = { authorId: claim.authorId, articleClosedAt: article?.closedAt ?? null };
  return mentioned.filter((id) => {
    const member = members.find((m) => m.id === id)!;
    const viewer: ProjectViewer = {
      actorId: member.id,
      projectId: claim.projectId,
      role: roleFromMembership(member, member.memberRole),
      isBlind: commenter.isBlind,
    };
    return canSeeWork(viewer, work);
  });
}

/** Comments with their authors' names, as the thread shows them; the caller adds the WHERE. */
function commentsWithAuthors(db: Db | Tx) {
  return db
    .select({
      id: comments.id,
      claimId: comments.claimId,
      authorId: comments.authorId,
      authorName: users.name,
      body: comments.body,
      createdAt: comments.createdAt,
    })
    .from(comments)
    .innerJoin(users, eq(users.id, comments.authorId));
}

/**
 * The thread on a claim, oldest first, for anyone who may read the claim:
 * comments, and reviewers' decisions with the comment given with them (so the
 * annotator reads "Rejected: why" in the same place as the discussion).
 */
export async function listComments(db: Db, actor: Actor, claimId: string): Promise<CommentItem[]> {
  await loadClaimForRead(db, actor, claimId);
  const [commentRows, decisionRows] = await Promise.all([
    commentsWithAuthors(db).where(eq(comments.claimId, claimId)),
    db
      .select({
        id: reviews.id,
        claimId: reviews.claimId,
        authorId: reviews.reviewerId,
        authorName: users.name,
        body: reviews.comment,
        decision: reviews.decision,
        createdAt: reviews.createdAt,
      })
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
