import type { Page, Route } from "@playwright/test";
import { AnnotatorPage, expect, type SaveBody, test } from "./fixtures";

/**
 * The editor never loses or fakes a save: what cannot be saved is marked
 * where it is while the rest saves, a refused save is not resent and says
 * why, a failing server is retried with a countdown, a save whose answer was
 * lost is resent after a reload with its own mutation id, and a stale edit
 * is kept beside the current version.
 */

const CLAIM_PUT = /\/api\/claims\/[0-9a-f-]{36}$/;

async function claimFirstSentence(page: Page, annotator: AnnotatorPage, prefix: string): Promise<void> {
  await annotator.focusSentence(await annotator.sentenceStartingWith(prefix));
  const created = annotator.nextSave((body) => body.baseVersion === null);
  await page.keyboard.press("c");
  expect((await created).status()).toBe(201);
  await expect(annotator.editor.root).toBeVisible();
  await expect(annotator.saveState).toHaveText("Saved");
}

type ApiClaimFull = { authorName: string; speaker: string; rationale: string; sources: Array<{ url: string }> };

async function myClaim(annotator: AnnotatorPage, authorName: string): Promise<ApiClaimFull> {
  const claims = (await annotator.apiClaims()) as unknown as ApiClaimFull[];
  const mine = claims.filter((c) => c.authorName === authorName);
  expect(mine).toHaveLength(1);
  return mine[0]!;
}

test("[AUTOSAVE]: an invalid source URL is marked at the field, the rest still saves, and nothing says Saved until it is fixed", async ({
  page,
  admin,
  user,
  annotator,
}) => {
  const article = await admin.articles.importFresh("Autosave fields", "Prices rose by 4 percent in May. Nobody expected it.");
  await annotator.goto(article.id);
  await claimFirstSentence(page, annotator, "Prices rose");
  const { editor } = annotator;

  await editor.addSource.click();
  const source = editor.source(0);
  await expect(annotator.saveState).toHaveText("Not saved: Source 1 URL");
  await expect(source.url).toHaveAttribute("aria-invalid", "true");
  await expect(source.url).toHaveAccessibleDescription("Source 1: URL is missing");
  await source.url.fill("destatis.example/pm-2024-05");
  await expect(source.url).toHaveAccessibleDescription("Source 1: URL must start with http:// or https://");
  await expect(annotator.saveState).toHaveText("Not saved: Source 1 URL");

  // The rationale typed next is saved — without the source that cannot be — and the indicator still does not say Saved.
  const rationaleSaved = annotator.nextSave((body) => (body as SaveBody & { rationale?: string }).rationale === "Destatis press release of 3 May");
  await editor.rationale.fill("Destatis press release of 3 May");
  const response = await rationaleSaved;
  expect(response.status()).toBe(200);
  expect((response.request().postDataJSON() as SaveBody).sources).toEqual([]);
  await expect(annotator.saveState).toHaveText("Not saved: Source 1 URL");
  expect(await myClaim(annotator, user.name)).toMatchObject({ rationale: "Destatis press release of 3 May", sources: [] });

  // A reload loses neither: the rationale is on the server, the source is kept in the browser and still marked.
  await page.reload();
  await expect(annotator.saveState).toHaveText("Not saved: Source 1 URL");
  await annotator.claimItem("Prices rose").filter({ hasText: user.name }).click();
  await expect(editor.rationale).toHaveValue("Destatis press release of 3 May");
  await expect(editor.source(0).url).toHaveValue("destatis.example/pm-2024-05");
  await expect(editor.source(0).url).toHaveAttribute("aria-invalid", "true");

  const fixed = annotator.nextSave((body) => body.sources[0]?.url === "https://destatis.example/pm-2024-05");
  await editor.source(0).url.fill("https://destatis.example/pm-2024-05");
  expect((await fixed).status()).toBe(200);
  await expect(annotator.saveState).toHaveText("Saved");
  await expect(editor.source(0).url).toHaveAttribute("aria-invalid", "false");
  expect(await myClaim(annotator, user.name)).toMatchObject({ sources: [{ url: "https://destatis.example/pm-2024-05" }] });
});

test("[AUTOSAVE]: a save whose answer was lost is resent after a reload with its own mutation id, and answered, not refused", async ({
  page,
  admin,
  user,
  annotator,
}) => {
  const article = await admin.articles.importFresh("Autosave lost answer", "The port handled 9 million containers. Its director said so.");
  await annotator.goto(article.id);
  await claimFirstSentence(page, annotator, "The port handled");

  // The first edit reaches the server, but its answer never comes back; then the network is gone.
  let lost: SaveBody | null = null;
  let isOffline = true;
  await page.route(CLAIM_PUT, async (route: Route) => {
    if (route.request().method() !== "PUT" || !isOffline) return route.fallback();
    if (!lost) {
      lost = route.request().postDataJSON() as SaveBody;
      await route.fetch();
    }
    await route.abort("internetdisconnected");
  });
  await annotator.editor.speaker.fill("the port authority");
  await expect(annotator.saveState).toHaveText("Offline — 1 waiting");
  await expect(page.getByTestId("retry-countdown")).toContainText("retrying");
  expect(await myClaim(annotator, user.name)).toMatchObject({ speaker: "the port authority" });

  // Leave while offline (no retry of the old page can run after this), come back online, open the page again.
  await page.goto("about:blank");
  isOffline = false;
  const resent = page.waitForResponse((r) => r.request().method() === "PUT" && CLAIM_PUT.test(r.url()));
  await annotator.goto(article.id);
  const answer = await resent;
  expect((answer.request().postDataJSON() as SaveBody).mutationId).toBe(lost!.mutationId);
  expect(answer.status()).toBe(200);
  await expect(annotator.saveState).toHaveText("Saved");
  await expect(annotator.notice).toHaveCount(0);
  await expect(page.getByTestId("unsaved-list")).toHaveCount(0);
});

