/**
 * Revisions of an article through the data layer, on each test database: a
 * new text becomes the current revision with every claim re-anchored in the
 * same transaction (kept, relocated, queued, orphaned), nothing placed where
 * its quote is not, the queue resolved by a person, and the earlier
 * revision readable as it was.
 */
import { and, asc, eq, inArray } from "drizzle-orm";
import { beforeAll, expect, it } from "vitest";
import { claims, events, sentenceDecisions, sentenceExclusions, sentences } from "@/db/schema";
import { sliceCodePoints } from "@/lib/offsets";
import { referenceExport } from "@/test-support/export-reference";
import {
  ARTICLE_TEXT,
  addRole,
  claimSave,
  createArticle,
  createClaim,
  createTeam,
  describeEachDatabase,
  expectAppError,
  type Team,
} from "@/test-support/team-fixtures";
import { getArticle, importArticles } from "./articles";
import { getClaimPage } from "./claim-page";
import { listArticleClaims, saveClaim } from "./claims";
import { prepareExport } from "./export";
import { importJsonl, importW3c } from "./import";
import { addRevision, getRevision, listReanchorQueue, listRevisions, resolveReanchor } from "./revisions";
import { setSentenceDecision, setSentenceExclusion } from "./sentence-decisions";
import { promoteToGold } from "./team/adjudication";
import { transferArticles } from "./team/article-transfer";
import { assignArticle } from "./team/assignments";
import { decideClaim } from "./team/decisions";
import { submitArticle } from "./team/submission";

const CAST = { reviewer: ["Rita", "reviewer"], ann: ["Ann", "annotator"], other: ["Olaf", "annotator"], outsider: ["Otto", null] } as const;

/** ARTICLE_TEXT corrected: a paragraph added before, the mayor's figure fixed, the critics' sentence gone. */
const REVISED =
  "Test article\n\nUpdate: this article was corrected on 3 May.\n\nThe city spent 4 million euros on bike lanes in 2023. " +
  "The mayor said traffic fell by 21 percent. Officials expect the number of cyclists to double by 2030.";

