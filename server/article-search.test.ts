import { eq } from "drizzle-orm";
import { beforeAll, expect, it } from "vitest";
import { INDEXED_TEXT_LENGTH } from "@/db/article-search";
import { articles, assignments } from "@/db/schema";
import { addMember, createTestProject, createTestUser, describeEachDatabase } from "@/test-support/databases";
import { seedArticle } from "@/test-support/fixtures";
import { createClaim } from "@/test-support/team-fixtures";
import { searchArticles } from "./articles";
import type { Actor } from "./authz";

const GERMAN = "Waffenruhe in Sicht\n\nDie Gespräche über eine Waffenruhe wurden am Dienstag fortgesetzt. Die Verhandlungen dauern an.";
const ENGLISH = "Budget talks stall\n\nThe negotiations over the city budget stalled on Tuesday. Officials said the talks would resume.";
const GERMAN_TEXT_ONLY = "Haushalt der Stadt\n\nIm Rathaus sprach man über Waffenruhen anderswo und über Gebühren.";
const ENGLISH_DOC = "---\nlanguage: en-GB\n---\nHarbour report\n\nShips arrived in the harbour. Nothing else happened.";

describeEachDatabase("searching the article list", (getDatabase) => {
  let admin: Actor;
  let ann: Actor;
  let outsider: Actor;
  let projectA: string;
  let projectB: string;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    const { db } = getDatabase();
    admin = await createTestUser(db, "Admin", { isAdmin: true });
    ann = await createTestUser(db, "Ann");
    outsider = await createTestUser(db, "Otto");
    projectA = (await createTestProject(db, { name: "Desk A" })).id;
    projectB = (await createTestProject(db, { name: "Desk B" })).id;
    await addMember(db, projectA, ann.id, "annotator");
    await addMember(db, projectB, ann.id, "annotator");
    ids.german = (await seedArticle(db, projectA, GERMAN)).id;
    ids.english = (await seedArticle(db, projectA, ENGLISH)).id;
    ids.germanTextOnly = (await seedArticle(db, projectB, GERMAN_TEXT_ONLY)).id;
    ids.englishDoc = (await seedArticle(db, projectB, ENGLISH_DOC)).id;
    await db.insert(assignments).values({ articleId: ids.english!, projectId: projectA, userId: ann.id, assignedBy: admin.id });
    await db.update(articles).set({ closedAt: new Date() }).where(eq(articles.id, ids.germanTextOnly!));
    const [stored] = await db.select({ text: articles.text }).from(articles).where(eq(articles.id, ids.english!));
    await createClaim(db, ann, ids.english!, stored!.text, "The negotiations over the city budget stalled on Tuesday.");
  });

  const search = (actor: Actor, query: Parameters<typeof searchArticles>[2]) => searchArticles(getDatabase().db, actor, query);
  const titles = async (actor: Actor, query: Parameters<typeof searchArticles>[2]) => (await search(actor, query)).items.map((a) => a.title);

  it("stems each article in its language: German inflections find German articles, English ones English articles", async () => {
    expect(await titles(ann, { q: "Waffenruhe" })).toEqual(["Waffenruhe in Sicht", "Haushalt der Stadt"]);
    expect(await titles(ann, { q: "Verhandlung" })).toEqual(["Waffenruhe in Sicht"]);
    expect(await titles(ann, { q: "negotiation" })).toEqual(["Budget talks stall"]);
    expect(await titles(ann, { q: "harbours" })).toEqual(["Harbour report"]); // en-GB: English stemming
  });

  it("ranks a match in the title above one in the text, and understands phrases and exclusions", async () => {
    const ranked = await titles(ann, { q: "Waffenruhe" });
    expect(ranked[0]).toBe("Waffenruhe in Sicht");
    expect(await titles(ann, { q: '"city budget"' })).toEqual(["Budget talks stall"]);
    expect(await titles(ann, { q: "Waffenruhe -Gebühren" })).toEqual(["Waffenruhe in Sicht"]);
    expect(await titles(ann, { q: "nothing-like-this" })).toEqual([]);
  });

  it("filters by project, language, own assignment and state, and names each article's project", async () => {
    expect((await titles(ann, { projectId: projectB })).sort()).toEqual(["Harbour report", "Haushalt der Stadt"]);
    expect((await titles(ann, { language: "en" })).sort()).toEqual(["Budget talks stall", "Harbour report"]);
    expect(await titles(ann, { mine: "assigned" })).toEqual(["Budget talks stall"]);
    expect(await titles(ann, { state: "closed" })).toEqual(["Haushalt der Stadt"]);
    expect((await titles(ann, { state: "open" })).length).toBe(3);
    const [item] = (await search(ann, { mine: "assigned" })).items;
    expect(item).toMatchObject({ projectName: "Desk A", myAssignment: "assigned", claimCount: 1, closedAt: null });
  });

  it("sorts as asked and pages with the total that matched", async () => {
    expect(await titles(ann, { sort: "title" })).toEqual(["Budget talks stall", "Harbour report", "Haushalt der Stadt", "Waffenruhe in Sicht"]);
    expect((await titles(ann, { sort: "claims" }))[0]).toBe("Budget talks stall");
    const first = await search(ann, { sort: "title", size: 25, page: 1 });
    expect(first.total).toBe(4);
    const beyond = await search(ann, { sort: "title", size: 25, page: 2 });
    expect(beyond).toEqual({ items: [], total: 4 });
  });

  it("shows only the projects a person belongs to (site admins: all)", async () => {
    expect(await search(outsider, {})).toEqual({ items: [], total: 0 });
    expect((await search(admin, {})).total).toBeGreaterThanOrEqual(4);
  });

  it("indexes a long article's beginning without failing its import", async () => {
    const { db } = getDatabase();
    const words = Array.from({ length: 40_000 }, (_, i) => `wort${i.toString(36)}`).join(" ");
    expect(words.length).toBeGreaterThan(INDEXED_TEXT_LENGTH / 2);
    const long = await seedArticle(db, projectA, `Langer Text\n\n${words} Schlusswort.`);
    expect((await search(ann, { q: "wort0" })).items.map((a) => a.id)).toEqual([long.id]);
  });
});
