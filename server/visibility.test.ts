/**
 * The visibility policy, channel by channel, on a blind project with two
 * annotators (Ann, Ben), a reviewer (Rita), a viewer (Vera) and a site admin,
 * through the life of one article:
 *
 *   1. "open"       both annotators have claims; nobody submitted;
 *   2. "submitted"  both submitted, Rita decided on both claims, commented on
 *                   Ben's and made a gold claim from it — all before closing;
 *   3. "closed"     Rita closed the article.
 *
 * Submitting reveals nothing: until the article is closed an annotator sees
 * their own work only, and the viewer sees none; reviewers and admins always
 * see everything. Each channel gets its own project, so counts and feeds are
 * its own.
 */
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it, vi } from "vitest";
import type { DatabaseHandle, Db } from "@/db/client";
import { articles } from "@/db/schema";
import type { ChangeNotice } from "@/lib/live-notice";
import {
  ARTICLE_TEXT,
  addRole,
  blindProjectArticle,
  createArticle,
  createClaim,
  createUser,
  describeEachDatabase,
  expectAppError,
  newProject,
  outcome,
} from "@/test-support/team-fixtures";
import { listArticles } from "./articles";
import type { Actor } from "./authz";
import { listArticleClaims } from "./claims";
import { countExportClaims, prepareExport } from "./export";
import { parseWith } from "./http";
import { setSentenceExclusion } from "./sentence-decisions";
import { closeArticle, promoteSchema, promoteToGold, reopenArticle } from "./team/adjudication";
import { getArticleAgreement, getProjectAgreement } from "./team/agreement";
import { listAssignments } from "./team/assignments";
import { addComment, listComments } from "./team/comments";
import { getProjectOverview, listProjectArticles } from "./team/dashboard";
import { decideClaim, listReviewQueue, reviewQueueQuerySchema } from "./team/decisions";
import { claimHistory, projectActivity } from "./team/history";
import { subscribeToChanges } from "./team/live";
import { removeMember, setBlindMode } from "./team/projects";
import { submitArticle } from "./team/submission";

type Phase = "open" | "submitted" | "closed";
type Who = "ann" | "ben" | "rita" | "vera" | "admin";
const PEOPLE: Who[] = ["ann", "ben", "rita", "vera", "admin"];
/** The review queue's first page, unfiltered: what awaits a decision. */
const QUEUE = reviewQueueQuerySchema.parse({});

/** Whose work each person sees, by phase: a = Ann's claim, b = Ben's, g = the gold claim (made before closing). */
const SEES: Record<Phase, Record<Who, string[]>> = {
  open: { ann: ["a"], ben: ["b"], vera: [], rita: ["a", "b"], admin: ["a", "b"] },
  submitted: { ann: ["a"], ben: ["b"], vera: [], rita: ["a", "b", "g"], admin: ["a", "b", "g"] },
  closed: { ann: ["a", "b", "g"], ben: ["a", "b", "g"], vera: ["a", "b", "g"], rita: ["a", "b", "g"], admin: ["a", "b", "g"] },
};