describeEachDatabase("article revisions", (getDb) => {
  let team: Team<typeof CAST>;

  beforeAll(async () => {
    team = await createTeam(getDb().db, "Revisions", CAST);
  });

  async function articleWithClaims() {
    const { db } = getDb();
    const article = await createArticle(db, team.projectId, `${ARTICLE_TEXT}\n\n${crypto.randomUUID()}`);
    const text = (await getArticle(db, team.admin, article.id)).text;
    const spent = await createClaim(db, team.ann, article.id, text, "The city spent 4 million euros on bike lanes in 2023.", { rationale: "budget" });
    const mayor = await createClaim(db, team.ann, article.id, text, "The mayor said traffic fell by 12 percent.");
    const critics = await createClaim(db, team.other, article.id, text, "Critics called the plan a waste of money.");
    const cyclists = await createClaim(db, team.other, article.id, text, "cyclists to double by 2030");
    return { article, text, spent, mayor, critics, cyclists };
  }

  it("makes the new text current and re-anchors every claim: kept, queued with a proposal, orphaned", async () => {
    const { db } = getDb();
    const { article, text, spent, mayor, critics, cyclists } = await articleWithClaims();
    const revisedText = `${REVISED}\n\n${text.split("\n\n").at(-1)}`;
    const added = await addRevision(db, team.reviewer, { articleId: article.id, file: { name: "corrected.txt", content: revisedText } });
    expect(added).toMatchObject({ revision: 2, previous: 1, claims: { kept: 2, relocated: 0, needs_confirmation: 1, orphaned: 1 } });

    const current = await getArticle(db, team.admin, article.id);
    expect(current.text).toBe(revisedText);
    const placed = await listArticleClaims(db, team.admin, article.id);
    expect(placed.map((c) => c.id).sort()).toEqual([spent.id, cyclists.id].sort());
    for (const claim of placed) {
      // Placed only on exactly its quote, with the same id, fields and a new version.
      expect(sliceCodePoints(revisedText, claim.target.start, claim.target.end)).toBe(claim.target.exact);
      expect(claim.version).toBe(2);
    }
    expect(placed.find((c) => c.id === spent.id)?.rationale).toBe("budget");
    expect(placed.find((c) => c.id === spent.id)?.target.start).toBeGreaterThan(spent.target.start);
    expect(placed.find((c) => c.id === spent.id)?.sentenceIndexes).toEqual([2]);

    const queue = await listReanchorQueue(db, team.reviewer, article.id);
    expect(queue.revision).toBe(2);
    expect(queue.items.map((i) => [i.claimId, i.anchorState])).toEqual([
      [mayor.id, "needs_confirmation"],
      [critics.id, "orphaned"],
    ]);
    const [queued] = queue.items;
    expect(queued).toMatchObject({ reason: "approximate", fromRevision: 1, toRevision: 2, canResolve: true });
    expect(queued!.before.exact).toBe("The mayor said traffic fell by 12 percent.");
    expect(queued!.before.snippet.text.slice(queued!.before.snippet.start, queued!.before.snippet.end)).toBe(queued!.before.exact);
    expect(queued!.proposals[0]?.exact).toBe("The mayor said traffic fell by 21 percent.");

    // Both revisions stay readable; the old one as it was.
    const revisions = await listRevisions(db, team.ann, article.id);
    expect(revisions.map((r) => [r.number, r.isCurrent, r.createdBy?.name ?? null])).toEqual([
      [1, false, null],
      [2, true, "Rita"],
    ]);
    expect((await getRevision(db, team.ann, article.id, 1)).text).toBe(text);
    expect((await getRevision(db, team.ann, article.id, 2)).sentences.length).toBe(current.sentences.length);

    // The history says what happened to each claim, and that the article was revised.
    const history = await db
      .select({ entityId: events.entityId, action: events.action, after: events.after })
      .from(events)
      .where(and(inArray(events.entityId, [spent.id, mayor.id, critics.id, cyclists.id]), eq(events.action, "claim.reanchored")))
      .orderBy(asc(events.id));
    expect(new Map(history.map((h) => [h.entityId, (h.after as { outcome: string }).outcome]))).toEqual(
      new Map([
        [spent.id, "kept"],
        [mayor.id, "needs_confirmation"],
        [critics.id, "orphaned"],
        [cyclists.id, "kept"],
      ]),
    );
  });

  it("refuses the same text as 'no change', another article's text, and anyone who may not import", async () => {
    const { db } = getDb();
    const { article, text } = await articleWithClaims();
    const same = await expectAppError(() => addRevision(db, team.reviewer, { articleId: article.id, file: { name: null, content: `${text}\r\n` } }));
    expect([same.status, same.code, same.fields]).toEqual([422, "unprocessable:revision", { text: "the same as the current revision" }]);
    const other = await createArticle(db, team.projectId, `Another one\n\n${crypto.randomUUID()}`);
    const otherText = (await getArticle(db, team.admin, other.id)).text;
    expect(
      (await expectAppError(() => addRevision(db, team.reviewer, { articleId: article.id, file: { name: null, content: otherText } }))).status,
    ).toBe(409);
    expect((await expectAppError(() => addRevision(db, team.ann, { articleId: article.id, file: { name: null, content: REVISED } }))).status).toBe(
      403,
    );
    expect(
      (await expectAppError(() => addRevision(db, team.outsider, { articleId: article.id, file: { name: null, content: REVISED } }))).status,
    ).toBe(404);
    expect((await expectAppError(() => addRevision(db, team.reviewer, { articleId: article.id, file: { name: null, content: "   " } }))).status).toBe(
      422,
    );
    expect((await listRevisions(db, team.admin, article.id)).length).toBe(1);
  });

  it("lets a person accept a proposal, place a span of their own, or orphan; the author or a reviewer only", async () => {
    const { db } = getDb();
    const { article, text, mayor, critics } = await articleWithClaims();
    const revisedText = `${REVISED}\n\n${text.split("\n\n").at(-1)}`;
    await addRevision(db, team.reviewer, { articleId: article.id, file: { name: null, content: revisedText } });
    const version = async (id: string) => (await db.select({ v: claims.version }).from(claims).where(eq(claims.id, id)))[0]!.v;

    // Olaf is no author of the mayor claim and no reviewer.
    const foreign = await expectAppError(() =>
      resolveReanchor(db, team.other, { claimId: mayor.id, version: 2, resolution: { action: "accept", proposal: 0 } }),
    );
    expect(foreign.status).toBe(403);
    expect(
      (await expectAppError(() => resolveReanchor(db, team.ann, { claimId: mayor.id, version: 1, resolution: { action: "orphan" } }))).status,
    ).toBe(409);
    expect(
      (await expectAppError(() => resolveReanchor(db, team.ann, { claimId: mayor.id, version: 2, resolution: { action: "accept", proposal: 7 } })))
        .fields,
    ).toEqual({ proposal: "not one of the proposals" });
    // Editing a waiting claim is refused until it is placed, even onto words the new text has.
    const staleEdit = await expectAppError(() =>
      saveClaim(db, team.ann, { ...claimSave(article.id, revisedText, "Update: this article"), id: mayor.id, baseVersion: 2 }),
    );
    expect(staleEdit.status).toBe(409);

    const accepted = await resolveReanchor(db, team.ann, { claimId: mayor.id, version: 2, resolution: { action: "accept", proposal: 0 } });
    expect(accepted).toMatchObject({ anchorState: "placed", version: 3 });
    const placedMayor = (await listArticleClaims(db, team.ann, article.id)).find((c) => c.id === mayor.id)!;
    expect(placedMayor.target.exact).toBe("The mayor said traffic fell by 21 percent.");
    expect(sliceCodePoints(revisedText, placedMayor.target.start, placedMayor.target.end)).toBe(placedMayor.target.exact);
    expect(
      (await expectAppError(() => resolveReanchor(db, team.ann, { claimId: mayor.id, version: 3, resolution: { action: "orphan" } }))).status,
    ).toBe(409);

    // The orphan, placed by hand by a reviewer on words of the new text; outside the text is a 422.
    const criticsVersion = await version(critics.id);
    const outside = await expectAppError(() =>
      resolveReanchor(db, team.reviewer, { claimId: critics.id, version: criticsVersion, resolution: { action: "place", start: 5, end: 100_000 } }),
    );
    expect(outside.status).toBe(422);
    const start = [...revisedText].join("").indexOf("Update");
    const placed = await resolveReanchor(db, team.reviewer, {
      claimId: critics.id,
      version: await version(critics.id),
      resolution: { action: "place", start, end: start + "Update".length },
    });
    expect(placed.anchorState).toBe("placed");
    expect((await listReanchorQueue(db, team.reviewer, article.id)).items).toEqual([]);
  });

  it("carries sentence decisions whose sentence is unchanged, drops the others, and keeps waiting claims waiting through a later revision", async () => {
    const { db } = getDb();
    await addRole(db, team.projectId, team.ann.id, "annotator");
    const { article, text, mayor } = await articleWithClaims();
    const bySentence = await db.select().from(sentences).where(eq(sentences.articleId, article.id)).orderBy(asc(sentences.index));
    const sentenceOf = (needle: string) => bySentence.findIndex((s) => sliceCodePoints(text, s.start, s.end).includes(needle));
    await setSentenceDecision(db, team.ann, { articleId: article.id, sentenceIndex: sentenceOf("Officials"), decision: "no_claim" });
    await setSentenceExclusion(db, team.reviewer, { articleId: article.id, sentenceIndex: sentenceOf("Critics"), excluded: true });
    const tail = text.split("\n\n").at(-1);
    const revisedText = `${REVISED}\n\n${tail}`;
    const added = await addRevision(db, team.reviewer, { articleId: article.id, file: { name: null, content: revisedText } });
    expect(added.sentenceDecisions).toEqual({ carried: 1, dropped: 1 });
    const newSentences = await db.select().from(sentences).where(eq(sentences.articleId, article.id)).orderBy(asc(sentences.index));
    const [decision] = await db.select().from(sentenceDecisions).where(eq(sentenceDecisions.articleId, article.id));
    expect(sliceCodePoints(revisedText, newSentences[decision!.sentenceIndex]!.start, newSentences[decision!.sentenceIndex]!.end)).toMatch(
      /^Officials/,
    );
    expect(await db.select().from(sentenceExclusions).where(eq(sentenceExclusions.articleId, article.id))).toEqual([]);

    // A third revision that restores the mayor's 12: the waiting claim is re-anchored from revision 1's text and kept.
    const third = await addRevision(db, team.reviewer, {
      articleId: article.id,
      file: { name: null, content: revisedText.replace("21 percent", "12 percent") },
    });
    expect(third.revision).toBe(3);
    const placedMayor = (await listArticleClaims(db, team.ann, article.id)).find((c) => c.id === mayor.id);
    expect(placedMayor?.target.exact).toBe("The mayor said traffic fell by 12 percent.");
    expect((await listRevisions(db, team.ann, article.id)).map((r) => r.number)).toEqual([1, 2, 3]);
  });

  it("hides another annotator's waiting claims in a blind project, as it hides their placed ones", async () => {
    const { db } = getDb();
    const blind = await createTeam(db, "Blind revisions", { ann: ["Bea", "annotator"], other: ["Ben", "annotator"], reviewer: ["Rolf", "reviewer"] });
    const { setBlindMode } = await import("./team/projects");
    await setBlindMode(db, blind.admin, { projectId: blind.projectId, isBlind: true });
    const article = await createArticle(db, blind.projectId);
    const text = (await getArticle(db, blind.admin, article.id)).text;
    await createClaim(db, blind.ann, article.id, text, "The mayor said traffic fell by 12 percent.");
    await addRevision(db, blind.reviewer, { articleId: article.id, file: { name: null, content: REVISED } });
    expect((await listReanchorQueue(db, blind.ann, article.id)).items.length).toBe(1);
    expect((await listReanchorQueue(db, blind.other, article.id)).items).toEqual([]);
    expect((await listReanchorQueue(db, blind.reviewer, article.id)).items.length).toBe(1);
  });

  it("exports every revision and each claim on the one it belongs to, byte for byte as the formatters write it, and a restore brings them back", async () => {
    const { db } = getDb();
    const own = await createTeam(db, "Revisions export", { ann: ["Ada", "annotator"], reviewer: ["Rob", "reviewer"] });
    const article = await createArticle(db, own.projectId);
    const text = (await getArticle(db, own.admin, article.id)).text;
    const spent = await createClaim(db, own.ann, article.id, text, "The city spent 4 million euros on bike lanes in 2023.");
    const mayor = await createClaim(db, own.ann, article.id, text, "The mayor said traffic fell by 12 percent.");
    await addRevision(db, own.reviewer, { articleId: article.id, file: { name: null, content: REVISED } });
    const rendering = { baseUrl: "https://claimwork.test", now: new Date("2026-12-04T12:00:00Z") };
    const render = async (format: "jsonl" | "csv" | "w3c" | "tsv", projectId = own.projectId) => {
      const prepared = await prepareExport(db, own.admin, { format, projectId, goldOnly: false }, rendering);
      let out = "";
      for await (const chunk of prepared.chunks) out += chunk;
      return out;
    };
    const exported = await render("jsonl");
    expect(exported).toBe(await referenceExport(db, own.admin, { format: "jsonl", projectId: own.projectId, goldOnly: false }, rendering));
    const records = exported
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(records.map((r) => r.type)).toEqual(["header", "article", "article_revision", "article_revision", "claim", "claim"]);
    expect(records.filter((r) => r.type === "article_revision").map((r) => [r.number, r.text])).toEqual([
      [1, text],
      [2, REVISED],
    ]);
    const byId = new Map(records.filter((r) => r.type === "claim").map((r) => [r.id, r]));
    expect(byId.get(spent.id)).toMatchObject({ anchorState: "placed", anchorRevision: null });
    expect(byId.get(mayor.id)).toMatchObject({
      anchorState: "needs_confirmation",
      anchorRevision: 1,
      target: { exact: mayor.target.exact, start: mayor.target.start },
    });
    // Formats written on the current text leave the waiting claim out; W3C says which revision its positions count on.
    expect((await render("csv")).includes("12 percent")).toBe(false);
    const w3c = await render("w3c");
    // The sentence dataset is of the current revision, and says so in each row.
    const tsvRows = (await render("tsv")).trim().split("\n").slice(1);
    expect(tsvRows.length).toBe((await getRevision(db, own.admin, article.id, 2)).sentences.length);
    for (const row of tsvRows) expect(row.split("\t").at(-1)).toBe("2");
    const stable = (text: string) => text.replace(/collections\/[0-9a-f-]{36}/g, "collections/X");
    expect(stable(w3c)).toBe(stable(await referenceExport(db, own.admin, { format: "w3c", projectId: own.projectId, goldOnly: false }, rendering)));
    const [annotation] = (JSON.parse(w3c) as { first: { items: Array<{ target: { state: unknown } }> } }).first.items;
    const revision2 = (await listRevisions(db, own.admin, article.id))[1]!;
    expect(annotation?.target.state).toEqual({
      type: "TimeState",
      sourceDate: revision2.createdAt,
      cached: `https://claimwork.test/articles/${article.id}/revisions/2`,
    });

    // Restored into another project: both revisions, the placed claim where it was, the waiting one waiting with the same proposal.
    const other = await createTeam(db, "Revisions restore", {});
    const summary = await importJsonl(db, other.admin, { projectId: other.projectId, lines: exported.split("\n"), skipInvalid: false });
    expect(summary).toMatchObject({ articles: { created: 1 }, claims: { created: 2 }, skipped: [] });
    const again = await render("jsonl", other.projectId);
    const againRecords = again
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    const restoredArticleId = againRecords.find((r) => r.type === "article")!.id as string;
    expect((await listRevisions(db, other.admin, restoredArticleId)).map((r) => [r.number, r.isCurrent])).toEqual([
      [1, false],
      [2, true],
    ]);
    const claimsAgain = againRecords.filter((r) => r.type === "claim");
    expect(claimsAgain.map((r) => [r.anchorState, r.anchorRevision, (r.target as { exact: string }).exact]).sort()).toEqual(
      [...byId.values()].map((r) => [r.anchorState, r.anchorRevision, (r.target as { exact: string }).exact]).sort(),
    );
    const [original] = (await listReanchorQueue(db, own.admin, article.id)).items;
    const [copy] = (await listReanchorQueue(db, other.admin, restoredArticleId)).items;
    expect(copy?.proposals).toEqual(original?.proposals);
  });

  it("a bulk import takes a file with an article's source URL as its new revision, and says so per file", async () => {
    const { db } = getDb();
    const own = await createTeam(db, "Revisions by URL", { ann: ["Uma", "annotator"], reviewer: ["Ulf", "reviewer"] });
    const url = `https://news.example/${crypto.randomUUID()}`;
    const file = (body: string) => `---\nsource_url: ${url}\npublished_at: 2026-12-0${body === ARTICLE_TEXT ? 1 : 2}\n---\n${body}\n`;
    const [first] = await importArticles(db, own.reviewer, { projectId: own.projectId, files: [{ name: "a.md", content: file(ARTICLE_TEXT) }] });
    expect(first).toMatchObject({ status: "imported" });
    const articleId = (first as { id: string }).id;
    const text = (await getArticle(db, own.admin, articleId)).text;
    await createClaim(db, own.ann, articleId, text, "The city spent 4 million euros on bike lanes in 2023.");
    const outcomes = await importArticles(db, own.reviewer, {
      projectId: own.projectId,
      files: [
        { name: "b.md", content: file(REVISED) },
        // The first text again: one of the article's revisions already, so nothing new.
        { name: "c.md", content: file(ARTICLE_TEXT) },
      ],
    });
    expect(outcomes).toMatchObject([
      { name: "b.md", status: "revised", id: articleId, revision: 2, claims: { kept: 1, relocated: 0, needs_confirmation: 0, orphaned: 0 } },
      { name: "c.md", status: "existing", id: articleId },
    ]);
    const article = await getArticle(db, own.admin, articleId);
    expect([article.revision, article.publishedAt]).toEqual([2, "2026-12-02"]);
    expect((await listRevisions(db, own.admin, articleId)).map((r) => [r.number, r.publishedAt])).toEqual([
      [1, "2026-12-01"],
      [2, "2026-12-02"],
    ]);
  });

  it("a W3C file made on an earlier revision is anchored on that revision, then placed on the current one or queued", async () => {
    const { db } = getDb();
    const own = await createTeam(db, "Revisions W3C", { ann: ["Wim", "annotator"], other: ["Wanda", "annotator"], reviewer: ["Wes", "reviewer"] });
    const article = await createArticle(db, own.projectId);
    const text = (await getArticle(db, own.admin, article.id)).text;
    await createClaim(db, own.ann, article.id, text, "The city spent 4 million euros on bike lanes in 2023.");
    await createClaim(db, own.ann, article.id, text, "The mayor said traffic fell by 12 percent.");
    const baseUrl = "https://claimwork.test";
    const prepared = await prepareExport(db, own.admin, { format: "w3c", projectId: own.projectId, goldOnly: false }, { baseUrl });
    let json = "";
    for await (const chunk of prepared.chunks) json += chunk;
    expect(json).toContain(`/articles/${article.id}/revisions/1`);
    await addRevision(db, own.reviewer, { articleId: article.id, file: { name: null, content: REVISED } });

    const summary = await importW3c(db, own.other, { projectId: own.projectId, json, baseUrl, skipInvalid: false });
    expect(summary.claims.created).toBe(2);
    expect(summary.notes).toEqual([expect.objectContaining({ field: "target.state", message: expect.stringContaining("made on revision 1") })]);
    const placed = (await listArticleClaims(db, own.other, article.id)).filter((c) => c.authorId === own.other.id);
    expect(placed.map((c) => c.target.exact)).toEqual(["The city spent 4 million euros on bike lanes in 2023."]);
    expect(sliceCodePoints(REVISED, placed[0]!.target.start, placed[0]!.target.end)).toBe(placed[0]!.target.exact);
    const waiting = (await listReanchorQueue(db, own.other, article.id)).items.filter((i) => i.authorName === "Wanda");
    expect(waiting).toEqual([expect.objectContaining({ anchorState: "needs_confirmation", fromRevision: 1, toRevision: 2 })]);
    expect(waiting[0]?.proposals[0]?.exact).toBe("The mayor said traffic fell by 21 percent.");
  });

  it("a copy to another project starts from the current text and leaves the claims waiting on an earlier revision behind", async () => {
    const { db } = getDb();
    const own = await createTeam(db, "Revisions copy", { ann: ["Cleo", "annotator"], reviewer: ["Cyd", "reviewer"] });
    const target = await createTeam(db, "Revisions copy target", {});
    await addRole(db, target.projectId, own.reviewer.id, "reviewer");
    await addRole(db, target.projectId, own.ann.id, "annotator");
    const article = await createArticle(db, own.projectId);
    const text = (await getArticle(db, own.admin, article.id)).text;
    await createClaim(db, own.ann, article.id, text, "The city spent 4 million euros on bike lanes in 2023.");
    await createClaim(db, own.ann, article.id, text, "The mayor said traffic fell by 12 percent.");
    await addRevision(db, own.reviewer, { articleId: article.id, file: { name: null, content: REVISED } });
    const [copied] = await transferArticles(db, own.reviewer, {
      fromProjectId: own.projectId,
      toProjectId: target.projectId,
      articleIds: [article.id],
      mode: "copy",
      withClaims: true,
    });
    expect(copied).toMatchObject({ claimCount: 1, claimsLeftCount: 1 });
    const copy = await getArticle(db, own.admin, copied!.toId);
    expect([copy.text, copy.revision]).toEqual([REVISED, 1]);
    const [claim] = await listArticleClaims(db, own.admin, copied!.toId);
    expect(sliceCodePoints(REVISED, claim!.target.start, claim!.target.end)).toBe(claim!.target.exact);
  });

  it("a waiting claim's own page points to its article's queue, and it cannot be promoted to gold until it is placed", async () => {
    const { db } = getDb();
    const { article, mayor } = await articleWithClaims();
    await addRevision(db, team.reviewer, { articleId: article.id, file: { name: null, content: `${REVISED}\n\n${crypto.randomUUID()}` } });
    expect(await getClaimPage(db, team.ann, mayor.id)).toEqual({ waitingOnArticle: article.id });
    expect(await getClaimPage(db, team.outsider, mayor.id).catch((e: { type?: string }) => e.type)).toBe("not_found");
    const promoted = await expectAppError(() => promoteToGold(db, team.reviewer, { claimIds: [mayor.id] }));
    expect([promoted.status, promoted.message]).toEqual([
      409,
      "A claim waiting to be placed on the article's new revision cannot be promoted; place it first.",
    ]);
  });

  it("a waiting claim is not reviewed; its author cannot place it once their work is handed in, and new words send it back to draft", async () => {
    const { db } = getDb();
    const { article, mayor } = await articleWithClaims();
    await assignArticle(db, team.admin, { articleId: article.id, userIds: [team.ann.id] });
    await submitArticle(db, team.ann, article.id);
    await addRevision(db, team.reviewer, { articleId: article.id, file: { name: null, content: `${REVISED}\n\n${crypto.randomUUID()}` } });
    const decided = await expectAppError(() => decideClaim(db, team.reviewer, { claimId: mayor.id, decision: "accept", comment: "" }));
    expect(decided.status).toBe(409);
    const [before] = await db.select({ status: claims.status, version: claims.version }).from(claims).where(eq(claims.id, mayor.id));
    expect(before?.status).toBe("submitted");
    const version = before!.version;
    const frozen = await expectAppError(() =>
      resolveReanchor(db, team.ann, { claimId: mayor.id, version, resolution: { action: "accept", proposal: 0 } }),
    );
    expect([frozen.status, frozen.code]).toEqual([409, "conflict:assignment"]);
    // A reviewer may place it; the quote's new words make it a claim to review again.
    await resolveReanchor(db, team.reviewer, { claimId: mayor.id, version, resolution: { action: "accept", proposal: 0 } });
    const [after] = await db.select({ status: claims.status, exact: claims.exact }).from(claims).where(eq(claims.id, mayor.id));
    expect(after).toEqual({ status: "draft", exact: "The mayor said traffic fell by 21 percent." });
  });

  it("a restore onto an article already in the project keeps that article's own history", async () => {
    const { db } = getDb();
    const own = await createTeam(db, "Revisions restore onto", { ann: ["Rhea", "annotator"], reviewer: ["Rex", "reviewer"] });
    const article = await createArticle(db, own.projectId);
    const text = (await getArticle(db, own.admin, article.id)).text;
    await createClaim(db, own.ann, article.id, text, "The mayor said traffic fell by 12 percent.");
    await addRevision(db, own.reviewer, { articleId: article.id, file: { name: null, content: REVISED } });
    const prepared = await prepareExport(
      db,
      own.admin,
      { format: "jsonl", projectId: own.projectId, goldOnly: false },
      { baseUrl: "https://claimwork.test" },
    );
    let exported = "";
    for await (const chunk of prepared.chunks) exported += chunk;
    // Another project that has the current text already, with a history of its own (revision 1 is REVISED itself).
    const other = await createTeam(db, "Revisions restore target", {});
    const mine = await createArticle(db, other.projectId, REVISED);
    const summary = await importJsonl(db, other.admin, { projectId: other.projectId, lines: exported.split("\n"), skipInvalid: true });
    expect(summary.articles).toEqual({ created: 0, existing: 1 });
    expect(summary.notes?.some((n) => n.field === "number" && n.message.includes("history of its own"))).toBe(true);
    expect(summary.skipped.map((s) => s.field)).toContain("anchorRevision");
    expect((await listRevisions(db, other.admin, mine.id)).map((r) => r.number)).toEqual([1]);
    expect((await getArticle(db, other.admin, mine.id)).revision).toBe(1);
  });

  it("a bulk import's file with one article's URL but another article's text is that other article, already there", async () => {
    const { db } = getDb();
    const own = await createTeam(db, "Revisions URL clash", { reviewer: ["Uwe", "reviewer"] });
    const url = `https://news.example/${crypto.randomUUID()}`;
    const [first] = await importArticles(db, own.reviewer, {
      projectId: own.projectId,
      files: [{ name: "a.md", content: `---\nsource_url: ${url}\n---\n${ARTICLE_TEXT}\n` }],
    });
    const other = await createArticle(db, own.projectId, REVISED);
    const outcomes = await importArticles(db, own.reviewer, {
      projectId: own.projectId,
      files: [{ name: "b.md", content: `---\nsource_url: ${url}\n---\n${REVISED}\n` }],
    });
    expect(outcomes).toMatchObject([{ status: "existing", id: other.id }]);
    expect((await listRevisions(db, own.admin, (first as { id: string }).id)).length).toBe(1);
  });
});
