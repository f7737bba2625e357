import crypto from "node:crypto";
import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { planMerge, type MergeableClaim } from "@/app/articles/[id]/adjudicate/_components/merge";
import type { Db } from "@/db/client";
import { claims, events, sources } from "@/db/schema";
import { makeTarget } from "@/lib/anchoring";
import type { ClaimDto, ClaimTarget } from "@/lib/claim-schema";
import { createOffsetIndex } from "@/lib/offsets";
import { sourceInput, UNICODE_ARTICLE_RAW, UNICODE_ARTICLE_TEXT, UNICODE_SENTENCES } from "@/test-support/fixtures";
import { getArticle } from "../articles";
import type { Actor } from "../authz";
import { listArticleClaims } from "../claims";
import { promoteToGold, writeGoldClaim } from "./adjudication";
import { addRole, createArticle, createClaim, createUser, describeEachDatabase, expectAppError, newProject } from "./test-fixtures";

const TEXT = UNICODE_ARTICLE_TEXT;
const index = createOffsetIndex(TEXT);

/** The whole sentence as a target, the way the adjudication page makes it (code-point offsets → UTF-16 → makeTarget). */
function sentenceTarget(sentence: { start: number; end: number }): ClaimTarget {
  return makeTarget(index, index.toUtf16(sentence.start), index.toUtf16(sentence.end));
}

function mergeable(claim: ClaimDto): MergeableClaim {
  return { id: claim.id, start: claim.target.start, end: claim.target.end, authorName: claim.authorName, exact: claim.target.exact };
}

