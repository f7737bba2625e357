import "server-only";
import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { articles, claims, projects } from "@/db/schema";
import type { ClaimDto } from "@/lib/claim-schema";
import type { Taxonomy } from "@/lib/taxonomy";
import type { Actor } from "./authz";
import { listArticleClaims } from "./claims";
import { AppError } from "./errors";
import { listReanchorQueue } from "./revisions";

export type ClaimPage = {
  claim: ClaimDto;
  article: { id: string; title: string; text: string; language: string | null; sourceUrl: string | null; publisher: string | null };
  taxonomy: Taxonomy;
};

/**
 * A claim for its own page, `/claims/<id>` — the IRI every export gives it
 * (W3C `id`, ClaimReview `url`). Visibility is the article page's: the claim
 * is shown only if it is in the claim list the actor may see there, and
 * anyone else gets the same 404 as for an id that does not exist. A claim
 * the actor may see that waits to be placed on the article's new revision
 * has no place in the current text to show: the answer names its article,
 * whose re-anchoring queue shows it (server/revisions.ts).
 */
export async function getClaimPage(db: Db, actor: Actor, claimId: string): Promise<ClaimPage | { waitingOnArticle: string }> {
  const notFound = new AppError("not_found:claim", "No such claim.");
  const [row] = await db.select({ articleId: claims.articleId }).from(claims).where(eq(claims.id, claimId));
  if (!row) throw notFound;
  let visible: ClaimDto[];
  try {
    visible = await listArticleClaims(db, actor, row.articleId);
  } catch (error) {
    if (error instanceof AppError && error.type === "not_found") throw notFound;
    throw error;
  }
  const claim = visible.find((c) => c.id === claimId && c.deletedAt === null);
  if (!claim) {
    const queue = await listReanchorQueue(db, actor, row.articleId);
    if (queue.items.some((item) => item.claimId === claimId)) return { waitingOnArticle: row.articleId };
    throw notFound;
  }
  const [article] = await db
    .select({
      id: articles.id,
      title: articles.title,
      text: articles.text,
      language: articles.language,
      sourceUrl: articles.sourceUrl,
      publisher: articles.publisher,
      taxonomy: projects.taxonomy,
    })
    .from(articles)
    .innerJoin(projects, eq(projects.id, articles.projectId))
    .where(eq(articles.id, row.articleId));
  if (!article) throw notFound;
  const { taxonomy, ...rest } = article;
  return { claim, article: rest, taxonomy };
}