test("[AUTOSAVE]: a 4xx is not resent and says why at the claim; a 5xx is retried with a countdown until it saves", async ({
  page,
  admin,
  user,
  annotator,
}) => {
  await page.clock.install();
  const article = await admin.articles.importFresh("Autosave refusals", "The river rose by two metres overnight. Residents were evacuated.");
  await annotator.goto(article.id);
  await claimFirstSentence(page, annotator, "The river rose");
  const { editor } = annotator;

  const sent: SaveBody[] = [];
  let answer: { status: number; message: string } | null = { status: 403, message: "Only the author can change this claim." };
  await page.route(CLAIM_PUT, async (route: Route) => {
    if (route.request().method() !== "PUT" || !answer) return route.fallback();
    sent.push(route.request().postDataJSON() as SaveBody);
    await route.fulfill({
      status: answer.status,
      contentType: "application/json",
      body: JSON.stringify({ error: { code: "x", message: answer.message } }),
    });
  });

  await editor.speaker.fill("the fire brigade");
  await expect(annotator.saveState).toHaveText("Save failed — Only the author can change this claim.");
  await expect(page.getByTestId("claim-refusal")).toHaveText(/Not saved: Only the author can change this claim\./);
  await page.clock.fastForward("10:00");
  expect(sent).toHaveLength(1);
  await expect(annotator.saveState).toHaveText("Save failed — Only the author can change this claim.");

  // The server fails instead: resent, same body and mutation id, with a countdown and the reason.
  answer = { status: 503, message: "The database is not reachable right now." };
  await editor.speaker.fill("the fire brigade, 6 a.m.");
  await expect(annotator.saveState).toHaveText("Server error (503): The database is not reachable right now. — 1 waiting");
  await expect(page.getByTestId("retry-countdown")).toContainText(/retrying in \d+ s/);
  const failedOnce = sent.length;
  await page.clock.fastForward(2_000);
  await expect.poll(() => sent.length).toBeGreaterThan(failedOnce);
  const retried = sent.slice(failedOnce - 1);
  expect(new Set(retried.map((s) => s.mutationId)).size).toBe(1);

  // The server is back: Retry now saves at once.
  answer = null;
  await page.getByRole("button", { name: "Retry now" }).click();
  await expect(annotator.saveState).toHaveText("Saved");
  expect(await myClaim(annotator, user.name)).toMatchObject({ speaker: "the fire brigade, 6 a.m." });
});

test("[CONFLICT]: a stale edit from a second tab is kept beside the current version and can be applied", async ({ page, admin, user, annotator }) => {
  const article = await admin.articles.importFresh("Autosave conflict", "Unemployment fell to 5 percent. The minister was pleased.");
  await annotator.goto(article.id);
  await claimFirstSentence(page, annotator, "Unemployment fell");

  const page2 = await page.context().newPage();
  const tab2 = new AnnotatorPage(page2);
  await tab2.goto(article.id);
  await tab2.claimItem("Unemployment fell").filter({ hasText: user.name }).click();
  await expect(tab2.editor.speaker).toHaveValue("");

  const firstSave = annotator.nextSave((body) => body.speaker === "Erster Tab");
  await annotator.editor.speaker.fill("Erster Tab");
  expect((await firstSave).status()).toBe(200);

  const stale = tab2.nextSave((body) => body.speaker === "Zweiter Tab");
  await tab2.editor.speaker.fill("Zweiter Tab");
  expect((await stale).status()).toBe(409);
  await expect(tab2.notice).toContainText("changed elsewhere");
  await expect(tab2.editor.speaker).toHaveValue("Erster Tab");
  // The refused text is not thrown away: it is shown beside the current version…
  const panel = page2.getByTestId("conflict-panel");
  await expect(panel.getByTestId("conflict-speaker")).toContainText("Zweiter Tab");
  await expect(panel.getByTestId("conflict-speaker")).toContainText("Erster Tab");
  await expect(tab2.saveState).toHaveText(/^Save failed — This claim was changed elsewhere/);

  // …and applying it saves it against the current version.
  const applied = tab2.nextSave((body) => body.speaker === "Zweiter Tab" && body.baseVersion === 2);
  await panel.getByRole("button", { name: "Apply all my changes" }).click();
  expect((await applied).status()).toBe(200);
  await expect(tab2.editor.speaker).toHaveValue("Zweiter Tab");
  await expect(panel).toHaveCount(0);
  await expect(tab2.saveState).toHaveText("Saved");
  expect(await myClaim(tab2, user.name)).toMatchObject({ speaker: "Zweiter Tab" });
  await page2.close();
});
