import "server-only";
import { and, asc, eq, isNull } from "drizzle-orm";
import { z } from "zod";
import type { Db, Tx } from "@/db/client";
import { articles, assignments, claims, reviews, users } from "@/db/schema";
import type { ClaimContentKey, ClaimFields } from "@/lib/fields";
import { actionRequiresComment, type ReviewAction, transition } from "@/lib/review-state";
import { REVIEW_DECISIONS, type ReviewStatus } from "@/lib/vocabularies";
import { type Actor, assertRoleCan } from "../authz";
import { CONTENT_SELECT } from "../claim-rows";
import { AppError } from "../errors";
import { assignmentChange, claimChange, recordEvent } from "../events";
import { requireProjectViewer, visibleClaims } from "../visibility";
import { loadClaimForRead } from "./loaders";

// A reviewer's side of review: the queue of submitted claims and the decision on each.

export type ReviewClaimItem = {
  id: string;
  authorId: string;
  authorName: string;
  start: number;
  end: number;
  exact: string;
  status: ReviewStatus;
  version: number;
  updatedAt: Date;
} & Pick<ClaimFields, ClaimContentKey>;
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
      ...CONTENT_SELECT,
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

export const decisionSchema = z.object({
  decision: z.enum(REVIEW_DECISIONS),
  comment: z.string().trim().max(10_000).default(""),
});

/** What decideClaim takes: the claim and the parsed body (decisionSchema: the comment trimmed, "" when none). */
export type DecideInput = { claimId: string } & z.output<typeof decisionSchema>;

export type DecisionResult = { claimId: string; status: ReviewStatus; version: number; reviewId: string };

/**
 * A reviewer's decision on a claim: the state machine decides what is legal
 * (409 otherwise), reject and request changes need a comment (422), and the
 * review row, the claim's new status and the history entry are written together.
 * A reviewer does not decide on their own claims (403).
 */
export async function decideClaim(db: Db, actor: Actor, input: DecideInput): Promise<DecisionResult> {
  const { claimId, decision, comment } = input;
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
    const [review] = await tx.insert(reviews).values({ claimId, reviewerId: actor.id, decision, comment }).returning({ id: reviews.id });
    const now = new Date();
    await tx
      .update(claims)
      .set({ status: result.status, version: claim.version + 1, updatedAt: now })
      .where(eq(claims.id, claimId));
    await recordEvent(
      tx,
      claimChange(
        { id: claimId, projectId: claim.projectId, articleId: claim.articleId },
        actor.id,
        `claim.${decision === "accept" ? "accepted" : decision === "reject" ? "rejected" : "changes_requested"}`,
        { before: { status: claim.status }, after: { status: result.status, comment, reviewId: review!.id } },
      ),
    );
    // A submitted article is frozen for its annotator (server/claims.ts, assertOpenForWork) until a reviewer
    // asks for changes: then their assignment is open again, to revise and resubmit.
    if (decision === "request_changes")
      await reopenAssignment(tx, { articleId: claim.articleId, projectId: claim.projectId, userId: claim.authorId, actor, claimId });
    return { claimId, status: result.status, version: claim.version + 1, reviewId: review!.id };
  });
}

/** Put a submitted assignment back to assigned (changes were requested), with its history entry; nothing if it is not submitted. */
async function reopenAssignment(
  tx: Tx,
  options: { articleId: string; projectId: string; userId: string; actor: Actor; claimId: string },
): Promise<void> {
  const reopened = await tx
    .update(assignments)
    .set({ status: "assigned" })
    .where(and(eq(assignments.articleId, options.articleId), eq(assignments.userId, options.userId), eq(assignments.status, "submitted")))
    .returning({ userId: assignments.userId });
  if (reopened.length === 0) return;
  await recordEvent(
    tx,
    assignmentChange(
      { projectId: options.projectId, articleId: options.articleId, userId: options.userId },
      options.actor.id,
      "assignment.reopened",
      { before: { status: "submitted" }, after: { status: "assigned", claimId: options.claimId } },
    ),
  );
}
