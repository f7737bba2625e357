import "server-only";
import { and, asc, eq, inArray, isNull } from "drizzle-orm";
import type { Db } from "@/db/client";
import { articles, assignments, claims, sentenceExclusions, users } from "@/db/schema";
import { type AgreementArticle, type AgreementClaim, type AgreementResult, computeArticleAgreement, computeProjectAgreement } from "@/lib/agreement";
import type { Actor } from "../authz";
import { type ProjectViewer, requireArticleViewer, requireProjectViewer, visibleClaims } from "../visibility";

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
 * Sentences marked not annotatable (server/sentence-decisions.ts) count for
 * nobody. Reviewers and admins only (it shows everyone's work side by side).
 */
export async function getProjectAgreement(db: Db, actor: Actor, projectId: string): Promise<AgreementReport> {
  const viewer = await requireProjectViewer(db, actor, projectId, "review");
  return buildReport(db, viewer, {});
}

/** The same figures for one article. */
export async function getArticleAgreement(db: Db, actor: Actor, articleId: string): Promise<AgreementReport> {
  const { viewer } = await requireArticleViewer(db, actor, articleId, "review");
  return buildReport(db, viewer, { articleId });
}

/** Reviewers see every claim; the policy's condition is still what selects them, so there is one rule to read. */
async function buildReport(db: Db, viewer: ProjectViewer, options: { articleId?: string }): Promise<AgreementReport> {
  const scope = { projectId: viewer.projectId, articleId: options.articleId };
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
    annotatorsByArticle[row.articleId] ??= [];
    annotatorsByArticle[row.articleId]!.push(row.userId);
    sentenceCounts.set(row.articleId, row.sentenceCount);
  }

  const articleIds = [...sentenceCounts.keys()];
  const claimsByArticle = new Map<string, AgreementClaim[]>();
  const excludedByArticle = new Map<string, number[]>();
  if (articleIds.length) {
    const exclusions = await db
      .select({ articleId: sentenceExclusions.articleId, sentenceIndex: sentenceExclusions.sentenceIndex })
      .from(sentenceExclusions)
      .where(and(eq(sentenceExclusions.projectId, scope.projectId), inArray(sentenceExclusions.articleId, articleIds)));
    for (const { articleId, sentenceIndex } of exclusions)
      excludedByArticle.set(articleId, [...(excludedByArticle.get(articleId) ?? []), sentenceIndex]);
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
      .where(and(visibleClaims(viewer), inArray(claims.articleId, articleIds), isNull(claims.deletedAt), eq(claims.isGold, false)));
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
    excludedSentences: excludedByArticle.get(articleId) ?? [],
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
