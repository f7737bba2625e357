import path from "node:path";
import { and, eq, like, sql } from "drizzle-orm";
import { beforeAll, expect, it } from "vitest";
import { accounts, articles, assignments, claims, events, reviewStatus, sources, users } from "@/db/schema";
import { makeTarget } from "@/lib/anchoring";
import { contentHash } from "@/lib/content-hash";
import { type ExportArticle, type ExportClaim, jsonl } from "@/lib/export";
import { emptyClaimFields } from "@/lib/fields";
import { DEFAULT_TAXONOMY } from "@/lib/taxonomy";
import { REVIEW_STATUSES } from "@/lib/vocabularies";
import { addMember, createMember, createTestProject, createTestUser, describeEachDatabase, expectAppError } from "@/test-support/databases";
import { claimSaveFor, seedArticle, sourceInput } from "@/test-support/fixtures";
import { articlesFromJsonLines, importArticleStream, importArticles } from "./articles";
import type { Actor } from "./authz";
import { saveClaim } from "./claims";
import { DEFAULT_PROJECT_ID } from "./default-project";
import { prepareExport } from "./export";
import { type ImportSummary, importJsonl, importW3c, restorePermissions } from "./import";
import { loadSeeds } from "./seed";

/**
 * What an import may never do (server/import.ts, README "What a restore
 * keeps"): attribute work to an account outside the target project, set a
 * status or gold flag beyond the importer's role, answer differently for an
 * id of another project than for an id that exists nowhere, store text
 * Postgres would change (U+FFFD for a lone surrogate), or drop a restore's
 * records because the project already holds the same article text.
 */

const BASE_URL = "https://claimwork.test";
const HEADER_CTX = { generatedAt: new Date("2026-11-24T12:00:00.000Z"), taxonomy: DEFAULT_TAXONOMY };
const UUID_PATTERN = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g;

let textCounter = 0;
/** An article text no other test uses (articles are unique per project by text). */
function freshText(): string {
  textCounter++;
  return `Artikel ${textCounter} ${crypto.randomUUID()}\n\nDie Regierung sagt, die Inflation sei auf 2,1 % gefallen. Kritiker widersprechen heftig.`;
}

function articleRecord(projectId: string, text: string, over: Partial<ExportArticle> = {}): ExportArticle {
  return {
    id: crypto.randomUUID(),
    projectId,
    title: text.split("\n")[0]!,
    text,
    language: "de",
    sourceUrl: null,
    publisher: null,
    publishedAt: null,
    contentHash: contentHash(text),
    originFile: null,
    createdAt: "2026-01-02T03:04:05.000Z",
    ...over,
  };
}

function claimRecord(
  article: Pick<ExportArticle, "id" | "projectId" | "text">,
  author: { id: string; name: string },
  over: Partial<ExportClaim> = {},
): ExportClaim {
  const exact = "Die Regierung sagt, die Inflation sei auf 2,1 % gefallen.";
  const at = article.text.indexOf(exact);
  const target = over.target ?? makeTarget(article.text, at, at + exact.length);
  return {
    id: crypto.randomUUID(),
    articleId: article.id,
    projectId: article.projectId,
    authorId: author.id,
    authorName: author.name,
    target,
    sentenceIndexes: [1],
    ...emptyClaimFields(),
    claimType: "statistic",
    checkWorthiness: 2,
    speaker: "Regierung",
    status: "draft",
    version: 1,
    isGold: false,
    derivedFrom: [],
    anchorState: "placed",
    anchorRevision: null,
    createdAt: "2026-01-02T03:04:05.000Z",
    updatedAt: "2026-01-03T03:04:05.000Z",
    deletedAt: null,
    ...over,
  };
}

/** A JSONL file (as lines): the header, then each record; strings are taken as raw lines. */
function jsonlFile(...records: Array<ExportArticle | ExportClaim | string>): string[] {
  const line = (r: ExportArticle | ExportClaim | string) =>
    typeof r === "string" ? r : "contentHash" in r ? jsonl.formatArticle(r).trimEnd() : jsonl.formatClaim(r).trimEnd();
  return [jsonl.header(HEADER_CTX).trimEnd(), ...records.map(line)];
}

/** Notes and errors with their ids blanked, for comparing wording. */
const wording = (items: Array<{ field: string; message: string }>) =>
  items.map((i) => ({ field: i.field, message: i.message.replace(UUID_PATTERN, "<id>") }));

