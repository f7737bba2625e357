import crypto from "node:crypto";
import { and, eq, inArray } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { claims, events, reviews } from "@/db/schema";
import { sliceCodePoints } from "@/lib/offsets";
import { routeSession } from "@/test-support/route-session";
import { addRole, createArticle, createClaim, createTeam, describeEachDatabase, expectAppError, type Team } from "@/test-support/team-fixtures";
import { parseWith } from "../http";
import { assignArticle } from "./assignments";
import { acceptClaims, batchAcceptSchema, decideClaim, listReviewQueue, type ReviewQueueQuery, reviewQueueQuerySchema } from "./decisions";
import { submitArticle } from "./submission";

// Sentences: 0 "Intro 😀 line.", 1 the claim's, 2 "The mayor …", 3 "Critics …". The emoji before the claim is one
// code point but two UTF-16 units: a context cut by UTF-16 offsets (or by bytes) would be off by one.
const EMOJI_TEXT =
  "Emoji report\n\nIntro 😀 line. The city spent 4 million euros on bike lanes in 2023. The mayor said traffic fell by 12 percent. " +
  "Critics called the plan a waste of money.";

describeEachDatabase("team: the review queue in context (filters, pages, batch accept)", (getDatabase) => {
  const CAST = {
    reviewer: ["Rita", "reviewer"],
    ann1: ["Ann", "annotator"],
    ann2: ["Ben", "annotator"],
    viewer: ["Vera", "viewer"],
    outsider: ["Otto", null],
  } as const;
  let db: Db;
  let team: Team<typeof CAST>;
  let articleId: string;
  let ids: { spent: string; mayor: string; critics: string; benMayor: string; ritaOwn: string };

  const query = (values: Record<string, string | number> = {}): ReviewQueueQuery => parseWith(reviewQueueQuerySchema, values);

  beforeAll(async () => {
    db = getDatabase().db;
    team = await createTeam(db, "Queue project", CAST);
    const article = await createArticle(db, team.projectId, EMOJI_TEXT);
    articleId = article.id;
    await assignArticle(db, team.reviewer, { articleId, userIds: [team.ann1.id, team.ann2.id, team.reviewer.id] });
    const spent = await createClaim(db, team.ann1, articleId, EMOJI_TEXT, "4 million euros", {
      rationale: "A figure from the budget.",
      normalizedClaim: "The city spent EUR 4m on bike lanes in 2023.",
      speaker: "City council",
      verdict: "true",
      tags: ["budget"],
      sources: [
        {
          id: crypto.randomUUID(),
          url: "https://example.org/budget",
          title: "Budget 2023",
          publisher: "City",
          stance: "supports",
          excerpt: "4.0m for cycling",
          accessedOn: null,
          archiveUrl: null,
        },
      ],
    });
    const mayor = await createClaim(db, team.ann1, articleId, EMOJI_TEXT, "traffic fell by 12 percent", { claimType: "causal", verdict: "false" });
    const critics = await createClaim(db, team.ann1, articleId, EMOJI_TEXT, "a waste of money", { claimType: "position" });
    const benMayor = await createClaim(db, team.ann2, articleId, EMOJI_TEXT, "12 percent");
    const ritaOwn = await createClaim(db, team.reviewer, articleId, EMOJI_TEXT, "bike lanes");
    await submitArticle(db, team.ann1, articleId);
    await submitArticle(db, team.ann2, articleId);
    await submitArticle(db, team.reviewer, articleId);
    ids = { spent: spent.id, mayor: mayor.id, critics: critics.id, benMayor: benMayor.id, ritaOwn: ritaOwn.id };
  });

  it("shows each claim in its sentence with the sentences around it, the highlight in code points, and every field", async () => {
    const page = await listReviewQueue(db, team.reviewer, team.projectId, query({ annotator: team.ann1.id }));
    expect(page.items.map((item) => item.id)).toEqual([ids.spent, ids.mayor, ids.critics]);
    const spent = page.items[0]!;
    // Its sentence and the one on each side: the emoji sentence before, the mayor's after.
    expect(spent.context.text).toBe(
      "Intro 😀 line. The city spent 4 million euros on bike lanes in 2023. The mayor said traffic fell by 12 percent.",
    );
    expect(sliceCodePoints(spent.context.text, spent.context.claimStart, spent.context.claimEnd)).toBe("4 million euros");
    expect(spent.context.start + spent.context.claimStart).toBe(spent.start);
    expect(spent).toMatchObject({
      articleId,
      articleTitle: "Emoji report",
      authorName: "Ann",
      rationale: "A figure from the budget.",
      normalizedClaim: "The city spent EUR 4m on bike lanes in 2023.",
      speaker: "City council",
      verdict: "true",
      claimType: "statistic",
      checkWorthiness: 2,
      tags: ["budget"],
      status: "submitted",
      context: { isCutBefore: false, isCutAfter: false },
    });
    expect(spent.sources).toEqual([
      expect.objectContaining({ url: "https://example.org/budget", stance: "supports", excerpt: "4.0m for cycling", title: "Budget 2023" }),
    ]);
    // The last sentence has none after it.
    const critics = page.items[2]!;
    expect(critics.context.text).toBe("The mayor said traffic fell by 12 percent. Critics called the plan a waste of money.");
    expect(sliceCodePoints(critics.context.text, critics.context.claimStart, critics.context.claimEnd)).toBe("a waste of money");
    expect(page.annotators.map((person) => person.name)).toEqual(["Admin", "Ann", "Ben", "Rita"]);
    // Who else marked the claim's sentences: Rita on the budget's, Ben on the mayor's, nobody on the critics'.
    expect(page.items.map((item) => item.othersOnSentences)).toEqual([1, 1, 0]);
  });

  it("cuts a very long sentence at the reach around the claim and says so", async () => {
    const long = `Long one\n\nStart ${"word ".repeat(200)}the claim itself ${"more ".repeat(200)}end.`;
    const article = await createArticle(db, team.projectId, long);
    await assignArticle(db, team.reviewer, { articleId: article.id, userIds: [team.ann2.id] });
    const claim = await createClaim(db, team.ann2, article.id, long, "the claim itself");
    await submitArticle(db, team.ann2, article.id);
    const [item] = (await listReviewQueue(db, team.reviewer, team.projectId, query({ article: article.id }))).items;
    expect(item?.id).toBe(claim.id);
    expect(item?.context).toMatchObject({ claimStart: 400, isCutBefore: true, isCutAfter: true });
    expect(item?.context.text).toHaveLength(400 + "the claim itself".length + 400);
  });

  it("filters by annotator, article, type, verdict and status; the default is what awaits a decision", async () => {
    const listed = async (values: Record<string, string>) =>
      (await listReviewQueue(db, team.reviewer, team.projectId, query({ article: articleId, ...values }))).items.map((item) => item.id);
    expect((await listed({})).sort()).toEqual([ids.spent, ids.mayor, ids.critics, ids.benMayor, ids.ritaOwn].sort());
    expect(await listed({ annotator: team.ann2.id })).toEqual([ids.benMayor]);
    expect(await listed({ type: "causal" })).toEqual([ids.mayor]);
    expect(await listed({ verdict: "false" })).toEqual([ids.mayor]);
    expect(await listed({ type: "statistic", verdict: "true", annotator: team.ann1.id })).toEqual([ids.spent]);
    // A GET form's "all" is an empty value: no filter.
    expect((await listed({ type: "", verdict: "", annotator: "", status: "" })).length).toBe(5);
    expect(await listed({ status: "accepted" })).toEqual([]);
  });

  it("refuses unknown filter values with a 422 naming the field, never an empty page", async () => {
    const refused = async (values: Record<string, string>) => {
      const error = await expectAppError(async () => listReviewQueue(db, team.reviewer, team.projectId, query(values)));
      expect(error.status).toBe(422);
      return Object.keys(error.fields ?? {});
    };
    expect(await refused({ type: "opinion" })).toEqual(["type"]);
    expect(await refused({ verdict: "pants_on_fire" })).toEqual(["verdict"]);
    expect(await refused({ annotator: team.outsider.id })).toEqual(["annotator"]);
    expect(await refused({ article: crypto.randomUUID() })).toEqual(["article"]);
    expect(await refused({ status: "draft" })).toEqual(["status"]);
    expect(await refused({ article: "not-a-uuid" })).toEqual(["article"]);
    expect(await refused({ after: "garbage" })).toEqual(["after"]);
    expect(await refused({ limit: "51" })).toEqual(["limit"]);
    expect(await refused({ after: `${articleId}~0~${ids.spent}`, before: `${articleId}~0~${ids.spent}` })).toEqual(["before"]);
  });

  it("pages forward and back in a stable order (back from page two is page one again)", async () => {
    const all = (await listReviewQueue(db, team.reviewer, team.projectId, query({ article: articleId }))).items.map((item) => item.id);
    const first = await listReviewQueue(db, team.reviewer, team.projectId, query({ article: articleId, limit: 2 }));
    expect(first.items.map((item) => item.id)).toEqual(all.slice(0, 2));
    expect(first.previous).toBeNull();
    const second = await listReviewQueue(db, team.reviewer, team.projectId, query({ article: articleId, limit: 2, after: first.next! }));
    expect(second.items.map((item) => item.id)).toEqual(all.slice(2, 4));
    const third = await listReviewQueue(db, team.reviewer, team.projectId, query({ article: articleId, limit: 2, after: second.next! }));
    expect(third.items.map((item) => item.id)).toEqual(all.slice(4));
    expect(third.next).toBeNull();
    const back = await listReviewQueue(db, team.reviewer, team.projectId, query({ article: articleId, limit: 2, before: second.previous! }));
    expect(back.items.map((item) => item.id)).toEqual(all.slice(0, 2));
    expect(back.previous).toBeNull();
    expect(back.next).not.toBeNull();
  });

  it("is for reviewers and admins: annotators and viewers are refused, outsiders do not see the project", async () => {
    expect((await listReviewQueue(db, team.admin, team.projectId, query({ article: articleId }))).items).toHaveLength(5);
    expect((await expectAppError(() => listReviewQueue(db, team.ann1, team.projectId, query()))).code).toBe("forbidden:project");
    expect((await expectAppError(() => listReviewQueue(db, team.viewer, team.projectId, query()))).code).toBe("forbidden:project");
    expect((await expectAppError(() => listReviewQueue(db, team.outsider, team.projectId, query()))).code).toBe("not_found:project");
  });

  describe("accepting a selection", () => {
    it("accepts each claim through the decision rules, reports the already accepted and refuses the reviewer's own", async () => {
      await decideClaim(db, team.reviewer, { claimId: ids.critics, decision: "accept", comment: "" });
      const unknown = crypto.randomUUID();
      const result = await acceptClaims(
        db,
        team.reviewer,
        parseWith(batchAcceptSchema, { claimIds: [ids.spent, ids.critics, ids.ritaOwn, unknown, ids.benMayor] }),
      );
      expect(result.items).toEqual([
        { claimId: ids.spent, outcome: "accepted", status: "accepted", version: expect.any(Number) },
        { claimId: ids.critics, outcome: "already_accepted", status: "accepted" },
        { claimId: ids.ritaOwn, outcome: "refused", code: "forbidden:claim", message: "You cannot review your own claim." },
        { claimId: unknown, outcome: "refused", code: "not_found:claim", message: "No such claim." },
        { claimId: ids.benMayor, outcome: "accepted", status: "accepted", version: expect.any(Number) },
      ]);
      expect(result).toMatchObject({ acceptedCount: 2, alreadyAcceptedCount: 1, refusedCount: 2 });
      const rows = await db
        .select({ id: claims.id, status: claims.status })
        .from(claims)
        .where(inArray(claims.id, [ids.spent, ids.benMayor, ids.ritaOwn]));
      expect(Object.fromEntries(rows.map((row) => [row.id, row.status]))).toEqual({
        [ids.spent]: "accepted",
        [ids.benMayor]: "accepted",
        [ids.ritaOwn]: "submitted",
      });
      // The same review rows and history entries as one decision at a time; one review for the claim accepted twice.
      expect(await db.select().from(reviews).where(eq(reviews.claimId, ids.critics))).toHaveLength(1);
      const accepted = await db
        .select({ entityId: events.entityId })
        .from(events)
        .where(and(eq(events.action, "claim.accepted"), inArray(events.entityId, [ids.spent, ids.benMayor, ids.ritaOwn])));
      expect(accepted.map((row) => row.entityId).sort()).toEqual([ids.spent, ids.benMayor].sort());
      // Accepting the same selection again changes nothing and fails nothing.
      const again = await acceptClaims(db, team.reviewer, { claimIds: [ids.spent, ids.benMayor] });
      expect(again).toMatchObject({ acceptedCount: 0, alreadyAcceptedCount: 2, refusedCount: 0 });
      // The decided claims are found again when looking back.
      const looking = await listReviewQueue(db, team.reviewer, team.projectId, query({ article: articleId, status: "accepted" }));
      expect(looking.items.map((item) => item.id).sort()).toEqual([ids.spent, ids.critics, ids.benMayor].sort());
    });

    it("refuses every claim to an annotator (no review role) and validates the list", async () => {
      const result = await acceptClaims(db, team.ann2, { claimIds: [ids.mayor] });
      expect(result.items).toEqual([{ claimId: ids.mayor, outcome: "refused", code: "forbidden:claim", message: expect.any(String) }]);
      for (const claimIds of [[], [ids.mayor, ids.mayor], ["x"], Array.from({ length: 51 }, () => crypto.randomUUID())]) {
        expect((await expectAppError(async () => parseWith(batchAcceptSchema, { claimIds }))).status).toBe(422);
      }
    });
  });

  describe("through the door (POST /api/reviews/batch)", () => {
    let cookie = "";
    let restore: () => void = () => {};

    beforeAll(async () => {
      const session = await routeSession(getDatabase(), "Desk");
      ({ cookie, restore } = session);
      await addRole(db, team.projectId, session.actor.id, "reviewer");
    });

    afterAll(() => restore());

    function call(body: unknown, headers: Record<string, string> = {}) {
      return new Request("http://desk.lan:3000/api/reviews/batch", {
        method: "POST",
        headers: { host: "desk.lan:3000", cookie, "content-type": "application/json", ...headers },
        body: JSON.stringify(body),
      });
    }

    it("accepts through the door, answers 422 for a bad list and 403 to another site", async () => {
      const { POST } = await import("@/app/api/reviews/batch/route");
      const foreign = await POST(call({ claimIds: [ids.mayor] }, { origin: "https://evil.example" }));
      expect(foreign.status).toBe(403);
      const [before] = await db.select({ status: claims.status }).from(claims).where(eq(claims.id, ids.mayor));
      expect(before?.status).toBe("submitted");

      const bad = await POST(call({ claimIds: ["nope"] }));
      expect(bad.status).toBe(422);
      expect(((await bad.json()) as { error: { fields: Record<string, string> } }).error.fields).toHaveProperty(["claimIds.0"]);

      const ok = await POST(call({ claimIds: [ids.mayor] }, { origin: "http://desk.lan:3000" }));
      expect(ok.status).toBe(200);
      expect(await ok.json()).toMatchObject({ acceptedCount: 1, items: [{ claimId: ids.mayor, outcome: "accepted" }] });
    });
  });
});
