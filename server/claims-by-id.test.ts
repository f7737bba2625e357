import crypto from "node:crypto";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { articles } from "@/db/schema";
import type { ClaimDto } from "@/lib/claim-schema";
import { routeSession } from "@/test-support/route-session";
import { ARTICLE_TEXT, addRole, createArticle, createClaim, createUser, describeEachDatabase, newProject } from "@/test-support/team-fixtures";
import type { Actor } from "./authz";
import { listArticleClaims, listFirstArticleClaims, MAX_CLAIM_IDS, setClaimDeleted } from "./claims";

// GET /api/articles/:id/claims?ids=… — the claims a live update asks for by id: deleted ones included, the one visibility rule.

const CITY = "The city spent 4 million euros on bike lanes in 2023.";
const MAYOR = "The mayor said traffic fell by 12 percent.";
const CRITICS = "Critics called the plan a waste of money.";
const OFFICIALS = "Officials expect the number of cyclists to double by 2030.";

describeEachDatabase("claims by id", (getDatabase) => {
  let db: Db;
  let cookie = "";
  let me: Actor;
  let ben: Actor;
  let rita: Actor;
  let articleId: string;
  let mine: ClaimDto;
  let mineDeleted: ClaimDto;
  let mineElsewhere: ClaimDto;
  let bens: ClaimDto;
  let restore: () => void = () => {};

  beforeAll(async () => {
    const database = getDatabase();
    db = database.db;
    // The route handler reads the process-wide database and auth: point both at this test database.
    const session = await routeSession(database, "Mia");
    ({ cookie, restore, actor: me } = session);
    const admin = await createUser(db, "Site admin", { isAdmin: true });
    ben = await createUser(db, "Ben");
    rita = await createUser(db, "Rita");
    const project = await newProject(db, admin, "By id", { isBlind: true });
    await addRole(db, project.id, me.id, "annotator");
    await addRole(db, project.id, ben.id, "annotator");
    await addRole(db, project.id, rita.id, "reviewer");
    articleId = (await createArticle(db, project.id)).id;
    const otherArticle = (await createArticle(db, project.id, `${ARTICLE_TEXT} Another one.`)).id;
    mine = await createClaim(db, me, articleId, ARTICLE_TEXT, MAYOR);
    mineDeleted = await createClaim(db, me, articleId, ARTICLE_TEXT, CITY);
    await setClaimDeleted(db, me, { claimId: mineDeleted.id, restore: false });
    await createClaim(db, me, articleId, ARTICLE_TEXT, OFFICIALS);
    mineElsewhere = await createClaim(db, me, otherArticle, `${ARTICLE_TEXT} Another one.`, CRITICS);
    bens = await createClaim(db, ben, articleId, ARTICLE_TEXT, CRITICS);
  });

  afterAll(() => restore());

  const ids = (list: ClaimDto[]) => list.map((c) => c.id);

  it("gives a long article's page the first claims of the whole list and how many it holds, under the same visibility rule", async () => {
    const all = await listArticleClaims(db, me, articleId);
    // Blind: Mia sees her own two standing claims, not Ben's nor her deleted one.
    expect(all).toHaveLength(2);
    expect(await listFirstArticleClaims(db, me, articleId, 1)).toEqual({ claims: all.slice(0, 1), total: 2 });
    expect(await listFirstArticleClaims(db, me, articleId, 100)).toEqual({ claims: all, total: 2 });
    const reviewed = await listArticleClaims(db, rita, articleId);
    expect(await listFirstArticleClaims(db, rita, articleId, 2)).toEqual({ claims: reviewed.slice(0, 2), total: reviewed.length });
    expect(reviewed.length).toBeGreaterThan(2);
  });

  it("returns only the claims asked for, in text order, deleted ones with their deletedAt", async () => {
    const found = await listArticleClaims(db, me, articleId, { ids: [mine.id, mineDeleted.id] });
    expect(ids(found)).toEqual([mineDeleted.id, mine.id]);
    expect(found[0]?.deletedAt).toEqual(expect.any(String));
    expect(found[1]).toEqual((await listArticleClaims(db, me, articleId)).find((c) => c.id === mine.id));
    // The full list leaves the deleted claim out, as before.
    expect(ids(await listArticleClaims(db, me, articleId))).not.toContain(mineDeleted.id);
  });

  it("leaves out ids never saved, of another article, or not visible to the person (blind project, open article)", async () => {
    const asked = [mine.id, crypto.randomUUID(), mineElsewhere.id, bens.id];
    expect(ids(await listArticleClaims(db, me, articleId, { ids: asked }))).toEqual([mine.id]);
    expect(ids(await listArticleClaims(db, ben, articleId, { ids: asked }))).toEqual([bens.id]);
    // A reviewer sees everyone's work.
    expect(ids(await listArticleClaims(db, rita, articleId, { ids: [...asked, mineDeleted.id] }))).toEqual([mineDeleted.id, mine.id, bens.id]);
    expect(await listArticleClaims(db, me, articleId, { ids: [] })).toEqual([]);
  });

  it("shows a fellow annotator's claims by id once the article is closed, exactly as the full list does", async () => {
    await db.update(articles).set({ closedAt: new Date(), closedBy: rita.id }).where(eq(articles.id, articleId));
    try {
      const byId = await listArticleClaims(db, me, articleId, { ids: [bens.id, mineDeleted.id] });
      expect(ids(byId)).toEqual([mineDeleted.id, bens.id]);
      expect(byId.find((c) => c.id === bens.id)).toEqual((await listArticleClaims(db, me, articleId)).find((c) => c.id === bens.id));
    } finally {
      await db.update(articles).set({ closedAt: null, closedBy: null }).where(eq(articles.id, articleId));
    }
    expect(ids(await listArticleClaims(db, me, articleId, { ids: [bens.id] }))).toEqual([]);
  });

  // ── Through the door ──

  async function get(query: string, id = articleId) {
    const { GET } = await import("@/app/api/articles/[id]/claims/route");
    const request = new Request(`http://desk.lan:3000/api/articles/${id}/claims${query}`, { headers: { host: "desk.lan:3000", cookie } });
    return GET(request, { params: Promise.resolve({ id }) });
  }
  const fieldsOf = async (response: Response) => ((await response.json()) as { error: { fields?: Record<string, string> } }).error.fields;

  it("answers ?ids= with { claims } of those claims, and without it the full list as before", async () => {
    const response = await get(`?ids=${mine.id},${mineDeleted.id},${bens.id}`);
    expect(response.status).toBe(200);
    const body = (await response.json()) as { claims: ClaimDto[] };
    expect(Object.keys(body)).toEqual(["claims"]);
    expect(ids(body.claims)).toEqual([mineDeleted.id, mine.id]);
    expect(body.claims[0]?.deletedAt).toEqual(expect.any(String));
    // Spaces after the commas and upper-case hex are the same ids; a repeated id is answered once.
    const loose = await get(`?ids=${encodeURIComponent(`${mine.id.toUpperCase()}, ${mine.id}`)}`);
    expect(ids(((await loose.json()) as { claims: ClaimDto[] }).claims)).toEqual([mine.id]);
    const full = (await (await get("")).json()) as { claims: ClaimDto[] };
    expect(ids(full.claims)).toEqual(ids(await listArticleClaims(db, me, articleId)));
    expect(ids(full.claims)).not.toContain(mineDeleted.id);
  });

  it(`accepts ${MAX_CLAIM_IDS} ids and refuses ${MAX_CLAIM_IDS + 1} with a 422 naming the field`, async () => {
    const many = Array.from({ length: MAX_CLAIM_IDS - 1 }, () => crypto.randomUUID());
    const allowed = await get(`?ids=${[mine.id, ...many].join(",")}`);
    expect(allowed.status).toBe(200);
    expect(ids(((await allowed.json()) as { claims: ClaimDto[] }).claims)).toEqual([mine.id]);
    const tooMany = await get(`?ids=${[mine.id, ...many, crypto.randomUUID()].join(",")}`);
    expect([tooMany.status, await fieldsOf(tooMany)]).toEqual([422, { ids: `must name at most ${MAX_CLAIM_IDS} claim ids (201 were sent)` }]);
  });

  it("refuses a malformed id with a 422 naming the field and the entry, never a 500", async () => {
    const bad = await get(`?ids=${mine.id},not-a-uuid`);
    expect([bad.status, await fieldsOf(bad)]).toEqual([
      422,
      { ids: 'must be claim ids (UUIDs) separated by commas; entry 2 ("not-a-uuid") is not one' },
    ]);
    for (const query of [
      "?ids=",
      `?ids=${mine.id},`,
      "?ids=------------------------------------",
      `?ids=${mine.id.slice(0, 35)}g`,
      "?ids=%27%20or%201=1",
    ]) {
      const response = await get(query);
      expect([query, response.status, Object.keys((await fieldsOf(response)) ?? {})]).toEqual([query, 422, ["ids"]]);
    }
  });

  it("answers an article the person may not see with 404, ids or not", async () => {
    const unknown = crypto.randomUUID();
    expect((await get(`?ids=${mine.id}`, unknown)).status).toBe(404);
  });
});
