import type { Page } from "@playwright/test";
import { type AnnotatorPage, expect, test } from "./fixtures";

/**
 * Deciding a sentence without a claim, by keyboard: x marks the focused
 * sentence "no claim here" (kept on the server, shown after a reload, counted
 * in the coverage line) and x again clears it; a sentence one's own claim
 * covers is not marked, and the page says why; an admin's Shift+X marks a
 * sentence not annotatable, which reaches the annotator's open page live.
 */

const BODY = "The council approved the budget on Monday. Spending on schools rises by 12 percent, the mayor said. Critics called the plan reckless.";

/** The next answer to a sentence decision (or exclusion) write from this page. */
function nextDecision(page: Page, kind: "decision" | "exclusion") {
  return page.waitForResponse((response) => {
    const request = response.request();
    return request.method() === "PUT" && new RegExp(`/api/articles/[0-9a-f-]{36}/sentences/\\d+/${kind}$`).test(request.url());
  });
}

/** The first piece of sentence `index`, which carries its mark. */
const sentenceStart = (annotator: AnnotatorPage, index: number) => annotator.text.locator(`span[data-sentence="${index}"]`).first();

test("[DECIDE]: x marks the focused sentence “no claim here”, kept after a reload and counted; x again clears it", async ({
  page,
  admin,
  user,
  annotator,
}) => {
  // Signed in as a fresh annotator of the default project (the `user` fixture), where the admin imports.
  await expect(page.getByTestId("current-user")).toContainText(user.name);
  const article = await admin.articles.importFresh("Decide no claim", BODY);
  await annotator.goto(article.id);
  const coverage = page.getByTestId("coverage");
  await expect(coverage).toHaveText(/^0 of \d+ sentences decided$/);
  const total = Number(/of (\d+)/.exec((await coverage.textContent()) ?? "")?.[1]);
  const index = await annotator.sentenceStartingWith("Critics called");
  await annotator.focusSentence(index);

  const marked = nextDecision(page, "decision");
  await page.keyboard.press("x");
  const response = await marked;
  expect(response.status()).toBe(200);
  expect(response.request().postDataJSON()).toEqual({ decision: "no_claim" });
  await expect(sentenceStart(annotator, index)).toHaveClass(/\bsent-no-claim\b/);
  await expect(sentenceStart(annotator, index)).toHaveAttribute("data-decided", "No claim here");
  await expect(coverage).toHaveText(`1 of ${total} sentences decided`);
  await expect(page.getByTestId("announcer")).toHaveText("Marked: no claim here");
  // The text is still exactly the article's: the mark is generated content.
  expect(await annotator.articleText()).toContain(BODY);
  await expect(annotator.text).toBeFocused();

  await page.reload();
  await expect(sentenceStart(annotator, index)).toHaveClass(/\bsent-no-claim\b/);
  await expect(coverage).toHaveText(`1 of ${total} sentences decided`);

  await annotator.focusSentence(index);
  const cleared = nextDecision(page, "decision");
  await page.keyboard.press("x");
  expect((await cleared).status()).toBe(200);
  await expect(sentenceStart(annotator, index)).not.toHaveClass(/\bsent-no-claim\b/);
  await expect(coverage).toHaveText(`0 of ${total} sentences decided`);
  const stored = await page.request.get(`/api/articles/${article.id}/sentences/decisions`);
  expect(((await stored.json()) as { decisions: unknown[] }).decisions).toEqual([]);
});

test("[DECIDE]: a sentence one's own claim covers is not marked “no claim here”, and the page says why", async ({ page, admin, user, annotator }) => {
  await expect(page.getByTestId("current-user")).toContainText(user.name);
  const article = await admin.articles.importFresh("Decide covered", BODY);
  await annotator.goto(article.id);
  const index = await annotator.sentenceStartingWith("Spending on schools");
  await annotator.focusSentence(index);
  const created = annotator.nextSave((body) => body.baseVersion === null);
  await page.keyboard.press("c");
  expect((await created).status()).toBe(201);
  await expect(annotator.saveState).toHaveText("Saved");
  await annotator.text.focus();

  await page.keyboard.press("x");
  await expect(annotator.notice).toContainText("a claim of yours covers this sentence");
  await expect(sentenceStart(annotator, index)).not.toHaveClass(/\bsent-no-claim\b/);
});

test("[DECIDE]: an admin's Shift+X marks a sentence not annotatable, live on the annotator's page, where it cannot be claimed by key", async ({
  page,
  admin,
  user,
  annotator,
}) => {
  await expect(page.getByTestId("current-user")).toContainText(user.name);
  const article = await admin.articles.importFresh("Decide exclude", BODY);
  await annotator.goto(article.id);
  await expect(page.getByTestId("live-status")).toHaveAttribute("data-status", "live");
  const index = await annotator.sentenceStartingWith("The council approved");

  await admin.annotator.goto(article.id);
  await admin.annotator.focusSentence(index);
  const excluded = nextDecision(admin.page, "exclusion");
  await admin.page.keyboard.press("Shift+X");
  expect((await excluded).status()).toBe(200);
  await expect(sentenceStart(admin.annotator, index)).toHaveClass(/\bsent-excluded\b/);

  // The annotator's page hears of it without a reload.
  await expect(sentenceStart(annotator, index)).toHaveClass(/\bsent-excluded\b/);
  await expect(sentenceStart(annotator, index)).toHaveAttribute("data-decided", "Not annotatable");
  await annotator.focusSentence(index);
  await page.keyboard.press("c");
  await expect(annotator.notice).toContainText("This sentence is marked not annotatable, so it cannot be claimed.");
  await expect(annotator.claimItems).toHaveCount(0);
});
