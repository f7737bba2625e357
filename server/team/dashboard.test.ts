/**
 * A project's progress at the scale of a page: the overview's aggregates are
 * counted in the database, and the articles section reads one page at a time.
 * The overview must count what the dashboard it replaced counted — that
 * dashboard, which read every article, assignment and claim into Node, is
 * kept below as the reference — for every role, in a blind and an open
 * project, through every article state.
 */
import { and, asc, eq, isNull, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { articles, assignments, claims, projectMembers, users } from "@/db/schema";
import { addRole, createArticle, createClaim, createUser, describeEachDatabase, expectAppError, newProject } from "@/test-support/team-fixtures";
import type { Actor } from "../authz";
import { setClaimDeleted } from "../claims";
import { parseWith } from "../http";
import { canSeeWork, requireProjectViewer, visibleClaims } from "../visibility";
import { closeArticle, promoteSchema, promoteToGold } from "./adjudication";
import { assignArticle } from "./assignments";
import {
  type AnnotatorProgress,
  ARTICLE_STATES,
  type ArticleState,
  getProjectOverview,
  listProjectArticles,
  PROJECT_ARTICLES_PAGE_SIZE,
  type ProjectArticle,
  projectArticlesQuerySchema,
} from "./dashboard";
import { decideClaim } from "./decisions";
import { submitArticle } from "./submission";

/** The dashboard as it was before it paged: everything read, the states decided in Node. The oracle. */
async function referenceDashboard(db: Db, actor: Actor, projectId: string) {
  const viewer = await requireProjectViewer(db, actor, projectId, "read");
  const articleRows = await db
    .select({ id: articles.id, title: articles.title, closedAt: articles.closedAt })
    .from(articles)
    .where(eq(articles.projectId, projectId))
    .orderBy(asc(articles.title), asc(articles.id));
  const closedAtOf = new Map(articleRows.map((a) => [a.id, a.closedAt]));
  const claimCounts = await db
    .select({ articleId: claims.articleId, authorId: claims.authorId, status: claims.status, isGold: claims.isGold, n: sql<number>`count(*)::int` })
    .from(claims)
    .where(and(visibleClaims(viewer), isNull(claims.deletedAt)))
    .groupBy(claims.articleId, claims.authorId, claims.status, claims.isGold);
  const assignmentRows = (
    await db
      .select({ articleId: assignments.articleId, userId: assignments.userId, name: users.name, status: assignments.status })
      .from(assignments)
      .innerJoin(users, eq(users.id, assignments.userId))
      .where(eq(assignments.projectId, projectId))
      .orderBy(asc(users.name), asc(users.id))
  ).map((a) => ({
    ...a,
    status: canSeeWork(viewer, { authorId: a.userId, articleClosedAt: closedAtOf.get(a.articleId) ?? null }) ? a.status : null,
  }));
  const stateCounts = Object.fromEntries(ARTICLE_STATES.map((s) => [s, 0])) as Record<ArticleState, number>;
  const list = articleRows.map((row): ProjectArticle => {
    const assignees = assignmentRows.filter((a) => a.articleId === row.id).map(({ userId, name, status }) => ({ userId, name, status }));
    const mine = claimCounts.filter((c) => c.articleId === row.id);
    const goldClaims = mine.filter((c) => c.isGold).reduce((sum, c) => sum + c.n, 0);
    const awaitingReview = mine.filter((c) => !c.isGold && c.status === "submitted").reduce((sum, c) => sum + c.n, 0);
    let state: ArticleState;
    if (goldClaims > 0) state = "adjudicated";
    else if (assignees.length === 0) state = "unassigned";
    else if (assignees.some((a) => a.status !== "submitted")) state = "in_progress";
    else if (awaitingReview > 0) state = "submitted";
    else state = "reviewed";
    stateCounts[state]++;
    return { ...row, state, assignees, awaitingReview, goldClaims };
  });
  const members = await db
    .select({ userId: users.id, name: users.name, role: projectMembers.role })
    .from(projectMembers)
    .innerJoin(users, eq(users.id, projectMembers.userId))
    .where(eq(projectMembers.projectId, projectId))
    .orderBy(asc(users.name), asc(users.id));
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
      return { ...member, assigned: mine.length, submitted: mine.filter((a) => a.status === "submitted").length, claims: total, byStatus };
    })
    .filter((a) => a.assigned > 0 || a.claims > 0 || a.role === "annotator");
  const awaitingReview = list.reduce((sum, a) => sum + a.awaitingReview, 0);
  return { articles: list, stateCounts, annotators, awaitingReview };
}

const BODY =
  "The city spent 4 million euros on bike lanes in 2023. The mayor said traffic fell by 12 percent. " + "Critics called the plan a waste of money.";
