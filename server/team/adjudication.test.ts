import crypto from "node:crypto";
import { and, asc, eq, inArray, isNull, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { claims, events, sources } from "@/db/schema";
import { type MergeableClaim, type MergePlan, planMerge } from "@/lib/adjudication-merge";
import { makeTarget } from "@/lib/anchoring";
import type { ClaimDto, ClaimTarget } from "@/lib/claim-schema";
import { createOffsetIndex } from "@/lib/offsets";
import { sourceInput, UNICODE_ARTICLE_RAW, UNICODE_ARTICLE_TEXT, UNICODE_SENTENCES } from "@/test-support/fixtures";
import { type RouteSession, routeSession } from "@/test-support/route-session";
import {
  ARTICLE_TEXT,
  addRole,
  blindProjectArticle,
  createArticle,
  createClaim,
  createTeam,
  describeEachDatabase,
  expectAppError,
  type Team,
} from "@/test-support/team-fixtures";
import { getAnnotationWorkspace, getArticle } from "../articles";
import { listArticleClaims, setClaimDeleted } from "../claims";
import { parseWith } from "../http";
import { loadProjectViewer, visibleEvents } from "../visibility";
import {
  acceptAgreed,
  closeArticle,
  getAgreementOverview,
  promoteSchema,
  promoteToGold,
  reopenArticle,
  writeGoldClaim,
  writeGoldSchema,
} from "./adjudication";
import { getArticleDisagreements } from "./agreement";
import { assignArticle } from "./assignments";
import { submitArticle } from "./submission";

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
  const CAST = {
    reviewer: ["Rita", "reviewer"],
    otherReviewer: ["Rolf", "reviewer"],
    ann: ["Ann", "annotator"],
    ben: ["Ben", "annotator"],
    viewer: ["Vera", "viewer"],
    outsider: ["Otto", null],
  } as const;
  let db: Db;
  let team: Team<typeof CAST>;
  let articleId: string;
  let sentences: Array<{ index: number; start: number; end: number }>;

  beforeAll(async () => {
    db = getDatabase().db;
    team = await createTeam(db, "Adjudication", CAST);
    articleId = (await createArticle(db, team.projectId, UNICODE_ARTICLE_RAW)).id;
    sentences = (await getArticle(db, team.admin, articleId)).sentences;
  });

  describe("writeGoldClaim", () => {
    it("writes a gold claim on a whole sentence (astral characters included), accepted, with no source claims", async () => {
      const target = sentenceTarget(sentences[3]!);
      expect(target.exact).toBe(UNICODE_SENTENCES[3]);
      const id = crypto.randomUUID();
      const source = sourceInput({ url: "https://example.org/unicode" });
      const gold = await writeGoldClaim(db, team.reviewer, {
        articleId,
        ...parseWith(writeGoldSchema, {
          id,
          target,
          fields: { claimType: "event", verdict: "false", speaker: "Niemand", normalizedClaim: "Nobody writes in Fraktur.", sources: [source] },
        }),
      });
      expect(gold).toEqual({ id, articleId, derivedFrom: [], status: "accepted" });
      const [row] = await db.select().from(claims).where(eq(claims.id, id));
      expect(row).toMatchObject({
        isGold: true,
        authorId: team.reviewer.id,
        projectId: team.projectId,
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
      expect(history).toEqual([{ action: "claim.adjudicated", actorId: team.reviewer.id }]);
      const listed = (await listArticleClaims(db, team.ann, articleId)).find((c) => c.id === id);
      expect(listed).toMatchObject({ isGold: true, authorName: "Rita", sentenceIndexes: [3] });

      // A retry with the same id answers with the same claim and writes nothing more.
      expect(
        await writeGoldClaim(db, team.reviewer, { articleId, ...parseWith(writeGoldSchema, { id, target, fields: { verdict: "false" } }) }),
      ).toEqual(gold);
      expect(await db.select().from(claims).where(eq(claims.id, id))).toHaveLength(1);
      // The same id from someone else, or the id of an annotator's claim, is a conflict: the one answer every id clash gets.
      expect(
        (await expectAppError(() => writeGoldClaim(db, team.otherReviewer, { articleId, ...parseWith(writeGoldSchema, { id, target, fields: {} }) })))
          .code,
      ).toBe("conflict:id");
      const annClaim = await createClaim(db, team.ann, articleId, TEXT, "Kritiker nannten den Plan");
      expect(
        (
          await expectAppError(() =>
            writeGoldClaim(db, team.reviewer, { articleId, ...parseWith(writeGoldSchema, { id: annClaim.id, target, fields: {} }) }),
          )
        ).code,
      ).toBe("conflict:id");
    });

    it("writes any span inside a sentence with the whole claim form: check-worthiness, rationale, tags, sources with stance and excerpt", async () => {
      const text = "Partial gold\n\nThe council approved 300 new flats on Monday. Critics doubt it.";
      const article = await createArticle(db, team.projectId, text);
      const at = text.indexOf("300 new flats");
      const target = makeTarget(text, at, at + "300 new flats".length);
      const source = sourceInput({
        url: "https://example.org/minutes",
        stance: "refutes",
        excerpt: "Only 120 flats were approved.",
        title: "Minutes",
      });
      const gold = await writeGoldClaim(db, team.reviewer, {
        articleId: article.id,
        ...parseWith(writeGoldSchema, {
          target,
          fields: {
            claimType: "statistic",
            checkWorthiness: 3,
            verdict: "false",
            speaker: "The council",
            rationale: "The minutes say 120.",
            normalizedClaim: "The council approved 300 flats.",
            tags: ["housing", "council"],
            sources: [source],
          },
        }),
      });
      const listed = (await listArticleClaims(db, team.reviewer, article.id)).find((c) => c.id === gold.id);
      expect(listed).toMatchObject({
        isGold: true,
        target: { start: target.start, end: target.end, exact: "300 new flats" },
        sentenceIndexes: [1],
        claimType: "statistic",
        checkWorthiness: 3,
        verdict: "false",
        speaker: "The council",
        rationale: "The minutes say 120.",
        normalizedClaim: "The council approved 300 flats.",
        tags: ["housing", "council"],
      });
      expect(listed?.sources).toEqual([source]);
    });

    it("is for reviewers and admins of the project (403 for other members, 404 for outsiders)", async () => {
      const target = sentenceTarget(sentences[4]!);
      for (const actor of [team.ann, team.viewer]) {
        expect(
          (await expectAppError(() => writeGoldClaim(db, actor, { articleId, ...parseWith(writeGoldSchema, { target, fields: {} }) }))).code,
        ).toBe("forbidden:article");
      }
      expect(
        (await expectAppError(() => writeGoldClaim(db, team.outsider, { articleId, ...parseWith(writeGoldSchema, { target, fields: {} }) }))).code,
      ).toBe("not_found:article");
      expect(
        (
          await expectAppError(() =>
            writeGoldClaim(db, team.reviewer, { articleId: crypto.randomUUID(), ...parseWith(writeGoldSchema, { target, fields: {} }) }),
          )
        ).code,
      ).toBe("not_found:article");
      const byAdmin = await writeGoldClaim(db, team.admin, { articleId, ...parseWith(writeGoldSchema, { target, fields: {} }) });
      const [row] = await db.select().from(claims).where(eq(claims.id, byAdmin.id));
      // Defaults of the claim fields apply to what the form leaves out.
      expect(row).toMatchObject({ isGold: true, authorId: team.admin.id, claimType: null, verdict: "unverified", speaker: "", sentenceIndexes: [4] });
    });

    it("refuses a quote that does not match the text and labels outside the taxonomy (422), writing nothing", async () => {
      const target = sentenceTarget(sentences[2]!);
      const shifted = { ...target, start: target.start + 1, end: target.end + 1 };
      const mismatch = await expectAppError(() =>
        writeGoldClaim(db, team.reviewer, { articleId, ...parseWith(writeGoldSchema, { target: shifted, fields: {} }) }),
      );
      expect(mismatch.code).toBe("unprocessable:target");
      expect(mismatch.fields).toHaveProperty("target");
      const labels = await expectAppError(() =>
        writeGoldClaim(db, team.reviewer, {
          articleId,
          ...parseWith(writeGoldSchema, {
            target,
            fields: { claimType: "gossip", verdict: "maybe", sources: [sourceInput({ stance: "shrugs" })] },
          }),
        }),
      );
      expect(labels.status).toBe(422);
      expect(Object.keys(labels.fields ?? {}).sort()).toEqual(["claimType", "sources.0.stance", "verdict"]);
      const invalid = await expectAppError(() =>
        writeGoldClaim(db, team.reviewer, { articleId, ...parseWith(writeGoldSchema, { target, fields: { checkWorthiness: 9 } }) }),
      );
      expect(invalid.status).toBe(422);
      const onSentence2 = (await listArticleClaims(db, team.admin, articleId)).filter((c) => c.isGold && c.sentenceIndexes.includes(2));
      expect(onSentence2).toEqual([]);
    });
  });

  describe("merging on the adjudication page (planMerge → promoteToGold)", () => {
    /** The quote a merge plans anew (a union), or undefined when the first claim's quote stays. */
    const targetOf = (plan: MergePlan) => (plan.outcome === "union" ? plan.target : undefined);

    it("merges claims on adjacent sentences into their union, with the fields of the first selected", async () => {
      const first = await createClaim(db, team.ben, articleId, TEXT, UNICODE_SENTENCES[2], { claimType: "statistic", speaker: "Statistikamt" });
      const second = await createClaim(db, team.ann, articleId, TEXT, UNICODE_SENTENCES[1], { claimType: "quote", speaker: "Bürgermeister" });
      const target = targetOf(planMerge(TEXT, [mergeable(first), mergeable(second)]));
      expect(target).toBeDefined();
      expect(target!.exact).toBe(`${UNICODE_SENTENCES[1]} ${UNICODE_SENTENCES[2]}`);
      expect(target!.start).toBe(sentences[1]!.start);
      expect(target!.end).toBe(sentences[2]!.end);
      const gold = await promoteToGold(db, team.reviewer, parseWith(promoteSchema, { claimIds: [first.id, second.id], target }));
      const [row] = await db.select().from(claims).where(eq(claims.id, gold.id));
      expect(row).toMatchObject({
        isGold: true,
        derivedFrom: [first.id, second.id],
        exact: target!.exact,
        sentenceIndexes: [1, 2],
        claimType: "statistic",
        speaker: "Statistikamt",
      });
    });

    it("takes the union of overlapping quotes, and keeps the first quote when they are not contiguous or already cover it", async () => {
      const wide = await createClaim(db, team.ann, articleId, TEXT, "Der Bürgermeister 👨‍👩‍👧 sagte");
      const overlapping = await createClaim(db, team.ben, articleId, TEXT, "sagte: „Wir haben 🇩🇪 4 Mio. Euro");
      const union = targetOf(planMerge(TEXT, [mergeable(overlapping), mergeable(wide)]));
      expect(union?.exact).toBe("Der Bürgermeister 👨‍👩‍👧 sagte: „Wir haben 🇩🇪 4 Mio. Euro");
      const gold = await promoteToGold(db, team.reviewer, parseWith(promoteSchema, { claimIds: [overlapping.id, wide.id], target: union }));
      expect((await db.select().from(claims).where(eq(claims.id, gold.id)))[0]?.exact).toBe(union?.exact);

      const far = await createClaim(db, team.ben, articleId, TEXT, "Kritiker nannten den Plan Verschwendung.");
      const apart = planMerge(TEXT, [mergeable(wide), mergeable(far)]);
      expect(apart.outcome).toBe("not_contiguous");

      const inner = await createClaim(db, team.ben, articleId, TEXT, "Bürgermeister");
      expect(planMerge(TEXT, [mergeable(wide), mergeable(inner)]).outcome).toBe("first");
    });
  });
  it("keeps every field a promote leaves out: only the fields sent change, and the first claim's sources are copied", async () => {
    const text = "Partial promote\n\nThe council approved 300 new flats. Critics doubt it.";
    const article = await createArticle(db, team.projectId, text);
    const claim = await createClaim(db, team.ann, article.id, text, "300 new flats", {
      speaker: "Council",
      tags: ["housing"],
      rationale: "Minutes of the meeting.",
      sources: [sourceInput({ url: "https://example.org/minutes", stance: "supports" })],
    });
    const gold = await promoteToGold(db, team.reviewer, parseWith(promoteSchema, { claimIds: [claim.id], fields: { verdict: "false" } }));
    const [row] = await db.select().from(claims).where(eq(claims.id, gold.id));
    expect(row).toMatchObject({
      verdict: "false",
      speaker: "Council",
      tags: ["housing"],
      rationale: "Minutes of the meeting.",
      claimType: "statistic",
    });
    const copied = await db.select().from(sources).where(eq(sources.claimId, gold.id));
    expect(copied.map((s) => s.url)).toEqual(["https://example.org/minutes"]);
  });

  describe("idempotency", () => {
    async function goldRows(articleIdToCount: string) {
      return db
        .select()
        .from(claims)
        .where(and(eq(claims.articleId, articleIdToCount), eq(claims.isGold, true), isNull(claims.deletedAt)));
    }

    it("makes one gold claim when Promote is pressed twice, with or without ids, in either order, even concurrently", async () => {
      const article = await createArticle(db, team.projectId, "Idempotent promote\n\nThe council approved 300 new flats. Critics doubt it.");
      const text = "Idempotent promote\n\nThe council approved 300 new flats. Critics doubt it.";
      const a = await createClaim(db, team.ann, article.id, text, "300 new flats");
      const b = await createClaim(db, team.ben, article.id, text, "approved 300 new flats");

      const first = await promoteToGold(db, team.reviewer, parseWith(promoteSchema, { claimIds: [a.id] }));
      // The page sends a fresh id for a second press after the first succeeded; or none at all.
      expect(await promoteToGold(db, team.reviewer, parseWith(promoteSchema, { id: crypto.randomUUID(), claimIds: [a.id] }))).toEqual(first);
      expect(await promoteToGold(db, team.reviewer, parseWith(promoteSchema, { claimIds: [a.id] }))).toEqual(first);
      // Another reviewer promoting the same claim the same way gets the same gold claim, not a second one.
      expect(await promoteToGold(db, team.otherReviewer, parseWith(promoteSchema, { claimIds: [a.id] }))).toEqual(first);
      expect(await goldRows(article.id)).toHaveLength(1);
      // A promote with other labels is another outcome: its own gold claim, the edit not silently dropped.
      const relabelled = await promoteToGold(db, team.reviewer, parseWith(promoteSchema, { claimIds: [a.id], fields: { verdict: "false" } }));
      expect(relabelled.id).not.toBe(first.id);
      await setClaimDeleted(db, team.reviewer, { claimId: relabelled.id, restore: false });

      // A merge of the same claims is the same gold claim whichever was ticked first (same quote).
      const at = text.indexOf("approved 300 new flats");
      const target = makeTarget(text, at, at + "approved 300 new flats".length);
      const merged = await promoteToGold(db, team.reviewer, parseWith(promoteSchema, { claimIds: [a.id, b.id], target }));
      expect(await promoteToGold(db, team.reviewer, parseWith(promoteSchema, { claimIds: [b.id, a.id], target }))).toEqual(merged);
      expect(merged.id).not.toBe(first.id);
      expect(await goldRows(article.id)).toHaveLength(2);

      // Pressed several times at once: one row (the article lock serialises them). Enough pooled connections are
      // opened first (Postgres), so the calls really overlap instead of queueing behind connection set-up.
      const c = await createClaim(db, team.ann, article.id, text, "Critics doubt it.");
      await Promise.all(Array.from({ length: 5 }, () => db.execute(sql`select pg_sleep(0.05)`)));
      const concurrent = await Promise.all(
        Array.from({ length: 4 }, () => promoteToGold(db, team.reviewer, parseWith(promoteSchema, { id: crypto.randomUUID(), claimIds: [c.id] }))),
      );
      expect(new Set(concurrent.map((g) => g.id)).size).toBe(1);
      expect(await goldRows(article.id)).toHaveLength(3);
      expect(
        await db
          .select({ id: events.id })
          .from(events)
          .where(and(eq(events.entityId, concurrent[0]!.id), eq(events.action, "claim.adjudicated"))),
      ).toHaveLength(1);

      // A deleted gold claim is not a twin: promoting again makes a new one.
      await setClaimDeleted(db, team.reviewer, { claimId: first.id, restore: false });
      const again = await promoteToGold(db, team.reviewer, parseWith(promoteSchema, { claimIds: [a.id] }));
      expect(again.id).not.toBe(first.id);
    });

    it("writes one gold claim for the same quote and labels sent twice; different labels are another gold claim", async () => {
      const target = sentenceTarget(sentences[0]!);
      const fields = { claimType: "event", verdict: "unverified", speaker: "", normalizedClaim: "A heading." };
      const once = await writeGoldClaim(db, team.reviewer, { articleId, ...parseWith(writeGoldSchema, { target, fields }) });
      expect(
        await writeGoldClaim(db, team.reviewer, { articleId, ...parseWith(writeGoldSchema, { id: crypto.randomUUID(), target, fields }) }),
      ).toEqual(once);
      const other = await writeGoldClaim(db, team.reviewer, {
        articleId,
        ...parseWith(writeGoldSchema, { target, fields: { ...fields, verdict: "false" } }),
      });
      expect(other.id).not.toBe(once.id);
    });
  });

  describe("the promotion in the history", () => {
    it("names the gold claim in each source claim's history and the sources in the gold claim's; blind annotators read only their own until the article is closed", async () => {
      const { project, article } = await blindProjectArticle(db, team.admin, "Blind promotion history", [
        [team.ann, "annotator"],
        [team.ben, "annotator"],
        [team.reviewer, "reviewer"],
      ]);
      const annClaim = await createClaim(db, team.ann, article.id, ARTICLE_TEXT, "The mayor said traffic fell by 12 percent.");
      const benClaim = await createClaim(db, team.ben, article.id, ARTICLE_TEXT, "traffic fell by 12 percent");
      const gold = await promoteToGold(db, team.reviewer, parseWith(promoteSchema, { claimIds: [annClaim.id, benClaim.id] }));
      const ids = [annClaim.id, benClaim.id, gold.id];
      const promotions = (rows: Array<{ entityId: string; action: string; after: unknown }>) =>
        rows.filter((r) => r.action === "claim.promoted" || r.action === "claim.adjudicated").map((r) => [r.entityId, r.action, r.after]);
      const historySeenBy = async (actor: typeof team.ann) =>
        promotions(
          await db
            .select({ entityId: events.entityId, action: events.action, after: events.after })
            .from(events)
            .where(and(visibleEvents(await loadProjectViewer(db, actor, project.id)), inArray(events.entityId, ids)))
            .orderBy(asc(events.id)),
        );

      // Reviewers read it all: the gold claim's adjudication names its sources; each source names the gold claim, and only it
      // (a merge partner named in a source's history would tell its annotator of a fellow annotator's claim).
      const adjudicated = ([id, action, after]: unknown[]) => [id, action, (after as { derivedFrom: string[] }).derivedFrom];
      const all = await historySeenBy(team.reviewer);
      expect(all.filter(([, action]) => action === "claim.promoted")).toEqual([
        [annClaim.id, "claim.promoted", { goldClaimId: gold.id }],
        [benClaim.id, "claim.promoted", { goldClaimId: gold.id }],
      ]);
      expect(all.filter(([, action]) => action === "claim.adjudicated").map(adjudicated)).toEqual([
        [gold.id, "claim.adjudicated", [annClaim.id, benClaim.id]],
      ]);
      // Pressing Promote again writes no second promotion.
      expect(await promoteToGold(db, team.reviewer, parseWith(promoteSchema, { claimIds: [annClaim.id, benClaim.id] }))).toEqual(gold);
      expect(await historySeenBy(team.reviewer)).toEqual(all);

      // Blind and open: each annotator reads the promotion of their own claim, not the partner's, nor the gold claim's adjudication.
      expect(await historySeenBy(team.ann)).toEqual([[annClaim.id, "claim.promoted", { goldClaimId: gold.id }]]);
      expect(await historySeenBy(team.ben)).toEqual([[benClaim.id, "claim.promoted", { goldClaimId: gold.id }]]);
      expect(await historySeenBy(team.outsider)).toEqual([]);

      // Closed: the blinds lift, for the promotion as for everything else.
      await closeArticle(db, team.reviewer, article.id);
      expect(await historySeenBy(team.ann)).toEqual(all);
      expect(await historySeenBy(team.ben)).toEqual(all);
    });
  });

  describe("accepting what all annotators agree on (acceptAgreed)", () => {
    const body = "The council approved 300 new flats. The mayor said rents fell. Critics called it a waste of money. Prices rose in May.";
    let made = 0;

    /** An article assigned to Ann and Ben, with their claims: sentences 1 and 3 alike (3 on part of it), 2 only Ann's, 4 typed differently. */
    async function agreedArticle() {
      // A title of its own each time: the same text again would be the same article (imports deduplicate by content).
      const text = `Agreed article ${++made}\n\n${body}`;
      const article = await createArticle(db, team.projectId, text);
      await assignArticle(db, team.admin, { articleId: article.id, userIds: [team.ann.id, team.ben.id] });
      const claimsOf = async (actor: typeof team.ann, type4: string) => ({
        s1: await createClaim(db, actor, article.id, text, "The council approved 300 new flats.", { claimType: "event" }),
        s3: await createClaim(db, actor, article.id, text, "a waste of money", { claimType: "quote" }),
        s4: await createClaim(db, actor, article.id, text, "Prices rose in May.", { claimType: type4 }),
      });
      const ann = { ...(await claimsOf(team.ann, "statistic")), s2: await createClaim(db, team.ann, article.id, text, "The mayor said rents fell.") };
      const ben = await claimsOf(team.ben, "event");
      return { article, ann, ben };
    }

    async function goldOf(articleIdToList: string) {
      return db
        .select()
        .from(claims)
        .where(and(eq(claims.articleId, articleIdToList), eq(claims.isGold, true), isNull(claims.deletedAt)))
        .orderBy(asc(claims.start));
    }

    it("makes one gold claim per agreed reading, derived from the annotators' claims, with their history; twice makes nothing more", async () => {
      const { article, ann, ben } = await agreedArticle();
      // Nothing to compare until two have submitted: a 409 that says why.
      const none = await expectAppError(() => acceptAgreed(db, team.reviewer, article.id));
      expect([none.status, none.message]).toEqual([
        409,
        "Accepting what annotators agree on needs at least two submitted annotators; this article has 0.",
      ]);
      await submitArticle(db, team.ann, article.id);
      expect((await expectAppError(() => acceptAgreed(db, team.reviewer, article.id))).message).toContain("this article has 1.");
      expect(await getAgreementOverview(db, team.reviewer, article.id)).toMatchObject({ annotatorCount: 1, isComparable: false, disputed: [] });
      await submitArticle(db, team.ben, article.id);

      // The split is the drill-down's: its disagreeing sentences are exactly the disputed ones.
      const overview = await getAgreementOverview(db, team.reviewer, article.id);
      const drillDown = await getArticleDisagreements(db, team.reviewer, article.id);
      expect(overview).toEqual({ annotatorCount: 2, isComparable: true, disputed: [2, 4], agreed: [0, 1, 3], toAccept: 2, alreadyGold: 0 });
      expect(drillDown.sentences.map((d) => d.index)).toEqual(overview.disputed);

      const result = await acceptAgreed(db, team.reviewer, article.id);
      expect([result.made, result.already]).toEqual([2, 0]);
      const gold = await goldOf(article.id);
      expect(gold.map((g) => [g.exact, g.derivedFrom, g.claimType, g.authorId, g.status])).toEqual([
        ["The council approved 300 new flats.", [ann.s1.id, ben.s1.id], "event", team.reviewer.id, "accepted"],
        ["a waste of money", [ann.s3.id, ben.s3.id], "quote", team.reviewer.id, "accepted"],
      ]);
      expect(result.goldClaims.map((g) => g.id).sort()).toEqual(gold.map((g) => g.id).sort());
      // History: the gold claim's adjudication names its sources, each source its gold claim (promoteToGold's entries).
      const history = await db
        .select({ entityId: events.entityId, action: events.action, after: events.after })
        .from(events)
        .where(and(inArray(events.action, ["claim.promoted", "claim.adjudicated"]), inArray(events.entityId, [ann.s1.id, ben.s1.id, gold[0]!.id])))
        .orderBy(asc(events.id));
      expect(history.map((h) => [h.entityId, h.action])).toEqual([
        [gold[0]!.id, "claim.adjudicated"],
        [ann.s1.id, "claim.promoted"],
        [ben.s1.id, "claim.promoted"],
      ]);
      expect(history[1]?.after).toEqual({ goldClaimId: gold[0]!.id });

      // Pressed again: nothing more is written, and it says the two are there already.
      const eventCount = async () => (await db.select({ id: events.id }).from(events).where(eq(events.projectId, team.projectId))).length;
      const before = await eventCount();
      expect(await acceptAgreed(db, team.otherReviewer, article.id)).toEqual({ made: 0, already: 2, goldClaims: [] });
      expect(await goldOf(article.id)).toHaveLength(2);
      expect(await eventCount()).toBe(before);
      expect(await getAgreementOverview(db, team.reviewer, article.id)).toMatchObject({ toAccept: 0, alreadyGold: 2 });
    });

    it("counts a reading with a gold claim already (promoted from one of its claims, or written on its span) and leaves it alone", async () => {
      const { article, ann, ben } = await agreedArticle();
      await submitArticle(db, team.ann, article.id);
      await submitArticle(db, team.ben, article.id);
      const promoted = await promoteToGold(db, team.reviewer, parseWith(promoteSchema, { claimIds: [ben.s1.id], fields: { verdict: "false" } }));
      await writeGoldClaim(db, team.reviewer, {
        articleId: article.id,
        ...parseWith(writeGoldSchema, { target: { ...ann.s3.target }, fields: { claimType: "quote", rationale: "Written by hand." } }),
      });
      expect(await getAgreementOverview(db, team.reviewer, article.id)).toMatchObject({ toAccept: 0, alreadyGold: 2 });
      expect(await acceptAgreed(db, team.reviewer, article.id)).toEqual({ made: 0, already: 2, goldClaims: [] });
      expect((await goldOf(article.id)).map((g) => g.id)).toContain(promoted.id);
      expect(await goldOf(article.id)).toHaveLength(2);
    });

    it("is for reviewers and admins (403 for annotators and viewers, 404 for outsiders and unknown articles)", async () => {
      const { article } = await agreedArticle();
      await submitArticle(db, team.ann, article.id);
      await submitArticle(db, team.ben, article.id);
      for (const actor of [team.ann, team.viewer]) {
        expect((await expectAppError(() => acceptAgreed(db, actor, article.id))).code).toBe("forbidden:article");
        expect((await expectAppError(() => getAgreementOverview(db, actor, article.id))).code).toBe("forbidden:article");
      }
      expect((await expectAppError(() => acceptAgreed(db, team.outsider, article.id))).code).toBe("not_found:article");
      expect((await expectAppError(() => acceptAgreed(db, team.reviewer, crypto.randomUUID()))).code).toBe("not_found:article");
      expect(await goldOf(article.id)).toEqual([]);
      expect((await acceptAgreed(db, team.admin, article.id)).made).toBe(2);
    });

    it("makes each gold claim once when pressed several times at once", async () => {
      const { article } = await agreedArticle();
      await submitArticle(db, team.ann, article.id);
      await submitArticle(db, team.ben, article.id);
      // Enough pooled connections are opened first (Postgres), so the calls really overlap.
      await Promise.all(Array.from({ length: 5 }, () => db.execute(sql`select pg_sleep(0.05)`)));
      const results = await Promise.all(Array.from({ length: 4 }, () => acceptAgreed(db, team.reviewer, article.id)));
      expect(results.map((r) => r.made).reduce((a, b) => a + b, 0)).toBe(2);
      expect(results.every((r) => r.made + r.already === 2)).toBe(true);
      const gold = await goldOf(article.id);
      expect(gold).toHaveLength(2);
      const adjudications = await db
        .select({ id: events.id })
        .from(events)
        .where(
          and(
            eq(events.action, "claim.adjudicated"),
            inArray(
              events.entityId,
              gold.map((g) => g.id),
            ),
          ),
        );
      expect(adjudications).toHaveLength(2);
    });
  });

  describe("closing", () => {
    it("closes and reopens (reviewers and admins), idempotently, with one history entry each", async () => {
      const article = await createArticle(db, team.projectId, "Closing\n\nThe bridge reopens in May. Nobody believes it.");
      expect((await expectAppError(() => closeArticle(db, team.ann, article.id))).code).toBe("forbidden:article");
      expect((await expectAppError(() => closeArticle(db, team.viewer, article.id))).code).toBe("forbidden:article");
      expect((await expectAppError(() => closeArticle(db, team.outsider, article.id))).code).toBe("not_found:article");
      expect((await expectAppError(() => closeArticle(db, team.reviewer, crypto.randomUUID()))).code).toBe("not_found:article");

      const closed = await closeArticle(db, team.reviewer, article.id);
      expect(closed).toMatchObject({ articleId: article.id, isClosed: true, closedByName: "Rita" });
      expect(await closeArticle(db, team.otherReviewer, article.id)).toEqual(closed);
      const workspace = await getAnnotationWorkspace(db, team.ann, article.id);
      expect(workspace.closure).toEqual({ closedAt: closed.closedAt, closedByName: "Rita" });
      // Annotation has ended: saves and submissions are refused.
      const text = "Closing\n\nThe bridge reopens in May. Nobody believes it.";
      expect((await expectAppError(() => createClaim(db, team.ann, article.id, text, "reopens in May"))).code).toBe("conflict:article");

      const reopened = await reopenArticle(db, team.admin, article.id);
      expect(reopened).toEqual({ articleId: article.id, isClosed: false, closedAt: null, closedByName: null });
      expect(await reopenArticle(db, team.reviewer, article.id)).toEqual(reopened);
      await createClaim(db, team.ann, article.id, text, "reopens in May");
      const history = await db
        .select({ action: events.action, actorId: events.actorId })
        .from(events)
        .where(and(eq(events.entityType, "article"), eq(events.entityId, article.id)));
      expect(history.map((h) => h.action)).toEqual(["article.imported", "article.closed", "article.reopened"]);
    });
  });
});

// POST /api/reviews/articles/:id/gold/agreed — through the door.
describeEachDatabase("accept-agreed route", (getDatabase) => {
  let db: Db;
  let session: RouteSession;
  let articleId: string;
  const text = "Route article\n\nThe council approved 300 new flats. Critics doubt it.";

  beforeAll(async () => {
    const database = getDatabase();
    db = database.db;
    session = await routeSession(database, "Rita");
    const team = await createTeam(db, "Accept agreed route", { ann: ["Ann", "annotator"], ben: ["Ben", "annotator"] } as const);
    await addRole(db, team.projectId, session.actor.id, "reviewer");
    articleId = (await createArticle(db, team.projectId, text)).id;
    await assignArticle(db, team.admin, { articleId, userIds: [team.ann.id, team.ben.id] });
    for (const actor of [team.ann, team.ben]) {
      await createClaim(db, actor, articleId, text, "The council approved 300 new flats.");
      await submitArticle(db, actor, articleId);
    }
  });

  afterAll(() => session.restore());

  async function post(id: string, headers: Record<string, string> = {}) {
    const { POST } = await import("@/app/api/reviews/articles/[id]/gold/agreed/route");
    const request = new Request(`http://desk.lan:3000/api/reviews/articles/${id}/gold/agreed`, {
      method: "POST",
      headers: { host: "desk.lan:3000", origin: "http://desk.lan:3000", cookie: session.cookie, ...headers },
    });
    return POST(request, { params: Promise.resolve({ id }) });
  }

  it("accepts the agreed reading once, then answers that it is there already", async () => {
    const first = await post(articleId);
    expect(first.status).toBe(200);
    expect(await first.json()).toMatchObject({ made: 1, already: 0 });
    expect(await (await post(articleId)).json()).toEqual({ made: 0, already: 1, goldClaims: [] });
  });

  it("refuses a cross-site request (403), a bad id (422 naming it), an unknown article (404) and a body (415)", async () => {
    const crossSite = await post(articleId, { "sec-fetch-site": "cross-site", origin: "https://evil.example" });
    expect(crossSite.status).toBe(403);
    const bad = await post("not-a-uuid");
    expect(bad.status).toBe(422);
    expect(Object.keys(((await bad.json()) as { error: { fields?: Record<string, string> } }).error.fields ?? {})).toContain("id");
    expect((await post(crypto.randomUUID())).status).toBe(404);
    expect((await post(articleId, { "content-type": "application/x-www-form-urlencoded" })).status).toBe(415);
  });
});
