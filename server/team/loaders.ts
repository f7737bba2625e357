import "server-only";
import { eq } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import { articles, type Claim, claims, type ProjectRole } from "@/db/schema";
import { type Actor, assertRoleCan } from "../authz";
import { AppError } from "../errors";
import { canSeeWork, loadProjectViewer, type ProjectViewer } from "../visibility";

// The loaders the review use cases share (assignments, submission, decisions, comments, history).

export type ClaimAccess = { claim: Claim; role: ProjectRole; viewer: ProjectViewer };

/**
 * A claim the actor may read, with their role. 404, the same as for an
 * unknown id, for non-members and for a claim the visibility policy hides
 * (server/visibility.ts: in a blind project another user's claim, gold
 * included, until the article is closed).
 */
export async function loadClaimForRead(db: Db | Tx, actor: Actor, claimId: string): Promise<ClaimAccess> {
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

/** An article by id, for a use case that checks the actor's role on its project next; 404 for an unknown id. */
export async function loadArticle(db: Db | Tx, articleId: string) {
  const [article] = await db
    .select({ id: articles.id, projectId: articles.projectId, title: articles.title, closedAt: articles.closedAt })
    .from(articles)
    .where(eq(articles.id, articleId));
  if (!article) throw new AppError("not_found:article", "No such article.");
  return article;
}
