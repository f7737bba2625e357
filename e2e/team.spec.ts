import fs from "node:fs";
import path from "node:path";
import type { Browser, Page } from "@playwright/test";
import { AnnotatorPage, ArticlesPage, AuthPage, clientHeaders, expect, newUser, test, uniqueSuffix, type TestUser } from "./fixtures";

const SEED_FILE = path.join(process.cwd(), "seeds", "000_d6dc8bcdcbde1abf.txt");

async function signedInContext(browser: Browser, baseURL: string | undefined, user: TestUser): Promise<Page> {
  const context = await browser.newContext({ baseURL, extraHTTPHeaders: clientHeaders() });
  const page = await context.newPage();
  await new AuthPage(page).signUp(user);
  return page;
}

/** Keyboard path: focus the text, move to sentence `index`, claim it, give it a type, wait until saved. */
async function claimSentence(page: Page, index: number, claimType: string): Promise<void> {
  const annotator = new AnnotatorPage(page);
  await annotator.text.focus();
  await page.keyboard.press("Home");
  for (let i = 0; i < index; i++) await page.keyboard.press("ArrowDown");
  await expect(annotator.text.locator(`span.seg-focus[data-sentence="${index}"]`).first()).toBeVisible();
  await page.keyboard.press("c");
  await expect(annotator.editor.root).toBeVisible();
  await annotator.editor.claimType.selectOption(claimType);
  await expect(annotator.saveState).toHaveText("Saved");
  await annotator.editor.close.click();
}

