import "server-only";
import { and, asc, eq, inArray, isNull } from "drizzle-orm";
import type { Db } from "@/db/client";
import { articles, assignments, claims, users } from "@/db/schema";
import {
  computeArticleAgreement,
  computeProjectAgreement,
  type AgreementArticle,
  type AgreementClaim,
  type AgreementResult,
} from "@/lib/agreement";
import { requireProjectRole, type Actor } from "../authz";
import { AppError } from "../errors";

export type AgreementReport = {
  result: AgreementResult;
  /** Annotators who count (submitted at least one assignment in scope), in the order `result.pairs` uses. */
  annotators: Array<{ id: string; name: string }>;
  /** Articles with at least one submitted assignment. */
  articleCount: number;
};

/**
 * Agreement is computed on independent work only: for each article, the
 * annotators whose assignment is submitted, and their live, non-gold claims.
 * Reviewers and admins only (it shows everyone's work side by side).
 */
export async function getProjectAgreement(db: Db, actor: Actor, projectId: string): Promise<AgreementReport> {
  await requireProjectRole(db, projectId, actor, "review");
  return buildReport(db, { projectId });
}

/** The same figures for one article. */
export async function getArticleAgreement(db: Db, actor: Actor, articleId: string): Promise<AgreementReport> {
  const [article] = await db.select({ projectId: articles.projectId }).from(articles).where(eq(articles.id, articleId));
  if (!article) throw new AppError("not_found:article", "No such article.");
  await requireProjectRole(db, article.projectId, actor, "review", "article");
  return buildReport(db, { projectId: article.projectId, articleId });
}

async function buildReport(db: Db, scope: { projectId: string; articleId?: string }): Promise<AgreementReport> {
  const submitted = await db
    .select({ articleId: assignments.articleId, userId: assignments.userId, name: users.name, sentenceCount: articles.sentenceCount })
    .from(assignments)
    .innerJoin(users, eq(users.id, assignments.userId))
    .innerJoin(articles, eq(articles.id, assignments.articleId))
    .where(
      and(
        eq(assignments.projectId, scope.projectId),
        eq(assignments.status, "submitted"),
        scope.articleId ? eq(assignments.articleId, scope.articleId) : undefined,
      ),
    )
    .orderBy(asc(users.name), asc(users.id));

  const annotators: Array<{ id: string; name: string }> = [];
  const seen = new Set<string>();
  const annotatorsByArticle: Record<string, string[]> = {};
  const sentenceCounts = new Map<string, number>();
  for (const row of submitted) {
    if (!seen.has(row.userId)) {
      seen.add(row.userId);
      annotators.push({ id: row.userId, name: row.name });
    }
    (annotatorsByArticle[row.articleId] ??= []).push(row.userId);
    sentenceCounts.set(row.articleId, row.sentenceCount);
  }

  const articleIds = [...sentenceCounts.keys()];
  const claimsByArticle = new Map<string, AgreementClaim[]>();
  if (articleIds.length) {
    const rows = await db
      .select({
        articleId: claims.articleId,
        annotatorId: claims.authorId,
        start: claims.start,
        end: claims.end,
        claimType: claims.claimType,
        sentenceIndexes: claims.sentenceIndexes,
      })
      .from(claims)
      .where(and(inArray(claims.articleId, articleIds), isNull(claims.deletedAt), eq(claims.isGold, false)));
    for (const { articleId, ...claim } of rows) {
      // Only the work of the article's submitted annotators counts.
      if (!annotatorsByArticle[articleId]?.includes(claim.annotatorId)) continue;
      const list = claimsByArticle.get(articleId) ?? [];
      list.push(claim);
      claimsByArticle.set(articleId, list);
    }
  }
  const agreementArticles: AgreementArticle[] = articleIds.map((articleId) => ({
    articleId,
    sentenceCount: sentenceCounts.get(articleId) ?? 0,
    claims: claimsByArticle.get(articleId) ?? [],
  }));

  const ids = annotators.map((a) => a.id);
  const result =
    scope.articleId !== undefined
      ? computeArticleAgreement({
          annotators: ids,
          article: agreementArticles[0] ?? { articleId: scope.articleId, sentenceCount: 0, claims: [] },
        })
      : computeProjectAgreement({ annotators: ids, articles: agreementArticles, annotatorsByArticle });
  return { result, annotators, articleCount: articleIds.length };
}
