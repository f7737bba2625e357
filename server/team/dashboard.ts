import "server-only";
import { and, asc, eq, isNull, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { articles, assignments, claims, projectMembers, users } from "@/db/schema";
import type { Actor } from "../authz";
import { canSeeWork, requireProjectViewer, visibleClaims } from "../visibility";

export const ARTICLE_STATES = ["unassigned", "in_progress", "submitted", "reviewed", "adjudicated"] as const;
export type ArticleState = (typeof ARTICLE_STATES)[number];

export type DashboardArticle = {
  id: string;
  title: string;
  state: ArticleState;
  /** Status null: hidden from this viewer by blind mode (a fellow annotator's submission is their work). */
  assignees: Array<{ userId: string; name: string; status: "assigned" | "submitted" | null }>;
  /** Live non-gold claims awaiting a decision, of those the viewer may see. */
  awaitingReview: number;
  /** Gold claims the viewer may see. */
  goldClaims: number;
  /** When a reviewer closed the article (after adjudication), or null. */
  closedAt: Date | null;
};

export type AnnotatorProgress = {
  userId: string;
  name: string;
  role: string;
  assigned: number;
  /** Submitted assignments the viewer may know about. */
  submitted: number;
  /** The member's live, non-gold claims the viewer may see, and by status. */
  claims: number;
  byStatus: Record<string, number>;
};

export type ProjectDashboard = {
  articles: DashboardArticle[];
  stateCounts: Record<ArticleState, number>;
  annotators: AnnotatorProgress[];
};

/**
 * Progress of a project (any member), counted over what the viewer may see
 * (server/visibility.ts): in a blind project an annotator's or viewer's
 * dashboard shows their own claims and submissions, and others' only on
 * closed articles. An article is
 * - adjudicated when it has a (visible) gold claim;
 * - unassigned when nobody is assigned;
 * - in progress while an assignee has not submitted (or whether they have is hidden);
 * - submitted when every assignee has submitted and claims await a decision;
 * - reviewed when every assignee has submitted and nothing awaits a decision.
 */
export async function getProjectDashboard(db: Db, actor: Actor, projectId: string): Promise<ProjectDashboard> {
  const viewer = await requireProjectViewer(db, actor, projectId, "read");
  const articleRows = await db
    .select({ id: articles.id, title: articles.title, closedAt: articles.closedAt })
    .from(articles)
    .where(eq(articles.projectId, projectId))
    .orderBy(asc(articles.title));
  const closedAtOf = new Map(articleRows.map((a) => [a.id, a.closedAt]));
  // One grouped pass over the visible claims for both the per-article and the per-annotator counts.
  const claimCounts = await db
    .select({
      articleId: claims.articleId,
      authorId: claims.authorId,
      status: claims.status,
      isGold: claims.isGold,
      n: sql<number>`count(*)::int`,
    })
    .from(claims)
    .where(and(visibleClaims(viewer), isNull(claims.deletedAt)))
    .groupBy(claims.articleId, claims.authorId, claims.status, claims.isGold);
  const assignmentRows = (
    await db
      .select({ articleId: assignments.articleId, userId: assignments.userId, name: users.name, status: assignments.status })
      .from(assignments)
      .innerJoin(users, eq(users.id, assignments.userId))
      .where(eq(assignments.projectId, projectId))
      .orderBy(asc(users.name))
  ).map((a) => ({
    ...a,
    status: canSeeWork(viewer, { authorId: a.userId, articleClosedAt: closedAtOf.get(a.articleId) ?? null }) ? a.status : null,
  }));

  const byArticle = new Map<string, DashboardArticle["assignees"]>();
  for (const row of assignmentRows) {
    const list = byArticle.get(row.articleId) ?? [];
    list.push({ userId: row.userId, name: row.name, status: row.status });
    byArticle.set(row.articleId, list);
  }
  const perArticle = new Map<string, { awaitingReview: number; goldClaims: number }>();
  for (const c of claimCounts) {
    const counts = perArticle.get(c.articleId) ?? { awaitingReview: 0, goldClaims: 0 };
    if (c.isGold) counts.goldClaims += c.n;
    else if (c.status === "submitted") counts.awaitingReview += c.n;
    perArticle.set(c.articleId, counts);
  }
  const stateCounts = Object.fromEntries(ARTICLE_STATES.map((s) => [s, 0])) as Record<ArticleState, number>;
  const dashboardArticles = articleRows.map((row): DashboardArticle => {
    const assignees = byArticle.get(row.id) ?? [];
    const { awaitingReview, goldClaims } = perArticle.get(row.id) ?? { awaitingReview: 0, goldClaims: 0 };
    let state: ArticleState;
    if (goldClaims > 0) state = "adjudicated";
    else if (assignees.length === 0) state = "unassigned";
    else if (assignees.some((a) => a.status !== "submitted")) state = "in_progress";
    else if (awaitingReview > 0) state = "submitted";
    else state = "reviewed";
    stateCounts[state]++;
    return { ...row, awaitingReview, goldClaims, state, assignees };
  });

  const members = await db
    .select({ userId: users.id, name: users.name, role: projectMembers.role })
    .from(projectMembers)
    .innerJoin(users, eq(users.id, projectMembers.userId))
    .where(eq(projectMembers.projectId, projectId))
    .orderBy(asc(users.name));
  const annotators = members
    .map((member): AnnotatorProgress => {
      const mine = assignmentRows.filter((a) => a.userId === member.userId);
      const byStatus: Record<string, number> = {};
      let total = 0;
      for (const c of claimCounts) {
        if (c.authorId !== member.userId || c.isGold) continue;
        byStatus[c.status] = (byStatus[c.status] ?? 0) + c.n;
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
