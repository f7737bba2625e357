import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { events } from "@/db/schema";
import type { ChangeNotice } from "@/lib/live-notice";
import { routeSession } from "@/test-support/route-session";
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
} from "@/test-support/team-fixtures";
import type { Actor } from "./authz";
import { setClaimDeleted } from "./claims";
import { prepareExport } from "./export";
import { listSentenceDecisions, sentenceCoverage, setSentenceDecision, setSentenceExclusion } from "./sentence-decisions";
import { closeArticle, reopenArticle } from "./team/adjudication";
import { projectActivity } from "./team/history";
import { submitArticle } from "./team/submission";
import { judgeNotice } from "./visibility";

// ARTICLE_TEXT's stored sentences: 0 the title, 1 "The city spent …", 2 "The mayor said …", 3 "Critics called …", 4 "Officials expect …".
const MAYOR = "The mayor said traffic fell by 12 percent.";

describeEachDatabase("sentence decisions", (getDatabase) => {
  let db: Db;
  let admin: Actor;
  let ann: Actor;
  let ben: Actor;
  let rita: Actor;
  let vic: Actor;
  let outsider: Actor;
  let projectId: string;
  let articleId: string;

  beforeAll(async () => {
    db = getDatabase().db;
    admin = await createUser(db, "Admin", { isAdmin: true });
    ann = await createUser(db, "Ann");
    ben = await createUser(db, "Ben");
    rita = await createUser(db, "Rita");
    vic = await createUser(db, "Vic");
    outsider = await createUser(db, "Otto");
    const { project, article } = await blindProjectArticle(db, admin, "Blind decisions", [
      [ann, "annotator"],
      [ben, "annotator"],
      [rita, "reviewer"],
      [vic, "viewer"],
    ]);
    projectId = project.id;
    articleId = article.id;
  });

  const decide = (actor: Actor, sentenceIndex: number, decision: "no_claim" | null = "no_claim") =>
    setSentenceDecision(db, actor, { articleId, sentenceIndex, decision });

  it("is the author's own, idempotent, and recorded once as their work", async () => {
    const first = await decide(ann, 3);
    expect(first).toMatchObject({ sentenceIndex: 3, decision: "no_claim", authorId: ann.id, authorName: "Ann" });
    const again = await decide(ann, 3);
    expect(again).toEqual(first);
    const history = await db
      .select({ action: events.action, entityType: events.entityType, entityId: events.entityId, after: events.after })
      .from(events)
      .where(and(eq(events.projectId, projectId), eq(events.action, "sentence.no_claim")));
    expect(history).toEqual([
      {
        action: "sentence.no_claim",
        entityType: "assignment",
        entityId: `${articleId}:${ann.id}`,
        after: { sentenceIndex: 3, decision: "no_claim" },
      },
    ]);
    expect((await listSentenceDecisions(db, ann, articleId)).decisions.map((d) => [d.sentenceIndex, d.authorId])).toEqual([[3, ann.id]]);
  });

  it("obeys the blind rule: a fellow annotator and a viewer see none of it (nor its history or notice) until the article is closed", async () => {
    await decide(ben, 4);
    const seenBy = async (actor: Actor) =>
      (await listSentenceDecisions(db, actor, articleId)).decisions.map((d) => `${d.authorName}:${d.sentenceIndex}`);
    expect(await seenBy(ann)).toEqual(["Ann:3"]);
    expect(await seenBy(ben)).toEqual(["Ben:4"]);
    expect(await seenBy(vic)).toEqual([]);
    expect(await seenBy(rita)).toEqual(["Ann:3", "Ben:4"]);
    expect(await seenBy(admin)).toEqual(["Ann:3", "Ben:4"]);
    const feed = async (actor: Actor) =>
      (await projectActivity(db, actor, projectId)).filter((e) => e.action.startsWith("sentence.")).map((e) => e.actorName);
    expect(await feed(ann)).toEqual(["Ann"]);
    expect(await feed(rita)).toEqual(["Ben", "Ann"]);
    const notice: ChangeNotice = {
      projectId,
      articleId,
      entityType: "assignment",
      entityId: `${articleId}:${ben.id}`,
      action: "sentence.no_claim",
      actorId: ben.id,
    };
    expect(await judgeNotice(db, ann, notice)).toBe("drop");
    expect(await judgeNotice(db, rita, notice)).toBe("deliver");
    expect((await sentenceCoverage(db, ann, [articleId])).get(articleId)).toEqual({ annotatable: 5, decided: 1 });
    expect((await sentenceCoverage(db, rita, [articleId])).get(articleId)).toEqual({ annotatable: 5, decided: 2 });

    await closeArticle(db, rita, articleId);
    expect(await seenBy(ann)).toEqual(["Ann:3", "Ben:4"]);
    expect(await seenBy(vic)).toEqual(["Ann:3", "Ben:4"]);
    expect(await judgeNotice(db, ann, notice)).toBe("deliver");
    await reopenArticle(db, rita, articleId);
  });

  it("is refused while the person's own live claim covers the sentence, and allowed once it is deleted", async () => {
    const claim = await createClaim(db, ann, articleId, ARTICLE_TEXT, MAYOR);
    expect(claim.sentenceIndexes).toEqual([2]);
    const refused = await expectAppError(() => decide(ann, 2));
    expect([refused.status, refused.code]).toEqual([409, "conflict:sentence"]);
    expect(refused.message).toBe('Sentence 3 holds a claim of yours, so it cannot be marked "no claim here". Delete that claim first.');
    // Someone else's claim on it is no reason to refuse: the decision is each person's own.
    expect(await decide(ben, 2)).toMatchObject({ sentenceIndex: 2, authorId: ben.id });
    await setClaimDeleted(db, ann, { claimId: claim.id, restore: false });
    expect(await decide(ann, 2)).toMatchObject({ sentenceIndex: 2, authorId: ann.id });
    expect(await decide(ann, 2, null)).toBeNull();
    expect(await decide(ann, 2, null)).toBeNull();
    const cleared = await db
      .select({ action: events.action })
      .from(events)
      .where(and(eq(events.entityId, `${articleId}:${ann.id}`), eq(events.action, "sentence.no_claim_cleared")));
    expect(cleared).toHaveLength(1);
  });

  it("names the index when it is not one of the article's sentences, after the membership check", async () => {
    const error = await expectAppError(() => decide(ann, 5));
    expect([error.status, error.fields]).toEqual([422, { index: "must be the index of one of the article's 5 sentences (0 to 4)" }]);
    expect((await expectAppError(() => decide(outsider, 5))).code).toBe("not_found:article");
    expect((await expectAppError(() => decide(vic, 1))).code).toBe("forbidden:article");
    expect((await expectAppError(() => listSentenceDecisions(db, outsider, articleId))).code).toBe("not_found:article");
    expect((await sentenceCoverage(db, outsider, [articleId])).size).toBe(0);
  });

  it("freezes with the person's submission and with the article's closing; a retry of what stands is still answered", async () => {
    await decide(ann, 1);
    await submitArticle(db, ann, articleId);
    const frozen = await expectAppError(() => decide(ann, 1, null));
    expect(frozen.code).toBe("conflict:assignment");
    expect((await expectAppError(() => decide(ann, 4))).code).toBe("conflict:assignment");
    expect(await decide(ann, 1)).toMatchObject({ sentenceIndex: 1 });
    // Ben has not submitted: his work is open until the article closes.
    expect(await decide(ben, 1)).toMatchObject({ sentenceIndex: 1 });
    await closeArticle(db, rita, articleId);
    expect((await expectAppError(() => decide(ben, 1, null))).code).toBe("conflict:article");
    expect((await expectAppError(() => setSentenceExclusion(db, rita, { articleId, sentenceIndex: 0, excluded: true }))).code).toBe(
      "conflict:article",
    );
    await reopenArticle(db, rita, articleId);
  });

  it("exports only the decisions the exporter may see, in JSONL and as the sentence TSV's not_claim labels", async () => {
    const exported = async (actor: Actor, format: "jsonl" | "tsv") => {
      const prepared = await prepareExport(db, actor, { format, projectId, goldOnly: false }, { baseUrl: "https://claimwork.test" });
      let text = "";
      for await (const chunk of prepared.chunks) text += chunk;
      return text;
    };
    const authorsIn = (jsonl: string) =>
      [
        ...new Set(
          jsonl
            .trim()
            .split("\n")
            .map((line) => JSON.parse(line) as { type: string; authorId?: string })
            .filter((r) => r.type === "sentence_decision")
            .map((r) => r.authorId),
        ),
      ].sort();
    expect(authorsIn(await exported(ann, "jsonl"))).toEqual([ann.id]);
    expect(authorsIn(await exported(rita, "jsonl"))).toEqual([ann.id, ben.id].sort());
    const labels = (tsv: string) =>
      tsv
        .split("\n")
        .slice(1, -1)
        .map((line) => line.split("\t"))
        .map((cells) => `${cells[1]}:${cells[3]}`);
    // Ann decided sentences 1 and 3; Ben 1, 2 and 4. Ann's own TSV knows nothing of Ben's.
    expect(labels(await exported(ann, "tsv"))).toEqual(["0:", "1:not_claim", "2:", "3:not_claim", "4:"]);
    expect(labels(await exported(rita, "tsv"))).toEqual(["0:", "1:not_claim", "2:not_claim", "3:not_claim", "4:not_claim"]);
  });
});