describeEachDatabase("visibility policy", (getDatabase) => {
  let handle: DatabaseHandle;
  let db: Db;
  let admin: Actor;
  const people = {} as Record<Who, Actor>;

  beforeAll(async () => {
    handle = getDatabase().handle;
    db = handle.db;
    admin = await createUser(db, "Admin", { isAdmin: true });
    people.admin = admin;
    people.ann = await createUser(db, "Ann");
    people.ben = await createUser(db, "Ben");
    people.rita = await createUser(db, "Rita");
    people.vera = await createUser(db, "Vera");
  });

  /** A fresh blind project and article at phase "open", with `advance()` to move it on. */
  async function blindArticle(name: string) {
    const members = [
      [people.ann, "annotator"],
      [people.ben, "annotator"],
      [people.rita, "reviewer"],
      [people.vera, "viewer"],
    ] as const;
    const { project, article } = await blindProjectArticle(db, admin, name, members, people.rita);
    const a = await createClaim(db, people.ann, article.id, ARTICLE_TEXT, "4 million euros");
    const b = await createClaim(db, people.ben, article.id, ARTICLE_TEXT, "12 percent");
    await addComment(db, people.ben, { claimId: b.id, body: "Check the baseline year." });
    const ids: Record<string, string> = { a: a.id, b: b.id };
    let phase: Phase = "open";
    return {
      projectId: project.id,
      articleId: article.id,
      ids,
      get phase() {
        return phase;
      },
      /** The claim ids `who` should see now. */
      expected(who: Who): string[] {
        return SEES[phase][who].map((k) => ids[k]!).sort();
      },
      async advance(): Promise<void> {
        if (phase === "open") {
          await submitArticle(db, people.ann, article.id);
          await submitArticle(db, people.ben, article.id);
          await decideClaim(db, people.rita, { claimId: a.id, decision: "accept", comment: "" });
          await decideClaim(db, people.rita, { claimId: b.id, decision: "accept", comment: "" });
          await addComment(db, people.rita, { claimId: b.id, body: "Good catch." });
          ids.g = (await promoteToGold(db, people.rita, parseWith(promoteSchema, { claimIds: [b.id] }))).id;
          phase = "submitted";
        } else if (phase === "submitted") {
          await closeArticle(db, people.rita, article.id);
          phase = "closed";
        }
      },
    };
  }

  /** Run `check` for every person in every phase. */
  async function throughPhases(name: string, check: (scenario: Awaited<ReturnType<typeof blindArticle>>, who: Who) => Promise<void>) {
    const scenario = await blindArticle(name);
    for (let step = 0; step < 3; step++) {
      for (const who of PEOPLE) await check(scenario, who);
      await scenario.advance();
    }
    return scenario;
  }

  it("claim list (article page, adjudication page)", async () => {
    await throughPhases("Channel: claims", async (s, who) => {
      const seen = (await listArticleClaims(db, people[who], s.articleId)).map((c) => c.id).sort();
      expect(seen, `${who} in phase ${s.phase}`).toEqual(s.expected(who));
    });
  });

  it("article list: claim count and last activity", async () => {
    await throughPhases("Channel: article list", async (s, who) => {
      const item = (await listArticles(db, people[who], { projectId: s.projectId })).find((a) => a.id === s.articleId);
      const visible = (await listArticleClaims(db, admin, s.articleId)).filter((c) => s.expected(who).includes(c.id));
      const [article] = await db.select().from(articles).where(eq(articles.id, s.articleId));
      const expectedLast = Math.max(article!.createdAt.getTime(), article!.closedAt?.getTime() ?? 0, ...visible.map((c) => Date.parse(c.updatedAt)));
      expect([item?.claimCount, item?.lastActivityAt.getTime()], `${who} in phase ${s.phase}`).toEqual([visible.length, expectedLast]);
    });
  });

  it("project dashboard: per-annotator counts, submissions, gold and article state", async () => {
    await throughPhases("Channel: dashboard", async (s, who) => {
      const overview = await getProjectOverview(db, people[who], s.projectId);
      const seen = s.expected(who);
      const row = (w: Who) => overview.annotators.find((a) => a.userId === people[w].id);
      const seesAnn = seen.includes(s.ids.a!);
      const seesBen = seen.includes(s.ids.b!);
      const label = `${who} in phase ${s.phase}`;
      expect(row("ann")?.claims, label).toBe(seesAnn ? 1 : 0);
      expect(row("ben")?.claims, label).toBe(seesBen ? 1 : 0);
      const submitted = s.phase !== "open";
      expect(row("ann")?.submitted, label).toBe(submitted && seesAnn ? 1 : 0);
      expect(row("ben")?.submitted, label).toBe(submitted && seesBen ? 1 : 0);
      const { articles: listed } = await listProjectArticles(db, people[who], s.projectId, { q: "", page: 1 });
      const article = listed.find((a) => a.id === s.articleId)!;
      const status = (w: Who) => article.assignees.find((a) => a.userId === people[w].id)?.status;
      expect([status("ann"), status("ben")], label).toEqual([
        seesAnn ? (submitted ? "submitted" : "assigned") : null,
        seesBen ? (submitted ? "submitted" : "assigned") : null,
      ]);
      const seesGold = s.ids.g !== undefined && seen.includes(s.ids.g);
      expect(article.goldClaims, label).toBe(seesGold ? 1 : 0);
      expect(article.state, label).toBe(seesGold ? "adjudicated" : "in_progress");
      expect(overview.stateCounts[article.state], label).toBe(1);
    });
  });

  it("activity feed: claim and assignment events of others, and gold, only once closed", async () => {
    await throughPhases("Channel: activity", async (s, who) => {
      const feed = await projectActivity(db, people[who], s.projectId);
      const label = `${who} in phase ${s.phase}`;
      const claimEntities = new Set(feed.filter((e) => e.entityType === "claim").map((e) => e.entityId));
      expect([...claimEntities].sort(), label).toEqual(s.expected(who));
      const assignmentUsers = feed.filter((e) => e.entityType === "assignment").map((e) => e.entityId.slice(37));
      for (const w of ["ann", "ben"] as const) {
        const seesTheirWork = s.expected(who).includes(s.ids[w === "ann" ? "a" : "b"]!);
        expect(assignmentUsers.includes(people[w].id), `${label}: ${w}'s assignment events`).toBe(seesTheirWork);
      }
      // Project-level events are everyone's.
      expect(
        feed.some((e) => e.action === "article.imported"),
        label,
      ).toBe(true);
      if (s.phase === "closed") expect(feed[0]?.action, label).toBe("article.closed");
    });
  });

  it("claim history: another's claim and the gold claim are 404 until closed; reviewers' decisions on one's own claim are shown", async () => {
    await throughPhases("Channel: history", async (s, who) => {
      for (const [key, id] of Object.entries(s.ids)) {
        const label = `${who} reading ${key}'s history in phase ${s.phase}`;
        if (s.expected(who).includes(id)) {
          const history = await claimHistory(db, people[who], id);
          expect(history.length, label).toBeGreaterThan(0);
          if (key === "a" && s.phase !== "open")
            expect(
              history.map((h) => h.action),
              label,
            ).toContain("claim.accepted");
        } else {
          expect((await expectAppError(() => claimHistory(db, people[who], id))).code, label).toBe("not_found:claim");
        }
      }
    });
  });

  it("comments: the thread on another's claim is 404 until closed", async () => {
    await throughPhases("Channel: comments", async (s, who) => {
      const label = `${who} in phase ${s.phase}`;
      if (s.expected(who).includes(s.ids.b!)) {
        const thread = await listComments(db, people[who], s.ids.b!);
        expect(
          thread.map((c) => c.body),
          label,
        ).toEqual(s.phase === "open" ? ["Check the baseline year."] : ["Check the baseline year.", "", "Good catch."]);
      } else {
        expect((await expectAppError(() => listComments(db, people[who], s.ids.b!))).code, label).toBe("not_found:claim");
        expect((await expectAppError(() => addComment(db, people[who], { claimId: s.ids.b!, body: "hi" }))).code, label).toBe("not_found:claim");
      }
    });
  });

  it("assignments: a fellow annotator's status and submission time stay hidden until closed", async () => {
    await throughPhases("Channel: assignments", async (s, who) => {
      const list = await listAssignments(db, people[who], s.articleId);
      const label = `${who} in phase ${s.phase}`;
      expect(list.map((a) => a.userId).sort(), label).toEqual([people.ann.id, people.ben.id].sort());
      for (const a of list) {
        const owner: Who = a.userId === people.ann.id ? "ann" : "ben";
        const isVisible = s.expected(who).includes(s.ids[owner === "ann" ? "a" : "b"]!);
        expect(a.status === null, `${label}: ${owner}'s status hidden`).toBe(!isVisible);
        if (!isVisible) expect(a.submittedAt, label).toBeNull();
      }
    });
  });

  it("review queue, agreement and adjudication: reviewers and admins see all; annotators and the viewer are refused", async () => {
    await throughPhases("Channel: review", async (s, who) => {
      const label = `${who} in phase ${s.phase}`;
      const isReviewer = who === "rita" || who === "admin";
      if (!isReviewer) {
        expect(await outcome(() => listReviewQueue(db, people[who], s.projectId, QUEUE)), label).toBe("forbidden");
        expect(await outcome(() => getProjectAgreement(db, people[who], s.projectId)), label).toBe("forbidden");
        expect(await outcome(() => getArticleAgreement(db, people[who], s.articleId)), label).toBe("forbidden");
        // A claim they may not see is "no such claim", as an unknown id would be; a visible one is a 403.
        const seesA = s.expected(who).includes(s.ids.a!);
        expect(await outcome(() => promoteToGold(db, people[who], parseWith(promoteSchema, { claimIds: [s.ids.a!] }))), label).toBe(
          seesA ? "forbidden" : "not_found",
        );
        expect(await outcome(() => decideClaim(db, people[who], { claimId: s.ids.a!, decision: "reject", comment: "x" })), label).toBe(
          seesA ? "forbidden" : "not_found",
        );
        return;
      }
      const queue = await listReviewQueue(db, people[who], s.projectId, QUEUE);
      // Decisions are made when the article is submitted: the queue then empties.
      expect(queue.items.map((c) => c.id).sort(), label).toEqual([]);
      const agreement = await getArticleAgreement(db, people[who], s.articleId);
      expect(agreement.annotators.map((a) => a.id).sort(), label).toEqual(s.phase === "open" ? [] : [people.ann.id, people.ben.id].sort());
      const adjudication = (await listArticleClaims(db, people[who], s.articleId)).map((c) => c.id).sort();
      expect(adjudication, label).toEqual(s.expected(who));
    });
  });

  it("review queue shows reviewers the submitted claims of both annotators", async () => {
    const members = [
      [people.ann, "annotator"],
      [people.ben, "annotator"],
      [people.rita, "reviewer"],
    ] as const;
    const { project, article } = await blindProjectArticle(db, admin, "Channel: queue", members, people.rita);
    const a = await createClaim(db, people.ann, article.id, ARTICLE_TEXT, "4 million euros");
    const b = await createClaim(db, people.ben, article.id, ARTICLE_TEXT, "12 percent");
    await submitArticle(db, people.ann, article.id);
    await submitArticle(db, people.ben, article.id);
    const queue = await listReviewQueue(db, people.rita, project.id, QUEUE);
    expect(queue.items.map((c) => c.id).sort()).toEqual([a.id, b.id].sort());
  });

  it("export: counts and files hold only what the exporter may see", async () => {
    await throughPhases("Channel: export", async (s, who) => {
      const label = `${who} in phase ${s.phase}`;
      const request = { format: "jsonl" as const, projectId: s.projectId, goldOnly: false };
      expect(await countExportClaims(db, people[who], request, "https://claims.example"), label).toBe(s.expected(who).length);
      const prepared = await prepareExport(db, people[who], request, { baseUrl: "https://claims.example" });
      let text = "";
      for await (const chunk of prepared.chunks) text += chunk;
      const exported = text
        .trim()
        .split("\n")
        .map((line) => JSON.parse(line) as { type: string; id?: string })
        .filter((r) => r.type === "claim")
        .map((r) => r.id!)
        .sort();
      expect(exported, label).toEqual(s.expected(who));
      // The gold-only export of the sentence TSV is gold claims too: none before closing for annotators.
      const gold = await countExportClaims(db, people[who], { format: "tsv", projectId: s.projectId, goldOnly: true }, "https://claims.example");
      expect(gold, label).toBe(s.ids.g !== undefined && s.expected(who).includes(s.ids.g) ? 1 : 0);
    });
  });

  describe("live notices", () => {
    /** Wait until `condition` holds (notices arrive asynchronously after commit), at most 5 s. */
    async function until(condition: () => boolean, what: string): Promise<void> {
      await vi.waitFor(
        () => {
          if (!condition()) throw new Error(`timed out waiting for ${what}`);
        },
        { timeout: 5_000, interval: 20 },
      );
    }

    it("are judged at delivery: others' work and gold reach annotators and the viewer only once closed (and not after reopening)", async () => {
      const s = await blindArticle("Channel: live");
      const received = {} as Record<Who, ChangeNotice[]>;
      const subscriptions = [];
      for (const who of PEOPLE) {
        received[who] = [];
        subscriptions.push(await subscribeToChanges(handle, people[who], { articleId: s.articleId }, (n) => received[who].push(n)));
      }
      const projectFeed: ChangeNotice[] = [];
      subscriptions.push(await subscribeToChanges(handle, people.ann, { projectId: s.projectId }, (n) => projectFeed.push(n)));

      const about = (who: Who, id: string) => received[who].filter((n) => n.entityId === id).map((n) => n.action);
      // Phase "submitted" happens with the streams open.
      await s.advance();
      await until(() => about("rita", s.ids.g!).length > 0 && about("ann", s.ids.a!).includes("claim.accepted"), "the decisions and the gold claim");
      // Each stream judges its notices in commit order, so once a notice everyone may see has arrived, whatever
      // came before it and has not arrived never will: closing is that notice.
      await closeArticle(db, people.rita, s.articleId);
      const closings = (list: ChangeNotice[]) => list.filter((n) => n.action === "article.closed").length;
      await until(() => PEOPLE.every((w) => closings(received[w]) === 1) && closings(projectFeed) === 1, "article.closed everywhere");

      for (const who of ["ann", "vera"] as const) {
        expect(about(who, s.ids.b!), who).toEqual([]);
        expect(about(who, s.ids.g!), who).toEqual([]);
        expect(
          received[who].some((n) => n.entityId === `${s.articleId}:${people.ben.id}`),
          who,
        ).toBe(false);
      }
      expect(about("ben", s.ids.a!)).toEqual([]);
      expect(about("ann", s.ids.a!)).toEqual(["claim.submitted", "claim.accepted"]);
      expect(about("rita", s.ids.b!)).toEqual(["claim.submitted", "claim.accepted", "claim.commented", "claim.promoted"]);
      expect(about("rita", s.ids.g!)).toEqual(["claim.adjudicated"]);
      expect(projectFeed.some((n) => n.entityId === s.ids.b || n.entityId === s.ids.g)).toBe(false);

      // Closed: the open streams now carry others' work.
      await addComment(db, people.rita, { claimId: s.ids.b!, body: "After closing." });
      await until(
        () => about("ann", s.ids.b!).includes("claim.commented") && about("vera", s.ids.b!).includes("claim.commented"),
        "the comment after closing",
      );

      // Reopened: blind again, on the same streams (closing once more is the sentinel).
      await reopenArticle(db, people.rita, s.articleId);
      await addComment(db, people.rita, { claimId: s.ids.b!, body: "After reopening." });
      // A notice is judged when its stream takes it, against the database as it is then: before closing again, wait
      // until every stream has taken one that came after the comment (a sentence marked as boilerplate, an
      // article-wide change everyone sees), so the comment was judged while the article was open.
      await setSentenceExclusion(db, people.rita, { articleId: s.articleId, sentenceIndex: 0, excluded: true });
      await until(() => PEOPLE.every((w) => received[w].some((n) => n.action === "sentence.excluded")), "the sentinel after the comment");
      await closeArticle(db, people.rita, s.articleId);
      await until(() => PEOPLE.every((w) => closings(received[w]) === 2), "the second closing everywhere");
      expect(about("rita", s.ids.b!).filter((a) => a === "claim.commented")).toHaveLength(3);
      for (const who of ["ann", "vera"] as const) {
        expect(
          about(who, s.ids.b!).filter((a) => a === "claim.commented"),
          who,
        ).toHaveLength(1);
        expect(
          received[who].some((n) => n.action === "article.reopened"),
          who,
        ).toBe(true);
      }
      for (const sub of subscriptions) await sub.unsubscribe();
    });

    it("stop for a member removed while the stream is open, and follow blind mode switched on", async () => {
      const project = await newProject(db, admin, "Channel: live membership");
      const carl = await createUser(db, "Carl");
      await addRole(db, project.id, people.ann.id, "annotator");
      await addRole(db, project.id, people.ben.id, "annotator");
      await addRole(db, project.id, carl.id, "annotator");
      const article = await createArticle(db, project.id);
      const carls: ChangeNotice[] = [];
      const anns: ChangeNotice[] = [];
      let revoked = 0;
      const carlSub = await subscribeToChanges(handle, carl, { articleId: article.id }, (n) => carls.push(n), { onRevoked: () => revoked++ });
      const annSub = await subscribeToChanges(handle, people.ann, { articleId: article.id }, (n) => anns.push(n));

      const first = await createClaim(db, people.ben, article.id, ARTICLE_TEXT, "4 million euros");
      await until(() => carls.some((n) => n.entityId === first.id) && anns.some((n) => n.entityId === first.id), "Ben's first claim (open project)");

      await removeMember(db, admin, { projectId: project.id, userId: carl.id });
      await until(() => revoked === 1, "Carl's stream to be revoked");
      // Blind mode on: Ben's further work no longer reaches Ann's open stream.
      await setBlindMode(db, admin, { projectId: project.id, isBlind: true });
      const second = await createClaim(db, people.ben, article.id, ARTICLE_TEXT, "12 percent");
      const own = await createClaim(db, people.ann, article.id, ARTICLE_TEXT, "bike lanes");
      await until(() => anns.some((n) => n.entityId === own.id), "Ann's own claim");
      expect(anns.some((n) => n.entityId === second.id)).toBe(false);
      expect(carls.some((n) => n.entityId === second.id || n.entityId === own.id)).toBe(false);
      expect(revoked).toBe(1);
      await carlSub.unsubscribe();
      await annSub.unsubscribe();
    });
  });
});
