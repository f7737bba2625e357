import crypto from "node:crypto";
import { and, eq, inArray, like } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { articles, assignments, claims, events } from "@/db/schema";
import { routeSession } from "@/test-support/route-session";
import {
  ARTICLE_TEXT,
  addRole,
  createArticle,
  createClaim,
  createTeam,
  createUser,
  describeEachDatabase,
  expectAppError,
  newProject,
  type Team,
} from "@/test-support/team-fixtures";
import { parseWith } from "../http";
import { closeArticle } from "./adjudication";
import {
  assignArticle,
  assignmentBoard,
  boardQuerySchema,
  distributeRound,
  distributeSchema,
  listAssignments,
  previewRound,
  reassignArticle,
  setAssignmentDue,
  unassignArticle,
} from "./assignments";
import { submitArticle } from "./submission";

describeEachDatabase("team: assignments at scale (rounds, due dates, reassigning)", (getDatabase) => {
  const CAST = {
    reviewer: ["Rita", "reviewer"],
    ann1: ["Ann", "annotator"],
    ann2: ["Ben", "annotator"],
    ann3: ["Cem", "annotator"],
    ann4: ["Dana Adiyaman-Lindqvist", "annotator"],
    viewer: ["Vera", "viewer"],
    outsider: ["Otto", null],
  } as const;
  let db: Db;
  let team: Team<typeof CAST>;
  let annotatorIds: string[];

  beforeAll(async () => {
    db = getDatabase().db;
    team = await createTeam(db, "Assignments project", CAST);
    annotatorIds = [team.ann1.id, team.ann2.id, team.ann3.id, team.ann4.id];
  });

  /** `n` articles of the team's project through the real import path, each text unique to the test. */
  async function freshArticles(n: number, label: string, projectId = team.projectId) {
    const list = [];
    for (let i = 0; i < n; i++) list.push(await createArticle(db, projectId, `${label} ${i}\n\n${ARTICLE_TEXT} ${label} ${i}`));
    return list.map((a) => a.id);
  }

  async function seatsOf(articleIds: string[]) {
    const rows = await db.select().from(assignments).where(inArray(assignments.articleId, articleIds));
    const seats = new Map<string, string[]>(articleIds.map((id) => [id, []]));
    for (const row of rows) seats.get(row.articleId)?.push(row.userId);
    return { rows, seats };
  }

  async function eventsFor(articleIds: string[]) {
    return db
      .select()
      .from(events)
      .where(
        and(eq(events.entityType, "assignment"), inArray(events.action, ["assignment.created", "assignment.due_changed", "assignment.reassigned"])),
      )
      .then((rows) => rows.filter((e) => articleIds.includes(e.entityId.slice(0, 36))));
  }

  describe("distributeRound", () => {
    it("gives every article k different annotators, evenly, once: the same request again creates nothing", async () => {
      const articleIds = await freshArticles(6, "round-even");
      const input = { projectId: team.projectId, articleIds, userIds: annotatorIds, k: 2, dueAt: null };
      const preview = await previewRound(db, team.reviewer, input);
      expect((await seatsOf(articleIds)).rows).toEqual([]);

      const result = await distributeRound(db, team.reviewer, input);
      expect(result).toMatchObject({ articleCount: 6, completeCount: 0, additionCount: 12, createdCount: 12 });
      // The preview was the plan.
      expect(result.shares).toEqual(preview.shares);
      const { seats } = await seatsOf(articleIds);
      for (const seat of seats.values()) {
        expect(seat).toHaveLength(2);
        expect(new Set(seat).size).toBe(2);
      }
      const added = result.shares.map((s) => s.added);
      expect(Math.max(...added) - Math.min(...added)).toBeLessThanOrEqual(1);
      expect(result.shares.map((s) => s.name)).toEqual(["Ann", "Ben", "Cem", "Dana Adiyaman-Lindqvist"]);
      const history = await eventsFor(articleIds);
      expect(history).toHaveLength(12);
      expect(history[0]).toMatchObject({ projectId: team.projectId, actorId: team.reviewer.id, action: "assignment.created" });
      expect(history[0]?.after).toEqual({ articleId: history[0]?.entityId.slice(0, 36), userId: history[0]?.entityId.slice(37) });

      const again = await distributeRound(db, team.reviewer, input);
      expect(again).toMatchObject({ completeCount: 6, additionCount: 0, createdCount: 0 });
      expect((await seatsOf(articleIds)).rows).toHaveLength(12);
      expect(await eventsFor(articleIds)).toHaveLength(12);
    });

    it("fills only the missing seats, counting assignees who were not chosen, and gives new assignments the due date", async () => {
      const articleIds = await freshArticles(3, "round-partial");
      const [full, half, empty] = articleIds as [string, string, string];
      await assignArticle(db, team.reviewer, { articleId: full, userIds: [team.ann1.id, team.reviewer.id] });
      await assignArticle(db, team.reviewer, { articleId: half, userIds: [team.ann1.id] });
      const dueAt = "2027-01-15T23:59:59.999+01:00";
      const result = await distributeRound(db, team.reviewer, {
        projectId: team.projectId,
        articleIds,
        userIds: [team.ann1.id, team.ann2.id, team.ann3.id],
        k: 2,
        dueAt,
      });
      expect(result).toMatchObject({ completeCount: 1, createdCount: 3 });
      const { seats, rows } = await seatsOf(articleIds);
      expect(seats.get(full)?.sort()).toEqual([team.ann1.id, team.reviewer.id].sort());
      expect(seats.get(half)).toHaveLength(2);
      expect(seats.get(empty)).toHaveLength(2);
      const created = rows.filter((r) => r.dueAt !== null);
      expect(created).toHaveLength(3);
      expect(created[0]?.dueAt?.toISOString()).toBe("2027-01-15T22:59:59.999Z");
      expect(created.every((r) => r.assignedBy === team.reviewer.id && r.status === "assigned")).toBe(true);
    });

    it("counts the load annotators already carry in the project", async () => {
      const busy = await freshArticles(4, "round-busy");
      for (const articleId of busy) await assignArticle(db, team.reviewer, { articleId, userIds: [team.ann4.id] });
      const project = await newProject(db, team.admin, "Load project");
      // A fresh project: only the load carried here counts, so a new project starts even.
      for (const [user, role] of [
        [team.ann1, "annotator"],
        [team.ann4, "annotator"],
      ] as const)
        await addRole(db, project.id, user.id, role);
      const articleIds = await freshArticles(4, "round-load", project.id);
      await assignArticle(db, team.admin, { articleId: articleIds[0]!, userIds: [team.ann4.id] });
      await assignArticle(db, team.admin, { articleId: articleIds[1]!, userIds: [team.ann4.id] });
      const result = await distributeRound(db, team.admin, {
        projectId: project.id,
        articleIds: articleIds.slice(2),
        userIds: [team.ann1.id, team.ann4.id],
        k: 1,
        dueAt: null,
      });
      expect(result.shares.map((s) => [s.name, s.current, s.added])).toEqual([
        ["Ann", 0, 2],
        ["Dana Adiyaman-Lindqvist", 2, 0],
      ]);
    });

    it("leaves out articles closed after adjudication, and says how many", async () => {
      const articleIds = await freshArticles(2, "round-closed");
      await closeArticle(db, team.reviewer, articleIds[0]!);
      const input = { projectId: team.projectId, articleIds, userIds: [team.ann1.id], k: 1, dueAt: null };
      expect(await distributeRound(db, team.reviewer, input)).toMatchObject({ articleCount: 2, closedCount: 1, additionCount: 1, createdCount: 1 });
      expect((await seatsOf(articleIds)).seats.get(articleIds[0]!)).toEqual([]);
      const onlyClosed = await previewRound(db, team.reviewer, { ...input, articleIds: [articleIds[0]!] });
      expect(onlyClosed).toMatchObject({ articleCount: 1, closedCount: 1, additionCount: 0 });
      expect(onlyClosed.shares).toEqual([{ userId: team.ann1.id, name: "Ann", current: expect.any(Number), added: 0 }]);
    });

    it("refuses k above the annotators chosen, by code and field", async () => {
      const articleIds = await freshArticles(1, "round-k");
      const error = await expectAppError(() =>
        distributeRound(db, team.reviewer, { projectId: team.projectId, articleIds, userIds: [team.ann1.id, team.ann1.id], k: 2, dueAt: null }),
      );
      expect(error.status).toBe(422);
      expect(error.code).toBe("unprocessable:k_exceeds_annotators");
      expect(error.fields).toEqual({ k: "annotators per article must be at most 1, the number of annotators chosen" });
    });

    it("validates the request in the person's words, naming the field", () => {
      const error = (() => {
        try {
          parseWith(distributeSchema, { articleIds: ["nope"], userIds: [], k: 0, dueAt: "tomorrow" });
        } catch (e) {
          return e as { status: number; fields: Record<string, string> };
        }
        throw new Error("parsed");
      })();
      expect(error.status).toBe(422);
      expect(error.fields).toMatchObject({
        "articleIds.0": "must be an article id",
        userIds: "choose at least one annotator",
        k: "annotators per article must be at least 1",
      });
      expect(error.fields.dueAt).toBeDefined();
    });

    it("refuses viewers, non-members and another project's articles (422), annotators (403) and outsiders (404)", async () => {
      const articleIds = await freshArticles(1, "round-who");
      const other = await newProject(db, team.admin, "Other project");
      const [foreign] = await freshArticles(1, "round-foreign", other.id);
      const base = { projectId: team.projectId, articleIds, k: 1, dueAt: null };
      const members = await expectAppError(() =>
        distributeRound(db, team.reviewer, { ...base, userIds: [team.ann1.id, team.viewer.id, team.outsider.id] }),
      );
      expect(members.fields).toEqual({ "userIds.1": "a viewer cannot annotate", "userIds.2": "not a member of this project" });
      const cross = await expectAppError(() =>
        distributeRound(db, team.reviewer, { ...base, articleIds: [articleIds[0]!, foreign!], userIds: [team.ann1.id] }),
      );
      expect(cross.fields).toEqual({ "articleIds.1": "not an article of this project" });
      expect((await expectAppError(() => distributeRound(db, team.ann1, { ...base, userIds: [team.ann1.id] }))).code).toBe("forbidden:project");
      expect((await expectAppError(() => previewRound(db, team.outsider, { ...base, userIds: [team.ann1.id] }))).code).toBe("not_found:project");
      expect((await seatsOf([...articleIds, foreign!])).rows).toEqual([]);
    });
  });

  describe("setAssignmentDue", () => {
    it("sets and clears due dates, one history entry per change, and a repeat changes nothing", async () => {
      const articleIds = await freshArticles(2, "due");
      await distributeRound(db, team.reviewer, { projectId: team.projectId, articleIds, userIds: annotatorIds, k: 2, dueAt: null });
      const dueAt = "2027-02-01T22:59:59.999Z";
      expect(await setAssignmentDue(db, team.reviewer, { projectId: team.projectId, articleIds, dueAt })).toEqual({ changedCount: 4 });
      expect(await setAssignmentDue(db, team.reviewer, { projectId: team.projectId, articleIds, dueAt })).toEqual({ changedCount: 0 });
      const { rows } = await seatsOf(articleIds);
      expect(rows.map((r) => r.dueAt?.toISOString())).toEqual([dueAt, dueAt, dueAt, dueAt]);

      const one = rows[0]!;
      expect(
        await setAssignmentDue(db, team.reviewer, { projectId: team.projectId, articleIds: [one.articleId], userId: one.userId, dueAt: null }),
      ).toEqual({ changedCount: 1 });
      const after = await seatsOf(articleIds);
      expect(after.rows.filter((r) => r.dueAt === null).map((r) => r.userId)).toEqual([one.userId]);

      const history = (await eventsFor(articleIds)).filter((e) => e.action === "assignment.due_changed");
      expect(history).toHaveLength(5);
      const cleared = history.find((e) => e.entityId === `${one.articleId}:${one.userId}` && (e.after as { dueAt: unknown }).dueAt === null);
      const before = cleared?.before as { articleId: string; userId: string; dueAt: string } | undefined;
      expect(before).toMatchObject({ articleId: one.articleId, userId: one.userId });
      expect(before && new Date(before.dueAt).toISOString()).toBe(dueAt);
    });

    it("leaves another project's assignments alone and refuses annotators", async () => {
      const other = await newProject(db, team.admin, "Due elsewhere");
      await addRole(db, other.id, team.ann1.id, "annotator");
      const [foreign] = await freshArticles(1, "due-foreign", other.id);
      await assignArticle(db, team.admin, { articleId: foreign!, userIds: [team.ann1.id] });
      const due = "2027-03-01T00:00:00Z";
      expect(await setAssignmentDue(db, team.reviewer, { projectId: team.projectId, articleIds: [foreign!], dueAt: due })).toEqual({
        changedCount: 0,
      });
      expect(
        (await expectAppError(() => setAssignmentDue(db, team.ann1, { projectId: team.projectId, articleIds: [foreign!], dueAt: due }))).code,
      ).toBe("forbidden:project");
    });
  });

  describe("reassignArticle", () => {
    it("hands an open assignment to another annotator with its due date; the first one's claims stay theirs", async () => {
      const [articleId] = await freshArticles(1, "reassign");
      await assignArticle(db, team.reviewer, { articleId: articleId!, userIds: [team.ann1.id] });
      await setAssignmentDue(db, team.reviewer, { projectId: team.projectId, articleIds: [articleId!], dueAt: "2027-04-01T10:00:00Z" });
      const [article] = await db.select().from(articles).where(eq(articles.id, articleId!));
      const claim = await createClaim(db, team.ann1, articleId!, article!.text, "4 million euros");

      const list = await reassignArticle(db, team.reviewer, {
        projectId: team.projectId,
        articleId: articleId!,
        fromUserId: team.ann1.id,
        toUserId: team.ann2.id,
      });
      expect(list.map((a) => [a.userId, a.status, a.dueAt?.toISOString()])).toEqual([[team.ann2.id, "assigned", "2027-04-01T10:00:00.000Z"]]);
      const [kept] = await db.select().from(claims).where(eq(claims.id, claim.id));
      expect(kept?.authorId).toBe(team.ann1.id);
      expect(kept?.deletedAt).toBeNull();
      const history = (await eventsFor([articleId!])).filter((e) => e.action === "assignment.reassigned");
      expect(history.map((e) => e.entityId).sort()).toEqual([`${articleId}:${team.ann1.id}`, `${articleId}:${team.ann2.id}`].sort());
      expect(history[0]?.before).toEqual({ articleId, userId: team.ann1.id, dueAt: "2027-04-01T10:00:00.000Z" });
      expect(history[0]?.after).toEqual({ articleId, userId: team.ann2.id, dueAt: "2027-04-01T10:00:00.000Z" });
    });

    it("refuses a submitted assignment (409), a taken seat (409), the same person (422), a viewer (422), a missing assignment and another project (404)", async () => {
      const [articleId] = await freshArticles(1, "reassign-refused");
      const id = articleId!;
      await assignArticle(db, team.reviewer, { articleId: id, userIds: [team.ann1.id, team.ann2.id] });
      await submitArticle(db, team.ann1, id);
      const base = { projectId: team.projectId, articleId: id };
      expect(
        (await expectAppError(() => reassignArticle(db, team.reviewer, { ...base, fromUserId: team.ann1.id, toUserId: team.ann3.id }))).code,
      ).toBe("conflict:assignment_submitted");
      expect(
        (await expectAppError(() => reassignArticle(db, team.reviewer, { ...base, fromUserId: team.ann2.id, toUserId: team.ann1.id }))).code,
      ).toBe("conflict:assignment");
      expect(
        (await expectAppError(() => reassignArticle(db, team.reviewer, { ...base, fromUserId: team.ann2.id, toUserId: team.ann2.id }))).fields,
      ).toEqual({
        toUserId: "choose an annotator other than the one assigned now",
      });
      expect(
        (await expectAppError(() => reassignArticle(db, team.reviewer, { ...base, fromUserId: team.ann2.id, toUserId: team.viewer.id }))).fields,
      ).toEqual({
        toUserId: "a viewer cannot annotate",
      });
      expect(
        (await expectAppError(() => reassignArticle(db, team.reviewer, { ...base, fromUserId: team.ann3.id, toUserId: team.ann4.id }))).code,
      ).toBe("not_found:assignment");
      const other = await newProject(db, team.admin, "Reassign elsewhere");
      expect(
        (
          await expectAppError(() =>
            reassignArticle(db, team.admin, { ...base, projectId: other.id, fromUserId: team.ann2.id, toUserId: team.ann3.id }),
          )
        ).code,
      ).toBe("not_found:article");
      expect((await expectAppError(() => reassignArticle(db, team.ann2, { ...base, fromUserId: team.ann2.id, toUserId: team.ann3.id }))).code).toBe(
        "forbidden:article",
      );
      // Nothing moved.
      expect((await listAssignments(db, team.reviewer, id)).map((a) => a.userId).sort()).toEqual([team.ann1.id, team.ann2.id].sort());
    });
  });

  it("unassigns through a project only the project's own article", async () => {
    const [articleId] = await freshArticles(1, "unassign");
    await assignArticle(db, team.reviewer, { articleId: articleId!, userIds: [team.ann1.id] });
    const other = await newProject(db, team.admin, "Unassign elsewhere");
    expect(
      (await expectAppError(() => unassignArticle(db, team.admin, { projectId: other.id, articleId: articleId!, userId: team.ann1.id }))).code,
    ).toBe("not_found:article");
    await unassignArticle(db, team.reviewer, { projectId: team.projectId, articleId: articleId!, userId: team.ann1.id });
    expect(await listAssignments(db, team.reviewer, articleId!)).toEqual([]);
  });

  describe("assignmentBoard", () => {
    it("filters by title and by seats, pages, lists every matching id and the annotators with their load", async () => {
      const project = await newProject(db, team.admin, "Board project");
      const ann = await createUser(db, "Zoe Board");
      const ben = await createUser(db, "Yuri Board");
      await addRole(db, project.id, ann.id, "annotator");
      await addRole(db, project.id, ben.id, "annotator");
      await addRole(db, project.id, team.viewer.id, "viewer");
      const ids: string[] = [];
      for (let i = 0; i < 60; i++) {
        const label = `${i % 2 === 0 ? "Budget" : "Traffic"} 100%_${String(i).padStart(2, "0")}`;
        ids.push((await createArticle(db, project.id, `${label}\n\n${ARTICLE_TEXT} board ${i}`)).id);
      }
      await assignArticle(db, team.admin, { articleId: ids[0]!, userIds: [ann.id, ben.id] });
      await assignArticle(db, team.admin, { articleId: ids[2]!, userIds: [ann.id] });
      await submitArticle(db, ann, ids[0]!);
      // A closed article is done: not among those to assign, still on the board.
      await closeArticle(db, team.admin, ids[59]!);

      const query = (q: Record<string, string>) => parseWith(boardQuerySchema, q);
      const all = await assignmentBoard(db, team.admin, project.id, query({}));
      expect(all.matchingCount).toBe(60);
      expect(all.matchingIds).toHaveLength(60);
      expect(all.pageCount).toBe(2);
      expect(all.articles).toHaveLength(50);
      expect(all.articles[0]).toMatchObject({ title: "Budget 100%_00" });
      expect(all.articles[0]?.assignees.map((a) => [a.name, a.status])).toEqual([
        ["Yuri Board", "assigned"],
        ["Zoe Board", "submitted"],
      ]);
      expect(all.annotators.map((a) => [a.name, a.openCount, a.submittedCount])).toEqual([
        ["Admin", 0, 0],
        ["Yuri Board", 1, 0],
        ["Zoe Board", 1, 1],
      ]);

      const second = await assignmentBoard(db, team.admin, project.id, query({ page: "2" }));
      expect(second.articles).toHaveLength(10);
      // Past the end: the last page.
      expect((await assignmentBoard(db, team.admin, project.id, query({ page: "9" }))).query.page).toBe(2);

      const budget = await assignmentBoard(db, team.admin, project.id, query({ q: "budget 100%_0" }));
      expect(budget.articles.map((a) => a.title)).toEqual(["Budget 100%_00", "Budget 100%_02", "Budget 100%_04", "Budget 100%_06", "Budget 100%_08"]);
      // % and _ are letters here, not wildcards.
      expect((await assignmentBoard(db, team.admin, project.id, query({ q: "100x" }))).matchingCount).toBe(0);
      expect((await assignmentBoard(db, team.admin, project.id, query({ show: "unassigned" }))).matchingCount).toBe(57);
      expect((await assignmentBoard(db, team.admin, project.id, query({ show: "short", k: "2" }))).matchingCount).toBe(58);
      expect((await assignmentBoard(db, team.admin, project.id, query({ show: "short", k: "1" }))).matchingCount).toBe(57);
      expect(second.articles.at(-1)).toMatchObject({ title: "Traffic 100%_59", isClosed: true });
      expect(query({ show: "odd", k: "-3", page: "x" })).toEqual({ q: "", show: "all", k: 2, page: 1 });
      expect(query({ q: "nul\u0000" }).q).toBe("");

      expect((await expectAppError(() => assignmentBoard(db, ann, project.id, query({})))).code).toBe("forbidden:project");
      expect((await expectAppError(() => assignmentBoard(db, team.outsider, project.id, query({})))).code).toBe("not_found:project");
    });
  });

  describe("at desk scale", () => {
    it("plans and writes k = 2 over 1,000 articles for 40 annotators in one round (each article twice, every annotator 50), the board counts them, and a repeat adds nothing", async () => {
      const project = await newProject(db, team.admin, "Desk scale");
      const people = [];
      for (let i = 0; i < 40; i++) {
        const person = await createUser(db, `Scale annotator ${String(i).padStart(2, "0")}`);
        await addRole(db, project.id, person.id, "annotator");
        people.push(person.id);
      }
      // Articles written directly: the import path would take minutes for a thousand, and is not what is measured.
      const rows = Array.from({ length: 1000 }, (_, i) => ({
        projectId: project.id,
        title: `Scale article ${String(i).padStart(4, "0")}`,
        text: `Scale article ${i}. ${crypto.randomUUID()}`,
        contentHash: crypto.randomUUID(),
        sentenceCount: 2,
      }));
      const articleIds = (await db.insert(articles).values(rows).returning({ id: articles.id })).map((r) => r.id);

      const result = await distributeRound(db, team.admin, { projectId: project.id, articleIds, userIds: people, k: 2, dueAt: null });
      expect(result.createdCount).toBe(2000);
      expect(new Set(result.shares.map((s) => s.added))).toEqual(new Set([50]));

      const board = await assignmentBoard(db, team.admin, project.id, parseWith(boardQuerySchema, { show: "short", k: "3" }));
      expect(board.matchingCount).toBe(1000);
      expect(board.annotators).toHaveLength(41);

      const again = await distributeRound(db, team.admin, { projectId: project.id, articleIds, userIds: people, k: 2, dueAt: null });
      expect(again.createdCount).toBe(0);
      // How long this takes is measured by the bench (BENCHMARKS.md, "The review desk at scale"), not asserted here.
      expect(
        await db
          .select()
          .from(events)
          .where(and(eq(events.projectId, project.id), like(events.action, "assignment.%"))),
      ).toHaveLength(2000);
    });
  });

  describe("through the door (/api/projects/:id/assignments/…)", () => {
    let cookie = "";
    let restore: () => void = () => {};

    beforeAll(async () => {
      const session = await routeSession(getDatabase(), "Desk");
      ({ cookie, restore } = session);
      await addRole(db, team.projectId, session.actor.id, "reviewer");
    });

    afterAll(() => restore());

    function call(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
      return new Request(`http://desk.lan:3000/api/projects/${team.projectId}/assignments${path}`, {
        method,
        headers: { host: "desk.lan:3000", cookie, ...(body === undefined ? {} : { "content-type": "application/json" }), ...headers },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
    }

    it("previews, applies (201, then 200 for the same request), sets due dates, reassigns, unassigns and lists", async () => {
      const articleIds = await freshArticles(2, "door");
      const { POST: preview } = await import("@/app/api/projects/[id]/assignments/plan/route");
      const { GET, POST } = await import("@/app/api/projects/[id]/assignments/route");
      const { PUT } = await import("@/app/api/projects/[id]/assignments/due/route");
      const single = await import("@/app/api/projects/[id]/assignments/[articleId]/[userId]/route");
      const params = { params: Promise.resolve({ id: team.projectId }) };
      const round = { articleIds, userIds: [team.ann1.id, team.ann2.id], k: 1 };

      const planned = await preview(call("POST", "/plan", round), params);
      expect(planned.status).toBe(200);
      expect(((await planned.json()) as { plan: { additionCount: number } }).plan.additionCount).toBe(2);
      const applied = await POST(call("POST", "", { ...round, dueAt: "2027-05-01T21:59:59.999Z" }), params);
      expect(applied.status).toBe(201);
      expect(((await applied.json()) as { round: { createdCount: number } }).round.createdCount).toBe(2);
      expect((await POST(call("POST", "", round), params)).status).toBe(200);

      const due = await PUT(call("PUT", "/due", { articleIds, dueAt: null }), params);
      expect(await due.json()).toEqual({ changedCount: 2 });

      const [seat] = (await seatsOf([articleIds[0]!])).rows;
      const other = seat!.userId === team.ann1.id ? team.ann2.id : team.ann1.id;
      const seatParams = { params: Promise.resolve({ id: team.projectId, articleId: seat!.articleId, userId: seat!.userId }) };
      const moved = await single.PATCH(call("PATCH", `/${seat!.articleId}/${seat!.userId}`, { toUserId: other }), seatParams);
      expect(moved.status).toBe(200);
      const movedParams = { params: Promise.resolve({ id: team.projectId, articleId: seat!.articleId, userId: other }) };
      expect((await single.DELETE(call("DELETE", `/${seat!.articleId}/${other}`), movedParams)).status).toBe(204);

      const board = await GET(call("GET", "?q=door&page=1"), params);
      expect(board.status).toBe(200);
      const { board: body } = (await board.json()) as { board: { matchingCount: number; articles: Array<{ assignees: unknown[] }> } };
      expect(body.matchingCount).toBe(2);
      expect(body.articles.map((a) => a.assignees.length).sort()).toEqual([0, 1]);
    });

    it("answers 422 naming the field, with the code for k above the annotators, and 403 to another site", async () => {
      const { POST: preview } = await import("@/app/api/projects/[id]/assignments/plan/route");
      const { POST } = await import("@/app/api/projects/[id]/assignments/route");
      const params = { params: Promise.resolve({ id: team.projectId }) };
      const [articleId] = await freshArticles(1, "door-refused");

      const bad = await preview(call("POST", "/plan", { articleIds: [articleId], userIds: [team.ann1.id], k: 2.5 }), params);
      expect(bad.status).toBe(422);
      expect(((await bad.json()) as { error: { fields: unknown } }).error.fields).toEqual({ k: "annotators per article must be a whole number" });

      const tooMany = await preview(call("POST", "/plan", { articleIds: [articleId], userIds: [team.ann1.id], k: 2 }), params);
      expect(tooMany.status).toBe(422);
      expect(((await tooMany.json()) as { error: { code: string; fields: unknown } }).error).toMatchObject({
        code: "unprocessable:k_exceeds_annotators",
        fields: { k: "annotators per article must be at most 1, the number of annotators chosen" },
      });

      const foreign = await POST(
        call("POST", "", { articleIds: [articleId], userIds: [team.ann1.id], k: 1 }, { origin: "https://evil.example" }),
        params,
      );
      expect(foreign.status).toBe(403);
      expect((await seatsOf([articleId!])).rows).toEqual([]);
    });
  });
});
