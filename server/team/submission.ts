import "server-only";
import { and, eq, inArray } from "drizzle-orm";
import type { Db } from "@/db/client";
import { assignments, claims } from "@/db/schema";
import { SUBMITTABLE_STATUSES, transition } from "@/lib/review-state";
import { type Actor, requireProjectRole } from "../authz";
import { claimIsPlaced } from "../claim-rows";
import { AppError } from "../errors";
import { assignmentChange, claimChange, recordEvent } from "../events";
import { assertOpenForWork } from "../open-for-work";
import { loadArticle } from "./loaders";

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
          claimIsPlaced(),
          eq(claims.isGold, false),
          inArray(claims.status, SUBMITTABLE_STATUSES),
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
      await recordEvent(
        tx,
        claimChange({ id: claim.id, projectId: article.projectId, articleId }, actor.id, "claim.submitted", {
          before: { status: claim.status },
          after: { status: result.status },
        }),
      );
      submittedClaimIds.push(claim.id);
    }
    await tx
      .update(assignments)
      .set({ status: "submitted", submittedAt: now })
      .where(and(eq(assignments.articleId, articleId), eq(assignments.userId, actor.id)));
    await recordEvent(
      tx,
      assignmentChange({ projectId: article.projectId, articleId, userId: actor.id }, actor.id, "assignment.submitted", {
        before: { status: assignment.status },
        after: { status: "submitted", claims: submittedClaimIds.length },
      }),
    );
    return { submittedClaimIds, assignment: { status: "submitted", submittedAt: now } };
  });
}