describeEachDatabase("imports cannot forge, escalate or reveal", (getDatabase) => {
  let projectA: string;
  let projectB: string;
  let adminA: Actor;
  let reviewerA: Actor;
  let annotatorA: Actor;
  let viewerA: Actor;
  let outsider: Actor;
  let adminB: Actor;
  let articleA: { id: string; text: string };
  let articleB: { id: string; text: string };
  let claimB: { id: string; sourceId: string };

  /** Another article of project B, with a claim of the outsider: ids no earlier test has imported anything under. */
  async function newArticleOfB() {
    const { db } = getDatabase();
    const text = freshText();
    const article = { id: (await seedArticle(db, projectB, text)).id, text: text.trimEnd() };
    const saved = await saveClaim(db, outsider, claimSaveFor(article.id, article.text, "Kritiker widersprechen heftig."));
    return { article, claimId: saved.claim.id };
  }

  beforeAll(async () => {
    const { db } = getDatabase();
    projectA = (await createTestProject(db, { name: "A" })).id;
    projectB = (await createTestProject(db, { name: "B" })).id;
    adminA = await createMember(db, projectA, "admin", "Admin A");
    reviewerA = await createMember(db, projectA, "reviewer", "Reviewer A");
    annotatorA = await createMember(db, projectA, "annotator", "Annotator A");
    viewerA = await createMember(db, projectA, "viewer", "Viewer A");
    outsider = await createMember(db, projectB, "annotator", "Outsider Olga");
    adminB = await createMember(db, projectB, "admin", "Admin B");
    const textA = freshText();
    articleA = { id: (await seedArticle(db, projectA, textA)).id, text: textA.trimEnd() };
    const textB = freshText();
    articleB = { id: (await seedArticle(db, projectB, textB)).id, text: textB.trimEnd() };
    const source = sourceInput({ title: "Quelle B" });
    const saved = await saveClaim(db, outsider, claimSaveFor(articleB.id, articleB.text, "Kritiker widersprechen heftig.", { sources: [source] }));
    claimB = { id: saved.claim.id, sourceId: source.id };
  });

  it("never makes an account outside the project the author: its claims become the importer's, the history keeps the original", async () => {
    const { db } = getDatabase();
    const article = articleRecord(projectA, freshText());
    const forged = claimRecord(article, outsider, { status: "accepted", isGold: true, verdict: "false" });
    const otherAdmin = claimRecord(article, adminB, { status: "submitted" });
    const member = claimRecord(article, annotatorA, { status: "submitted" });
    const ghost = { id: `ghost-${crypto.randomUUID()}`, name: "Gerda Gespenst" };
    const unknown = claimRecord(article, ghost);
    const lines = jsonlFile(article, forged, otherAdmin, member, unknown);

    const summary = await importJsonl(db, adminA, { projectId: projectA, lines, skipInvalid: false });
    expect(summary.claims).toEqual({ created: 4, existing: 0 });
    const authorOf = async (id: string) => (await db.select().from(claims).where(eq(claims.id, id)))[0]!;
    const forgedRow = await authorOf(forged.id);
    expect(forgedRow.authorId).toBe(adminA.id);
    // An admin may review and adjudicate, so status and gold are kept (restorePermissions).
    expect([forgedRow.status, forgedRow.isGold]).toEqual(["accepted", true]);
    expect((await authorOf(otherAdmin.id)).authorId).toBe(adminA.id);
    expect((await authorOf(member.id)).authorId).toBe(annotatorA.id);
    // An author with no account here is recreated, without a password: nobody can sign in as them.
    expect((await authorOf(unknown.id)).authorId).toBe(ghost.id);
    expect((await db.select({ name: users.name }).from(users).where(eq(users.id, ghost.id)))[0]?.name).toBe("Gerda Gespenst");
    expect(await db.select().from(accounts).where(eq(accounts.userId, ghost.id))).toHaveLength(0);
    expect(
      await db
        .select()
        .from(claims)
        .where(and(eq(claims.projectId, projectA), eq(claims.authorId, outsider.id))),
    ).toHaveLength(0);

    const [history] = await db
      .select()
      .from(events)
      .where(and(eq(events.entityType, "claim"), eq(events.entityId, forged.id)));
    expect(history).toMatchObject({
      action: "claim.imported",
      actorId: adminA.id,
      after: { originalAuthor: { id: outsider.id, name: "Outsider Olga" } },
    });
    expect(summary.notes).toEqual(
      expect.arrayContaining([
        {
          line: 3,
          field: "authorId",
          message: expect.stringMatching(/^Outsider Olga \(.+\) has no part in this project: 1 claim is attributed to you instead/),
        },
        { line: 4, field: "authorId", message: expect.stringContaining("Admin B") },
      ]),
    );

    const again = await importJsonl(db, adminA, { projectId: projectA, lines, skipInvalid: false });
    expect(again.claims).toEqual({ created: 0, existing: 4 });
    expect((await authorOf(forged.id)).authorId).toBe(adminA.id);
  });

  /** Restore a new article of `projectId` with one claim by `author` (as `admin`); the author the stored claim has. */
  async function restoredAuthor(admin: Actor, projectId: string, author: { id: string; name: string }): Promise<string | undefined> {
    const { db } = getDatabase();
    const article = articleRecord(projectId, freshText());
    const claim = claimRecord(article, author);
    await importJsonl(db, admin, { projectId, lines: jsonlFile(article, claim), skipInvalid: false });
    return (await db.select({ authorId: claims.authorId }).from(claims).where(eq(claims.id, claim.id)))[0]?.authorId;
  }

  it("treats an author another project's restore recreated like any account outside the project", async () => {
    const ghost = { id: `ghost-${crypto.randomUUID()}`, name: "Geist aus B" };
    await restoredAuthor(adminB, projectB, ghost);
    expect(await restoredAuthor(adminA, projectA, ghost)).toBe(adminA.id);
  });

  it("keeps a recreated author on a later restore into the same project, but never a former member who can sign in", async () => {
    const { db } = getDatabase();
    const ghost = { id: `ghost-${crypto.randomUUID()}`, name: "Wiederkehrend" };
    await restoredAuthor(adminA, projectA, ghost);
    expect(await restoredAuthor(adminA, projectA, ghost)).toBe(ghost.id);

    // A former member: an account with a password, whose claims are still in the project.
    const former = await createMember(db, projectA, "annotator", "Former Fritz");
    await db
      .insert(accounts)
      .values({ id: crypto.randomUUID(), accountId: former.id, providerId: "credential", userId: former.id, password: "hash" });
    await saveClaim(db, former, claimSaveFor(articleA.id, articleA.text, "Die Regierung"));
    await db.execute(sql`delete from project_members where project_id = ${projectA} and user_id = ${former.id}`);
    expect(await restoredAuthor(adminA, projectA, former)).toBe(adminA.id);
  });

  it("lets only project admins restore; other roles and outsiders cannot, and outsiders get the same 404 as for no project", async () => {
    const { db } = getDatabase();
    const article = articleRecord(projectA, freshText());
    const lines = jsonlFile(article, claimRecord(article, annotatorA, { status: "accepted", isGold: true }));
    for (const actor of [reviewerA, annotatorA, viewerA]) {
      expect((await expectAppError(() => importJsonl(db, actor, { projectId: projectA, lines, skipInvalid: false }))).type).toBe("forbidden");
    }
    const foreign = await expectAppError(() => importJsonl(db, outsider, { projectId: projectA, lines, skipInvalid: false }));
    const nowhere = await expectAppError(() => importJsonl(db, outsider, { projectId: crypto.randomUUID(), lines, skipInvalid: false }));
    expect([foreign.code, foreign.message]).toEqual([nowhere.code, nowhere.message]);
    expect(foreign.type).toBe("not_found");
    expect(await db.select().from(articles).where(eq(articles.id, article.id))).toHaveLength(0);
  });

  it("keeps status, gold and others' authorship only for roles that may set them", () => {
    expect(restorePermissions("admin")).toEqual({ keepsStatus: true, keepsGold: true, keepsAuthors: true });
    expect(restorePermissions("reviewer")).toEqual({ keepsStatus: true, keepsGold: true, keepsAuthors: false });
    expect(restorePermissions("annotator")).toEqual({ keepsStatus: false, keepsGold: false, keepsAuthors: false });
    expect(restorePermissions("viewer")).toEqual({ keepsStatus: false, keepsGold: false, keepsAuthors: false });
    // The record schema's statuses are the database enum's.
    expect([...REVIEW_STATUSES]).toEqual(reviewStatus.enumValues);
  });

  it("turns W3C annotations into the importer's own draft, non-gold claims, whatever claim they name", async () => {
    const { db } = getDatabase();
    const goldOfAdmin = await saveClaim(db, adminA, claimSaveFor(articleA.id, articleA.text, "Kritiker widersprechen heftig."));
    await db.update(claims).set({ status: "accepted", isGold: true }).where(eq(claims.id, goldOfAdmin.claim.id));
    const own = await saveClaim(db, annotatorA, claimSaveFor(articleA.id, articleA.text, "Die Regierung sagt"));
    const prepared = await prepareExport(
      db,
      adminA,
      { format: "w3c", projectId: projectA, goldOnly: false, articleIds: [articleA.id] },
      { baseUrl: BASE_URL },
    );
    let json = "";
    for await (const chunk of prepared.chunks) json += chunk;

    expect((await expectAppError(() => importW3c(db, viewerA, { projectId: projectA, json, baseUrl: BASE_URL, skipInvalid: false }))).type).toBe(
      "forbidden",
    );
    const summary = await importW3c(db, annotatorA, { projectId: projectA, json, baseUrl: BASE_URL, skipInvalid: false });
    // The annotator's own claim is theirs already; the admin's gold claim becomes a new draft of the annotator.
    expect(summary.claims).toEqual({ created: prepared.claimCount - 1, existing: 1 });
    const mine = await db
      .select()
      .from(claims)
      .where(and(eq(claims.articleId, articleA.id), eq(claims.authorId, annotatorA.id)));
    expect(mine.map((c) => c.id)).toContain(own.claim.id);
    expect(mine.every((c) => c.status === "draft" && !c.isGold)).toBe(true);
    const [gold] = await db.select().from(claims).where(eq(claims.id, goldOfAdmin.claim.id));
    expect(gold).toMatchObject({ authorId: adminA.id, status: "accepted", isGold: true });
    const again = await importW3c(db, annotatorA, { projectId: projectA, json, baseUrl: BASE_URL, skipInvalid: false });
    expect(again.claims).toEqual({ created: 0, existing: prepared.claimCount });
  });

  it("adds no W3C claims to an article the importer has submitted, or to a closed one (the freeze a save meets)", async () => {
    const { db } = getDatabase();
    const annotation = (articleId: string) =>
      JSON.stringify([
        {
          type: "Annotation",
          target: { source: `${BASE_URL}/articles/${articleId}`, selector: [{ type: "TextQuoteSelector", exact: "Kritiker widersprechen" }] },
        },
      ]);
    const submitted = await seedArticle(db, projectA, freshText());
    await db
      .insert(assignments)
      .values({ articleId: submitted.id, userId: annotatorA.id, projectId: projectA, status: "submitted", submittedAt: new Date() });
    const closed = await seedArticle(db, projectA, freshText());
    await db.update(articles).set({ closedAt: new Date() }).where(eq(articles.id, closed.id));
    for (const [article, reason] of [
      [submitted, /submitted this article/],
      [closed, /article is closed/],
    ] as const) {
      const summary = await importW3c(db, annotatorA, { projectId: projectA, json: annotation(article.id), baseUrl: BASE_URL, skipInvalid: true });
      expect(summary.claims.created).toBe(0);
      expect(summary.skipped[0]?.message).toMatch(reason);
      expect(await db.select().from(claims).where(eq(claims.articleId, article.id))).toHaveLength(0);
    }
  });

  it("answers a claim's article of another project exactly as an article that exists nowhere", async () => {
    const { db } = getDatabase();
    const article = articleRecord(projectA, freshText());
    const b = (await newArticleOfB()).article;
    const ofB = claimRecord({ ...b, projectId: projectA }, adminA);
    const ofNobody = claimRecord({ ...b, id: crypto.randomUUID(), projectId: projectA }, adminA);
    const lines = jsonlFile(article, ofB, ofNobody);
    const error = await expectAppError(() => importJsonl(db, adminA, { projectId: projectA, lines, skipInvalid: false }));
    const listed = (error.detail as { errors: Array<{ line: number; field: string; message: string }> }).errors;
    expect(listed.map((e) => e.line)).toEqual([3, 4]);
    expect(wording([listed[0]!])).toEqual(wording([listed[1]!]));
    expect(listed[0]!.message).not.toMatch(/project [^(]|belongs/);
    const summary = await importJsonl(db, adminA, { projectId: projectA, lines, skipInvalid: true });
    expect(wording(summary.skipped.slice(0, 1))).toEqual(wording(summary.skipped.slice(1)));
  });

  it("stores what a save would: context cut to 32 characters (noted), source ids unique, upper-case ids as Postgres writes them", async () => {
    const { db } = getDatabase();
    const text = freshText();
    const article = articleRecord(projectA, text);
    const exact = "Die Regierung sagt, die Inflation sei auf 2,1 % gefallen.";
    const at = text.indexOf(exact);
    const base = claimRecord(article, adminA);
    const longContext = { ...base, id: crypto.randomUUID().toUpperCase(), target: { ...base.target, prefix: text.slice(at - 40, at) } };
    const source = sourceInput();
    const twiceTheSource = { ...claimRecord(article, adminA), sources: [source, { ...source }] };
    const summary = await importJsonl(db, adminA, { projectId: projectA, lines: jsonlFile(article, longContext, twiceTheSource), skipInvalid: true });
    expect(summary.claims.created).toBe(1);
    expect(summary.skipped).toEqual([{ line: 4, field: "sources", message: "source ids must be unique within a claim" }]);
    expect(summary.notes).toEqual([
      { line: 3, field: "target", message: "context cut to the 32 characters nearest the quote on each side, as Claimwork keeps it" },
    ]);
    const [stored] = await db.select().from(claims).where(eq(claims.id, longContext.id.toLowerCase()));
    expect(stored?.prefix).toBe(text.slice(at - 32, at));
    // The same file again: the upper-case id is recognised as the claim it stored, nothing new, no note about ids.
    const again = await importJsonl(db, adminA, { projectId: projectA, lines: jsonlFile(article, longContext), skipInvalid: false });
    expect(again.claims).toEqual({ created: 0, existing: 1 });
  });

  it("stores an id in use elsewhere under a derived id, with the same words for every clash, and leaves the other project alone", async () => {
    const { db } = getDatabase();
    const text = freshText();
    // A file that says it is project A's, reusing ids of project B's article, claim and source.
    const article = articleRecord(projectA, text, { id: articleB.id });
    const claim = claimRecord(article, adminA, { id: claimB.id, sources: [{ ...sourceInput({ id: claimB.sourceId, title: "Neue Quelle" }) }] });
    const summary = await importJsonl(db, adminA, { projectId: projectA, lines: jsonlFile(article, claim), skipInvalid: false });
    expect(summary.articles.created).toBe(1);
    expect(summary.claims.created).toBe(1);
    expect(summary.notes!.map((n) => [n.line, n.field])).toEqual([
      [2, "id"],
      [3, "id"],
      [3, "sources[0].id"],
    ]);
    const words = new Set(summary.notes!.map((n) => n.message.replace(UUID_PATTERN, "<id>")));
    expect([...words]).toEqual(["<id> is already in use on this instance; stored as <id>"]);

    const [restored] = await db
      .select()
      .from(articles)
      .where(and(eq(articles.projectId, projectA), eq(articles.contentHash, contentHash(text))));
    expect(restored!.id).not.toBe(articleB.id);
    const [restoredClaim] = await db.select().from(claims).where(eq(claims.articleId, restored!.id));
    expect(restoredClaim!.id).not.toBe(claimB.id);
    // Project B's rows are untouched: its article text, its claim, and its source on its claim.
    expect((await db.select({ text: articles.text }).from(articles).where(eq(articles.id, articleB.id)))[0]!.text).toBe(articleB.text);
    expect((await db.select({ projectId: claims.projectId }).from(claims).where(eq(claims.id, claimB.id)))[0]!.projectId).toBe(projectB);
    expect((await db.select({ claimId: sources.claimId, title: sources.title }).from(sources).where(eq(sources.id, claimB.sourceId)))[0]).toEqual({
      claimId: claimB.id,
      title: "Quelle B",
    });

    const again = await importJsonl(db, adminA, { projectId: projectA, lines: jsonlFile(article, claim), skipInvalid: false });
    expect([again.articles, again.claims]).toEqual([
      { created: 0, existing: 1 },
      { created: 0, existing: 1 },
    ]);
  });

  it("copies another project's records under derived ids whether or not those ids exist anywhere", async () => {
    const { db } = getDatabase();
    const run = async (ids: { article: string; claim: string }) => {
      const article = articleRecord(projectB, freshText(), { id: ids.article });
      const claim = claimRecord(article, adminA, { id: ids.claim });
      const summary = await importJsonl(db, adminA, { projectId: projectA, lines: jsonlFile(article, claim), skipInvalid: false });
      const [stored] = await db
        .select({ id: articles.id })
        .from(articles)
        .where(and(eq(articles.projectId, projectA), eq(articles.contentHash, article.contentHash)));
      return { summary, storedId: stored!.id };
    };
    const ofB = await newArticleOfB();
    const existing = await run({ article: ofB.article.id, claim: ofB.claimId });
    const nowhere = await run({ article: crypto.randomUUID(), claim: crypto.randomUUID() });
    const shape = (s: ImportSummary) => ({ articles: s.articles, claims: s.claims, skipped: s.skipped, notes: wording(s.notes!) });
    expect(shape(existing.summary)).toEqual(shape(nowhere.summary));
    expect(existing.summary.notes).toEqual([
      expect.objectContaining({ field: "projectId", message: expect.stringContaining("exported from another project") }),
    ]);
    expect(existing.storedId).not.toBe(ofB.article.id);
  });

  it("answers W3C annotations naming another project's article or claim exactly as ones naming nothing", async () => {
    const { db } = getDatabase();
    const ofB = await newArticleOfB();
    const [quote] = [articleA.text.indexOf("Kritiker")];
    const annotation = (id: string, articleId: string) => ({
      id,
      type: "Annotation",
      target: {
        source: `${BASE_URL}/articles/${articleId}`,
        selector: [{ type: "TextQuoteSelector", exact: "Kritiker widersprechen", prefix: articleA.text.slice(quote! - 5, quote) }],
      },
    });
    const foreignArticle = await expectAppError(() =>
      importW3c(db, annotatorA, {
        projectId: projectA,
        json: JSON.stringify([annotation("https://x.example/1", ofB.article.id)]),
        baseUrl: BASE_URL,
        skipInvalid: false,
      }),
    );
    const noArticle = await expectAppError(() =>
      importW3c(db, annotatorA, {
        projectId: projectA,
        json: JSON.stringify([annotation("https://x.example/1", crypto.randomUUID())]),
        baseUrl: BASE_URL,
        skipInvalid: false,
      }),
    );
    expect(foreignArticle.message.replace(UUID_PATTERN, "<id>")).toBe(noArticle.message.replace(UUID_PATTERN, "<id>"));
    // An id that is not a UUID cannot name an article either, and must not reach the database as one.
    const notUuid = await importW3c(db, annotatorA, {
      projectId: projectA,
      json: JSON.stringify([annotation("https://x.example/1", "not-a-uuid")]),
      baseUrl: BASE_URL,
      skipInvalid: true,
    });
    expect(notUuid.skipped).toEqual([{ line: 0, field: "target.source", message: "no article not-a-uuid in this project" }]);

    // Another project's claim IRI and a random claim IRI: both become a new claim of the importer; nothing is skipped.
    const foreignClaim = await importW3c(db, annotatorA, {
      projectId: projectA,
      json: JSON.stringify([annotation(`${BASE_URL}/claims/${ofB.claimId}`, articleA.id)]),
      baseUrl: BASE_URL,
      skipInvalid: false,
    });
    const noClaim = await importW3c(db, annotatorA, {
      projectId: projectA,
      json: JSON.stringify([annotation(`${BASE_URL}/claims/${crypto.randomUUID()}`, articleA.id)]),
      baseUrl: BASE_URL,
      skipInvalid: false,
    });
    expect(foreignClaim).toEqual(noClaim);
    expect(foreignClaim.claims).toEqual({ created: 1, existing: 0 });
    expect((await db.select({ projectId: claims.projectId }).from(claims).where(eq(claims.id, ofB.claimId)))[0]!.projectId).toBe(projectB);
  });

  it("refuses text Postgres cannot store in every import format, naming line and field; skip-invalid lists it", async () => {
    const { db } = getDatabase();
    // JSONL restore: escapes as they arrive in a file — a lone surrogate in an article, a NUL in a claim.
    const article = articleRecord(projectA, freshText());
    const broken = jsonlFile(article).slice(1)[0]!.replace('"text":"Artikel', '"text":"\\ud800Artikel');
    const good = articleRecord(projectA, freshText());
    const nul = claimRecord(good, adminA, { rationale: "vor\u0000nach" });
    const status = JSON.stringify({ ...JSON.parse(jsonl.formatClaim(claimRecord(good, adminA))), status: "published" });
    const version = jsonl.formatClaim(claimRecord(good, adminA, { version: 2 ** 31 })).trimEnd();
    const date = jsonl.formatClaim(claimRecord(good, adminA, { sources: [sourceInput({ accessedOn: "2024-02-30" })] })).trimEnd();
    const fine = claimRecord(good, adminA);
    const lines = jsonlFile(broken, good, nul, status, version, date, fine);
    const error = await expectAppError(() => importJsonl(db, adminA, { projectId: projectA, lines, skipInvalid: false }));
    expect(error.type).toBe("unprocessable");
    const listed = (error.detail as { errors: Array<{ line: number; field: string; message: string }> }).errors;
    expect(listed.map((e) => [e.line, e.field])).toEqual([
      [2, "text"],
      [4, "rationale"],
      [5, "status"],
      [6, "version"],
      [7, "sources[0].accessedOn"],
    ]);
    expect(error.message).toContain("line 2 (text): text: contains a broken character");
    expect(error.message).toContain("line 4 (rationale): rationale: contains a NUL character");
    const summary = await importJsonl(db, adminA, { projectId: projectA, lines, skipInvalid: true });
    expect(summary.skipped.map((s) => s.line)).toEqual([2, 4, 5, 6, 7]);
    expect([summary.articles.created, summary.claims.created]).toEqual([1, 1]);

    // W3C: the item is refused, by its index and field.
    const at = articleA.text.indexOf("Kritiker");
    const item = (exact: string) => ({
      type: "Annotation",
      target: {
        source: `${BASE_URL}/articles/${articleA.id}`,
        selector: { type: "TextQuoteSelector", exact, prefix: articleA.text.slice(at - 3, at) },
      },
    });
    const doc = `[${JSON.stringify(item("Kritiker"))},${JSON.stringify(item("Kritiker")).replace('"exact":"Kritiker"', '"exact":"Kritiker\\udc00"')}]`;
    const w3cError = await expectAppError(() => importW3c(db, annotatorA, { projectId: projectA, json: doc, baseUrl: BASE_URL, skipInvalid: false }));
    expect(w3cError.message).toContain("line 1 ([1].target.selector.exact)");
    const w3cSummary = await importW3c(db, annotatorA, { projectId: projectA, json: doc, baseUrl: BASE_URL, skipInvalid: true });
    expect(w3cSummary.skipped.map((s) => [s.line, s.field])).toEqual([[1, "[1].target.selector.exact"]]);

    // Articles as JSONL lines, and article files (paste or upload).
    const articleLines = [JSON.stringify({ text: freshText() }), `{"text":"Titel\\n\\ud800 kaputt"}`, `{"text":"Titel\\n\\u0000 kaputt"}`];
    const bulk = await expectAppError(() =>
      importArticleStream(db, adminA, { projectId: projectA, items: articlesFromJsonLines(articleLines, "bulk.jsonl"), skipInvalid: false }),
    );
    expect(bulk.type).toBe("unprocessable");
    expect(bulk.message).toBe("bulk.jsonl line 2: text: contains a broken character (a lone UTF-16 surrogate), which cannot be stored");
    const skipped = await importArticleStream(db, adminA, {
      projectId: projectA,
      items: articlesFromJsonLines(articleLines, "bulk.jsonl"),
      skipInvalid: true,
    });
    expect(skipped.created).toBe(1);
    expect(skipped.skipped.map((s) => [s.line, s.message])).toEqual([
      [2, expect.stringContaining("line 2: text: contains a broken character")],
      [3, expect.stringContaining("line 3: text: contains a NUL character")],
    ]);
    const pasted = await importArticles(db, reviewerA, {
      projectId: projectA,
      files: [
        { name: "kaputt.txt", content: "Titel\n\nText \ud83d und mehr." },
        // Uploaded bytes are decoded strictly: a broken UTF-8 sequence is refused, never stored as U+FFFD.
        {
          name: "bytes.txt",
          bytes: new Uint8Array([...new TextEncoder().encode("Titel\n\nText "), 0xed, 0xa0, 0xbd, ...new TextEncoder().encode(" und mehr.")]),
        },
      ],
    });
    expect(pasted.map((o) => [o.status, o.status === "refused" && o.reason])).toEqual([
      ["refused", "kaputt.txt: the text contains a broken character (a lone UTF-16 surrogate), which cannot be stored"],
      ["refused", "bytes.txt: the file is not valid UTF-8: line 3 has a broken character (is the file damaged or cut off?)"],
    ]);

    // Nothing anywhere was stored with a replacement character in its place.
    expect(await db.select({ id: articles.id }).from(articles).where(like(articles.text, "%\ufffd%"))).toEqual([]);
    expect(
      await db.select({ id: claims.id }).from(claims).where(sql`${claims.exact} like ${"%\ufffd%"} or ${claims.rationale} like ${"%\ufffd%"}`),
    ).toEqual([]);
  });

  it("restores onto the article already holding the same text, claims included, and says so", async () => {
    const { db } = getDatabase();
    const text = freshText();
    const existing = await seedArticle(db, projectA, text);
    const article = articleRecord(projectA, text.trimEnd());
    const claim = claimRecord(article, annotatorA, { sources: [sourceInput()] });
    for (const skipInvalid of [false, true]) {
      const summary = await importJsonl(db, adminA, { projectId: projectA, lines: jsonlFile(article, claim), skipInvalid });
      expect(summary.skipped).toEqual([]);
      expect(summary.articles).toEqual({ created: 0, existing: 1 });
      expect(summary.notes).toEqual([
        {
          line: 2,
          field: "id",
          message: `the same text is already in this project as article ${existing.id}; this article's claims are restored onto it`,
        },
      ]);
    }
    const [row] = await db.select().from(claims).where(eq(claims.id, claim.id));
    expect(row).toMatchObject({ articleId: existing.id, authorId: annotatorA.id });
    expect(await db.select().from(articles).where(eq(articles.id, article.id))).toHaveLength(0);
  });

  it("keeps a member of the target project who is also in another project as the author", async () => {
    const { db } = getDatabase();
    await addMember(db, projectB, annotatorA.id, "annotator");
    const article = articleRecord(projectA, freshText());
    const claim = claimRecord(article, annotatorA);
    const summary = await importJsonl(db, adminA, { projectId: projectA, lines: jsonlFile(article, claim), skipInvalid: false });
    expect(summary.notes).toEqual([]);
    expect((await db.select({ authorId: claims.authorId }).from(claims).where(eq(claims.id, claim.id)))[0]!.authorId).toBe(annotatorA.id);
  });

  it("restores a backup onto a fresh instance's seed article: the record maps to the article already there, claims and authors included", async () => {
    const { db } = getDatabase();
    // A fresh instance: the seeds in the default project, under ids this instance made.
    await loadSeeds(db, path.join(process.cwd(), "seeds"));
    const restorer = await createTestUser(db, "Restorer", { isAdmin: true });
    const prepared = await prepareExport(db, restorer, { format: "jsonl", projectId: DEFAULT_PROJECT_ID, goldOnly: false }, { baseUrl: BASE_URL });
    let exported = "";
    for await (const chunk of prepared.chunks) exported += chunk;
    const [header, seedLine] = exported.trimEnd().split("\n");
    const here = JSON.parse(seedLine!) as ExportArticle & { type: "article" };
    // The backup of another instance: the same seed text under that instance's id, with a claim by someone this instance does not know.
    const there = { ...here, id: crypto.randomUUID() };
    const author = { id: `old-instance-${crypto.randomUUID()}`, name: "Ana Müller" };
    const sentence = here.text
      .split("\n")
      .find((l) => l.trim().length > 30)!
      .trim()
      .slice(0, 30);
    const at = here.text.indexOf(sentence);
    const claim = claimRecord(there, author, {
      target: makeTarget(here.text, at, at + sentence.length),
      sentenceIndexes: [],
      status: "accepted",
      sources: [sourceInput()],
    });
    const lines = [header!, JSON.stringify(there), jsonl.formatClaim(claim).trimEnd()];
    for (const skipInvalid of [false, true]) {
      const summary = await importJsonl(db, restorer, { projectId: DEFAULT_PROJECT_ID, lines, skipInvalid });
      expect(summary.skipped).toEqual([]);
      expect(summary.articles).toEqual({ created: 0, existing: 1 });
      expect(summary.notes).toEqual([
        {
          line: 2,
          field: "id",
          message: `the same text is already in this project as article ${here.id}; this article's claims are restored onto it`,
        },
      ]);
    }
    const [restored] = await db.select().from(claims).where(eq(claims.id, claim.id));
    expect(restored).toMatchObject({ articleId: here.id, authorId: author.id, status: "accepted", exact: sentence });
    expect(await db.select().from(sources).where(eq(sources.claimId, claim.id))).toHaveLength(1);
  });
});
