import { eq } from "drizzle-orm";
import { expect, it } from "vitest";
import { articles } from "@/db/schema";
import {
  ARTICLE_TEXT,
  addRole,
  createArticle,
  createClaim,
  createUser,
  describeEachDatabase,
  newProject,
  outcome,
} from "@/test-support/team-fixtures";
import { type ClaimPage, getClaimPage as getClaimOrQueue } from "./claim-page";

/** The claim's page; these claims are all placed, so a queue answer is a failure. */
async function getClaimPage(...args: Parameters<typeof getClaimOrQueue>): Promise<ClaimPage> {
  const page = await getClaimOrQueue(...args);
  if ("waitingOnArticle" in page) throw new Error("expected the claim's page, got its article's re-anchoring queue");
  return page;
}

describeEachDatabase("a claim's own page (/claims/<id>, the exported IRI)", (getDb) => {
  it("shows the claim to those who see it in its article, and the same 404 to everyone else", async () => {
    const { db } = getDb();
    const admin = await createUser(db, "Admin", { isAdmin: true });
    const project = await newProject(db, admin, "Blind desk", { isBlind: true });
    const ann = await createUser(db, "Ann");
    const bob = await createUser(db, "Bob");
    const outsider = await createUser(db, "Outsider");
    await addRole(db, project.id, ann.id, "annotator");
    await addRole(db, project.id, bob.id, "annotator");
    const article = await createArticle(db, project.id);
    const claim = await createClaim(db, ann, article.id, ARTICLE_TEXT, "The mayor said traffic fell by 12 percent.", { speaker: "The mayor" });

    const page = await getClaimPage(db, ann, claim.id);
    expect(page.claim.target.exact).toBe("The mayor said traffic fell by 12 percent.");
    expect(page.article.title).toBe("Test article");
    expect((await getClaimPage(db, admin, claim.id)).claim.speaker).toBe("The mayor");

    // A fellow annotator in a blind project, an outsider and a random id: one answer.
    expect(await outcome(() => getClaimPage(db, bob, claim.id))).toBe("not_found");
    expect(await outcome(() => getClaimPage(db, outsider, claim.id))).toBe("not_found");
    expect(await outcome(() => getClaimPage(db, ann, "0b2d9c4e-4a7f-4a0e-9a47-1d8a2f7e1c00"))).toBe("not_found");

    // Once a reviewer closes the article, the blinds are lifted.
    await db.update(articles).set({ closedAt: new Date() }).where(eq(articles.id, article.id));
    expect((await getClaimPage(db, bob, claim.id)).claim.id).toBe(claim.id);
  });
});
