import "server-only";
import { and, asc, eq, isNull, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { articles, assignments, claims, projectMembers, users } from "@/db/schema";
import { requireProjectRole, type Actor } from "../authz";

export const ARTICLE_STATES = ["unassigned", "in_progress", "submitted", "reviewed", "adjudicated"] as const;
export type ArticleState = (typeof ARTICLE_STATES)[number];

export type DashboardArticle = {
  id: string;
  title: string;
  state: ArticleState;
  assignees: Array<{ userId: string; name: string; status: "assigned" | "submitted" }>;
  /** Live non-gold claims awaiting a decision. */
  awaitingReview: number;
  goldClaims: number;
};

export type AnnotatorProgress = {
  userId: string;
  name: string;
  role: string;
  assigned: number;
  submitted: number;
  claims: number;
  byStatus: Record<string, number>;
};

export type ProjectDashboard = {
  articles: DashboardArticle[];
  stateCounts: Record<ArticleState, number>;
  annotators: AnnotatorProgress[];
};

/**
 * Progress of a project (any member). An article is
 * - adjudicated when it has a gold claim;
 * - unassigned when nobody is assigned;
 * - in progress while an assignee has not submitted;
 * - submitted when every assignee has submitted and claims await a decision;
 * - reviewed when every assignee has submitted and nothing awaits a decision.
 */
export async function getProjectDashboard(db: Db, actor: Actor, projectId: string): Promise<ProjectDashboard> {
  await requireProjectRole(db, projectId, actor, "read");
  const articleRows = await db
    .select({
      id: articles.id,
      title: articles.title,
      awaitingReview: sql<number>`(select count(*)::int from ${claims} c where c.article_id = "articles"."id" and c.deleted_at is null and not c.is_gold and c.status = 'submitted')`,
      goldClaims: sql<number>`(select count(*)::int from ${claims} c where c.article_id = "articles"."id" and c.deleted_at is null and c.is_gold)`,
    })
    .from(articles)
    .where(eq(articles.projectId, projectId))
    .orderBy(asc(articles.title));
  const assignmentRows = await db
    .select({ articleId: assignments.articleId, userId: assignments.userId, name: users.name, status: assignments.status })
    .from(assignments)
    .innerJoin(users, eq(users.id, assignments.userId))
    .where(eq(assignments.projectId, projectId))
    .orderBy(asc(users.name));

  const byArticle = new Map<string, DashboardArticle["assignees"]>();
  for (const row of assignmentRows) {
    const list = byArticle.get(row.articleId) ?? [];
    list.push({ userId: row.userId, name: row.name, status: row.status });
    byArticle.set(row.articleId, list);
  }
  const stateCounts = Object.fromEntries(ARTICLE_STATES.map((s) => [s, 0])) as Record<ArticleState, number>;
  const dashboardArticles = articleRows.map((row): DashboardArticle => {
    const assignees = byArticle.get(row.id) ?? [];
    let state: ArticleState;
    if (row.goldClaims > 0) state = "adjudicated";
    else if (assignees.length === 0) state = "unassigned";
    else if (assignees.some((a) => a.status === "assigned")) state = "in_progress";
    else if (row.awaitingReview > 0) state = "submitted";
    else state = "reviewed";
    stateCounts[state]++;
    return { ...row, state, assignees };
  });

  const members = await db
    .select({ userId: users.id, name: users.name, role: projectMembers.role })
    .from(projectMembers)
    .innerJoin(users, eq(users.id, projectMembers.userId))
    .where(eq(projectMembers.projectId, projectId))
    .orderBy(asc(users.name));
  const claimCounts = await db
    .select({ authorId: claims.authorId, status: claims.status, n: sql<number>`count(*)::int` })
    .from(claims)
    .where(and(eq(claims.projectId, projectId), isNull(claims.deletedAt), eq(claims.isGold, false)))
    .groupBy(claims.authorId, claims.status);
  const annotators = members
    .map((member): AnnotatorProgress => {
      const mine = assignmentRows.filter((a) => a.userId === member.userId);
      const byStatus: Record<string, number> = {};
      let total = 0;
      for (const c of claimCounts) {
        if (c.authorId !== member.userId) continue;
        byStatus[c.status] = c.n;
        total += c.n;
      }
      return {
        ...member,
        assigned: mine.length,
        submitted: mine.filter((a) => a.status === "submitted").length,
        claims: total,
        byStatus,
      };
    })
    .filter((a) => a.assigned > 0 || a.claims > 0 || a.role === "annotator");
  return { articles: dashboardArticles, stateCounts, annotators };
}
