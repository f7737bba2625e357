import { and, asc, desc, eq, gt } from "drizzle-orm";
import { afterAll, beforeAll, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { assignments, claims, events, sentenceDecisions } from "@/db/schema";
import type { ClaimDto } from "@/lib/claim-schema";
import { nextSave } from "@/test-support/fixtures";
import { routeSession } from "@/test-support/route-session";
import { ARTICLE_TEXT, addRole, claimSave, createArticle, createUser, describeEachDatabase, newProject } from "@/test-support/team-fixtures";
import type { Actor } from "./authz";
import { saveClaim, setClaimDeleted } from "./claims";
import { prepareExport } from "./export";
import { importJsonl, importW3c } from "./import";
import { setSentenceDecision } from "./sentence-decisions";

// ARTICLE_TEXT's stored sentences: 0 the title, 1 "The city spent …", 2 "The mayor said …", 3 "Critics called …", 4 "Officials expect …"
// (and 5, the note that makes each test's article its own).
const CITY = "The city spent 4 million euros on bike lanes in 2023.";
const MAYOR = "The mayor said traffic fell by 12 percent.";
const CRITICS = "Critics called the plan a waste of money.";
const OFFICIALS = "Officials expect the number of cyclists to double by 2030.";
const BASE_URL = "https://claimwork.test";

/**
 * A claim its author saves over sentences they had marked "no claim here"
 * takes the mark off them, in the same write, with the history entry clearing
 * a mark by hand records: the server keeps what the annotator does when a
 * claim is drawn over such a sentence, whoever sends the save (the page, a
 * script through PUT /api/claims/:id, a restore of a deleted claim).
 */
describeEachDatabase("a claim clears its author's own no-claim marks", (getDatabase) => {
  let db: Db;
  let admin: Actor;
  let ann: Actor;
  let ben: Actor;
  let projectId: string;

  beforeAll(async () => {
    db = getDatabase().db;
    admin = await createUser(db, "Admin", { isAdmin: true });
    ann = await createUser(db, "Ann");
    ben = await createUser(db, "Ben");
    projectId = (await newProject(db, admin, "No-claim clearing")).id;
    await addRole(db, projectId, ann.id, "annotator");
    await addRole(db, projectId, ben.id, "annotator");
  });

  // Each test has an article of its own: the same text twice in one project is one article.
  let articleCount = 0;
  let text = ARTICLE_TEXT;
  const newArticle = async () => {
    articleCount++;
    text = `${ARTICLE_TEXT} Note ${articleCount}.`;
    return (await createArticle(db, projectId, text)).id;
  };
  const mark = (actor: Actor, articleId: string, sentenceIndex: number) =>
    setSentenceDecision(db, actor, { articleId, sentenceIndex, decision: "no_claim" });
  async function marks(articleId: string) {
    const rows = await db
      .select({ authorId: sentenceDecisions.authorId, sentenceIndex: sentenceDecisions.sentenceIndex })
      .from(sentenceDecisions)
      .where(eq(sentenceDecisions.articleId, articleId))
      .orderBy(asc(sentenceDecisions.sentenceIndex), asc(sentenceDecisions.authorId));
    return rows.map((r) => `${r.authorId === ann.id ? "ann" : r.authorId === ben.id ? "ben" : r.authorId}:${r.sentenceIndex}`);
  }
  async function clearings(articleId: string, userId = ann.id) {
    return db
      .select({ actorId: events.actorId, before: events.before, after: events.after })
      .from(events)
      .where(and(eq(events.entityType, "assignment"), eq(events.entityId, `${articleId}:${userId}`), eq(events.action, "sentence.no_claim_cleared")))
      .orderBy(asc(events.id));
  }
  /** A claim from the first sentence's quote to the end of the last one's, covering the sentences between. */
  const spanning = (articleId: string, first: string, last: string) => {
    const start = text.indexOf(first);
    const end = text.indexOf(last) + last.length;
    return claimSave(articleId, text, text.slice(start, end));
  };

  it("on create: the author's marks on every sentence the claim covers go, with one history entry each; others' and the rest stay", async () => {
    const articleId = await newArticle();
    for (const index of [1, 2, 3, 4]) await mark(ann, articleId, index);
    await mark(ben, articleId, 2);
    const save = spanning(articleId, MAYOR, CRITICS);
    const { claim, created } = await saveClaim(db, ann, save);
    expect([created, claim.sentenceIndexes]).toEqual([true, [2, 3]]);
    expect(await marks(articleId)).toEqual(["ann:1", "ben:2", "ann:4"]);
    expect(await clearings(articleId)).toEqual([
      { actorId: ann.id, before: { sentenceIndex: 2, decision: "no_claim" }, after: { sentenceIndex: 2, decision: null } },
      { actorId: ann.id, before: { sentenceIndex: 3, decision: "no_claim" }, after: { sentenceIndex: 3, decision: null } },
    ]);
    expect(await clearings(articleId, ben.id)).toEqual([]);
    // A retry of the accepted create writes nothing more.
    expect((await saveClaim(db, ann, save)).created).toBe(false);
    expect(await clearings(articleId)).toHaveLength(2);
    // The mark cannot come back while the claim stands (the rule the clearing keeps).
    await expect(mark(ann, articleId, 2)).rejects.toMatchObject({ type: "conflict" });
  });

  it("on create without marks under it: nothing is cleared or recorded, and the claim is saved as before", async () => {
    const articleId = await newArticle();
    await mark(ann, articleId, 1);
    const { claim } = await saveClaim(db, ann, claimSave(articleId, text, OFFICIALS));
    expect(claim.sentenceIndexes).toEqual([4]);
    expect(await marks(articleId)).toEqual(["ann:1"]);
    expect(await clearings(articleId)).toEqual([]);
  });

  it("another annotator's claim over a sentence leaves my mark alone", async () => {
    const articleId = await newArticle();
    await mark(ann, articleId, 2);
    await saveClaim(db, ben, claimSave(articleId, text, MAYOR));
    expect(await marks(articleId)).toEqual(["ann:2"]);
  });

  it("on an edit that moves the claim onto a marked sentence, and not on an edit of its labels", async () => {
    const articleId = await newArticle();
    const save = claimSave(articleId, text, CITY);
    const created = (await saveClaim(db, ann, save)).claim;
    await mark(ann, articleId, 2);
    await mark(ann, articleId, 4);
    const relabelled = (await saveClaim(db, ann, nextSave(save, created.version, { speaker: "Mayor" }))).claim;
    expect(await marks(articleId)).toEqual(["ann:2", "ann:4"]);
    const moved = claimSave(articleId, text, MAYOR);
    const edit = nextSave(save, relabelled.version, { target: moved.target });
    const updated = (await saveClaim(db, ann, edit)).claim;
    expect([updated.version, updated.sentenceIndexes]).toEqual([3, [2]]);
    expect(await marks(articleId)).toEqual(["ann:4"]);
    expect(await clearings(articleId)).toEqual([
      { actorId: ann.id, before: { sentenceIndex: 2, decision: "no_claim" }, after: { sentenceIndex: 2, decision: null } },
    ]);
  });

  it("on restoring a deleted claim over a sentence marked meanwhile", async () => {
    const articleId = await newArticle();
    const claim = (await saveClaim(db, ann, claimSave(articleId, text, MAYOR))).claim;
    await setClaimDeleted(db, ann, { claimId: claim.id, restore: false });
    await mark(ann, articleId, 2);
    expect(await marks(articleId)).toEqual(["ann:2"]);
    await setClaimDeleted(db, ann, { claimId: claim.id, restore: true });
    expect(await marks(articleId)).toEqual([]);
    expect(await clearings(articleId)).toHaveLength(1);
  });

  it("leaves frozen work as it is: a create on a submitted article is refused and the mark stays", async () => {
    const articleId = await newArticle();
    await mark(ann, articleId, 2);
    await db.insert(assignments).values({ articleId, userId: ann.id, projectId, status: "submitted", submittedAt: new Date() });
    await expect(saveClaim(db, ann, claimSave(articleId, text, MAYOR))).rejects.toMatchObject({ type: "conflict" });
    expect(await marks(articleId)).toEqual(["ann:2"]);
    expect(await clearings(articleId)).toEqual([]);
  });

  it("records the claim and the clearings in one statement's history, the clearings on the author's assignment", async () => {
    const articleId = await newArticle();
    await mark(ann, articleId, 2);
    await mark(ann, articleId, 3);
    const [last] = await db.select({ id: events.id }).from(events).orderBy(desc(events.id)).limit(1);
    const claim: ClaimDto = (await saveClaim(db, ann, spanning(articleId, MAYOR, CRITICS))).claim;
    const written = await db
      .select({ entityType: events.entityType, entityId: events.entityId, action: events.action })
      .from(events)
      .where(and(eq(events.projectId, projectId), gt(events.id, last?.id ?? 0)))
      .orderBy(asc(events.action));
    const assignment = `${articleId}:${ann.id}`;
    expect(written).toEqual([
      { entityType: "claim", entityId: claim.id, action: "claim.created" },
      { entityType: "assignment", entityId: assignment, action: "sentence.no_claim_cleared" },
      { entityType: "assignment", entityId: assignment, action: "sentence.no_claim_cleared" },
    ]);
  });

  // ── Imports write claims on their own path (server/import.ts inserts the rows itself, not through saveClaim) ──

  async function exported(format: "jsonl" | "w3c") {
    const prepared = await prepareExport(db, admin, { format, projectId, goldOnly: false }, { baseUrl: BASE_URL, now: new Date() });
    let out = "";
    for await (const chunk of prepared.chunks) out += chunk;
    return out;
  }

  it("a W3C import of annotations over the importer's marks clears them", async () => {
    const articleId = await newArticle();
    await saveClaim(db, ben, claimSave(articleId, text, MAYOR));
    await mark(ann, articleId, 2);
    const doc = JSON.parse(await exported("w3c")) as { first: { items: Array<{ id: string; target: { source: { id: string } } }> } };
    const items = doc.first.items
      .filter((item) => item.target.source.id.includes(articleId))
      .map((item, i) => ({ ...item, id: `https://other.example/${i}` }));
    const summary = await importW3c(db, ann, { projectId, json: JSON.stringify(items), baseUrl: BASE_URL, skipInvalid: false });
    expect(summary.claims.created).toBe(1);
    expect(await marks(articleId)).toEqual([]);
  });

  it("a JSONL restore of a claim over its author's mark clears it, the history naming who restored it", async () => {
    const articleId = await newArticle();
    const claim = (await saveClaim(db, ann, claimSave(articleId, text, MAYOR))).claim;
    const lines = (await exported("jsonl")).split("\n");
    // The claim is gone (as if lost), the author marks the sentence, then the backup is restored.
    await db.delete(events).where(and(eq(events.entityType, "claim"), eq(events.entityId, claim.id)));
    await db.delete(claims).where(eq(claims.id, claim.id));
    await mark(ann, articleId, 2);
    const summary = await importJsonl(db, admin, { projectId, lines, skipInvalid: true });
    expect(summary.claims.created).toBeGreaterThanOrEqual(1);
    expect(await marks(articleId)).toEqual([]);
    expect((await clearings(articleId)).map((e) => e.actorId)).toEqual([admin.id]);
  });
});

describeEachDatabase("a claim saved through PUT /api/claims/:id clears its author's own no-claim marks", (getDatabase) => {
  let cookie = "";
  let me: Actor;
  let restore: () => void = () => {};

  beforeAll(async () => {
    const database = getDatabase();
    // The route handlers read the process-wide database and auth: point both at this test database.
    ({ cookie, restore, actor: me } = await routeSession(database, "Script"));
  });

  afterAll(() => restore());

  it("clears the marks under the new claim in the same save, answered 201 as before", async () => {
    const { db } = getDatabase();
    const admin = await createUser(db, "Admin", { isAdmin: true });
    const project = await newProject(db, admin, "Through the door");
    await addRole(db, project.id, me.id, "annotator");
    const articleId = (await createArticle(db, project.id)).id;
    const actor = me;
    await setSentenceDecision(db, actor, { articleId, sentenceIndex: 2, decision: "no_claim" });
    await setSentenceDecision(db, actor, { articleId, sentenceIndex: 4, decision: "no_claim" });
    const save = claimSave(articleId, ARTICLE_TEXT, MAYOR);
    const { PUT } = await import("@/app/api/claims/[id]/route");
    const response = await PUT(
      new Request(`http://desk.lan:3000/api/claims/${save.id}`, {
        method: "PUT",
        headers: { host: "desk.lan:3000", cookie, "content-type": "application/json" },
        body: JSON.stringify(save),
      }),
      { params: Promise.resolve({ id: save.id }) },
    );
    expect(response.status).toBe(201);
    expect(((await response.json()) as { claim: ClaimDto }).claim.sentenceIndexes).toEqual([2]);
    const left = await db
      .select({ sentenceIndex: sentenceDecisions.sentenceIndex })
      .from(sentenceDecisions)
      .where(eq(sentenceDecisions.articleId, articleId));
    expect(left).toEqual([{ sentenceIndex: 4 }]);
  });
});