test("[TEAM]: blind double annotation hidden until closed, request changes with a comment, revise, accept, agreement, gold and closing", async ({ admin, browser, baseURL }) => {
  test.setTimeout(120_000);
  const reviewer = admin.page;
  const userA = newUser("ann");
  const userB = newUser("bob");
  const pageA = await signedInContext(browser, baseURL, userA);
  const pageB = await signedInContext(browser, baseURL, userB);

  // The admin creates a blind project, adds both annotators, imports the seed article into it and assigns it to both.
  const projectName = `Team e2e ${uniqueSuffix()}`;
  await reviewer.goto("/projects");
  const create = reviewer.getByRole("form", { name: "New project" });
  await create.getByLabel("Name").fill(projectName);
  await create.getByLabel("Blind double annotation").check();
  await create.getByRole("button", { name: "Create project" }).click();
  await reviewer.getByRole("table", { name: "Projects" }).getByRole("link", { name: projectName }).click();
  await reviewer.waitForURL(/\/projects\/[0-9a-f-]{36}$/);
  const projectUrl = reviewer.url();
  for (const user of [userA, userB]) {
    const addMember = reviewer.getByRole("form", { name: "Add member" });
    await addMember.getByLabel("Email").fill(user.email);
    await addMember.getByLabel("Role", { exact: true }).selectOption("annotator");
    await addMember.getByRole("button", { name: "Add member" }).click();
    await expect(reviewer.getByRole("table", { name: "Members" })).toContainText(user.name);
  }

  const articles = new ArticlesPage(reviewer);
  await articles.goto();
  await reviewer.getByLabel("Into project").selectOption({ label: projectName });
  const articleId = await articles.importPasted(fs.readFileSync(SEED_FILE, "utf8"));

  await reviewer.goto(projectUrl);
  await reviewer.getByRole("listbox", { name: "Annotators to assign" }).selectOption([{ label: userA.name }, { label: userB.name }]);
  await reviewer.getByRole("button", { name: "Assign" }).click();
  await expect(reviewer.getByRole("table", { name: "Assignments" })).toContainText(userA.name);
  await expect(reviewer.getByRole("table", { name: "Assignments" })).toContainText(userB.name);

  // Both annotate blind: each finds the article in "My queue" and sees only their own claims.
  await pageA.goto("/articles");
  await pageA.getByRole("table", { name: "My queue" }).getByRole("link").first().click();
  await expect(new AnnotatorPage(pageA).text).toBeVisible();
  await claimSentence(pageA, 1, "event");

  await pageB.goto(`/articles/${articleId}`);
  const annotatorB = new AnnotatorPage(pageB);
  await expect(annotatorB.text).toBeVisible();
  await expect(annotatorB.claimItems).toHaveCount(0); // A's claim is hidden from B
  await claimSentence(pageB, 1, "event");
  await claimSentence(pageB, 2, "statistic");
  await expect(annotatorB.claimItems).toHaveCount(2);

  for (const page of [pageA, pageB]) {
    await page.getByRole("button", { name: "Submit article for review" }).click();
    await expect(page.getByText("You have submitted this article for review.")).toBeVisible();
  }
  // Submitting reveals nothing: the blinds stay until a reviewer closes the article.
  await pageA.reload();
  await expect(pageA.getByTestId("article-blind")).toBeVisible();
  await expect(new AnnotatorPage(pageA).claimItems).toHaveCount(1);

  // The reviewer asks for changes on A's claim, with a comment (which reopens A's submitted article).
  const reviewerView = new AnnotatorPage(reviewer);
  await reviewerView.goto(articleId);
  await reviewerView.claimItems.filter({ hasText: userA.name }).click();
  const review = reviewer.getByRole("region", { name: "Review" });
  await review.getByLabel(/Comment/).fill("Name the officials' source, please.");
  await review.getByRole("button", { name: "Request changes" }).click();
  await expect(review.getByTestId("claim-status")).toHaveText("Changes requested");
  await expect(review.getByTestId("comment")).toContainText("Name the officials' source, please.");

  // A sees the decision and the comment, revises (back to draft) and resubmits.
  const annotatorA = new AnnotatorPage(pageA);
  await pageA.reload();
  await annotatorA.claimItems.filter({ hasText: userA.name }).click();
  const reviewA = pageA.getByRole("region", { name: "Review" });
  await expect(reviewA.getByTestId("claim-status")).toHaveText("Changes requested");
  await expect(reviewA.getByTestId("comment")).toContainText("Name the officials' source, please.");
  await annotatorA.editor.speaker.fill("Reuters, citing five officials");
  await expect(annotatorA.saveState).toHaveText("Saved");
  await expect(reviewA.getByTestId("claim-status")).toHaveText("Draft");
  await pageA.getByRole("button", { name: "Submit article for review" }).click();
  await expect(reviewA.getByTestId("claim-status")).toHaveText("Submitted for review");

  // The reviewer accepts the revision.
  await reviewer.reload();
  await reviewerView.claimItems.filter({ hasText: userA.name }).click();
  await expect(review.getByTestId("claim-status")).toHaveText("Submitted for review");
  await review.getByRole("button", { name: "Accept" }).click();
  await expect(review.getByTestId("claim-status")).toHaveText("Accepted");

  // Agreement shows on the project page.
  await reviewer.goto(projectUrl);
  const agreement = reviewer.getByRole("table", { name: "Agreement", exact: true });
  await expect(agreement).toBeVisible();
  await expect(agreement.getByRole("row", { name: /claim \/ not claim/ }).getByRole("cell")).toHaveText(/^-?\d\.\d\d$/);
  await expect(reviewer.getByRole("table", { name: "Pairwise agreement" })).toContainText(userA.name);

  // Adjudication: promote A's accepted claim into the gold set.
  await reviewer.getByRole("link", { name: /^Adjudicate / }).first().click();
  await reviewer.waitForURL(/\/adjudicate$/);
  await reviewer.getByRole("button", { name: new RegExp(`^Promote ${userA.name}`) }).click();
  await expect(reviewer.getByText("Promoted to gold.")).toBeVisible();
  await expect(reviewer.getByRole("table", { name: "Claims by sentence" }).getByText("Gold", { exact: true }).first()).toBeVisible();

  // The gold claim is still hidden from the annotators; closing the article shows them everything, live.
  await expect(annotatorA.claimItems).toHaveCount(1);
  reviewer.once("dialog", (dialog) => void dialog.accept());
  await reviewer.getByRole("button", { name: "Close article" }).click();
  await expect(reviewer.getByTestId("article-status")).toContainText("Closed");
  await expect(annotatorA.claimItems).toHaveCount(4); // A's, B's two and the gold claim
  await pageA.reload();
  await expect(pageA.getByTestId("article-closed")).toBeVisible();

  // The gold claim is marked in the article view and selectable in exports.
  await reviewerView.goto(articleId);
  await expect(reviewerView.claimItems.filter({ hasText: "Gold" })).toHaveCount(1);

  await pageA.context().close();
  await pageB.context().close();
});