const textOf = (title: string) => `${title}\n\n${BODY}`;

type Who = "ann" | "ben" | "cleo" | "rita" | "vera" | "admin";
const PEOPLE: Who[] = ["ann", "ben", "cleo", "rita", "vera", "admin"];

/** Every article listed, page by page. */
async function allArticles(db: Db, actor: Actor, projectId: string): Promise<ProjectArticle[]> {
  const found: ProjectArticle[] = [];
  for (let page = 1; ; page++) {
    const result = await listProjectArticles(db, actor, projectId, { q: "", page });
    found.push(...result.articles);
    if (page >= result.pageCount) return found;
  }
}

describeEachDatabase("team: project overview and articles", (getDatabase) => {
  let db: Db;
  const people = {} as Record<Who, Actor>;

  beforeAll(async () => {
    db = getDatabase().db;
    people.admin = await createUser(db, "Admin", { isAdmin: true });
    people.ann = await createUser(db, "Ann");
    people.ben = await createUser(db, "Ben");
    people.cleo = await createUser(db, "Cleo");
    people.rita = await createUser(db, "Rita");
    people.vera = await createUser(db, "Vera");
  });

  /**
   * A project with one article in each state, as the reviewer sees it:
   * "A unassigned"; "B in progress" (Ann drafting, one draft deleted; Ben submitted); "C submitted" (both
   * submitted, awaiting review); "D reviewed" (Ann submitted, Rita accepted); "E adjudicated" (gold, closed).
   * Cleo annotates nothing; Vera views.
   */
  async function seedProject(name: string, isBlind: boolean) {
    const project = await newProject(db, people.admin, name, { isBlind });
    await addRole(db, project.id, people.ann.id, "annotator");
    await addRole(db, project.id, people.ben.id, "annotator");
    await addRole(db, project.id, people.cleo.id, "annotator");
    await addRole(db, project.id, people.rita.id, "reviewer");
    await addRole(db, project.id, people.vera.id, "viewer");
    const ids: Record<string, string> = {};
    for (const title of ["A unassigned", "B in progress", "C submitted", "D reviewed", "E adjudicated"]) {
      ids[title[0]!] = (await createArticle(db, project.id, textOf(title))).id;
    }
    const both = [people.ann.id, people.ben.id];
    await assignArticle(db, people.rita, { articleId: ids.B!, userIds: both });
    await assignArticle(db, people.rita, { articleId: ids.C!, userIds: both });
    await assignArticle(db, people.rita, { articleId: ids.D!, userIds: [people.ann.id] });
    await assignArticle(db, people.rita, { articleId: ids.E!, userIds: both });

    await createClaim(db, people.ann, ids.B!, textOf("B in progress"), "4 million euros");
    const gone = await createClaim(db, people.ann, ids.B!, textOf("B in progress"), "12 percent");
    await setClaimDeleted(db, people.ann, { claimId: gone.id, restore: false });
    await createClaim(db, people.ben, ids.B!, textOf("B in progress"), "12 percent");
    await submitArticle(db, people.ben, ids.B!);

    await createClaim(db, people.ann, ids.C!, textOf("C submitted"), "4 million euros");
    await createClaim(db, people.ben, ids.C!, textOf("C submitted"), "12 percent");
    await createClaim(db, people.ben, ids.C!, textOf("C submitted"), "a waste of money");
    await submitArticle(db, people.ann, ids.C!);
    await submitArticle(db, people.ben, ids.C!);

    const reviewed = await createClaim(db, people.ann, ids.D!, textOf("D reviewed"), "4 million euros");
    await submitArticle(db, people.ann, ids.D!);
    await decideClaim(db, people.rita, { claimId: reviewed.id, decision: "accept", comment: "" });

    await createClaim(db, people.ann, ids.E!, textOf("E adjudicated"), "4 million euros");
    const benE = await createClaim(db, people.ben, ids.E!, textOf("E adjudicated"), "12 percent");
    await submitArticle(db, people.ann, ids.E!);
    await submitArticle(db, people.ben, ids.E!);
    await promoteToGold(db, people.rita, parseWith(promoteSchema, { claimIds: [benE.id] }));
    await closeArticle(db, people.rita, ids.E!);
    return { projectId: project.id, ids };
  }

  for (const isBlind of [true, false]) {
    describe(isBlind ? "blind project" : "open project", () => {
      let scenario: Awaited<ReturnType<typeof seedProject>>;
      beforeAll(async () => {
        scenario = await seedProject(isBlind ? "Progress blind" : "Progress open", isBlind);
      });

      it("the overview counts what the old dashboard counted, for every role", async () => {
        for (const who of PEOPLE) {
          const overview = await getProjectOverview(db, people[who], scenario.projectId);
          const reference = await referenceDashboard(db, people[who], scenario.projectId);
          expect(overview, who).toEqual({
            stateCounts: reference.stateCounts,
            articleCount: 5,
            awaitingReview: reference.awaitingReview,
            annotators: reference.annotators,
          });
        }
      });

      it("the articles section lists what the old dashboard listed, for every role", async () => {
        for (const who of PEOPLE) {
          const reference = await referenceDashboard(db, people[who], scenario.projectId);
          expect(await allArticles(db, people[who], scenario.projectId), who).toEqual(reference.articles);
        }
      });

      it("the reviewer sees one article in each state, and each article's counts", async () => {
        const overview = await getProjectOverview(db, people.rita, scenario.projectId);
        expect(overview.stateCounts).toEqual({ unassigned: 1, in_progress: 1, submitted: 1, reviewed: 1, adjudicated: 1 });
        expect(overview.awaitingReview).toBe(6); // Ben's on B; three on C; Ann's and Ben's on E (gold does not decide them)
        expect(overview.annotators.map((a) => a.name)).toEqual(["Ann", "Ben", "Cleo"]);
        expect(overview.annotators.find((a) => a.userId === people.ann.id)).toMatchObject({
          assigned: 4,
          submitted: 3,
          claims: 4, // the deleted draft is not counted
          byStatus: { draft: 1, submitted: 2, accepted: 1 },
        });
        expect(overview.annotators.find((a) => a.userId === people.cleo.id)).toMatchObject({ assigned: 0, claims: 0, byStatus: {} });

        const page = await listProjectArticles(db, people.rita, scenario.projectId, { q: "", page: 1 });
        expect(page.articles.map((a) => [a.title, a.state, a.awaitingReview, a.goldClaims])).toEqual([
          ["A unassigned", "unassigned", 0, 0],
          ["B in progress", "in_progress", 1, 0],
          ["C submitted", "submitted", 3, 0],
          ["D reviewed", "reviewed", 0, 0],
          ["E adjudicated", "adjudicated", 2, 1],
        ]);
        const b = page.articles.find((a) => a.id === scenario.ids.B);
        expect(b?.assignees).toEqual([
          { userId: people.ann.id, name: "Ann", status: "assigned" },
          { userId: people.ben.id, name: "Ben", status: "submitted" },
        ]);
        expect(page.articles.find((a) => a.id === scenario.ids.E)?.closedAt).toBeInstanceOf(Date);
        expect(page.articles.find((a) => a.id === scenario.ids.A)?.closedAt).toBeNull();
      });

      it("an annotator sees a fellow annotator's status and claims only where the blinds allow", async () => {
        const overview = await getProjectOverview(db, people.ann, scenario.projectId);
        const page = await listProjectArticles(db, people.ann, scenario.projectId, { q: "", page: 1 });
        const c = page.articles.find((a) => a.id === scenario.ids.C)!;
        const ben = overview.annotators.find((a) => a.userId === people.ben.id)!;
        if (isBlind) {
          // Ben's submission on C is hidden: for Ann it is still in progress, and only her own claim awaits.
          expect(overview.stateCounts).toEqual({ unassigned: 1, in_progress: 2, submitted: 0, reviewed: 1, adjudicated: 1 });
          expect(c.assignees.map((a) => a.status)).toEqual(["submitted", null]);
          expect(c.awaitingReview).toBe(1);
          // Ben's work counts only on the closed article E: one submission, one claim (his other one there is gold).
          expect(ben).toMatchObject({ assigned: 3, submitted: 1, claims: 1 });
        } else {
          expect(overview.stateCounts).toEqual({ unassigned: 1, in_progress: 1, submitted: 1, reviewed: 1, adjudicated: 1 });
          expect(c.assignees.map((a) => a.status)).toEqual(["submitted", "submitted"]);
          expect(c.awaitingReview).toBe(3);
          expect(ben).toMatchObject({ assigned: 3, submitted: 3, claims: 4 });
        }
      });

      it("filters by state and by title text", async () => {
        const inProgress = await listProjectArticles(db, people.ann, scenario.projectId, { q: "", state: "in_progress", page: 1 });
        expect(inProgress.articles.map((a) => a.title)).toEqual(isBlind ? ["B in progress", "C submitted"] : ["B in progress"]);
        expect(inProgress.total).toBe(isBlind ? 2 : 1);
        const byTitle = await listProjectArticles(db, people.rita, scenario.projectId, { q: "REVIEW", page: 1 });
        expect(byTitle.articles.map((a) => a.title)).toEqual(["D reviewed"]);
        // % and _ are letters here, not wildcards.
        expect((await listProjectArticles(db, people.rita, scenario.projectId, { q: "%", page: 1 })).total).toBe(0);
        const both = await listProjectArticles(db, people.rita, scenario.projectId, { q: "e", state: "adjudicated", page: 1 });
        expect(both.articles.map((a) => a.title)).toEqual(["E adjudicated"]);
      });
    });
  }

  it("someone outside the project is told there is no such project", async () => {
    const project = await newProject(db, people.admin, "Progress private");
    const outsider = await createUser(db, "Otto");
    expect((await expectAppError(() => getProjectOverview(db, outsider, project.id))).code).toBe("not_found:project");
    expect((await expectAppError(() => listProjectArticles(db, outsider, project.id, { q: "", page: 1 }))).code).toBe("not_found:project");
  });

  describe("pages", () => {
    let projectId: string;
    beforeAll(async () => {
      projectId = (await newProject(db, people.admin, "Progress pages")).id;
      await addRole(db, projectId, people.ann.id, "annotator");
      // 120 articles written directly: the pages are the subject here, not the importer.
      await db.insert(articles).values(
        Array.from({ length: 120 }, (_, i) => ({
          projectId,
          title: `Article ${String(i + 1).padStart(3, "0")}`,
          text: `Article ${i + 1}`,
          contentHash: `pages-${i}`,
        })),
      );
      const [first] = await db
        .select({ id: articles.id })
        .from(articles)
        .where(and(eq(articles.projectId, projectId), eq(articles.title, "Article 001")));
      await assignArticle(db, people.admin, { articleId: first!.id, userIds: [people.ann.id] });
    });

    const titles = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => `Article ${String(from + i).padStart(3, "0")}`);

    it("pages through the articles by title, the last page shorter", async () => {
      const one = await listProjectArticles(db, people.ann, projectId, { q: "", page: 1 });
      expect([one.total, one.pageCount, one.pageSize, one.query.page]).toEqual([120, 3, PROJECT_ARTICLES_PAGE_SIZE, 1]);
      expect(one.articles.map((a) => a.title)).toEqual(titles(1, 50));
      expect(one.articles[0]).toMatchObject({ state: "in_progress", assignees: [{ name: "Ann", status: "assigned" }] });
      const two = await listProjectArticles(db, people.ann, projectId, { q: "", page: 2 });
      expect(two.articles.map((a) => a.title)).toEqual(titles(51, 100));
      const three = await listProjectArticles(db, people.ann, projectId, { q: "", page: 3 });
      expect(three.articles.map((a) => a.title)).toEqual(titles(101, 120));
      expect(three.articles.every((a) => a.state === "unassigned" && a.assignees.length === 0)).toBe(true);
    });

    it("a page past the end answers the last page, and says so", async () => {
      const past = await listProjectArticles(db, people.ann, projectId, { q: "", page: 99 });
      expect(past.query.page).toBe(3);
      expect(past.articles.map((a) => a.title)).toEqual(titles(101, 120));
      const filtered = await listProjectArticles(db, people.ann, projectId, { q: "Article 11", page: 2 });
      expect([filtered.query.page, filtered.total, filtered.pageCount]).toEqual([1, 10, 1]);
      expect(filtered.articles.map((a) => a.title)).toEqual(titles(110, 119));
    });

    it("a state filter pages over the matching articles only", async () => {
      const unassigned = await listProjectArticles(db, people.ann, projectId, { q: "", state: "unassigned", page: 3 });
      expect([unassigned.total, unassigned.pageCount]).toEqual([119, 3]);
      expect(unassigned.articles.map((a) => a.title)).toEqual(titles(102, 120));
      const none = await listProjectArticles(db, people.ann, projectId, { q: "", state: "reviewed", page: 2 });
      expect([none.total, none.pageCount, none.query.page, none.articles]).toEqual([0, 1, 1, []]);
    });

    it("the address is read leniently: a wrong value is the default, never an error", () => {
      expect(projectArticlesQuerySchema.parse({})).toEqual({ q: "", state: undefined, page: 1 });
      expect(projectArticlesQuerySchema.parse({ page: "abc", state: "bogus", q: "  budget " })).toEqual({ q: "budget", state: undefined, page: 1 });
      expect(projectArticlesQuerySchema.parse({ page: "0" }).page).toBe(1);
      expect(projectArticlesQuerySchema.parse({ page: "2.5" }).page).toBe(1);
      expect(projectArticlesQuerySchema.parse({ page: "3", state: "reviewed" })).toEqual({ q: "", state: "reviewed", page: 3 });
      expect(projectArticlesQuerySchema.parse({ q: "a\u0000b" }).q).toBe("");
      expect(projectArticlesQuerySchema.parse({ state: "" }).state).toBeUndefined();
    });
  });
});
