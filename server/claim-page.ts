import "server-only";
import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { articles, claims, projects } from "@/db/schema";
import type { ClaimDto } from "@/lib/claim-schema";
import type { Taxonomy } from "@/lib/taxonomy";
import type { Actor } from "./authz";
import { listArticleClaims } from "./claims";
import { AppError } from "./errors";

export type ClaimPage = {
  claim: ClaimDto;
  article: { id: string; title: string; text: string; language: string | null; sourceUrl: string | null; publisher: string | null };
  taxonomy: Taxonomy;
};

/**
 * A claim for its own page, `/claims/<id>` — the IRI every export gives it
 * (W3C `id`, ClaimReview `url`). Visibility is the article page's: the claim
 * is shown only if it is in the claim list the actor may see there, and
 * anyone else gets the same 404 as for an id that does not exist.
 */
export async function getClaimPage(db: Db, actor: Actor, claimId: string): Promise<ClaimPage> {
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
  if (!claim) throw notFound;
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