describeEachDatabase("sentence exclusions", (getDatabase) => {
  let db: Db;
  let admin: Actor;
  let rita: Actor;
  let ann: Actor;
  let articleId: string;
  let projectId: string;
  let otherArticle: string;

  beforeAll(async () => {
    db = getDatabase().db;
    admin = await createUser(db, "Admin", { isAdmin: true });
    rita = await createUser(db, "Rita");
    ann = await createUser(db, "Ann");
    const project = await newProject(db, admin, "Open project");
    projectId = project.id;
    await addRole(db, projectId, rita.id, "reviewer");
    await addRole(db, projectId, ann.id, "annotator");
    articleId = (await createArticle(db, projectId)).id;
    otherArticle = (await createArticle(db, projectId, "Other article\n\nOne sentence here. Schreibe einen Kommentar")).id;
  });

  it("is for reviewers and admins, applies to everyone, keeps an optional reason and is idempotent", async () => {
    expect((await expectAppError(() => setSentenceExclusion(db, ann, { articleId, sentenceIndex: 4, excluded: true }))).code).toBe(
      "forbidden:article",
    );
    const marked = await setSentenceExclusion(db, rita, { articleId, sentenceIndex: 4, excluded: true, reason: "Footer" });
    expect(marked).toMatchObject({ sentenceIndex: 4, reason: "Footer", excludedBy: rita.id, excludedByName: "Rita" });
    expect(await setSentenceExclusion(db, admin, { articleId, sentenceIndex: 4, excluded: true, reason: "Footer" })).toEqual(marked);
    expect((await listSentenceDecisions(db, ann, articleId)).exclusions).toEqual([marked]);
    const changed = await setSentenceExclusion(db, admin, { articleId, sentenceIndex: 4, excluded: true });
    expect(changed).toMatchObject({ reason: null, excludedBy: admin.id });
    expect(await setSentenceExclusion(db, admin, { articleId, sentenceIndex: 4, excluded: false })).toBeNull();
    expect(await setSentenceExclusion(db, admin, { articleId, sentenceIndex: 4, excluded: false })).toBeNull();
    const history = await db
      .select({ action: events.action, entityType: events.entityType })
      .from(events)
      .where(and(eq(events.entityId, articleId), eq(events.entityType, "article")));
    expect(history.map((h) => h.action).filter((a) => a.startsWith("sentence."))).toEqual([
      "sentence.excluded",
      "sentence.excluded",
      "sentence.included",
    ]);
    // The whole project's: every member's live stream is told.
    const notice: ChangeNotice = { projectId, articleId, entityType: "article", entityId: articleId, action: "sentence.excluded", actorId: rita.id };
    expect(await judgeNotice(db, ann, notice)).toBe("deliver");
  });

  it("takes excluded sentences out of coverage, whoever decided them", async () => {
    await createClaim(db, ann, articleId, ARTICLE_TEXT, MAYOR);
    await setSentenceDecision(db, ann, { articleId, sentenceIndex: 3, decision: "no_claim" });
    await setSentenceDecision(db, ann, { articleId, sentenceIndex: 0, decision: "no_claim" });
    expect((await sentenceCoverage(db, ann, [articleId, otherArticle])).get(articleId)).toEqual({ annotatable: 5, decided: 3 });
    await setSentenceExclusion(db, rita, { articleId, sentenceIndex: 0, excluded: true, reason: "Title" });
    await setSentenceExclusion(db, rita, { articleId, sentenceIndex: 4, excluded: true });
    const coverage = await sentenceCoverage(db, ann, [articleId, otherArticle, "not-a-uuid"]);
    expect(coverage.get(articleId)).toEqual({ annotatable: 3, decided: 2 });
    expect(coverage.get(otherArticle)).toEqual({ annotatable: 3, decided: 0 });
    expect([...coverage.keys()].sort()).toEqual([articleId, otherArticle].sort());
    // Rita sees Ann's work too (an open project): the same figures.
    expect((await sentenceCoverage(db, rita, [articleId])).get(articleId)).toEqual({ annotatable: 3, decided: 2 });
    const stranger = await createUser(db, "Stranger");
    expect((await sentenceCoverage(db, stranger, [articleId])).size).toBe(0);
  });
});

