import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { computeArticleAgreement, computeProjectAgreement } from "@/lib/agreement";
import { createArticle, createClaim, createTeam, describeEachDatabase, expectAppError, type Team } from "@/test-support/team-fixtures";
import type { Actor } from "../authz";
import { listArticleClaims } from "../claims";
import { AppError } from "../errors";
import { parseWith } from "../http";
import { setSentenceExclusion } from "../sentence-decisions";
import { promoteSchema, promoteToGold } from "./adjudication";
import {
  articleAgreementQuerySchema,
  disagreementQuerySchema,
  getArticleAgreement,
  getArticleDisagreements,
  getProjectAgreement,
  listArticleAgreement,
} from "./agreement";
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
          textLength: [...TEXT_1].length,
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
      expect(report.result.alphaUnitizing).not.toBeNull();
      expect(report.leftOut).toEqual({ oneSubmitted: 0, noneSubmitted: 0 });
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
    it("pools the articles with two or more submitted annotators, and says how many were left out", async () => {
      const report = await getProjectAgreement(db, team.admin, team.projectId);
      // Article 2 has one submitted annotator: left out, not "over 2 articles".
      expect(report.articleCount).toBe(1);
      expect(report.leftOut).toEqual({ oneSubmitted: 1, noneSubmitted: 0 });
      expect(report.annotators.map((a) => a.name)).toEqual(["Ann", "Ben"]);
      const claims1 = (await listArticleClaims(db, team.admin, article1)).filter((c) => !c.isGold && c.authorId !== team.cleo.id);
      const toInput = (c: (typeof claims1)[number]) => ({
        annotatorId: c.authorId,
        start: c.target.start,
        end: c.target.end,
        claimType: c.claimType,
        sentenceIndexes: c.sentenceIndexes,
      });
      const expected = computeProjectAgreement({
        annotators: [team.ann.id, team.ben.id],
        articles: [{ articleId: article1, sentenceCount: 5, textLength: [...TEXT_1].length, claims: claims1.map(toInput) }],
        annotatorsByArticle: { [article1]: [team.ann.id, team.ben.id] },
      });
      expect(report.result).toEqual(expected);
      // Only article 1 counts.
      expect(report.result.units).toBe(5);
      expect((await expectAppError(() => getProjectAgreement(db, team.ann, team.projectId))).code).toBe("forbidden:project");
    });
  });

  describe("the project overview and its article list", () => {
    it("puts articles in progress states and counts per annotator", async () => {
      const { getProjectOverview, listProjectArticles } = await import("./dashboard");
      const extra = await createArticle(db, team.projectId, "Article three\n\nUnassigned text here.");
      const overview = await getProjectOverview(db, team.ann, team.projectId);
      const { articles: listed } = await listProjectArticles(db, team.ann, team.projectId, { q: "", page: 1 });
      const state = (id: string) => listed.find((a) => a.id === id)?.state;
      expect(state(article1)).toBe("adjudicated"); // has a gold claim
      expect(state(article2)).toBe("submitted"); // Ann's claim awaits review
      expect(state(extra.id)).toBe("unassigned");
      expect(overview.stateCounts).toEqual({ unassigned: 1, in_progress: 0, submitted: 1, reviewed: 0, adjudicated: 1 });
      const cleoRow = overview.annotators.find((a) => a.userId === team.cleo.id);
      expect(cleoRow).toMatchObject({ assigned: 1, submitted: 0, claims: 1, byStatus: { draft: 1 } });
      expect(overview.annotators.find((a) => a.userId === team.ann.id)).toMatchObject({
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

/**
 * The desk's views: per article (ranked, paged) and the drill-down. Its own
 * project, so the fixture above keeps its counts. Articles of three sentences
 * after the title line (sentence 0):
 * - Even: Ann and Ben claim the same sentence, typed alike → full agreement.
 * - Split: Ann claims sentence 1, Ben sentence 2 → worse than chance.
 * - Partial: both claim sentence 1; Ann also sentence 2, with a trimmed quote by Ben on sentence 3 typed otherwise.
 * - Solo: only Ann submitted; Idle: nobody assigned. Both are left out.
 */
describeEachDatabase("team: agreement per article and drill-down", (getDatabase) => {
  const CAST = { ann: ["Ann", "annotator"], ben: ["Ben", "annotator"], cleo: ["Cleo", "annotator"], rita: ["Rita", "reviewer"] } as const;
  const text = (title: string) => `${title}\n\nWages rose by 3 percent. The mayor said so. Rents fell in June.`;
  let db: Db;
  let team: Team<typeof CAST>;
  const ids: Record<"even" | "split" | "partial" | "solo" | "idle", string> = { even: "", split: "", partial: "", solo: "", idle: "" };

  beforeAll(async () => {
    db = getDatabase().db;
    team = await createTeam(db, "Agreement desk", CAST);
    for (const [key, title] of [
      ["even", "Even"],
      ["split", "Split"],
      ["partial", "Partial"],
      ["solo", "Solo"],
      ["idle", "Idle"],
    ] as const) {
      ids[key] = (await createArticle(db, team.projectId, text(title))).id;
    }
    for (const key of ["even", "split", "partial"] as const) {
      await assignArticle(db, team.admin, { articleId: ids[key], userIds: [team.ann.id, team.ben.id, team.cleo.id] });
    }
    await assignArticle(db, team.admin, { articleId: ids.solo, userIds: [team.ann.id] });
    const t = (key: keyof typeof ids) => text(key === "even" ? "Even" : key === "split" ? "Split" : key === "partial" ? "Partial" : "Solo");
    const on = (who: Actor, key: keyof typeof ids, exact: string, claimType: string) => createClaim(db, who, ids[key], t(key), exact, { claimType });
    await on(team.ann, "even", "Wages rose by 3 percent.", "statistic");
    await on(team.ben, "even", "Wages rose by 3 percent.", "statistic");
    await on(team.ann, "split", "Wages rose by 3 percent.", "statistic");
    await on(team.ben, "split", "The mayor said so.", "quote");
    await on(team.ann, "partial", "Wages rose by 3 percent.", "statistic");
    await on(team.ben, "partial", "Wages rose by 3 percent.", "statistic");
    await on(team.ann, "partial", "The mayor said so.", "quote");
    await on(team.ann, "partial", "Rents fell in June.", "event");
    await on(team.ben, "partial", "Rents fell", "statistic");
    await on(team.ann, "solo", "Wages rose by 3 percent.", "statistic");
    // Cleo's claim stays out: her assignment is not submitted.
    await on(team.cleo, "split", "Rents fell in June.", "event");
    for (const key of ["even", "split", "partial"] as const) {
      await submitArticle(db, team.ann, ids[key]);
      await submitArticle(db, team.ben, ids[key]);
    }
    await submitArticle(db, team.ann, ids.solo);
  });

  describe("listArticleAgreement", () => {
    it("ranks the articles that count by lowest agreement first, each with its own figures, and says what was left out", async () => {
      const page = await listArticleAgreement(db, team.rita, team.projectId, { sort: "agreement", offset: 0, limit: 25 });
      expect(page.total).toBe(3);
      expect(page.leftOut).toEqual({ oneSubmitted: 1, noneSubmitted: 1 });
      expect(page.rows.map((r) => r.title)).toEqual(["Split", "Partial", "Even"]);
      // The ranking (a database aggregate) and each row's alpha (lib/agreement on the claims) are one figure.
      for (const row of page.rows) {
        const report = await getArticleAgreement(db, team.rita, row.articleId);
        expect(row.alphaClaim).toBeCloseTo(report.result.alphaClaim!, 12);
        expect(row.alphaUnitizing).toBeCloseTo(report.result.alphaUnitizing!, 12);
        expect(row.annotatorCount).toBe(2);
      }
      const alphas = page.rows.map((r) => r.alphaClaim!);
      expect([...alphas].sort((a, b) => a - b)).toEqual(alphas);
      expect(page.rows[2]).toMatchObject({ alphaClaim: 1, meanF1Exact: 1, disagreements: { claim: 0, type: 0, span: 0 } });
      expect(page.rows[0]?.disagreements).toEqual({ claim: 2, type: 0, span: 0 });
      // Partial: sentence 2 only Ann (claim); sentence 3 both, types differ (type).
      expect(page.rows[1]?.disagreements).toEqual({ claim: 1, type: 1, span: 0 });
    });

    it("pages by offset and limit, and sorts by title", async () => {
      const first = await listArticleAgreement(db, team.rita, team.projectId, { sort: "agreement", offset: 0, limit: 2 });
      const second = await listArticleAgreement(db, team.rita, team.projectId, { sort: "agreement", offset: 2, limit: 2 });
      expect([...first.rows, ...second.rows].map((r) => r.title)).toEqual(["Split", "Partial", "Even"]);
      expect(second.total).toBe(3);
      const past = await listArticleAgreement(db, team.rita, team.projectId, { sort: "agreement", offset: 10, limit: 2 });
      expect({ offset: past.offset, titles: past.rows.map((r) => r.title) }).toEqual({ offset: 2, titles: ["Even"] });
      const byTitle = await listArticleAgreement(db, team.rita, team.projectId, { sort: "title", offset: 0, limit: 25 });
      expect(byTitle.rows.map((r) => r.title)).toEqual(["Even", "Partial", "Split"]);
    });

    it("ranks with excluded sentences left out, as the figures do", async () => {
      // Excluding Partial's sentence 2 takes away one of its disagreements.
      await setSentenceExclusion(db, team.admin, { articleId: ids.partial, sentenceIndex: 2, excluded: true });
      const page = await listArticleAgreement(db, team.rita, team.projectId, { sort: "agreement", offset: 0, limit: 25 });
      for (const row of page.rows) {
        expect(row.alphaClaim).toBeCloseTo((await getArticleAgreement(db, team.rita, row.articleId)).result.alphaClaim!, 12);
      }
      const alphas = page.rows.map((r) => r.alphaClaim ?? Number.POSITIVE_INFINITY);
      expect([...alphas].sort((a, b) => a - b)).toEqual(alphas);
      await setSentenceExclusion(db, team.admin, { articleId: ids.partial, sentenceIndex: 2, excluded: false });
    });

    it("is for reviewers and admins", async () => {
      expect((await expectAppError(() => listArticleAgreement(db, team.ann, team.projectId, { sort: "agreement", offset: 0, limit: 25 }))).code).toBe(
        "forbidden:project",
      );
    });
  });

  describe("getArticleDisagreements", () => {
    it("lists the sentences where the submitted annotators disagree, numbered from 0 as in exports, with each one's claims", async () => {
      const drill = await getArticleDisagreements(db, team.rita, ids.partial, { projectId: team.projectId });
      expect(drill.annotators.map((a) => a.name)).toEqual(["Ann", "Ben"]);
      expect(drill.isCounted).toBe(true);
      expect(drill.sentences.map((s) => [s.index, s.kind, s.text])).toEqual([
        [2, "claim", "The mayor said so."],
        [3, "type", "Rents fell in June."],
      ]);
      const [, typed] = drill.sentences;
      expect(typed?.values.map((v) => [v.annotatorId, v.claimType, v.claims.map((c) => c.exact)])).toEqual([
        [team.ann.id, "event", ["Rents fell in June."]],
        [team.ben.id, "statistic", ["Rents fell"]],
      ]);
      expect(drill.counts).toEqual({ claim: 1, type: 1, span: 0 });
      expect(drill.result.pairs).toHaveLength(1);
    });

    it("compares one pair when asked; a pair that did not both submit, or another project's article, is not found", async () => {
      const pair = await getArticleDisagreements(db, team.rita, ids.split, { pair: { a: team.ben.id, b: team.ann.id } });
      expect(pair.pair).toEqual({ a: { id: team.ben.id, name: "Ben" }, b: { id: team.ann.id, name: "Ann" } });
      expect(pair.sentences.map((s) => s.index)).toEqual([1, 2]);
      expect(pair.sentences[0]?.values.map((v) => v.annotatorId)).toEqual([team.ben.id, team.ann.id]);
      expect(
        (await expectAppError(() => getArticleDisagreements(db, team.rita, ids.split, { pair: { a: team.ann.id, b: team.cleo.id } }))).code,
      ).toBe("not_found:pair");
      const other = await createTeam(db, "Elsewhere", {});
      expect((await expectAppError(() => getArticleDisagreements(db, team.admin, ids.split, { projectId: other.projectId }))).code).toBe(
        "not_found:article",
      );
    });

    it("says when an article has fewer than two submitted annotators, and is for reviewers and admins", async () => {
      const solo = await getArticleDisagreements(db, team.rita, ids.solo);
      expect(solo).toMatchObject({ isCounted: false, sentences: [], counts: { claim: 0, type: 0, span: 0 } });
      expect(solo.annotators.map((a) => a.name)).toEqual(["Ann"]);
      expect((await expectAppError(() => getArticleDisagreements(db, team.ann, ids.split))).code).toBe("forbidden:article");
    });
  });

  describe("figures kept between requests", () => {
    it("follow the project's changes: a new submission counts at once, in the pooled report and in the ranking", async () => {
      const before = await getProjectAgreement(db, team.rita, team.projectId);
      expect(await getProjectAgreement(db, team.rita, team.projectId)).toBe(before); // unchanged project: the kept report
      expect(before.annotators.map((a) => a.name)).toEqual(["Ann", "Ben"]);
      await submitArticle(db, team.cleo, ids.split);
      const after = await getProjectAgreement(db, team.rita, team.projectId);
      expect(after.annotators.map((a) => a.name)).toEqual(["Ann", "Ben", "Cleo"]);
      const page = await listArticleAgreement(db, team.rita, team.projectId, { sort: "agreement", offset: 0, limit: 25 });
      for (const row of page.rows) {
        expect(row.alphaClaim).toBeCloseTo((await getArticleAgreement(db, team.rita, row.articleId)).result.alphaClaim!, 12);
      }
      const alphas = page.rows.map((r) => r.alphaClaim ?? Number.POSITIVE_INFINITY);
      expect([...alphas].sort((a, b) => a - b)).toEqual(alphas);
      expect(page.rows.find((r) => r.title === "Split")?.annotatorCount).toBe(3);
    });
  });
});

describe("query parameters of the agreement views", () => {
  const problem = (schema: Parameters<typeof parseWith>[0], value: unknown) => {
    try {
      parseWith(schema, value);
      return null;
    } catch (error) {
      return error instanceof AppError ? { status: error.status, fields: Object.keys(error.fields ?? {}) } : error;
    }
  };

  it("per-article page: defaults, and a 422 naming the field for a bad sort, offset or limit", () => {
    expect(parseWith(articleAgreementQuerySchema, {})).toEqual({ sort: "agreement", offset: 0, limit: 25 });
    expect(parseWith(articleAgreementQuerySchema, { sort: "title", offset: "50", limit: "100" })).toEqual({ sort: "title", offset: 50, limit: 100 });
    expect(problem(articleAgreementQuerySchema, { sort: "best" })).toEqual({ status: 422, fields: ["sort"] });
    expect(problem(articleAgreementQuerySchema, { offset: "-1" })).toEqual({ status: 422, fields: ["offset"] });
    expect(problem(articleAgreementQuerySchema, { limit: "101" })).toEqual({ status: 422, fields: ["limit"] });
    expect(problem(articleAgreementQuerySchema, { limit: "ten" })).toEqual({ status: 422, fields: ["limit"] });
  });

  it("drill-down: a pair needs both a and b, and two different people", () => {
    expect(parseWith(disagreementQuerySchema, {})).toEqual({});
    expect(problem(disagreementQuerySchema, { a: "u1" })).toEqual({ status: 422, fields: ["b"] });
    expect(problem(disagreementQuerySchema, { a: "u1", b: "u1" })).toEqual({ status: 422, fields: ["b"] });
    expect(problem(disagreementQuerySchema, { a: "", b: "u2" })).toEqual({ status: 422, fields: ["a"] });
  });
});
