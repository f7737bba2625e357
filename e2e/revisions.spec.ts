import fs from "node:fs";
import { AnnotatorPage, expect, saveClaimViaApi, test } from "./fixtures";
import { createProject, importSeedInto, SEED_FILE } from "./support/team";

/**
 * Issue 14's "done when": a revision added to the seed article (in a project of its own, so no other spec's
 * seed article changes), every claim kept, queued or orphaned as the page says, the queued one confirmed,
 * the earlier revision still readable, and both revisions exported.
 */

const KEPT = "Am Dienstag setzte Kiew diese Raketen erstmals ein";
const CHANGED = "Laut detaillierten Aussagen von fünf aktuellen und ehemaligen russischen Beamten";
const DELETED = "Sollte kein Waffenstillstand erreicht werden, planen die Quellen zufolge, wird Russland den Kampf fortsetzen.";

/** The seed text corrected as a newsroom would: a note added, a figure fixed, a sentence withdrawn. */
function revise(seed: string): string {
  const [title, ...rest] = seed.split("\n\n");
  return [title, "Korrektur: In einer früheren Fassung stand eine falsche Zahl von Beamten.", ...rest]
    .join("\n\n")
    .replace("von fünf aktuellen", "von sechs aktuellen")
    .replace(`\n\n${DELETED}`, "");
}

test("[REVISIONS] a new revision of the seed article: claims kept, queued and orphaned, the queued one confirmed, both revisions exported", async ({
  admin,
}) => {
  const { page } = admin;
  const { projectName, projectUrl } = await createProject(page, { isBlind: false });
  const projectId = projectUrl.split("/").at(-1)!;
  const articleId = await importSeedInto(page, projectName);
  const first = (await (await page.request.get(`/api/articles/${articleId}/revisions/1`)).json()) as { revision: { text: string } };
  const text = first.revision.text;
  for (const exact of [KEPT, CHANGED, DELETED]) await saveClaimViaApi(page.request, articleId, text, exact);

  const annotator = new AnnotatorPage(page);
  await annotator.goto(articleId);
  await expect(page.getByTestId("article-revision")).toContainText("Revision 1 of 1");
  await page.getByRole("link", { name: "Revisions and changes" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Revisions of");
  await expect(page.getByText("This article has one revision: there is nothing to compare yet.")).toBeVisible();

  // Added by paste, as a person would after copying the corrected article.
  await page.getByLabel("New text").fill(revise(fs.readFileSync(SEED_FILE, "utf8")));
  await page.getByRole("button", { name: "Add as a new revision" }).click();
  await expect(page.getByTestId("revision-added")).toContainText("Revision 2 added. Claims: 1 kept, 0 relocated, 1 need confirmation, 1 orphaned.");

  // The diff between the two, and the queue: the changed figure proposed, the withdrawn sentence orphaned.
  await expect(page.getByTestId("revision-diff").locator("ins")).toContainText(["Korrektur", "sechs"]);
  await expect(page.getByTestId("revision-diff").locator("del")).toContainText(["fünf"]);
  const items = page.getByTestId("reanchor-item");
  await expect(items).toHaveCount(2);
  const withState = (state: string) => items.filter({ has: page.getByRole("heading", { name: new RegExp(`${state}$`) }) });
  const queued = withState("Needs confirmation");
  await expect(queued.locator("blockquote mark").first()).toHaveText(CHANGED);
  await expect(queued.locator("blockquote mark").nth(1)).toHaveText(CHANGED.replace("fünf", "sechs"));
  await expect(queued.getByTestId("reanchor-diff").locator("ins")).toContainText(["sechs"]);
  await expect(queued.getByTestId("reanchor-diff").locator("del")).toContainText(["fünf"]);
  await expect(withState("Orphaned")).toContainText("The quote was not found in the current revision.");
  await queued.getByRole("button", { name: "Accept proposal 1" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Placed on revision 2." })).toBeVisible();
  await expect(items).toHaveCount(1);

  // By hand: the orphan placed on words of the correction note, previewed before it is placed.
  const orphan = items.first();
  await orphan.getByRole("button", { name: "Place by hand" }).click();
  const current = (await (await page.request.get(`/api/articles/${articleId}/revisions/2`)).json()) as { revision: { text: string } };
  const note = "Korrektur";
  const start = [...current.revision.text.slice(0, current.revision.text.indexOf(note))].length;
  await orphan.getByLabel("Start (code points)").fill(String(start));
  await orphan.getByLabel("End (code points)").fill(String(start + note.length));
  await expect(orphan.getByTestId("reanchor-preview")).toHaveText(note);
  await orphan.getByRole("button", { name: "Place here" }).click();
  await expect(page.getByTestId("reanchor-empty")).toBeVisible();

  // The article now reads revision 2 with all three claims on it, each on exactly its words.
  await annotator.goto(articleId);
  await expect(page.getByTestId("article-revision")).toContainText("Revision 2 of 2");
  await expect(page.getByTestId("article-reanchor-waiting")).toHaveCount(0);
  const claims = await annotator.apiClaims(articleId);
  expect(claims.map((c) => c.target.exact).sort()).toEqual([KEPT, CHANGED.replace("fünf", "sechs"), note].sort());
  for (const claim of claims) expect([...current.revision.text].slice(claim.target.start, claim.target.end).join("")).toBe(claim.target.exact);

  // Revision 1 stays readable as it was.
  await page.goto(`/articles/${articleId}/revisions/1`);
  await expect(page.getByTestId("revision-text")).toContainText(DELETED);
  await expect(page.getByRole("status")).toContainText("This is an earlier revision; the article now reads revision 2.");

  // The lossless export carries both revisions, and every claim on the one it belongs to.
  const exported = await page.request.get(`/api/export?${new URLSearchParams({ format: "jsonl", projectId })}`);
  expect(exported.status()).toBe(200);
  const lines = (await exported.text())
    .trim()
    .split("\n")
    .map((line) => JSON.parse(line) as { type: string; number?: number; text?: string; anchorState?: string });
  const article = lines.find((l) => l.type === "article");
  expect(article?.text).toBe(current.revision.text);
  const revisions = lines.filter((l) => l.type === "article_revision");
  expect(revisions.map((r) => [r.number, r.text])).toEqual([
    [1, text],
    [2, current.revision.text],
  ]);
  expect(lines.filter((l) => l.type === "claim").map((l) => l.anchorState)).toEqual(["placed", "placed", "placed"]);
});