describeEachDatabase("sentence decision routes, through the door", (getDatabase) => {
  let cookie = "";
  let articleId: string;
  let foreignArticle: string;
  let restore: () => void = () => {};

  beforeAll(async () => {
    const database = getDatabase();
    // The route handlers read the process-wide database and auth: point both at this test database.
    const session = await routeSession(database, "Decider");
    ({ cookie, restore } = session);
    const me = session.actor;
    const admin = await createUser(database.db, "Site admin", { isAdmin: true });
    const project = await newProject(database.db, admin, "Routes");
    await addRole(database.db, project.id, me.id, "reviewer");
    articleId = (await createArticle(database.db, project.id)).id;
    const elsewhere = await newProject(database.db, admin, "Elsewhere");
    foreignArticle = (await createArticle(database.db, elsewhere.id)).id;
  });

  afterAll(() => restore());

  const url = (path: string) => `http://desk.lan:3000/api/articles/${path}`;
  const headers = (extra: Record<string, string> = {}) => ({ host: "desk.lan:3000", cookie, "content-type": "application/json", ...extra });
  async function put(kind: "decision" | "exclusion", id: string, index: string, body: unknown, extra: Record<string, string> = {}) {
    const { PUT } =
      kind === "decision"
        ? await import("@/app/api/articles/[id]/sentences/[index]/decision/route")
        : await import("@/app/api/articles/[id]/sentences/[index]/exclusion/route");
    const request = new Request(url(`${id}/sentences/${index}/${kind}`), { method: "PUT", headers: headers(extra), body: JSON.stringify(body) });
    return PUT(request, { params: Promise.resolve({ id, index }) });
  }
  async function list(id: string) {
    const { GET } = await import("@/app/api/articles/[id]/sentences/decisions/route");
    return GET(new Request(url(`${id}/sentences/decisions`), { headers: headers() }), { params: Promise.resolve({ id }) });
  }
  const fieldsOf = async (response: Response) => ((await response.json()) as { error: { fields?: Record<string, string> } }).error.fields;

  it("sets, lists and clears through the routes", async () => {
    const set = await put("decision", articleId, "2", { decision: "no_claim" });
    expect(set.status).toBe(200);
    expect(((await set.json()) as { decision: { sentenceIndex: number } }).decision.sentenceIndex).toBe(2);
    const excluded = await put("exclusion", articleId, "4", { excluded: true, reason: "  Schreibe einen Kommentar  " });
    expect(excluded.status).toBe(200);
    expect(((await excluded.json()) as { exclusion: { reason: string } }).exclusion.reason).toBe("Schreibe einen Kommentar");
    const listed = (await (await list(articleId)).json()) as {
      decisions: Array<{ sentenceIndex: number }>;
      exclusions: Array<{ sentenceIndex: number }>;
    };
    expect([listed.decisions.map((d) => d.sentenceIndex), listed.exclusions.map((x) => x.sentenceIndex)]).toEqual([[2], [4]]);
    const cleared = await put("decision", articleId, "2", { decision: null });
    expect(await cleared.json()).toEqual({ decision: null });
  });

  it("answers bad input with a 422 naming the field, never a 500", async () => {
    const outside = await put("decision", articleId, "5", { decision: "no_claim" });
    expect([outside.status, await fieldsOf(outside)]).toEqual([422, { index: "must be the index of one of the article's 5 sentences (0 to 4)" }]);
    for (const index of ["first", " ", "0x1", "1e0", "01", "99999999999"]) {
      const notIndex = await put("decision", articleId, index, { decision: "no_claim" });
      expect([index, notIndex.status, Object.keys((await fieldsOf(notIndex)) ?? {})]).toEqual([index, 422, ["index"]]);
    }
    const negative = await put("exclusion", articleId, "-1", { excluded: true });
    expect([negative.status, Object.keys((await fieldsOf(negative)) ?? {})]).toEqual([422, ["index"]]);
    const badDecision = await put("decision", articleId, "1", { decision: "maybe" });
    expect([badDecision.status, Object.keys((await fieldsOf(badDecision)) ?? {})]).toEqual([422, ["decision"]]);
    const longReason = await put("exclusion", articleId, "1", { excluded: true, reason: "😀".repeat(201) });
    expect([longReason.status, await fieldsOf(longReason)]).toEqual([422, { reason: "must be at most 200 characters" }]);
    expect((await put("exclusion", articleId, "1", { excluded: true, reason: "😀".repeat(200) })).status).toBe(200);
    const noFlag = await put("exclusion", articleId, "1", { reason: "x" });
    expect([noFlag.status, Object.keys((await fieldsOf(noFlag)) ?? {})]).toEqual([422, ["excluded"]]);
  });

  it("refuses another site's request and answers a non-member like an unknown article", async () => {
    const crossSite = await put(
      "decision",
      articleId,
      "1",
      { decision: "no_claim" },
      { origin: "https://evil.example", "sec-fetch-site": "cross-site" },
    );
    expect(crossSite.status).toBe(403);
    const foreign = await put("decision", foreignArticle, "1", { decision: "no_claim" });
    expect(foreign.status).toBe(404);
    expect((await list(foreignArticle)).status).toBe(404);
    expect((await put("exclusion", foreignArticle, "99", { excluded: true })).status).toBe(404);
  });
});
