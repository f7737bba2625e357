import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { computeArticleAgreement, computeProjectAgreement } from "@/lib/agreement";
import { createArticle, createClaim, createTeam, describeEachDatabase, expectAppError, type Team } from "@/test-support/team-fixtures";
import type { Actor } from "../authz";
import { listArticleClaims } from "../claims";
import { parseWith } from "../http";
import { setSentenceExclusion } from "../sentence-decisions";
import { promoteSchema, promoteToGold } from "./adjudication";
import { getArticleAgreement, getProjectAgreement } from "./agreement";
import { assignArticle } from "./assignments";
import { submitArticle } from "./submission";

/**
 * Fixture: two articles of four sentences each.
 * - Article 1: Ann and Ben submitted, Cleo assigned but not submitted.
 *   Ann claims s0 (statistic) and s2 (event); Ben claims s0 (statistic) and s1 (quote).
 *   Cleo's claim must not count; a gold claim must not count.
 * - Article 2: only Ann submitted (one coder: contributes no pairable units).
 */
const TEXT_1 = "Article one\n\nThe budget grew by 5 percent. The minister said it was fair. Prices rose in May. Nobody knows why.";
const TEXT_2 = "Article two\n\nThe river flooded twice. Experts warned of more floods. Rain fell all week.";

