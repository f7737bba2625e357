import { and, eq, inArray } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { articles, assignments, claims, events, sentenceDecisions, sentenceExclusions, sentences, sources } from "@/db/schema";
import { sourceInput } from "@/test-support/records";
import { routeSession } from "@/test-support/route-session";
import {
  ARTICLE_TEXT,
  addRole,
  createArticle,
  createClaim,
  createUsers,
  describeEachDatabase,
  expectAppError,
  newProject,
} from "@/test-support/team-fixtures";
import type { Actor } from "../authz";
import { DEFAULT_PROJECT_ID, ensureDefaultProject } from "../default-project";
import { setSentenceDecision, setSentenceExclusion } from "../sentence-decisions";
import { transferArticles } from "./article-transfer";
import { assignArticle } from "./assignments";
import { activityQuerySchema, claimHistory, projectActivityPage } from "./history";

describeEachDatabase("team: moving and copying articles between projects", (getDatabase) => {
  let db: Db;
  let people: Awaited<ReturnType<typeof createUsers<{ rita: "Rita"; ann: "Ann"; ben: "Ben"; ola: "Ola" }>>>;

  beforeAll(async () => {
    db = getDatabase().db;
    people = await createUsers(db, { rita: "Rita", ann: "Ann", ben: "Ben", ola: "Ola" });
  });

  /** Two projects where Rita reviews, Ann annotates; Ben annotates only in the source. */
  async function projects(label: string) {
    const from = await newProject(db, people.admin, `${label} from`);
    const to = await newProject(db, people.admin, `${label} to`);
    for (const project of [from, to]) {
      await addRole(db, project.id, people.rita.id, "reviewer");
      await addRole(db, project.id, people.ann.id, "annotator");
    }
    await addRole(db, from.id, people.ben.id, "annotator");
    return { from: from.id, to: to.id };
  }

  /** An article in `projectId` with an Ann claim (one source), a Ben claim, Ann's "no claim" mark and an excluded sentence. */
  async function workedArticle(projectId: string, label: string, options: { withBen?: boolean } = {}) {
    const text = `${ARTICLE_TEXT} ${label}`;
    const article = await createArticle(db, projectId, text);
    await assignArticle(db, people.rita, { articleId: article.id, userIds: [people.ann.id, ...(options.withBen === false ? [] : [people.ben.id])] });
    const annClaim = await createClaim(db, people.ann, article.id, text, "4 million euros", { sources: [sourceInput({ title: "Budget" })] });
    const benClaim = options.withBen === false ? null : await createClaim(db, people.ben, article.id, text, "12 percent");
    await setSentenceDecision(db, people.ann, { articleId: article.id, sentenceIndex: 3, decision: "no_claim" });
    await setSentenceExclusion(db, people.rita, { articleId: article.id, sentenceIndex: 4, excluded: true, reason: "boilerplate" });
    return { article, text, annClaim, benClaim };
  }

  describe("copy", () => {
    it("copies the text, sentences and exclusions, and the claims of those who may annotate there as drafts with their sources", async () => {
      const p = await projects("copy");
      const { article, annClaim } = await workedArticle(p.from, "copy");
      const [result] = await transferArticles(db, people.rita, {
        fromProjectId: p.from,
        toProjectId: p.to,
        articleIds: [article.id],
        mode: "copy",
        withClaims: true,
      });
      expect(result).toMatchObject({ fromId: article.id, title: article.title, claimCount: 1, claimsLeftCount: 1 });
      const copyId = result!.toId;
      expect(copyId).not.toBe(article.id);

      const [copy] = await db.select().from(articles).where(eq(articles.id, copyId));
      expect(copy).toMatchObject({ projectId: p.to, title: article.title, closedAt: null, createdBy: people.rita.id });
      expect(await db.select().from(sentences).where(eq(sentences.articleId, copyId))).toHaveLength(
        (await db.select().from(sentences).where(eq(sentences.articleId, article.id))).length,
      );
      const copiedClaims = await db.select().from(claims).where(eq(claims.articleId, copyId));
      expect(copiedClaims).toHaveLength(1);
      expect(copiedClaims[0]).toMatchObject({
        authorId: people.ann.id,
        projectId: p.to,
        status: "draft",
        exact: annClaim.target.exact,
        isGold: false,
      });
      expect(copiedClaims[0]?.id).not.toBe(annClaim.id);
      const copiedSources = await db.select().from(sources).where(eq(sources.claimId, copiedClaims[0]!.id));
      expect(copiedSources.map((s) => s.title)).toEqual(["Budget"]);
      // The export's rendering of the sources came along (the sources trigger ran for the copy).
      expect(JSON.parse(copiedClaims[0]!.sourcesJson)).toHaveLength(1);
      expect(await db.select().from(sentenceDecisions).where(eq(sentenceDecisions.articleId, copyId))).toMatchObject([
        { authorId: people.ann.id, sentenceIndex: 3, projectId: p.to },
      ]);
      expect(await db.select().from(sentenceExclusions).where(eq(sentenceExclusions.articleId, copyId))).toMatchObject([
        { sentenceIndex: 4, reason: "boilerplate", projectId: p.to },
      ]);
      // No assignments go with a copy; the source keeps everything.
      expect(await db.select().from(assignments).where(eq(assignments.articleId, copyId))).toEqual([]);
      expect(await db.select().from(claims).where(eq(claims.articleId, article.id))).toHaveLength(2);
      const [arrival] = await db
        .select()
        .from(events)
        .where(and(eq(events.entityId, copyId), eq(events.entityType, "article")));
      expect(arrival).toMatchObject({ projectId: p.to, actorId: people.rita.id, action: "article.copied" });
      expect(arrival?.after).toEqual({ title: article.title, copiedFrom: { projectId: p.from, articleId: article.id }, claims: 1 });
      // The feed's kind filter tells a copy from an import.
      const copies = await projectActivityPage(db, people.rita, p.to, activityQuerySchema.parse({ kind: "article.copied" }));
      expect(copies.items.map((item) => item.article?.id)).toEqual([copyId]);
      const imports = await projectActivityPage(db, people.rita, p.to, activityQuerySchema.parse({ kind: "article.imported" }));
      expect(imports.items.map((item) => item.article?.id)).not.toContain(copyId);
    });

    it("copies the text alone when asked, and refuses the same text twice in the target", async () => {
      const p = await projects("copy-bare");
      const { article } = await workedArticle(p.from, "copy-bare");
      const [bare] = await transferArticles(db, people.rita, {
        fromProjectId: p.from,
        toProjectId: p.to,
        articleIds: [article.id],
        mode: "copy",
        withClaims: false,
      });
      expect(bare).toMatchObject({ claimCount: 0, claimsLeftCount: 2 });
      expect(await db.select().from(sentenceDecisions).where(eq(sentenceDecisions.articleId, bare!.toId))).toEqual([]);
      const again = await expectAppError(() =>
        transferArticles(db, people.rita, { fromProjectId: p.from, toProjectId: p.to, articleIds: [article.id], mode: "copy", withClaims: false }),
      );
      expect(again.code).toBe("conflict:transfer_duplicate");
    });
  });

  describe("move", () => {
    it("moves the article with everything on it, its history included, when everyone on it may annotate in the target", async () => {
      const p = await projects("move");
      const { article, annClaim } = await workedArticle(p.from, "move", { withBen: false });
      const [result] = await transferArticles(db, people.rita, {
        fromProjectId: p.from,
        toProjectId: p.to,
        articleIds: [article.id],
        mode: "move",
        withClaims: true,
      });
      expect(result).toEqual({ fromId: article.id, toId: article.id, title: article.title, claimCount: 1, claimsLeftCount: 0 });
      const [moved] = await db.select().from(articles).where(eq(articles.id, article.id));
      expect(moved?.projectId).toBe(p.to);
      expect((await db.select().from(claims).where(eq(claims.articleId, article.id))).map((c) => c.projectId)).toEqual([p.to]);
      expect((await db.select().from(assignments).where(eq(assignments.articleId, article.id))).map((a) => a.projectId)).toEqual([p.to]);
      expect((await db.select().from(sentenceDecisions).where(eq(sentenceDecisions.articleId, article.id))).map((d) => d.projectId)).toEqual([p.to]);
      expect((await db.select().from(sentenceExclusions).where(eq(sentenceExclusions.articleId, article.id))).map((d) => d.projectId)).toEqual([
        p.to,
      ]);
      // The claim's history still starts with its creation, read in the target.
      const history = await claimHistory(db, people.ann, annClaim.id);
      expect(history[0]?.action).toBe("claim.created");
      // Its import into the source came along with the rest of its history; the move is the last entry.
      const arrivals = await db
        .select()
        .from(events)
        .where(and(eq(events.entityId, article.id), inArray(events.action, ["article.imported", "article.moved"]), eq(events.projectId, p.to)))
        .orderBy(events.id);
      expect(arrivals.map((e) => [e.action, (e.after as { movedFrom?: unknown }).movedFrom])).toEqual([
        ["article.imported", undefined],
        ["article.moved", { projectId: p.from }],
      ]);
      const moves = await projectActivityPage(db, people.rita, p.to, activityQuerySchema.parse({ kind: "article.moved" }));
      expect(moves.items.map((item) => [item.article?.id, item.actorId])).toEqual([[article.id, people.rita.id]]);
    });

    it("refuses to move work of someone who may not annotate in the target, naming them, and moves nothing", async () => {
      const p = await projects("move-refused");
      const { article } = await workedArticle(p.from, "move-refused");
      const error = await expectAppError(() =>
        transferArticles(db, people.rita, { fromProjectId: p.from, toProjectId: p.to, articleIds: [article.id], mode: "move", withClaims: true }),
      );
      expect(error.code).toBe("conflict:transfer_members");
      expect(error.message).toContain("Ben");
      expect((await db.select().from(articles).where(eq(articles.id, article.id)))[0]?.projectId).toBe(p.from);
    });

    it("moves the seed article out of the default project into a project the admin runs", async () => {
      await ensureDefaultProject(db);
      const seed = await createArticle(db, DEFAULT_PROJECT_ID, `Seed article\n\n${ARTICLE_TEXT} seed`);
      const target = await newProject(db, people.admin, "Where the seed goes");
      const [moved] = await transferArticles(db, people.admin, {
        fromProjectId: DEFAULT_PROJECT_ID,
        toProjectId: target.id,
        articleIds: [seed.id],
        mode: "move",
        withClaims: true,
      });
      expect(moved?.toId).toBe(seed.id);
      expect((await db.select().from(articles).where(eq(articles.id, seed.id)))[0]?.projectId).toBe(target.id);
    });
  });

  it("asks for the right to import and assign in both projects, and refuses the wrong article or the same project", async () => {
    const p = await projects("who");
    const { article } = await workedArticle(p.from, "who", { withBen: false });
    const other = await newProject(db, people.admin, "Ola's project");
    await addRole(db, other.id, people.ola.id, "admin");
    await addRole(db, p.from, people.ola.id, "annotator");
    const base = { articleIds: [article.id], mode: "copy" as const, withClaims: true };
    const asOla = (actor: Actor, fromProjectId: string, toProjectId: string) => transferArticles(db, actor, { ...base, fromProjectId, toProjectId });
    // An annotator in the source may not take its articles away, even to a project they run.
    expect((await expectAppError(() => asOla(people.ola, p.from, other.id))).code).toBe("forbidden:project");
    // A reviewer of both may; an outsider of the target is told the target does not exist.
    expect((await expectAppError(() => asOla(people.rita, p.from, other.id))).code).toBe("not_found:project");
    expect((await expectAppError(() => asOla(people.rita, p.from, p.from))).fields).toEqual({
      toProjectId: "choose a project other than the article's own",
    });
    const wrong = await expectAppError(() => transferArticles(db, people.rita, { ...base, fromProjectId: p.to, toProjectId: p.from }));
    expect(wrong.fields).toEqual({ "articleIds.0": "not an article of this project" });
  });

  describe("through the door (POST /api/projects/:id/articles/transfer)", () => {
    let cookie = "";
    let me: Actor;
    let restore: () => void = () => {};

    beforeAll(async () => {
      const session = await routeSession(getDatabase(), "Mover");
      ({ cookie, restore, actor: me } = session);
    });

    afterAll(() => restore());

    it("copies (201) for a reviewer of both projects, and refuses another site (403) and an annotator (403)", async () => {
      const p = await projects("door");
      await addRole(db, p.from, me.id, "reviewer");
      await addRole(db, p.to, me.id, "reviewer");
      const { article } = await workedArticle(p.from, "door", { withBen: false });
      const { POST } = await import("@/app/api/projects/[id]/articles/transfer/route");
      const send = (headers: Record<string, string> = {}) =>
        POST(
          new Request(`http://desk.lan:3000/api/projects/${p.from}/articles/transfer`, {
            method: "POST",
            headers: { host: "desk.lan:3000", cookie, "content-type": "application/json", ...headers },
            body: JSON.stringify({ articleIds: [article.id], toProjectId: p.to, mode: "copy" }),
          }),
          { params: Promise.resolve({ id: p.from }) },
        );
      expect((await send({ origin: "https://evil.example" })).status).toBe(403);
      const copied = await send();
      expect(copied.status).toBe(201);
      expect(((await copied.json()) as { articles: Array<{ claimCount: number }> }).articles).toMatchObject([{ claimCount: 1 }]);
      await addRole(db, p.from, me.id, "annotator");
      const refused = await send();
      expect(refused.status).toBe(403);
    });
  });
});