describeEachDatabase("team: adjudication", (getDatabase) => {
  let db: Db;
  let admin: Actor;
  let reviewer: Actor;
  let otherReviewer: Actor;
  let ann: Actor;
  let ben: Actor;
  let viewer: Actor;
  let outsider: Actor;
  let projectId: string;
  let articleId: string;
  let sentences: Array<{ index: number; start: number; end: number }>;

  beforeAll(async () => {
    db = getDatabase().db;
    admin = await createUser(db, "Admin", { isAdmin: true });
    reviewer = await createUser(db, "Rita");
    otherReviewer = await createUser(db, "Rolf");
    ann = await createUser(db, "Ann");
    ben = await createUser(db, "Ben");
    viewer = await createUser(db, "Vera");
    outsider = await createUser(db, "Otto");
    projectId = (await newProject(db, admin, "Adjudication")).id;
    await addRole(db, projectId, reviewer.id, "reviewer");
    await addRole(db, projectId, otherReviewer.id, "reviewer");
    await addRole(db, projectId, ann.id, "annotator");
    await addRole(db, projectId, ben.id, "annotator");
    await addRole(db, projectId, viewer.id, "viewer");
    articleId = (await createArticle(db, projectId, UNICODE_ARTICLE_RAW)).id;
    sentences = (await getArticle(db, admin, articleId)).sentences;
  });

  describe("writeGoldClaim", () => {
    it("writes a gold claim on a whole sentence (astral characters included), accepted, with no source claims", async () => {
      const target = sentenceTarget(sentences[3]!);
      expect(target.exact).toBe(UNICODE_SENTENCES[3]);
      const id = crypto.randomUUID();
      const source = sourceInput({ url: "https://example.org/unicode" });
      const gold = await writeGoldClaim(db, reviewer, articleId, {
        id,
        target,
        fields: { claimType: "event", verdict: "false", speaker: "Niemand", normalizedClaim: "Nobody writes in Fraktur.", sources: [source] },
      });
      expect(gold).toEqual({ id, articleId, derivedFrom: [], status: "accepted" });
      const [row] = await db.select().from(claims).where(eq(claims.id, id));
      expect(row).toMatchObject({
        isGold: true,
        authorId: reviewer.id,
        projectId,
        derivedFrom: [],
        status: "accepted",
        start: target.start,
        end: target.end,
        exact: UNICODE_SENTENCES[3],
        sentenceIndexes: [3],
        claimType: "event",
        verdict: "false",
        speaker: "Niemand",
        normalizedClaim: "Nobody writes in Fraktur.",
      });
      expect((await db.select().from(sources).where(eq(sources.claimId, id))).map((s) => [s.id, s.url])).toEqual([
        [source.id, "https://example.org/unicode"],
      ]);
      const history = await db
        .select({ action: events.action, actorId: events.actorId })
        .from(events)
        .where(and(eq(events.entityType, "claim"), eq(events.entityId, id)));
      expect(history).toEqual([{ action: "claim.adjudicated", actorId: reviewer.id }]);
      const listed = (await listArticleClaims(db, ann, articleId)).find((c) => c.id === id);
      expect(listed).toMatchObject({ isGold: true, authorName: "Rita", sentenceIndexes: [3] });

      // A retry with the same id answers with the same claim and writes nothing more.
      expect(await writeGoldClaim(db, reviewer, articleId, { id, target, fields: { verdict: "false" } })).toEqual(gold);
      expect(await db.select().from(claims).where(eq(claims.id, id))).toHaveLength(1);
      // The same id from someone else, or the id of an annotator's claim, is a conflict: the one answer every id clash gets.
      expect((await expectAppError(() => writeGoldClaim(db, otherReviewer, articleId, { id, target, fields: {} }))).code).toBe("conflict:id");
      const annClaim = await createClaim(db, ann, articleId, TEXT, "Kritiker nannten den Plan");
      expect((await expectAppError(() => writeGoldClaim(db, reviewer, articleId, { id: annClaim.id, target, fields: {} }))).code).toBe(
        "conflict:id",
      );
    });

    it("is for reviewers and admins of the project (403 for other members, 404 for outsiders)", async () => {
      const target = sentenceTarget(sentences[4]!);
      for (const actor of [ann, viewer]) {
        expect((await expectAppError(() => writeGoldClaim(db, actor, articleId, { target, fields: {} }))).code).toBe("forbidden:article");
      }
      expect((await expectAppError(() => writeGoldClaim(db, outsider, articleId, { target, fields: {} }))).code).toBe("not_found:article");
      expect((await expectAppError(() => writeGoldClaim(db, reviewer, crypto.randomUUID(), { target, fields: {} }))).code).toBe(
        "not_found:article",
      );
      const byAdmin = await writeGoldClaim(db, admin, articleId, { target, fields: {} });
      const [row] = await db.select().from(claims).where(eq(claims.id, byAdmin.id));
      // Defaults of the claim fields apply to what the form leaves out.
      expect(row).toMatchObject({ isGold: true, authorId: admin.id, claimType: null, verdict: "unverified", speaker: "", sentenceIndexes: [4] });
    });

    it("refuses a quote that does not match the text and labels outside the taxonomy (422), writing nothing", async () => {
      const target = sentenceTarget(sentences[2]!);
      const shifted = { ...target, start: target.start + 1, end: target.end + 1 };
      const mismatch = await expectAppError(() => writeGoldClaim(db, reviewer, articleId, { target: shifted, fields: {} }));
      expect(mismatch.code).toBe("unprocessable:target");
      expect(mismatch.fields).toHaveProperty("target");
      const labels = await expectAppError(() =>
        writeGoldClaim(db, reviewer, articleId, {
          target,
          fields: { claimType: "gossip", verdict: "maybe", sources: [sourceInput({ stance: "shrugs" })] },
        }),
      );
      expect(labels.status).toBe(422);
      expect(Object.keys(labels.fields ?? {}).sort()).toEqual(["claimType", "sources.0.stance", "verdict"]);
      const invalid = await expectAppError(() => writeGoldClaim(db, reviewer, articleId, { target, fields: { checkWorthiness: 9 } }));
      expect(invalid.status).toBe(422);
      const onSentence2 = (await listArticleClaims(db, admin, articleId)).filter((c) => c.isGold && c.sentenceIndexes.includes(2));
      expect(onSentence2).toEqual([]);
    });
  });

  describe("merging on the adjudication page (planMerge → promoteToGold)", () => {
    it("merges claims on adjacent sentences into their union, with the fields of the first selected", async () => {
      const first = await createClaim(db, ben, articleId, TEXT, UNICODE_SENTENCES[2], { claimType: "statistic", speaker: "Statistikamt" });
      const second = await createClaim(db, ann, articleId, TEXT, UNICODE_SENTENCES[1], { claimType: "quote", speaker: "Bürgermeister" });
      const plan = planMerge(TEXT, [mergeable(first), mergeable(second)]);
      expect(plan.target).toBeDefined();
      expect(plan.target!.exact).toBe(`${UNICODE_SENTENCES[1]} ${UNICODE_SENTENCES[2]}`);
      expect(plan.target!.start).toBe(sentences[1]!.start);
      expect(plan.target!.end).toBe(sentences[2]!.end);
      const gold = await promoteToGold(db, reviewer, { claimIds: [first.id, second.id], target: plan.target });
      const [row] = await db.select().from(claims).where(eq(claims.id, gold.id));
      expect(row).toMatchObject({
        isGold: true,
        derivedFrom: [first.id, second.id],
        exact: plan.target!.exact,
        sentenceIndexes: [1, 2],
        claimType: "statistic",
        speaker: "Statistikamt",
      });
    });

    it("takes the union of overlapping quotes, and keeps the first quote when they are not contiguous or already cover it", async () => {
      const wide = await createClaim(db, ann, articleId, TEXT, "Der Bürgermeister 👨‍👩‍👧 sagte");
      const overlapping = await createClaim(db, ben, articleId, TEXT, "sagte: „Wir haben 🇩🇪 4 Mio. Euro");
      const union = planMerge(TEXT, [mergeable(overlapping), mergeable(wide)]);
      expect(union.target?.exact).toBe("Der Bürgermeister 👨‍👩‍👧 sagte: „Wir haben 🇩🇪 4 Mio. Euro");
      const gold = await promoteToGold(db, reviewer, { claimIds: [overlapping.id, wide.id], target: union.target });
      expect((await db.select().from(claims).where(eq(claims.id, gold.id)))[0]?.exact).toBe(union.target?.exact);

      const far = await createClaim(db, ben, articleId, TEXT, "Kritiker nannten den Plan Verschwendung.");
      const apart = planMerge(TEXT, [mergeable(wide), mergeable(far)]);
      expect(apart.target).toBeUndefined();
      expect(apart.note).toContain("not contiguous");

      const inner = await createClaim(db, ben, articleId, TEXT, "Bürgermeister");
      expect(planMerge(TEXT, [mergeable(wide), mergeable(inner)]).target).toBeUndefined();
    });
  });
});
