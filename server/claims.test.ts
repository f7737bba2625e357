import crypto from "node:crypto";
import { and, asc, count, eq, sql } from "drizzle-orm";
import { beforeAll, expect, it } from "vitest";
import { articles, assignments, claims, events, sentences, sources } from "@/db/schema";
import type { ClaimSave } from "@/lib/claim-schema";
import { sliceCodePoints } from "@/lib/offsets";
import { createMember, createTestProject, createTestUser, describeEachDatabase, expectAppError, type TestDatabase } from "@/test-support/databases";
import {
  claimSaveFor,
  nextSave,
  seedArticle,
  sourceInput,
  UNICODE_ARTICLE_RAW,
  UNICODE_ARTICLE_TEXT,
  UNICODE_SENTENCES,
} from "@/test-support/fixtures";
import type { Actor } from "./authz";
import { listArticleClaims, saveClaim, setClaimDeleted } from "./claims";

const TEXT = UNICODE_ARTICLE_TEXT;

describeEachDatabase("claims", (getDatabase) => {
  let t: TestDatabase;
  let projectId: string;
  let articleId: string;
  let alice: Actor;
  let bob: Actor;
  let viewer: Actor;
  let outsider: Actor;

  beforeAll(async () => {
    t = getDatabase();
    const project = await createTestProject(t.db, { name: "Claims" });
    projectId = project.id;
    alice = await createMember(t.db, projectId, "annotator", "Alice");
    bob = await createMember(t.db, projectId, "annotator", "Bob");
    viewer = await createMember(t.db, projectId, "viewer", "Vera");
    outsider = await createTestUser(t.db, "Otto");
    const article = await seedArticle(t.db, projectId, UNICODE_ARTICLE_RAW, { fileName: "unicode.txt", actorId: alice.id });
    articleId = article.id;
  });

  async function claimRows(id: string) {
    return t.db.select().from(claims).where(eq(claims.id, id));
  }

  async function eventActions(id: string): Promise<string[]> {
    const rows = await t.db
      .select({ action: events.action })
      .from(events)
      .where(and(eq(events.entityType, "claim"), eq(events.entityId, id)))
      .orderBy(asc(events.id));
    return rows.map((r) => r.action);
  }

  it("stores the article canonically (LF) with sentences in code points", async () => {
    const stored = await t.db.select().from(sentences).where(eq(sentences.articleId, articleId)).orderBy(asc(sentences.index));
    expect(stored.map((s) => sliceCodePoints(TEXT, s.start, s.end))).toEqual([...UNICODE_SENTENCES]);
  });

  it("creates a claim (created: true) whose target, labels and author round-trip", async () => {
    const save = claimSaveFor(articleId, TEXT, "Die Kosten für Cafe\u0301s stiegen um 12 Prozent.", {
      speaker: "Bürgermeister",
      tags: ["kosten", "🇩🇪"],
    });
    const result = await saveClaim(t.db, alice, save);
    expect(result.created).toBe(true);
    expect(result.claim).toMatchObject({
      id: save.id,
      articleId,
      authorId: alice.id,
      authorName: "Alice",
      target: save.target,
      claimType: "statistic",
      speaker: "Bürgermeister",
      tags: ["kosten", "🇩🇪"],
      status: "draft",
      version: 1,
      deletedAt: null,
      sentenceIndexes: [2],
    });
    // The stored offsets count code points: slicing the text by them gives the quote back.
    expect(sliceCodePoints(TEXT, result.claim.target.start, result.claim.target.end)).toBe(save.target.exact);
    expect(await eventActions(save.id)).toEqual(["claim.created"]);
    // The history entry records the claim as stored, sentence indexes (computed by the insert) included.
    const [entry] = await t.db
      .select({ after: events.after })
      .from(events)
      .where(and(eq(events.entityType, "claim"), eq(events.entityId, save.id)));
    const { authorName: _authorName, createdAt: _createdAt, ...stored } = result.claim;
    expect(entry!.after).toEqual(stored);
  });

  it("answers a repeated create (same id and mutationId) with the same claim and one row", async () => {
    const save = claimSaveFor(articleId, TEXT, "Kritiker nannten den Plan Verschwendung.");
    const first = await saveClaim(t.db, alice, save);
    const second = await saveClaim(t.db, alice, save);
    expect(first.created).toBe(true);
    expect(second.created).toBe(false);
    expect(second.claim).toEqual(first.claim);
    expect(await claimRows(save.id)).toHaveLength(1);
    expect(await eventActions(save.id)).toEqual(["claim.created"]);
  });

  it("answers a retried update (same mutationId) without a second version bump", async () => {
    const create = claimSaveFor(articleId, TEXT, "Wir haben 🇩🇪 4 Mio. Euro ausgegeben.", { sources: [sourceInput({ title: "erste" })] });
    const created = await saveClaim(t.db, alice, create);
    // Sources in a new order, one new: the answer (built from what was written) must equal the stored claim read back.
    const update = nextSave(create, 1, {
      verdict: "mostly_true",
      rationale: "Haushaltsplan 2024 👍",
      sources: [sourceInput({ title: "neu" }), create.sources[0]!],
    });
    const first = await saveClaim(t.db, alice, update);
    const [entry] = await t.db
      .select({ before: events.before })
      .from(events)
      .where(and(eq(events.entityId, create.id), eq(events.action, "claim.updated")));
    const { authorName: _authorName, createdAt: _createdAt, ...createdSnapshot } = created.claim;
    expect(entry!.before).toEqual(createdSnapshot);
    expect(first.claim.version).toBe(2);
    expect(first.claim.verdict).toBe("mostly_true");
    const retry = await saveClaim(t.db, alice, update);
    expect(retry.created).toBe(false);
    expect(retry.claim.version).toBe(2);
    expect(retry.claim).toEqual(first.claim);
    const [row] = await claimRows(create.id);
    expect(row?.version).toBe(2);
    expect(row?.lastMutationId).toBe(update.mutationId);
    expect(await eventActions(create.id)).toEqual(["claim.created", "claim.updated"]);
  });

  it("refuses an edit against a stale version with 409 and the current claim", async () => {
    const create = claimSaveFor(articleId, TEXT, "schreibt niemand 👍🏽");
    await saveClaim(t.db, alice, create);
    await saveClaim(t.db, alice, nextSave(create, 1, { verdict: "true" }));
    const stale = nextSave(create, 1, { verdict: "false" });
    const error = await expectAppError(() => saveClaim(t.db, alice, stale));
    expect(error.type).toBe("conflict");
    expect(error.status).toBe(409);
    expect(error.message).toMatch(/version 1.*now at 2/);
    const current = (error.detail as { current: { id: string; version: number; verdict: string } }).current;
    expect(current).toMatchObject({ id: create.id, version: 2, verdict: "true" });
    const [row] = await claimRows(create.id);
    expect(row?.verdict).toBe("true");

    // A second create with an id that is taken (baseVersion null, new mutation) is a conflict too.
    const again = await expectAppError(() => saveClaim(t.db, alice, nextSave(create, 1, { baseVersion: null })));
    expect(again.status).toBe(409);
  });

  it("refuses a quote that does not match the text at its offsets (422)", async () => {
    const save = claimSaveFor(articleId, TEXT, "Kritiker nannten");
    // Offsets counted in UTF-16 units (a classic bug): shifted by the surrogate pairs before them.
    const u16Start = TEXT.indexOf("Kritiker nannten");
    const wrongUnits: ClaimSave = { ...save, target: { ...save.target, start: u16Start, end: u16Start + 16 } };
    expect(u16Start).not.toBe(save.target.start);
    const error = await expectAppError(() => saveClaim(t.db, alice, wrongUnits));
    expect(error.type).toBe("unprocessable");
    expect(error.status).toBe(422);
    expect(error.fields).toHaveProperty("target");

    const wrongQuote: ClaimSave = { ...save, id: crypto.randomUUID(), target: { ...save.target, exact: "Kritiker nannteN" } };
    expect((await expectAppError(() => saveClaim(t.db, alice, wrongQuote))).status).toBe(422);

    const wrongPrefix: ClaimSave = { ...save, id: crypto.randomUUID(), target: { ...save.target, prefix: "nicht davor " } };
    const prefixError = await expectAppError(() => saveClaim(t.db, alice, wrongPrefix));
    expect(prefixError.status).toBe(422);
    expect(prefixError.message).toMatch(/prefix/);

    const count0 = await t.db.select({ n: count() }).from(claims).where(eq(claims.id, save.id));
    expect(count0[0]?.n).toBe(0);
  });

  it("refuses an unknown claim type, verdict or stance with 422 naming the field", async () => {
    const save = claimSaveFor(articleId, TEXT, "Emoji-Test 😀", { claimType: "gossip" });
    const error = await expectAppError(() => saveClaim(t.db, alice, save));
    expect(error.status).toBe(422);
    expect(error.fields).toEqual({ claimType: 'unknown claim type "gossip"' });
    expect(error.message).toContain("claimType");

    const several = claimSaveFor(articleId, TEXT, "Emoji-Test 😀", {
      verdict: "pants_on_fire",
      sources: [sourceInput(), sourceInput({ stance: "likes" })],
    });
    const severalError = await expectAppError(() => saveClaim(t.db, alice, several));
    expect(severalError.status).toBe(422);
    expect(Object.keys(severalError.fields ?? {}).sort()).toEqual(["sources.1.stance", "verdict"]);
    expect(await claimRows(save.id)).toHaveLength(0);
    expect(await claimRows(several.id)).toHaveLength(0);
  });

  it("lets only the author change a claim; viewers are refused, non-members see nothing", async () => {
    const save = claimSaveFor(articleId, TEXT, "Der Bürgermeister 👨‍👩‍👧 sagte");
    await saveClaim(t.db, alice, save);

    const byBob = await expectAppError(() => saveClaim(t.db, bob, nextSave(save, 1, { verdict: "false" })));
    expect(byBob.type).toBe("forbidden");
    expect(byBob.status).toBe(403);
    const bobDelete = await expectAppError(() => setClaimDeleted(t.db, bob, { claimId: save.id, restore: false }));
    expect(bobDelete.type).toBe("forbidden");

    const byViewer = await expectAppError(() => saveClaim(t.db, viewer, claimSaveFor(articleId, TEXT, "Emoji-Test")));
    expect(byViewer.type).toBe("forbidden");
    expect(byViewer.message).toContain("viewer");
    const viewerEdit = await expectAppError(() => saveClaim(t.db, viewer, nextSave(save, 1)));
    expect(viewerEdit.type).toBe("forbidden");

    const byOutsider = await expectAppError(() => saveClaim(t.db, outsider, claimSaveFor(articleId, TEXT, "Emoji-Test")));
    expect(byOutsider.type).toBe("not_found");
    expect(byOutsider.status).toBe(404);
    expect((await expectAppError(() => setClaimDeleted(t.db, outsider, { claimId: save.id, restore: false }))).type).toBe("not_found");
    expect((await expectAppError(() => listArticleClaims(t.db, outsider, articleId))).type).toBe("not_found");

    // Nothing changed, and the viewer can still read it.
    const [row] = await claimRows(save.id);
    expect(row?.version).toBe(1);
    expect((await listArticleClaims(t.db, viewer, articleId)).map((c) => c.id)).toContain(save.id);
  });

  it("soft-deletes and restores with version increments and a history in order", async () => {
    const create = claimSaveFor(articleId, TEXT, "In 𝔘𝔫𝔦𝔠𝔬𝔡𝔢 und 𠜎字");
    await saveClaim(t.db, alice, create);
    const updated = await saveClaim(t.db, alice, nextSave(create, 1, { speaker: "Redaktion" }));
    expect(updated.claim.version).toBe(2);

    const deleted = await setClaimDeleted(t.db, alice, { claimId: create.id, restore: false });
    expect(deleted.version).toBe(3);
    expect(deleted.deletedAt).not.toBeNull();
    expect((await listArticleClaims(t.db, alice, articleId)).map((c) => c.id)).not.toContain(create.id);

    // Deleting again is a no-op, not a new version.
    const again = await setClaimDeleted(t.db, alice, { claimId: create.id, restore: false });
    expect(again.version).toBe(3);

    // A deleted claim cannot be edited (410, with the current claim).
    const gone = await expectAppError(() => saveClaim(t.db, alice, nextSave(create, 3, { speaker: "x" })));
    expect(gone.type).toBe("gone");
    expect(gone.status).toBe(410);
    expect((gone.detail as { current: { version: number } }).current.version).toBe(3);

    const restored = await setClaimDeleted(t.db, alice, { claimId: create.id, restore: true });
    expect(restored.version).toBe(4);
    expect(restored.deletedAt).toBeNull();
    expect(restored.speaker).toBe("Redaktion");
    expect((await setClaimDeleted(t.db, alice, { claimId: create.id, restore: true })).version).toBe(4);
    expect((await listArticleClaims(t.db, alice, articleId)).map((c) => c.id)).toContain(create.id);

    expect(await eventActions(create.id)).toEqual(["claim.created", "claim.updated", "claim.deleted", "claim.restored"]);
    const history = await t.db
      .select()
      .from(events)
      .where(and(eq(events.entityType, "claim"), eq(events.entityId, create.id)))
      .orderBy(asc(events.id));
    expect(history.every((e) => e.projectId === projectId && e.actorId === alice.id)).toBe(true);
    const deletedEvent = history[2]!;
    expect((deletedEvent.before as { deletedAt: string | null }).deletedAt).toBeNull();
    expect((deletedEvent.after as { deletedAt: string | null; version: number }).version).toBe(3);
    expect((deletedEvent.after as { deletedAt: string | null }).deletedAt).not.toBeNull();

    const missing = await expectAppError(() => setClaimDeleted(t.db, alice, { claimId: crypto.randomUUID(), restore: false }));
    expect(missing.type).toBe("not_found");
  });

  it("computes sentence indexes in code points, also across sentences", async () => {
    const cases: Array<[string, number[]]> = [
      ["Überschrift", [0]],
      ["👨‍👩‍👧", [1]],
      ["Cafe\u0301s", [2]],
      ["𠜎字", [3]],
      ["👍🏽.", [3]],
      ["Verschwendung", [4]],
      ["12 Prozent. In 𝔘𝔫𝔦𝔠𝔬𝔡𝔢", [2, 3]],
      ["ausgegeben.“ Die Kosten für Cafe\u0301s stiegen um 12 Prozent. In", [1, 2, 3]],
    ];
    for (const [exact, expected] of cases) {
      const save = claimSaveFor(articleId, TEXT, exact);
      const { claim } = await saveClaim(t.db, alice, save);
      expect(claim.sentenceIndexes, exact).toEqual(expected);
      expect(sliceCodePoints(TEXT, claim.target.start, claim.target.end)).toBe(exact);
    }
    // Moving the quote on update recomputes them.
    const save = claimSaveFor(articleId, TEXT, "Überschrift");
    await saveClaim(t.db, alice, save);
    const moved = claimSaveFor(articleId, TEXT, "Kritiker nannten");
    const { claim } = await saveClaim(t.db, alice, nextSave(save, 1, { target: moved.target }));
    expect(claim.sentenceIndexes).toEqual([4]);
  });

  it("replaces sources on update (removed, edited, added) in the order given", async () => {
    const [a, b, c] = [
      sourceInput({ url: "https://a.example/1", title: "A" }),
      sourceInput({ url: "https://b.example/2", title: "B", stance: "refutes" }),
      sourceInput({ url: "https://c.example/3", title: "C", stance: "context", accessedOn: "2024-11-19" }),
    ];
    const create = claimSaveFor(articleId, TEXT, "stiegen um 12 Prozent", { sources: [a, b, c] });
    const first = await saveClaim(t.db, alice, create);
    expect(first.claim.sources.map((s) => s.title)).toEqual(["A", "B", "C"]);
    expect(first.claim.sources[2]).toEqual(c);

    const d = sourceInput({ url: "https://d.example/4", title: "D 😀", archiveUrl: "https://web.archive.org/d" });
    const cEdited = { ...c, title: "C edited", excerpt: "„Zitat“" };
    const second = await saveClaim(t.db, alice, nextSave(create, 1, { sources: [cEdited, a, d] }));
    expect(second.claim.sources).toEqual([cEdited, a, d]);

    const rows = await t.db.select().from(sources).where(eq(sources.claimId, create.id)).orderBy(asc(sources.position));
    expect(rows.map((r) => [r.id, r.position])).toEqual([
      [c.id, 0],
      [a.id, 1],
      [d.id, 2],
    ]);
    expect(await t.db.select().from(sources).where(eq(sources.id, b.id))).toHaveLength(0);

    // The order stays stable when read back through the list.
    const listed = (await listArticleClaims(t.db, alice, articleId)).find((x) => x.id === create.id);
    expect(listed?.sources.map((s) => s.id)).toEqual([c.id, a.id, d.id]);

    // Removing every source.
    const third = await saveClaim(t.db, alice, nextSave(create, 2, { sources: [] }));
    expect(third.claim.sources).toEqual([]);
    expect(await t.db.select().from(sources).where(eq(sources.claimId, create.id))).toHaveLength(0);
  });

  it("keeps the sources of an edit that leaves them as they were, and reorders them when only the order changes", async () => {
    const [a, b] = [sourceInput({ title: "A", accessedOn: "2024-11-19" }), sourceInput({ title: "B", stance: "refutes" })];
    const create = claimSaveFor(articleId, TEXT, "Kritiker", { sources: [a, b] });
    await saveClaim(t.db, alice, create);
    const stored = async () =>
      (await t.db.select().from(sources).where(eq(sources.claimId, create.id)).orderBy(asc(sources.position))).map((r) => [
        r.id,
        r.title,
        r.position,
      ]);

    const edited = await saveClaim(t.db, alice, nextSave(create, 1, { rationale: "Nur der Text ändert sich." }));
    expect(edited.claim.sources).toEqual([a, b]);
    expect(await stored()).toEqual([
      [a.id, "A", 0],
      [b.id, "B", 1],
    ]);

    const reordered = await saveClaim(t.db, alice, nextSave(create, 2, { sources: [b, a] }));
    expect(reordered.claim.sources).toEqual([b, a]);
    expect(await stored()).toEqual([
      [b.id, "B", 0],
      [a.id, "A", 1],
    ]);
  });

  it("refuses a source id that belongs to another claim (409) and leaves both claims unchanged", async () => {
    const shared = sourceInput({ title: "mine" });
    const owner = claimSaveFor(articleId, TEXT, "Die Kosten", { sources: [shared] });
    await saveClaim(t.db, alice, owner);

    const thief = claimSaveFor(articleId, TEXT, "für Cafe\u0301s", { sources: [{ ...shared, title: "stolen" }] });
    const error = await expectAppError(() => saveClaim(t.db, alice, thief));
    expect(error.code).toBe("conflict:id");
    expect(error.status).toBe(409);
    // One answer for every id clash: it names no id and no owner (see idInUseError).
    expect(error.message).not.toContain(shared.id);
    expect(await claimRows(thief.id)).toHaveLength(0);

    // Also on update of an existing claim (by another author), and the update rolls back entirely.
    const bobs = claimSaveFor(articleId, TEXT, "Kritiker", { verdict: "unverified" });
    await saveClaim(t.db, bob, bobs);
    const steal = await expectAppError(() => saveClaim(t.db, bob, nextSave(bobs, 1, { verdict: "true", sources: [shared] })));
    expect(steal.type).toBe("conflict");
    const [bobRow] = await claimRows(bobs.id);
    expect(bobRow).toMatchObject({ version: 1, verdict: "unverified" });
    const [sourceRow] = await t.db.select().from(sources).where(eq(sources.id, shared.id));
    expect(sourceRow).toMatchObject({ claimId: owner.id, title: "mine" });

    const duplicate = claimSaveFor(articleId, TEXT, "Kritiker", { sources: [shared, shared] });
    const dupError = await expectAppError(() => saveClaim(t.db, alice, duplicate));
    expect(dupError.status).toBe(422);
    expect(dupError.fields).toHaveProperty("sources");
  });

  it("keeps concurrent identical saves to one claim row", async () => {
    // Open enough pooled connections first (Postgres), so the saves really overlap instead of
    // queueing behind connection set-up.
    await Promise.all(Array.from({ length: 5 }, () => t.db.execute(sql`select pg_sleep(0.05)`)));
    const save = claimSaveFor(articleId, TEXT, "4 Mio. Euro", { sources: [sourceInput()] });
    const results = await Promise.all(Array.from({ length: 5 }, () => saveClaim(t.db, alice, { ...save })));
    expect(results.filter((r) => r.created)).toHaveLength(1);
    for (const r of results) expect(r.claim).toMatchObject({ id: save.id, version: 1 });
    expect(await claimRows(save.id)).toHaveLength(1);
    expect(await t.db.select().from(sources).where(eq(sources.claimId, save.id))).toHaveLength(1);
    expect(await eventActions(save.id)).toEqual(["claim.created"]);

    // The same for a retried update racing itself: one version bump.
    const update = nextSave(save, 1, { verdict: "mixed" });
    const updates = await Promise.all(Array.from({ length: 5 }, () => saveClaim(t.db, alice, { ...update })));
    for (const r of updates) expect(r.claim).toMatchObject({ version: 2, verdict: "mixed" });
    const [row] = await claimRows(save.id);
    expect(row?.version).toBe(2);
    expect(await eventActions(save.id)).toEqual(["claim.created", "claim.updated"]);
  });

  it("in a blind project shows an annotator only their own claims until the article is closed; submitting reveals nothing", async () => {
    const blind = await createTestProject(t.db, { name: "Blind", isBlind: true });
    const ann1 = await createMember(t.db, blind.id, "annotator", "Ann");
    const ann2 = await createMember(t.db, blind.id, "annotator", "Ben");
    const reviewer = await createMember(t.db, blind.id, "reviewer", "Rita");
    const article = await seedArticle(t.db, blind.id, UNICODE_ARTICLE_RAW);
    const c1 = (await saveClaim(t.db, ann1, claimSaveFor(article.id, TEXT, "Überschrift"))).claim;
    const c2 = (await saveClaim(t.db, ann2, claimSaveFor(article.id, TEXT, "Verschwendung"))).claim;

    expect((await listArticleClaims(t.db, ann1, article.id)).map((c) => c.id)).toEqual([c1.id]);
    expect((await listArticleClaims(t.db, ann2, article.id)).map((c) => c.id)).toEqual([c2.id]);
    expect((await listArticleClaims(t.db, reviewer, article.id)).map((c) => c.id)).toEqual([c1.id, c2.id]);

    await t.db
      .insert(assignments)
      .values({ articleId: article.id, userId: ann1.id, projectId: blind.id, status: "submitted", submittedAt: new Date() });
    expect((await listArticleClaims(t.db, ann1, article.id)).map((c) => c.id)).toEqual([c1.id]);

    await t.db.update(articles).set({ closedAt: new Date(), closedBy: reviewer.id }).where(eq(articles.id, article.id));
    expect((await listArticleClaims(t.db, ann1, article.id)).map((c) => c.id)).toEqual([c1.id, c2.id]);
    expect((await listArticleClaims(t.db, ann2, article.id)).map((c) => c.id)).toEqual([c1.id, c2.id]);
  });

  it("freezes an annotator's work on a submitted article (409) until changes are requested, and everyone's on a closed one", async () => {
    const project = await createTestProject(t.db, { name: "Frozen" });
    const ann = await createMember(t.db, project.id, "annotator", "Ann");
    const free = await createMember(t.db, project.id, "annotator", "Finn");
    const article = await seedArticle(t.db, project.id, UNICODE_ARTICLE_RAW);
    const save = claimSaveFor(article.id, TEXT, "Überschrift");
    await saveClaim(t.db, ann, save);
    await t.db
      .insert(assignments)
      .values({ articleId: article.id, userId: ann.id, projectId: project.id, status: "submitted", submittedAt: new Date() });

    const create = await expectAppError(() => saveClaim(t.db, ann, claimSaveFor(article.id, TEXT, "Verschwendung")));
    expect(create.code).toBe("conflict:assignment");
    expect(create.message).toMatch(/submitted.*until a reviewer requests changes/);
    expect((await expectAppError(() => saveClaim(t.db, ann, nextSave(save, 1, { verdict: "false" })))).code).toBe("conflict:assignment");
    expect((await expectAppError(() => setClaimDeleted(t.db, ann, { claimId: save.id, restore: false }))).code).toBe("conflict:assignment");
    // A retried save that was accepted before submitting is still answered, not refused.
    expect((await saveClaim(t.db, ann, save)).claim.version).toBe(1);
    // Someone without a submitted assignment annotates on.
    await saveClaim(t.db, free, claimSaveFor(article.id, TEXT, "Verschwendung"));
    const [row] = await claimRows(save.id);
    expect(row).toMatchObject({ version: 1, verdict: "unverified", deletedAt: null });

    await t.db.update(articles).set({ closedAt: new Date() }).where(eq(articles.id, article.id));
    const closed = await expectAppError(() => saveClaim(t.db, free, claimSaveFor(article.id, TEXT, "Kritiker nannten")));
    expect(closed.code).toBe("conflict:article");
    expect(closed.message).toMatch(/closed/);
  });

  it("answers another project's claim id exactly as an id nobody used (no existence oracle)", async () => {
    const elsewhere = await createTestProject(t.db, { name: "Elsewhere" });
    const stranger = await createMember(t.db, elsewhere.id, "annotator", "Stella");
    const foreignArticle = await seedArticle(t.db, elsewhere.id, UNICODE_ARTICLE_RAW);
    const foreignSource = sourceInput();
    const foreign = claimSaveFor(foreignArticle.id, TEXT, "Überschrift", { sources: [foreignSource] });
    await saveClaim(t.db, stranger, foreign);

    // An edit naming the foreign id: the same 404 as a never-saved id (not "cannot move to another article").
    const neverSaved = await expectAppError(() => saveClaim(t.db, alice, nextSave(claimSaveFor(articleId, TEXT, "Überschrift"), 1)));
    const foreignEdit = await expectAppError(() =>
      saveClaim(t.db, alice, nextSave(claimSaveFor(articleId, TEXT, "Überschrift", { id: foreign.id }), 1)),
    );
    expect([foreignEdit.code, foreignEdit.message]).toEqual([neverSaved.code, neverSaved.message]);
    expect(foreignEdit.status).toBe(404);
    const foreignDelete = await expectAppError(() => setClaimDeleted(t.db, alice, { claimId: foreign.id, restore: false }));
    const unknownDelete = await expectAppError(() => setClaimDeleted(t.db, alice, { claimId: crypto.randomUUID(), restore: false }));
    expect([foreignDelete.code, foreignDelete.message]).toEqual([unknownDelete.code, unknownDelete.message]);

    // A create under the foreign claim id, a create whose source id is the foreign source's, and a create
    // whose source id clashes with one of the actor's own project: one answer, naming nothing.
    const ownSource = sourceInput();
    await saveClaim(t.db, alice, claimSaveFor(articleId, TEXT, "Die Kosten", { sources: [ownSource] }));
    const answers = await Promise.all([
      expectAppError(() => saveClaim(t.db, alice, claimSaveFor(articleId, TEXT, "Kritiker", { id: foreign.id }))),
      expectAppError(() => saveClaim(t.db, alice, claimSaveFor(articleId, TEXT, "Kritiker", { sources: [{ ...foreignSource }] }))),
      expectAppError(() => saveClaim(t.db, alice, claimSaveFor(articleId, TEXT, "Kritiker", { sources: [{ ...ownSource }] }))),
    ]);
    for (const answer of answers) {
      expect([answer.status, answer.code, answer.message, answer.detail]).toEqual([409, "conflict:id", answers[0]!.message, undefined]);
      expect(answer.message).not.toMatch(/project|article|another claim/i);
    }
    // The foreign claim is untouched.
    const [row] = await claimRows(foreign.id);
    expect(row).toMatchObject({ articleId: foreignArticle.id, authorId: stranger.id, version: 1 });
  });

  it("in a blind project answers a fellow annotator's claim id like an unknown one (404), not 403", async () => {
    const blind = await createTestProject(t.db, { name: "Blind ids", isBlind: true });
    const ann = await createMember(t.db, blind.id, "annotator", "Ann");
    const ben = await createMember(t.db, blind.id, "annotator", "Ben");
    const article = await seedArticle(t.db, blind.id, UNICODE_ARTICLE_RAW);
    const bens = claimSaveFor(article.id, TEXT, "Überschrift");
    await saveClaim(t.db, ben, bens);
    expect((await expectAppError(() => saveClaim(t.db, ann, nextSave(bens, 1, { verdict: "false" })))).code).toBe("not_found:claim");
    expect((await expectAppError(() => setClaimDeleted(t.db, ann, { claimId: bens.id, restore: false }))).code).toBe("not_found:claim");
    expect((await expectAppError(() => saveClaim(t.db, ann, { ...bens, mutationId: crypto.randomUUID() }))).code).toBe("conflict:id");
    // Once the article is closed it is visible, and the answer is the ordinary 403.
    await t.db.update(articles).set({ closedAt: new Date() }).where(eq(articles.id, article.id));
    expect((await expectAppError(() => saveClaim(t.db, ann, nextSave(bens, 1, { verdict: "false" })))).code).toBe("forbidden:claim");
  });

  it("refuses a claim on an unknown article (404) and moving a claim to another article (422)", async () => {
    const missing = await expectAppError(() => saveClaim(t.db, alice, claimSaveFor(crypto.randomUUID(), TEXT, "Kritiker")));
    expect(missing.type).toBe("not_found");

    const other = await seedArticle(t.db, projectId, "Zweiter Artikel\n\nKritiker sagen nichts. Das ist alles.");
    const save = claimSaveFor(articleId, TEXT, "Kritiker nannten den");
    await saveClaim(t.db, alice, save);
    const moved = claimSaveFor(other.id, "Zweiter Artikel\n\nKritiker sagen nichts. Das ist alles.", "Kritiker");
    const error = await expectAppError(() => saveClaim(t.db, alice, { ...moved, id: save.id, baseVersion: 1 }));
    expect(error.status).toBe(422);
  });
});