describeEachDatabase("team: agreement", (getDatabase) => {
  const CAST = { ann: ["Ann", "annotator"], ben: ["Ben", "annotator"], cleo: ["Cleo", "annotator"] } as const;
  let db: Db;
  let team: Team<typeof CAST>;
  let annotatorOnly: Actor;
  let article1: string;
  let article2: string;

  beforeAll(async () => {
    db = getDatabase().db;
    team = await createTeam(db, "Agreement", CAST);
    annotatorOnly = team.ann;
    article1 = (await createArticle(db, team.projectId, TEXT_1)).id;
    article2 = (await createArticle(db, team.projectId, TEXT_2)).id;
    await assignArticle(db, team.admin, { articleId: article1, userIds: [team.ann.id, team.ben.id, team.cleo.id] });
    await assignArticle(db, team.admin, { articleId: article2, userIds: [team.ann.id] });

    await createClaim(db, team.ann, article1, TEXT_1, "The budget grew by 5 percent.", { claimType: "statistic" });
    await createClaim(db, team.ann, article1, TEXT_1, "Prices rose in May.", { claimType: "event" });
    const benClaim = await createClaim(db, team.ben, article1, TEXT_1, "The budget grew by 5 percent.", { claimType: "statistic" });
    await createClaim(db, team.ben, article1, TEXT_1, "The minister said it was fair.", { claimType: "quote" });
    await createClaim(db, team.cleo, article1, TEXT_1, "Nobody knows why.", { claimType: "event" });
    await createClaim(db, team.ann, article2, TEXT_2, "The river flooded twice.", { claimType: "event" });
    await submitArticle(db, team.ann, article1);
    await submitArticle(db, team.ben, article1);
    await submitArticle(db, team.ann, article2);
    // A gold claim by the admin on the last sentence: excluded.
    await promoteToGold(db, team.admin, parseWith(promoteSchema, { claimIds: [benClaim.id] }));
  });

  describe("getArticleAgreement", () => {
    it("feeds lib/agreement with the submitted annotators' own, non-gold claims", async () => {
      const report = await getArticleAgreement(db, team.admin, article1);
      expect(report.annotators.map((a) => a.name)).toEqual(["Ann", "Ben"]);
      expect(report.articleCount).toBe(1);
      const dtos = (await listArticleClaims(db, team.admin, article1)).filter((c) => !c.isGold && c.authorId !== team.cleo.id);
      expect(dtos.map((c) => [c.authorName, c.sentenceIndexes])).toEqual([
        ["Ann", [1]],
        ["Ben", [1]],
        ["Ben", [2]],
        ["Ann", [3]],
      ]);
      const expected = computeArticleAgreement({
        annotators: [team.ann.id, team.ben.id],
        article: {
          articleId: article1,
          sentenceCount: 5,
          claims: dtos.map((c) => ({
            annotatorId: c.authorId,
            start: c.target.start,
            end: c.target.end,
            claimType: c.claimType,
            sentenceIndexes: c.sentenceIndexes,
          })),
        },
      });
      expect(report.result).toEqual(expected);
      // Sentence-level figures do not depend on the spans; compare them exactly.
      expect(report.result.alphaClaim).toBeCloseTo(expected.alphaClaim!, 10);
      expect(report.result.alphaClaimType).toBeCloseTo(expected.alphaClaimType!, 10);
      expect(report.result.units).toBe(5); // title line + 4 sentences
      expect(report.result.pairs).toHaveLength(1);
      const pair = report.result.pairs[0]!;
      expect([pair.a, pair.b]).toEqual([team.ann.id, team.ben.id]);
      // By hand: labels (title, s1..s4) Ann = n c n c n, Ben = n c c n n → p_o = 3/5, p_e = .4·.4 + .6·.6 = .52.
      expect(pair.kappaClaim.kappa).toBeCloseTo((0.6 - 0.52) / (1 - 0.52), 10);
      // spans: one exact match out of two each
      expect(pair.spanF1Exact).toMatchObject({ matched: 1, precision: 0.5, recall: 0.5, f1: 0.5 });
    });

    it("is for reviewers and admins", async () => {
      expect((await expectAppError(() => getArticleAgreement(db, annotatorOnly, article1))).code).toBe("forbidden:article");
    });
  });

  describe("getProjectAgreement", () => {
    it("pools articles by their submitted coders", async () => {
      const report = await getProjectAgreement(db, team.admin, team.projectId);
      expect(report.articleCount).toBe(2);
      expect(report.annotators.map((a) => a.name)).toEqual(["Ann", "Ben"]);
      const claims1 = (await listArticleClaims(db, team.admin, article1)).filter((c) => !c.isGold && c.authorId !== team.cleo.id);
      const claims2 = await listArticleClaims(db, team.admin, article2);
      const toInput = (c: (typeof claims1)[number]) => ({
        annotatorId: c.authorId,
        start: c.target.start,
        end: c.target.end,
        claimType: c.claimType,
        sentenceIndexes: c.sentenceIndexes,
      });
      const expected = computeProjectAgreement({
        annotators: [team.ann.id, team.ben.id],
        articles: [
          { articleId: article1, sentenceCount: 5, claims: claims1.map(toInput) },
          { articleId: article2, sentenceCount: 4, claims: claims2.map(toInput) },
        ],
        annotatorsByArticle: { [article1]: [team.ann.id, team.ben.id], [article2]: [team.ann.id] },
      });
      expect(report.result).toEqual(expected);
      // Article 2 has a single coder: it adds no units.
      expect(report.result.units).toBe(5);
      expect((await expectAppError(() => getProjectAgreement(db, team.ann, team.projectId))).code).toBe("forbidden:project");
    });
  });

  describe("getProjectDashboard", () => {
    it("puts articles in progress states and counts per annotator", async () => {
      const { getProjectDashboard } = await import("./dashboard");
      const extra = await createArticle(db, team.projectId, "Article three\n\nUnassigned text here.");
      const dashboard = await getProjectDashboard(db, team.ann, team.projectId);
      const state = (id: string) => dashboard.articles.find((a) => a.id === id)?.state;
      expect(state(article1)).toBe("adjudicated"); // has a gold claim
      expect(state(article2)).toBe("submitted"); // Ann's claim awaits review
      expect(state(extra.id)).toBe("unassigned");
      expect(dashboard.stateCounts).toEqual({ unassigned: 1, in_progress: 0, submitted: 1, reviewed: 0, adjudicated: 1 });
      const cleoRow = dashboard.annotators.find((a) => a.userId === team.cleo.id);
      expect(cleoRow).toMatchObject({ assigned: 1, submitted: 0, claims: 1, byStatus: { draft: 1 } });
      expect(dashboard.annotators.find((a) => a.userId === team.ann.id)).toMatchObject({
        assigned: 2,
        submitted: 2,
        claims: 3,
        byStatus: { submitted: 3 },
      });
    });
  });

  describe("a sentence marked not annotatable", () => {
    it("no longer counts: not a unit, not in a pair's sentences, and a claim on it alone is no span", async () => {
      const before = await getArticleAgreement(db, team.admin, article1);
      // Sentence 3, "Prices rose in May.", holds Ann's claim and none of Ben's: a disagreement, until it is boilerplate.
      await setSentenceExclusion(db, team.admin, { articleId: article1, sentenceIndex: 3, excluded: true, reason: "not the article's text" });
      const report = await getArticleAgreement(db, team.admin, article1);
      expect(report.result.units).toBe(4);
      const pair = report.result.pairs[0]!;
      expect(pair.sentences).toBe(4);
      // Labels (title, s1, s2, s4): Ann n c n n, Ben n c c n → p_o = 3/4, p_e = ¼·½ + ¾·½ = ½.
      expect(pair.kappaClaim.kappa).toBeCloseTo(0.5, 10);
      // Ann's claim on the excluded sentence is no span: one of hers against two of Ben's, one exact match.
      expect(pair.spanF1Exact).toMatchObject({ matched: 1, precision: 0.5, recall: 1 });
      const project = await getProjectAgreement(db, team.admin, team.projectId);
      expect(project.result.units).toBe(4);

      await setSentenceExclusion(db, team.admin, { articleId: article1, sentenceIndex: 3, excluded: false });
      expect(await getArticleAgreement(db, team.admin, article1)).toEqual(before);
    });
  });
});
