import "server-only";
import { and, asc, count, eq, inArray, isNull, type SQL, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { z } from "zod";
import type { Db } from "@/db/client";
import { articles, assignments, claims, projectMembers, users } from "@/db/schema";
import { unstorableProblem } from "@/lib/storable-text";
import type { Actor } from "../authz";
import { containsPattern } from "../sql-like";
import { canSeeWork, type ProjectViewer, requireProjectViewer, visibleAcrossProjects, visibleClaims } from "../visibility";

// A project's progress: the overview's aggregates and the articles section's pages.

export const ARTICLE_STATES = ["unassigned", "in_progress", "submitted", "reviewed", "adjudicated"] as const;
export type ArticleState = (typeof ARTICLE_STATES)[number];

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

export type ProjectOverview = {
  /** Articles per state, over every article of the project (each in exactly one state). */
  stateCounts: Record<ArticleState, number>;
  articleCount: number;
  /** Live non-gold claims awaiting a decision, of those the viewer may see. */
  awaitingReview: number;
  annotators: AnnotatorProgress[];
};

/**
 * The state of each article, counted over what the viewer may see
 * (server/visibility.ts: in a blind project an annotator's or viewer's counts
 * cover their own claims and submissions, and others' only on closed
 * articles). An article is
 * - adjudicated when it has a (visible) gold claim;
 * - unassigned when nobody is assigned;
 * - in progress while an assignee has not submitted (or whether they have is hidden);
 * - submitted when every assignee has submitted and claims await a decision;
 * - reviewed when every assignee has submitted and nothing awaits a decision.
 *
 * The one definition of these rules, as SQL over the outer `articles` row:
 * each article's counts are two subqueries on its own claims and assignments
 * (index lookups by article), so a page of 50 reads only its 50 articles'
 * rows, and the overview groups the states in the database.
 */
/**
 * Whether the viewer may know an assignment's status: the visibility rule's
 * SQL form over the assignment's row and its article's closing time (the
 * Node form, canSeeWork, judges rows already read).
 */
function assignmentStatusIsVisible(actor: Actor, viewer: ProjectViewer, articleClosedAt: SQL): SQL {
  return visibleAcrossProjects(actor, {
    isBlind: sql`${viewer.isBlind}::boolean`,
    memberRole: sql`${viewer.role}::text`,
    authorId: sql`${assignments.userId}`,
    articleClosedAt,
  });
}

function articleProgress(db: Db, actor: Actor, viewer: ProjectViewer) {
  const claimCounts = db
    .select({
      awaitingReview: sql<number>`count(*) filter (where not ${claims.isGold} and ${claims.status} = 'submitted')::int`.as("awaiting_review"),
      goldClaims: sql<number>`count(*) filter (where ${claims.isGold})::int`.as("gold_claims"),
    })
    .from(claims)
    .where(and(eq(claims.articleId, articles.id), isNull(claims.deletedAt), visibleClaims(viewer)))
    .as("claim_counts");
  const statusIsVisible = assignmentStatusIsVisible(actor, viewer, sql`${articles.closedAt}`);
  const seats = db
    .select({
      assignees: sql<number>`count(*)::int`.as("assignees"),
      unfinished: sql<number>`count(*) filter (where ${assignments.status} <> 'submitted' or not ${statusIsVisible})::int`.as("unfinished"),
    })
    .from(assignments)
    .where(eq(assignments.articleId, articles.id))
    .as("seats");
  const is = (state: ArticleState) => sql.raw(`'${state}'`);
  const state = sql<ArticleState>`(case
    when ${claimCounts.goldClaims} > 0 then ${is("adjudicated")}
    when ${seats.assignees} = 0 then ${is("unassigned")}
    when ${seats.unfinished} > 0 then ${is("in_progress")}
    when ${claimCounts.awaitingReview} > 0 then ${is("submitted")}
    else ${is("reviewed")} end)`;
  return { claimCounts, seats, state };
}

/**
 * The overview of a project (any member): articles per state, the claims
 * awaiting review and each annotator's progress, counted over what the viewer
 * may see (the rules at {@link articleProgress}). Everything is grouped in the
 * database; what comes back is one row per state and per member.
 */
export async function getProjectOverview(db: Db, actor: Actor, projectId: string): Promise<ProjectOverview> {
  const viewer = await requireProjectViewer(db, actor, projectId, "read");
  const progress = articleProgress(db, actor, viewer);
  const assignmentArticle = alias(articles, "assignment_article");
  const [stateRows, members, assignmentRows, claimRows] = await Promise.all([
    db
      .select({ state: progress.state, n: sql<number>`count(*)::int`, awaiting: sql<number>`sum(${progress.claimCounts.awaitingReview})::int` })
      .from(articles)
      .crossJoinLateral(progress.claimCounts)
      .crossJoinLateral(progress.seats)
      .where(eq(articles.projectId, projectId))
      .groupBy(progress.state),
    db
      .select({ userId: users.id, name: users.name, role: projectMembers.role })
      .from(projectMembers)
      .innerJoin(users, eq(users.id, projectMembers.userId))
      .where(eq(projectMembers.projectId, projectId))
      .orderBy(asc(users.name), asc(users.id)),
    db
      .select({
        userId: assignments.userId,
        assigned: sql<number>`count(*)::int`,
        submitted: sql<number>`count(*) filter (where ${assignments.status} = 'submitted' and ${assignmentStatusIsVisible(
          actor,
          viewer,
          sql`${assignmentArticle.closedAt}`,
        )})::int`,
      })
      .from(assignments)
      .innerJoin(assignmentArticle, eq(assignmentArticle.id, assignments.articleId))
      .where(eq(assignments.projectId, projectId))
      .groupBy(assignments.userId),
    db
      .select({ authorId: claims.authorId, status: claims.status, n: sql<number>`count(*)::int` })
      .from(claims)
      .where(and(visibleClaims(viewer), isNull(claims.deletedAt), eq(claims.isGold, false)))
      .groupBy(claims.authorId, claims.status),
  ]);

  const stateCounts = Object.fromEntries(ARTICLE_STATES.map((s) => [s, 0])) as Record<ArticleState, number>;
  let awaitingReview = 0;
  for (const row of stateRows) {
    stateCounts[row.state] = row.n;
    awaitingReview += row.awaiting ?? 0;
  }
  const seatsOf = new Map(assignmentRows.map((row) => [row.userId, row]));
  const annotators = members
    .map((member): AnnotatorProgress => {
      const byStatus: Record<string, number> = {};
      let total = 0;
      for (const row of claimRows) {
        if (row.authorId !== member.userId) continue;
        byStatus[row.status] = row.n;
        total += row.n;
      }
      const seats = seatsOf.get(member.userId);
      return { ...member, assigned: seats?.assigned ?? 0, submitted: seats?.submitted ?? 0, claims: total, byStatus };
    })
    .filter((a) => a.assigned > 0 || a.claims > 0 || a.role === "annotator");
  return { stateCounts, articleCount: Object.values(stateCounts).reduce((sum, n) => sum + n, 0), awaitingReview, annotators };
}

// ── The articles section: one page at a time ────────────────────────────────

/** Articles per page of the articles section: a screenful to scan, and a bounded amount of work per request. */
export const PROJECT_ARTICLES_PAGE_SIZE = 50;

/**
 * The articles section's query as the page address carries it: `q` (title
 * text), `state` and `page`. Lenient, like the assignment board's: a
 * hand-edited address with a wrong value shows the default instead of an
 * error page; a page past the end shows the last one.
 */
export const projectArticlesQuerySchema = z.object({
  // Text Postgres cannot hold (a NUL, a lone surrogate) would fail the query: such an address shows every article.
  q: z
    .string()
    .trim()
    .max(200)
    .refine((q) => unstorableProblem(q) === null)
    .catch(""),
  state: z.enum(ARTICLE_STATES).optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(1_000_000).catch(1),
});
export type ProjectArticlesQuery = z.output<typeof projectArticlesQuerySchema>;

export type ProjectArticle = {
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

export type ProjectArticlesPage = {
  /** The query as answered: the page is within 1…pageCount. */
  query: ProjectArticlesQuery;
  articles: ProjectArticle[];
  /** Every article the filters match. */
  total: number;
  pageCount: number;
  pageSize: number;
};

/**
 * One page of a project's articles (any member), by title, each with its
 * state, its assignees and its counts, as the viewer may see them (the rules
 * at {@link articleProgress}). Without a state filter the page's articles
 * are chosen first and only theirs are counted; a state filter needs every
 * article's state, which is the overview's one pass over the project.
 */
export async function listProjectArticles(db: Db, actor: Actor, projectId: string, query: ProjectArticlesQuery): Promise<ProjectArticlesPage> {
  const viewer = await requireProjectViewer(db, actor, projectId, "read");
  const progress = articleProgress(db, actor, viewer);
  const matching: SQL[] = [eq(articles.projectId, projectId)];
  if (query.q !== "") matching.push(sql`${articles.title} ilike ${containsPattern(query.q)}`);
  const where = and(...matching, query.state === undefined ? undefined : sql`${progress.state} = ${query.state}`);
  // The page is chosen first, with the count of all that match beside it (one pass: on the articles alone,
  // or with a state filter on every article's state), then only the page's articles are counted in detail.
  const choose = (page: number) =>
    (query.state === undefined
      ? db.select({ id: articles.id, total: sql<number>`(count(*) over ())::int` }).from(articles)
      : db
          .select({ id: articles.id, total: sql<number>`(count(*) over ())::int` })
          .from(articles)
          .crossJoinLateral(progress.claimCounts)
          .crossJoinLateral(progress.seats)
    )
      .where(where)
      .orderBy(asc(articles.title), asc(articles.id))
      .limit(PROJECT_ARTICLES_PAGE_SIZE)
      .offset((page - 1) * PROJECT_ARTICLES_PAGE_SIZE);
  let page = query.page;
  let chosen = await choose(page);
  let total = chosen[0]?.total ?? 0;
  if (chosen.length === 0 && page > 1) {
    // Past the end (a stale link, a hand-edited address): count what matches, and answer the last page.
    total =
      query.state === undefined
        ? await db.$count(articles, where)
        : ((await db.select({ n: count() }).from(articles).crossJoinLateral(progress.claimCounts).crossJoinLateral(progress.seats).where(where))[0]
            ?.n ?? 0);
    page = Math.max(1, Math.ceil(total / PROJECT_ARTICLES_PAGE_SIZE));
    chosen = total === 0 ? [] : await choose(page);
  }
  const pageCount = Math.max(1, Math.ceil(total / PROJECT_ARTICLES_PAGE_SIZE));
  const ids = chosen.map((row) => row.id);
  const [rows, assigneeRows]: [
    Array<Omit<ProjectArticle, "assignees">>,
    Array<{ articleId: string; userId: string; name: string; status: "assigned" | "submitted" }>,
  ] =
    ids.length === 0
      ? [[], []]
      : await Promise.all([
          db
            .select({
              id: articles.id,
              title: articles.title,
              closedAt: articles.closedAt,
              state: progress.state,
              awaitingReview: progress.claimCounts.awaitingReview,
              goldClaims: progress.claimCounts.goldClaims,
            })
            .from(articles)
            .crossJoinLateral(progress.claimCounts)
            .crossJoinLateral(progress.seats)
            .where(inArray(articles.id, ids))
            .orderBy(asc(articles.title), asc(articles.id)),
          db
            .select({ articleId: assignments.articleId, userId: assignments.userId, name: users.name, status: assignments.status })
            .from(assignments)
            .innerJoin(users, eq(users.id, assignments.userId))
            .where(inArray(assignments.articleId, ids))
            .orderBy(asc(users.name), asc(users.id)),
        ]);
  const closedAtOf = new Map(rows.map((row) => [row.id, row.closedAt]));
  const byArticle = new Map<string, ProjectArticle["assignees"]>();
  for (const row of assigneeRows) {
    const isVisible = canSeeWork(viewer, { authorId: row.userId, articleClosedAt: closedAtOf.get(row.articleId) ?? null });
    const list = byArticle.get(row.articleId) ?? [];
    list.push({ userId: row.userId, name: row.name, status: isVisible ? row.status : null });
    byArticle.set(row.articleId, list);
  }
  return {
    query: { ...query, page },
    articles: rows.map((row) => ({ ...row, assignees: byArticle.get(row.id) ?? [] })),
    total,
    pageCount,
    pageSize: PROJECT_ARTICLES_PAGE_SIZE,
  };
}
