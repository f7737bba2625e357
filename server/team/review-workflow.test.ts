import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { assignments, claims, reviews, sources } from "@/db/schema";
import { makeTarget } from "@/lib/anchoring";
import {
  ARTICLE_TEXT,
  blindProjectArticle,
  claimSave,
  createArticle,
  createClaim,
  createTeam,
  describeEachDatabase,
  expectAppError,
  type Team,
} from "@/test-support/team-fixtures";
import { listArticleClaims, saveClaim } from "../claims";
import { parseWith } from "../http";
import { closeArticle, promoteSchema, promoteToGold } from "./adjudication";
import { assignArticle, myQueue, unassignArticle } from "./assignments";
import { addComment, commentSchema, listComments } from "./comments";
import { decideClaim, decisionSchema, listReviewQueue, reviewQueueQuerySchema } from "./decisions";
import { claimHistory, projectActivity } from "./history";
import { submitArticle } from "./submission";

describeEachDatabase("team: review workflow (assign, submit, decide, comment, history)", (getDatabase) => {
  const CAST = {
    reviewer: ["Rita", "reviewer"],
    ann1: ["Ann", "annotator"],
    ann2: ["Ben", "annotator"],
    viewer: ["Vera", "viewer"],
    outsider: ["Otto", null],
  } as const;
  let db: Db;
  let team: Team<typeof CAST>;

  beforeAll(async () => {
    db = getDatabase().db;
    team = await createTeam(db, "Review project", CAST);
  });

  async function freshArticle(suffix: string) {
    return createArticle(db, team.projectId, `${ARTICLE_TEXT} ${suffix}`);
  }

  it("submitting twice changes nothing: a rejected claim does not go back to the queue unchanged", async () => {
    const article = await freshArticle("double submit");
    await assignArticle(db, team.reviewer, { articleId: article.id, userIds: [team.ann1.id] });
    const claim = await createClaim(db, team.ann1, article.id, `${ARTICLE_TEXT} double submit`, "The mayor said traffic fell by 12 percent.");
    const first = await submitArticle(db, team.ann1, article.id);
    expect(first.submittedClaimIds).toEqual([claim.id]);
    await decideClaim(db, team.reviewer, { claimId: claim.id, decision: "reject", comment: "Not a claim." });
    const second = await submitArticle(db, team.ann1, article.id);
    expect(second).toEqual({ submittedClaimIds: [], assignment: first.assignment });
    const [row] = await db.select().from(claims).where(eq(claims.id, claim.id));
    expect(row?.status).toBe("rejected");
  });

  describe("assignArticle", () => {
    it("assigns annotators (reviewer), idempotently, and shows in their queue", async () => {
      const article = await freshArticle("assign-1");
      const list = await assignArticle(db, team.reviewer, { articleId: article.id, userIds: [team.ann1.id, team.ann2.id] });
      expect(list.map((a) => a.userId).sort()).toEqual([team.ann1.id, team.ann2.id].sort());
      await assignArticle(db, team.reviewer, { articleId: article.id, userIds: [team.ann1.id] });
      expect(await db.select().from(assignments).where(eq(assignments.articleId, article.id))).toHaveLength(2);
      const queue = await myQueue(db, team.ann1);
      expect(queue.find((q) => q.articleId === article.id)).toMatchObject({ status: "assigned", projectId: team.projectId });
      expect(await myQueue(db, team.viewer)).toEqual([]);
    });

    it("refuses viewers and non-members as assignees (422), and annotators as assigners (403)", async () => {
      const article = await freshArticle("assign-2");
      const error = await expectAppError(() =>
        assignArticle(db, team.reviewer, { articleId: article.id, userIds: [team.ann1.id, team.viewer.id, team.outsider.id] }),
      );
      expect(error.status).toBe(422);
      expect(error.fields).toEqual({ "userIds.1": "a viewer cannot annotate", "userIds.2": "not a member of this project" });
      expect((await expectAppError(() => assignArticle(db, team.ann1, { articleId: article.id, userIds: [team.ann1.id] }))).code).toBe(
        "forbidden:article",
      );
      expect((await expectAppError(() => assignArticle(db, team.outsider, { articleId: article.id, userIds: [team.ann1.id] }))).code).toBe(
        "not_found:article",
      );
    });

    it("unassigns", async () => {
      const article = await freshArticle("assign-3");
      await assignArticle(db, team.reviewer, { articleId: article.id, userIds: [team.ann1.id] });
      await unassignArticle(db, team.reviewer, { articleId: article.id, userId: team.ann1.id });
      expect((await expectAppError(() => unassignArticle(db, team.reviewer, { articleId: article.id, userId: team.ann1.id }))).code).toBe(
        "not_found:assignment",
      );
    });
  });

  describe("submit, review, revise", () => {
    it("runs the full cycle", async () => {
      const article = await freshArticle("cycle");
      const text = `${ARTICLE_TEXT} cycle`;
      await assignArticle(db, team.reviewer, { articleId: article.id, userIds: [team.ann1.id] });
      const c1 = await createClaim(db, team.ann1, article.id, text, "4 million euros");
      const c2 = await createClaim(db, team.ann1, article.id, text, "12 percent");
      const other = await createClaim(db, team.ann2, article.id, text, "double by 2030");

      // Only the assigned annotator can submit
      expect((await expectAppError(() => submitArticle(db, team.ann2, article.id))).code).toBe("forbidden:assignment");
      expect((await expectAppError(() => submitArticle(db, team.viewer, article.id))).code).toBe("forbidden:article");
      const submitted = await submitArticle(db, team.ann1, article.id);
      expect(submitted.submittedClaimIds.sort()).toEqual([c1.id, c2.id].sort());
      const [assignment] = await db.select().from(assignments).where(eq(assignments.articleId, article.id));
      expect(assignment?.status).toBe("submitted");
      const [otherRow] = await db.select().from(claims).where(eq(claims.id, other.id));
      expect(otherRow?.status).toBe("draft");

      // Review queue: the article's submitted claims in text order (the draft is not handed in)
      const onArticle = reviewQueueQuerySchema.parse({ article: article.id });
      const queue = await listReviewQueue(db, team.reviewer, team.projectId, onArticle);
      expect(queue.items.map((c) => c.id)).toEqual([c1.id, c2.id]);
      expect((await expectAppError(() => listReviewQueue(db, team.ann1, team.projectId, onArticle))).type).toBe("forbidden");

      // Decisions
      const rejectWithoutComment = await expectAppError(() =>
        decideClaim(db, team.reviewer, { claimId: c1.id, ...parseWith(decisionSchema, { decision: "reject", comment: "  " }) }),
      );
      expect(rejectWithoutComment.status).toBe(422);
      expect(rejectWithoutComment.fields).toHaveProperty("comment");
      const accepted = await decideClaim(db, team.reviewer, { claimId: c1.id, decision: "accept", comment: "" });
      expect(accepted.status).toBe("accepted");
      const again = await expectAppError(() => decideClaim(db, team.reviewer, { claimId: c1.id, decision: "accept", comment: "" }));
      expect(again.status).toBe(409);
      const changes = await decideClaim(db, team.reviewer, { claimId: c2.id, decision: "request_changes", comment: "Quote the full figure." });
      expect(changes.status).toBe("changes_requested");
      expect(await db.select().from(reviews).where(eq(reviews.claimId, c2.id))).toMatchObject([
        { reviewerId: team.reviewer.id, decision: "request_changes", comment: "Quote the full figure." },
      ]);
      // a draft cannot be decided on
      expect((await expectAppError(() => decideClaim(db, team.reviewer, { claimId: other.id, decision: "accept", comment: "" }))).status).toBe(409);
      // annotators and viewers cannot decide
      expect((await expectAppError(() => decideClaim(db, team.ann2, { claimId: c1.id, decision: "reject", comment: "x" }))).type).toBe("forbidden");

      // The author edits the accepted claim: revise → draft
      const [row1] = await db.select().from(claims).where(eq(claims.id, c1.id));
      const edited = await saveClaim(db, team.ann1, {
        ...claimSave(article.id, text, "4 million euros", { id: c1.id, speaker: "City hall" }),
        baseVersion: row1!.version,
      });
      expect(edited.claim.status).toBe("draft");

      // Resubmitting picks up the draft and the changes_requested claim
      const resubmitted = await submitArticle(db, team.ann1, article.id);
      expect(resubmitted.submittedClaimIds.sort()).toEqual([c1.id, c2.id].sort());

      // History has every step in order
      const history = await claimHistory(db, team.ann1, c1.id);
      expect(history.map((h) => h.action)).toEqual(["claim.created", "claim.submitted", "claim.accepted", "claim.updated", "claim.submitted"]);
      const activity = await projectActivity(db, team.viewer, team.projectId);
      expect(activity[0]?.action).toBe("assignment.submitted");
      expect(activity.length).toBeLessThanOrEqual(100);
      expect((await expectAppError(() => projectActivity(db, team.outsider, team.projectId))).code).toBe("not_found:project");
    });

    it("does not let a reviewer decide on their own claim", async () => {
      const article = await freshArticle("self-review");
      const text = `${ARTICLE_TEXT} self-review`;
      await assignArticle(db, team.reviewer, { articleId: article.id, userIds: [team.reviewer.id] });
      const own = await createClaim(db, team.reviewer, article.id, text, "12 percent");
      await submitArticle(db, team.reviewer, article.id);
      expect((await expectAppError(() => decideClaim(db, team.reviewer, { claimId: own.id, decision: "accept", comment: "" }))).code).toBe(
        "forbidden:claim",
      );
      expect((await decideClaim(db, team.admin, { claimId: own.id, decision: "accept", comment: "" })).status).toBe("accepted");
    });
  });

  describe("comments", () => {
    it("lets the author and reviewers comment; not viewers or other annotators", async () => {
      const article = await freshArticle("comments");
      const text = `${ARTICLE_TEXT} comments`;
      const claim = await createClaim(db, team.ann1, article.id, text, "12 percent");
      await addComment(db, team.reviewer, { claimId: claim.id, body: "Source?" });
      const id = crypto.randomUUID();
      await addComment(db, team.ann1, { claimId: claim.id, id, body: "Added one." });
      await addComment(db, team.ann1, { claimId: claim.id, id, body: "Added one." }); // retried: idempotent
      // Someone else's comment id (here, on another claim) gets the answer every id clash gets, naming nothing.
      const elsewhere = await createClaim(db, team.reviewer, article.id, text, "4 million euros");
      expect((await expectAppError(() => addComment(db, team.reviewer, { claimId: elsewhere.id, id, body: "Mine now?" }))).code).toBe("conflict:id");
      expect((await expectAppError(() => addComment(db, team.viewer, { claimId: claim.id, body: "hi" }))).code).toBe("forbidden:comment");
      expect((await expectAppError(() => addComment(db, team.ann2, { claimId: claim.id, body: "hi" }))).code).toBe("forbidden:comment");
      expect((await expectAppError(() => addComment(db, team.outsider, { claimId: claim.id, body: "hi" }))).code).toBe("not_found:claim");
      expect((await expectAppError(() => addComment(db, team.ann1, { claimId: claim.id, ...parseWith(commentSchema, { body: " " }) }))).status).toBe(
        422,
      );
      const list = await listComments(db, team.viewer, claim.id);
      expect(list.map((c) => [c.authorName, c.body])).toEqual([
        ["Rita", "Source?"],
        ["Ann", "Added one."],
      ]);
      expect((await claimHistory(db, team.ann1, claim.id)).filter((h) => h.action === "claim.commented")).toHaveLength(2);
    });

    it("hides another annotator's claim (comments, history) in a blind project until the article is closed", async () => {
      const { article } = await blindProjectArticle(db, team.admin, "Blind review", [
        [team.ann1, "annotator"],
        [team.ann2, "annotator"],
      ]);
      const claim = await createClaim(db, team.ann1, article.id, ARTICLE_TEXT, "12 percent");
      expect((await expectAppError(() => listComments(db, team.ann2, claim.id))).code).toBe("not_found:claim");
      expect((await expectAppError(() => claimHistory(db, team.ann2, claim.id))).code).toBe("not_found:claim");
      expect(await listArticleClaims(db, team.ann2, article.id)).toEqual([]);
      // Submitting (even with no claims) reveals nothing.
      await submitArticle(db, team.ann2, article.id);
      expect((await expectAppError(() => listComments(db, team.ann2, claim.id))).code).toBe("not_found:claim");
      expect(await listArticleClaims(db, team.ann2, article.id)).toEqual([]);
      await closeArticle(db, team.admin, article.id);
      expect(await listComments(db, team.ann2, claim.id)).toEqual([]);
      expect((await claimHistory(db, team.ann2, claim.id)).map((h) => h.action)).toEqual(["claim.created"]);
    });

    it("puts an annotator's submitted assignment back to assigned when changes are requested, so they can revise", async () => {
      const article = await freshArticle("reopen");
      const text = `${ARTICLE_TEXT} reopen`;
      await assignArticle(db, team.reviewer, { articleId: article.id, userIds: [team.ann1.id] });
      const claim = await createClaim(db, team.ann1, article.id, text, "12 percent");
      await submitArticle(db, team.ann1, article.id);
      const edit = { ...claimSave(article.id, text, "12 percent", { id: claim.id, speaker: "Mayor" }), baseVersion: 2 };
      expect((await expectAppError(() => saveClaim(db, team.ann1, edit))).code).toBe("conflict:assignment");
      await decideClaim(db, team.reviewer, { claimId: claim.id, decision: "accept", comment: "" });
      expect((await expectAppError(() => saveClaim(db, team.ann1, { ...edit, baseVersion: 3 }))).code).toBe("conflict:assignment");
      await decideClaim(db, team.reviewer, { claimId: claim.id, decision: "request_changes", comment: "Name the speaker." });
      const [assignment] = await db.select().from(assignments).where(eq(assignments.articleId, article.id));
      expect(assignment?.status).toBe("assigned");
      expect((await saveClaim(db, team.ann1, { ...edit, baseVersion: 4 })).claim).toMatchObject({ speaker: "Mayor", status: "draft" });
      const activity = await projectActivity(db, team.ann1, team.projectId);
      expect(activity.find((e) => e.entityId === `${article.id}:${team.ann1.id}`)?.action).toBe("assignment.reopened");
      expect((await submitArticle(db, team.ann1, article.id)).submittedClaimIds).toEqual([claim.id]);
    });
  });

  describe("promoteToGold", () => {
    it("creates a gold claim from annotators' claims (reviewer only)", async () => {
      const article = await freshArticle("gold");
      const text = `${ARTICLE_TEXT} gold`;
      const a = await createClaim(db, team.ann1, article.id, text, "4 million euros", {
        claimType: "statistic",
        sources: [
          {
            id: crypto.randomUUID(),
            url: "https://example.org/a",
            title: "A",
            publisher: "",
            stance: "supports",
            excerpt: "",
            accessedOn: null,
            archiveUrl: null,
          },
        ],
      });
      const b = await createClaim(db, team.ann2, article.id, text, "spent 4 million euros", { claimType: "event" });

      expect((await expectAppError(() => promoteToGold(db, team.ann1, parseWith(promoteSchema, { claimIds: [a.id, b.id] })))).code).toBe(
        "forbidden:claim",
      );
      const gold = await promoteToGold(db, team.reviewer, parseWith(promoteSchema, { claimIds: [a.id, b.id] }));
      const [row] = await db.select().from(claims).where(eq(claims.id, gold.id));
      expect(row).toMatchObject({
        isGold: true,
        authorId: team.reviewer.id,
        derivedFrom: [a.id, b.id],
        exact: "4 million euros",
        claimType: "statistic",
        status: "accepted",
      });
      const copied = await db.select().from(sources).where(eq(sources.claimId, gold.id));
      expect(copied.map((s) => s.url)).toEqual(["https://example.org/a"]);

      // merged fields and target
      const at = text.indexOf("spent 4 million euros on bike lanes");
      const merged = await promoteToGold(
        db,
        team.reviewer,
        parseWith(promoteSchema, {
          claimIds: [b.id, a.id],
          target: makeTarget(text, at, at + "spent 4 million euros on bike lanes".length),
          fields: { claimType: "statistic", verdict: "true", sources: [] },
        }),
      );
      const [mergedRow] = await db.select().from(claims).where(eq(claims.id, merged.id));
      expect(mergedRow).toMatchObject({
        exact: "spent 4 million euros on bike lanes",
        claimType: "statistic",
        verdict: "true",
        derivedFrom: [b.id, a.id],
      });
      // unknown label
      expect(
        (await expectAppError(() => promoteToGold(db, team.reviewer, parseWith(promoteSchema, { claimIds: [a.id], fields: { verdict: "nope" } }))))
          .status,
      ).toBe(422);
      // gold claims are not re-merged or reviewed
      expect((await expectAppError(() => promoteToGold(db, team.reviewer, parseWith(promoteSchema, { claimIds: [gold.id] })))).status).toBe(422);
      expect((await expectAppError(() => decideClaim(db, team.admin, { claimId: gold.id, decision: "reject", comment: "x" }))).status).toBe(409);
    });
  });
});
