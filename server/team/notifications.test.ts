import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { notifications } from "@/db/schema";
import type { Actor } from "@/server/authz";
import { type RouteSession, routeSession } from "@/test-support/route-session";
import {
  ARTICLE_TEXT,
  addRole,
  blindProjectArticle,
  createArticle,
  createClaim,
  createTeam,
  createUser,
  describeEachDatabase,
  expectAppError,
  type Team,
} from "@/test-support/team-fixtures";
import { parseWith } from "../http";
import { closeArticle, promoteSchema, promoteToGold } from "./adjudication";
import { assignArticle, myQueue } from "./assignments";
import { addComment } from "./comments";
import { acceptClaims, decideClaim } from "./decisions";
import { listNotifications, markRead, NOTIFICATION_PAGE_SIZE, type NotificationItem, unreadCount } from "./notifications";
import { removeMember } from "./projects";
import { submitArticle } from "./submission";

const QUOTES = ["spent 4 million euros", "traffic fell by 12 percent", "a waste of money", "cyclists to double by 2030"] as const;

describeEachDatabase("team: notifications (inbox, unread count, mentions, My queue)", (getDatabase) => {
  const CAST = {
    reviewer: ["Rita", "reviewer"],
    reviewer2: ["Roland Weiß", "reviewer"],
    ann: ["Ann", "annotator"],
    annLee: ["Ann Lee", "annotator"],
    ben: ["Ben", "annotator"],
    viewer: ["Vera", "viewer"],
  } as const;
  let db: Db;
  let team: Team<typeof CAST>;
  let articleCount = 0;

  beforeAll(async () => {
    db = getDatabase().db;
    team = await createTeam(db, "Notifications project", CAST);
  });

  /** A fresh article of the team's project with `author`'s claims on it (one per quote), submitted for review. */
  async function submittedClaims(author: Actor, count = 1, projectId = team.projectId) {
    const text = `${ARTICLE_TEXT} (${++articleCount})`;
    const article = await createArticle(db, projectId, text);
    await assignArticle(db, team.admin, { articleId: article.id, userIds: [author.id] });
    const claims = [];
    for (const quote of QUOTES.slice(0, count)) claims.push(await createClaim(db, author, article.id, text, quote));
    await submitArticle(db, author, article.id);
    return { article, claims };
  }

  /** The notifications `user` has about `claimId`, as the inbox lists them. */
  async function inboxAbout(user: Actor, claimId: string): Promise<NotificationItem[]> {
    const items: NotificationItem[] = [];
    let before: number | undefined;
    for (;;) {
      const page = await listNotifications(db, user, { before });
      items.push(...page.items.filter((item) => item.claim.id === claimId));
      if (page.older === null) return items;
      before = page.older;
    }
  }

  /** Every notification row of `claimId`, whoever it is for (what the statement wrote). */
  async function rowsAbout(claimId: string) {
    return db.select().from(notifications).where(eq(notifications.claimId, claimId));
  }

  describe("decisions", () => {
    it("tell the claim's author of each decision, who took it, and the reviewer's comment", async () => {
      const { article, claims } = await submittedClaims(team.ann, 3);
      const [accepted, rejected, changes] = claims as [(typeof claims)[number], (typeof claims)[number], (typeof claims)[number]];
      await decideClaim(db, team.reviewer, { claimId: accepted.id, decision: "accept", comment: "" });
      await decideClaim(db, team.reviewer, { claimId: rejected.id, decision: "reject", comment: "Not a checkable claim." });
      await decideClaim(db, team.reviewer, { claimId: changes.id, decision: "request_changes", comment: "Add the council's report." });

      const [onAccepted] = await inboxAbout(team.ann, accepted.id);
      expect(onAccepted).toMatchObject({
        kind: "decision",
        action: "claim.accepted",
        actorName: "Rita",
        isRead: false,
        text: null,
        claim: { id: accepted.id, quote: QUOTES[0], isDeleted: false },
        article: { id: article.id, title: article.title },
        project: { id: team.projectId, name: "Notifications project" },
      });
      expect(await inboxAbout(team.ann, rejected.id)).toMatchObject([{ kind: "decision", action: "claim.rejected", text: "Not a checkable claim." }]);
      expect(await inboxAbout(team.ann, changes.id)).toMatchObject([
        { kind: "changes_requested", action: "claim.changes_requested", text: "Add the council's report." },
      ]);
      // Nobody else is told: the reviewer acted, the others have nothing to do with the claim.
      for (const claim of claims) expect((await rowsAbout(claim.id)).map((row) => row.userId)).toEqual([team.ann.id]);
    });

    it("tell each author of a batch accept, once per claim", async () => {
      const mine = await submittedClaims(team.ann, 2);
      const bens = await submittedClaims(team.ben, 1);
      const ids = [...mine.claims, ...bens.claims].map((claim) => claim.id);
      const result = await acceptClaims(db, team.reviewer, { claimIds: ids });
      expect(result.acceptedCount).toBe(3);
      for (const claim of mine.claims) expect(await inboxAbout(team.ann, claim.id)).toMatchObject([{ kind: "decision", action: "claim.accepted" }]);
      expect(await inboxAbout(team.ben, bens.claims[0]!.id)).toMatchObject([{ kind: "decision", action: "claim.accepted" }]);
      // Accepting again changes nothing, and tells nobody again.
      await acceptClaims(db, team.reviewer, { claimIds: ids });
      expect(await rowsAbout(bens.claims[0]!.id)).toHaveLength(1);
    });
  });

  describe("comments", () => {
    it("tell the author of a reviewer's comment, and the reviewers in the thread of the author's reply", async () => {
      const { claims } = await submittedClaims(team.ann);
      const claim = claims[0]!;
      await decideClaim(db, team.reviewer2, { claimId: claim.id, decision: "request_changes", comment: "Which year?" });
      await addComment(db, team.reviewer, { claimId: claim.id, body: "I agree with Roland." });
      expect((await inboxAbout(team.ann, claim.id)).map((item) => [item.kind, item.actorName, item.text])).toEqual([
        ["comment", "Rita", "I agree with Roland."],
        ["changes_requested", "Roland Weiß", "Which year?"],
      ]);
      // A reviewer's comment tells the author only, not the other reviewer.
      expect(await inboxAbout(team.reviewer2, claim.id)).toEqual([]);

      await addComment(db, team.ann, { claimId: claim.id, body: "2023, fixed." });
      // The one who decided and the one who commented are told; the author (the actor) and the uninvolved are not.
      expect(await inboxAbout(team.reviewer, claim.id)).toMatchObject([{ kind: "comment", actorName: "Ann", text: "2023, fixed." }]);
      expect(await inboxAbout(team.reviewer2, claim.id)).toMatchObject([{ kind: "comment", actorName: "Ann" }]);
      expect(await inboxAbout(team.admin, claim.id)).toEqual([]);
      expect(await inboxAbout(team.ann, claim.id)).toHaveLength(2);
    });

    it("never tell the actor of their own action: a comment on one's own claim, a retried comment", async () => {
      const admin = team.admin;
      const { claims } = await submittedClaims(team.ann);
      const claim = claims[0]!;
      await addComment(db, team.ann, { claimId: claim.id, body: "Note to self." });
      expect(await rowsAbout(claim.id)).toEqual([]);

      const id = crypto.randomUUID();
      await addComment(db, admin, { id, claimId: claim.id, body: "Looks fine." });
      await addComment(db, admin, { id, claimId: claim.id, body: "Looks fine." });
      expect((await rowsAbout(claim.id)).map((row) => [row.userId, row.kind])).toEqual([[team.ann.id, "comment"]]);
    });
  });

  describe("mentions", () => {
    it("tell the members a comment names, longest name first, a mention beating a comment", async () => {
      const { claims } = await submittedClaims(team.ann);
      const claim = claims[0]!;
      await addComment(db, team.reviewer, { claimId: claim.id, body: "@Ann Lee could you and @ann compare? @Nobody, @roland weiß too." });
      const rows = await rowsAbout(claim.id);
      expect(rows.map((row) => [row.userId, row.kind]).sort()).toEqual(
        [
          [team.annLee.id, "mention"],
          [team.ann.id, "mention"],
          [team.reviewer2.id, "mention"],
        ].sort(),
      );
      expect(await inboxAbout(team.annLee, claim.id)).toMatchObject([
        { kind: "mention", actorName: "Rita", text: expect.stringContaining("@Ann Lee") },
      ]);
      // Mentioning oneself tells oneself nothing (the author is told of the comment, as of any).
      await addComment(db, team.reviewer, { claimId: claim.id, body: "Note to @Rita: check again." });
      const after = await rowsAbout(claim.id);
      expect(after).toHaveLength(4);
      expect(after.filter((row) => row.userId === team.reviewer.id)).toEqual([]);
    });

    it("in a blind project, tell no annotator of a fellow annotator's claim on an open article; once it is closed, they are told", async () => {
      const { article } = await blindProjectArticle(db, team.admin, "Blind notifications", [
        [team.reviewer, "reviewer"],
        [team.ann, "annotator"],
        [team.ben, "annotator"],
      ]);
      const claim = await createClaim(db, team.ann, article.id, ARTICLE_TEXT, QUOTES[1]);
      await submitArticle(db, team.ann, article.id);

      await addComment(db, team.reviewer, { claimId: claim.id, body: "@Ben, @Ann: do you read it the same way?" });
      await addComment(db, team.ann, { claimId: claim.id, body: "@Ben what do you think?" });
      expect((await rowsAbout(claim.id)).map((row) => [row.userId, row.kind]).sort()).toEqual(
        [
          [team.ann.id, "mention"],
          [team.reviewer.id, "comment"],
        ].sort(),
      );
      expect(await inboxAbout(team.ben, claim.id)).toEqual([]);

      await closeArticle(db, team.reviewer, article.id);
      await addComment(db, team.reviewer, { claimId: claim.id, body: "@Ben now that it is closed: compare with Ann." });
      expect(await inboxAbout(team.ben, claim.id)).toMatchObject([{ kind: "mention", actorName: "Rita" }]);
    });
  });

  it("tells each source claim's author of its promotion to gold, not the reviewer who promoted", async () => {
    const text = `${ARTICLE_TEXT} (promoted)`;
    const article = await createArticle(db, team.projectId, text);
    await assignArticle(db, team.admin, { articleId: article.id, userIds: [team.ann.id, team.ben.id] });
    const a = await createClaim(db, team.ann, article.id, text, QUOTES[2]);
    const b = await createClaim(db, team.ben, article.id, text, QUOTES[2]);
    const own = await createClaim(db, team.reviewer, article.id, text, QUOTES[3]);
    await promoteToGold(db, team.reviewer, parseWith(promoteSchema, { claimIds: [a.id, b.id] }));
    await promoteToGold(db, team.reviewer, parseWith(promoteSchema, { claimIds: [own.id] }));
    expect(await inboxAbout(team.ann, a.id)).toMatchObject([{ kind: "promoted", action: "claim.promoted", actorName: "Rita" }]);
    expect(await inboxAbout(team.ben, b.id)).toMatchObject([{ kind: "promoted" }]);
    expect(await rowsAbout(own.id)).toEqual([]);
  });

  describe("reading the inbox", () => {
    it("counts the unread, marks read only one's own (another's id is not found), idempotently", async () => {
      const reader = await createUser(db, "Rea");
      const other = await createUser(db, "Otis");
      await addRole(db, team.projectId, reader.id, "annotator");
      await addRole(db, team.projectId, other.id, "annotator");
      const mine = await submittedClaims(reader, 3);
      const theirs = await submittedClaims(other, 1);
      for (const claim of [...mine.claims, ...theirs.claims]) {
        await decideClaim(db, team.reviewer, { claimId: claim.id, decision: "accept", comment: "" });
      }
      expect(await unreadCount(db, reader)).toBe(3);
      const [newest, middle] = (await listNotifications(db, reader)).items as [NotificationItem, NotificationItem];
      const [othersOne] = (await listNotifications(db, other)).items;

      const refused = await expectAppError(() => markRead(db, reader, { ids: [newest.id, othersOne!.id] }));
      expect(refused.code).toBe("not_found:notification");
      expect(refused.fields).toEqual({ "ids.1": "no such notification" });
      expect(await unreadCount(db, reader)).toBe(3);
      expect(await unreadCount(db, other)).toBe(1);

      expect(await markRead(db, reader, { ids: [newest.id] })).toEqual({ marked: 1, unreadCount: 2 });
      expect(await markRead(db, reader, { ids: [newest.id] })).toEqual({ marked: 0, unreadCount: 2 });
      const [row] = await db.select().from(notifications).where(eq(notifications.id, newest.id));
      await markRead(db, reader, { ids: [newest.id, middle.id] });
      const [again] = await db.select().from(notifications).where(eq(notifications.id, newest.id));
      expect(again?.readAt).toEqual(row?.readAt);

      const unread = await listNotifications(db, reader, { unreadOnly: true });
      expect(unread.items.map((item) => item.isRead)).toEqual([false]);
      expect(await markRead(db, reader, { all: true })).toEqual({ marked: 1, unreadCount: 0 });
      expect((await listNotifications(db, reader)).items.map((item) => item.isRead)).toEqual([true, true, true]);
      expect(await unreadCount(db, other)).toBe(1);
    });

    it("pages newest first by id, with unread only as a filter of the same pages", async () => {
      const reader = await createUser(db, "Paige");
      await addRole(db, team.projectId, reader.id, "annotator");
      const { claims } = await submittedClaims(reader);
      for (let i = 0; i < NOTIFICATION_PAGE_SIZE + 2; i++) await addComment(db, team.reviewer, { claimId: claims[0]!.id, body: `Note ${i}` });
      const first = await listNotifications(db, reader);
      expect(first.items).toHaveLength(NOTIFICATION_PAGE_SIZE);
      expect(first.items[0]?.text).toBe(`Note ${NOTIFICATION_PAGE_SIZE + 1}`);
      expect(first.older).toBe(first.items.at(-1)?.id);
      const second = await listNotifications(db, reader, { before: first.older! });
      expect(second.items.map((item) => item.text)).toEqual(["Note 1", "Note 0"]);
      expect(second.older).toBeNull();

      await markRead(db, reader, { ids: first.items.slice(0, 5).map((item) => item.id) });
      const unread = await listNotifications(db, reader, { unreadOnly: true });
      expect(unread.items[0]?.text).toBe(`Note ${NOTIFICATION_PAGE_SIZE - 4}`);
      expect(unread.items.every((item) => !item.isRead)).toBe(true);
      expect(await unreadCount(db, reader)).toBe(NOTIFICATION_PAGE_SIZE - 3);
    });

    it("shows a member removed from the project nothing of it, and a member whose role no longer sees the claim nothing of that", async () => {
      const leaver = await createUser(db, "Leo");
      await addRole(db, team.projectId, leaver.id, "annotator");
      const { claims } = await submittedClaims(leaver);
      await decideClaim(db, team.reviewer, { claimId: claims[0]!.id, decision: "accept", comment: "" });
      expect(await unreadCount(db, leaver)).toBe(1);
      await removeMember(db, team.admin, { projectId: team.projectId, userId: leaver.id });
      expect(await listNotifications(db, leaver)).toEqual({ items: [], older: null });
      expect(await unreadCount(db, leaver)).toBe(0);

      // A reviewer told of an author's reply in a blind project, then made an annotator: the claim is hidden again.
      const { project, article } = await blindProjectArticle(db, team.admin, "Blind demotion", [
        [team.reviewer2, "reviewer"],
        [team.ben, "annotator"],
      ]);
      const claim = await createClaim(db, team.ben, article.id, ARTICLE_TEXT, QUOTES[0]);
      await addComment(db, team.reviewer2, { claimId: claim.id, body: "Why this one?" });
      await addComment(db, team.ben, { claimId: claim.id, body: "It has a number." });
      expect(await inboxAbout(team.reviewer2, claim.id)).toHaveLength(1);
      await addRole(db, project.id, team.reviewer2.id, "annotator");
      expect(await inboxAbout(team.reviewer2, claim.id)).toEqual([]);
    });
  });

  describe("My queue", () => {
    it("counts the annotator's claims by status and puts what needs revising first, saying so", async () => {
      const annotator = await createUser(db, "Quinn");
      await addRole(db, team.projectId, annotator.id, "annotator");
      const toDo = await createArticle(db, team.projectId, `${ARTICLE_TEXT} (queue to do)`);
      await assignArticle(db, team.admin, { articleId: toDo.id, userIds: [annotator.id] });
      await createClaim(db, annotator, toDo.id, `${ARTICLE_TEXT} (queue to do)`, QUOTES[0]);
      const waiting = await submittedClaims(annotator, 1);
      const revise = await submittedClaims(annotator, 3);
      const [first, second, third] = revise.claims;
      await decideClaim(db, team.reviewer, { claimId: first!.id, decision: "request_changes", comment: "Source?" });
      await decideClaim(db, team.reviewer, { claimId: second!.id, decision: "request_changes", comment: "Year?" });
      await decideClaim(db, team.reviewer, { claimId: third!.id, decision: "accept", comment: "" });

      const queue = await myQueue(db, annotator);
      expect(queue.map((item) => [item.articleId, item.step, item.status])).toEqual([
        // Requesting changes reopened the submitted assignment: it is "assigned" again, and the queue says why.
        [revise.article.id, "revise", "assigned"],
        [toDo.id, "to_do", "assigned"],
        [waiting.article.id, "submitted", "submitted"],
      ]);
      expect(queue[0]?.claimCounts).toEqual({ draft: 0, submitted: 0, accepted: 1, rejected: 0, changes_requested: 2 });
      expect(queue[1]?.claimCounts).toMatchObject({ draft: 1, submitted: 0 });
      expect(queue[2]?.claimCounts).toMatchObject({ submitted: 1, changes_requested: 0 });
    });
  });

  describe("routes", () => {
    let session: RouteSession;
    let claimId: string;

    beforeAll(async () => {
      session = await routeSession(getDatabase(), "Nora");
      await addRole(db, team.projectId, session.actor.id, "annotator");
      const { claims } = await submittedClaims(session.actor, 2);
      claimId = claims[0]!.id;
      for (const claim of claims) await decideClaim(db, team.reviewer, { claimId: claim.id, decision: "accept", comment: "" });
    });

    afterAll(() => session?.restore());

    async function get(query: string, headers: Record<string, string> = { cookie: session.cookie }) {
      const { GET } = await import("@/app/api/notifications/route");
      return GET(new Request(`http://desk.lan:3000/api/notifications${query}`, { headers: { host: "desk.lan:3000", ...headers } }));
    }

    async function post(body: string, headers: Record<string, string> = {}) {
      const { POST } = await import("@/app/api/notifications/read/route");
      return POST(
        new Request("http://desk.lan:3000/api/notifications/read", {
          method: "POST",
          headers: { host: "desk.lan:3000", origin: "http://desk.lan:3000", "content-type": "application/json", cookie: session.cookie, ...headers },
          body,
        }),
      );
    }

    it("GET answers the signed-in person's page with the unread count, and the unread only", async () => {
      const response = await get("");
      expect(response.status).toBe(200);
      const page = (await response.json()) as { items: NotificationItem[]; older: number | null; unreadCount: number };
      expect(page.unreadCount).toBe(2);
      expect(page.items.map((item) => item.action)).toEqual(["claim.accepted", "claim.accepted"]);
      expect(page.items.at(-1)?.claim.id).toBe(claimId);
      expect(page.older).toBeNull();
      const older = (await (await get(`?before=${page.items[0]!.id}`)).json()) as { items: NotificationItem[] };
      expect(older.items.map((item) => item.id)).toEqual([page.items[1]!.id]);
      expect((await get("?unread=1&before=")).status).toBe(200);
      expect((await get("", {})).status).toBe(401);
    });

    it("GET /api/notifications/unread answers the count alone, for the header; signed out, a 401", async () => {
      const { GET } = await import("@/app/api/notifications/unread/route");
      const ask = (headers: Record<string, string>) =>
        GET(new Request("http://desk.lan:3000/api/notifications/unread", { headers: { host: "desk.lan:3000", ...headers } }));
      const response = await ask({ cookie: session.cookie });
      expect(response.status).toBe(200);
      const { unreadCount: total } = (await (await get("")).json()) as { unreadCount: number };
      expect(await response.json()).toEqual({ unreadCount: total, isCapped: false });
      expect((await ask({})).status).toBe(401);
    });

    it("GET refuses a malformed query with a 422 naming the parameter", async () => {
      for (const [query, field] of [
        ["?before=abc", "before"],
        ["?before=0", "before"],
        ["?unread=yes", "unread"],
      ] as const) {
        const response = await get(query);
        expect(response.status, query).toBe(422);
        const body = (await response.json()) as { error: { fields?: Record<string, string> } };
        expect(Object.keys(body.error.fields ?? {}), query).toContain(field);
      }
    });

    it("POST marks read what it names or all, idempotently; another's id is a 404; a bad body a 422 naming the field", async () => {
      const page = (await (await get("")).json()) as { items: NotificationItem[] };
      const [newest] = page.items;
      const first = await post(JSON.stringify({ ids: [newest!.id] }));
      expect(first.status).toBe(200);
      expect(await first.json()).toEqual({ marked: 1, unreadCount: 1 });
      expect(await (await post(JSON.stringify({ ids: [newest!.id] }))).json()).toEqual({ marked: 0, unreadCount: 1 });

      const [foreign] = await db.select({ id: notifications.id }).from(notifications).where(eq(notifications.userId, team.ann.id)).limit(1);
      const notFound = await post(JSON.stringify({ ids: [foreign!.id] }));
      expect(notFound.status).toBe(404);
      const [untouched] = await db
        .select({ readAt: notifications.readAt })
        .from(notifications)
        .where(and(eq(notifications.id, foreign!.id), eq(notifications.userId, team.ann.id)));
      expect(untouched?.readAt).toBeNull();

      for (const [body, field] of [
        ["{}", "ids"],
        [JSON.stringify({ ids: [] }), "ids"],
        [JSON.stringify({ ids: ["x"] }), "ids.0"],
        [JSON.stringify({ ids: [1], all: true }), "ids"],
        [JSON.stringify({ all: false }), "all"],
        [JSON.stringify({ every: true }), "(body)"],
      ] as const) {
        const response = await post(body);
        expect(response.status, body).toBe(422);
        const answer = (await response.json()) as { error: { fields?: Record<string, string> } };
        expect(Object.keys(answer.error.fields ?? {}), body).toContain(field);
      }

      // The one door refuses a cross-origin POST before reading it, and a form's content type.
      expect((await post(JSON.stringify({ all: true }), { origin: "https://evil.example" })).status).toBe(403);
      expect((await post(JSON.stringify({ all: true }), { "sec-fetch-site": "cross-site" })).status).toBe(403);
      expect((await post("all=true", { "content-type": "application/x-www-form-urlencoded" })).status).toBe(415);
      expect(await (await post(JSON.stringify({ all: true }))).json()).toEqual({ marked: 1, unreadCount: 0 });
    });
  });
});
