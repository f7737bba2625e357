import fs from "node:fs";
import type { Browser, Page } from "@playwright/test";
import { AnnotatorPage, clientHeaders, expect, newUser, type TestUser, test } from "./fixtures";
import { assignRound, claimSentence, createProject, importSeedInto, projectSection, submitForReview } from "./support/team";

/**
 * A desk runs a double-annotation round from the UI alone (issue 13, "Done when"): the lead invites two
 * annotators from the Members section, assigns the seed article with k = 2, both annotate and submit, the lead
 * reviews in context with the queue's keys and a batch accept, sees where they disagree, adjudicates and
 * exports the gold claims. Nothing here goes through the API.
 */

/** The lead creates an invitation link on the Members section; the invitee opens it in a browser of their own and signs up. */
async function invite(lead: Page, browser: Browser, baseURL: string | undefined, user: TestUser): Promise<Page> {
  await projectSection(lead, "Members");
  const form = lead.getByRole("form", { name: "Invite by e-mail" });
  await form.getByLabel("Email").fill(user.email);
  await form.getByLabel("Role", { exact: true }).selectOption("annotator");
  await form.getByRole("button", { name: "Create invitation link" }).click();
  const link = await lead.getByLabel("Invitation link").inputValue();
  expect(link).toMatch(/\/invite\//);

  const context = await browser.newContext({ baseURL, extraHTTPHeaders: clientHeaders() });
  const page = await context.newPage();
  await page.goto(new URL(link).pathname);
  const signUp = page.getByRole("form", { name: "Sign up" });
  await signUp.getByLabel("Name").fill(user.name);
  await signUp.getByLabel("Password").fill(user.password);
  await signUp.getByRole("button", { name: "Sign up" }).click();
  await page.waitForURL("**/articles");
  await expect(page.getByTestId("current-user")).toContainText(user.name);
  await lead.reload();
  await expect(lead.getByRole("table", { name: "Members" })).toContainText(user.name);
  return page;
}

test("[DESK] a double-annotation round from the UI alone: invite, assign k = 2, annotate, submit, review in context, disagreement, adjudicate, export gold", async ({
  admin,
  browser,
  baseURL,
}, testInfo) => {
  testInfo.setTimeout(180_000);
  const lead = admin.page;
  const ann = newUser("ann");
  const bob = newUser("bob");

  // Invite and assign.
  const { projectName, projectUrl } = await createProject(lead, { isBlind: true });
  const pageA = await invite(lead, browser, baseURL, ann);
  const pageB = await invite(lead, browser, baseURL, bob);
  const articleId = await importSeedInto(lead, projectName);
  await assignRound(lead, projectUrl, [ann, bob], 2);

  try {
    // Both annotate from their queue: sentences 1 and 3 alike, sentence 2 only Bob.
    for (const [page, sentences] of [
      [pageA, [1, 3]],
      [pageB, [1, 2, 3]],
    ] as const) {
      await page.goto("/articles");
      await page.getByRole("table", { name: "My queue" }).getByRole("link").first().click();
      const annotator = new AnnotatorPage(page);
      await expect(annotator.text).toBeVisible();
      await expect(annotator.claimItems).toHaveCount(0); // blind: nobody else's claims
      for (const index of sentences) await claimSentence(page, index, index === 2 ? "statistic" : "event");
      await expect(annotator.claimItems).toHaveCount(sentences.length);
    }

    // The lead opens the review queue before anyone submits; a submission is announced there live.
    await lead.goto(projectUrl);
    await projectSection(lead, "Review queue");
    await expect(lead.getByText("Nothing awaits review.")).toBeVisible();
    await submitForReview({ user: ann, page: pageA, annotator: new AnnotatorPage(pageA) });
    await expect(lead.getByText(/^\d+ new submissions?$/)).toBeVisible();
    await lead.getByRole("button", { name: "Show", exact: true }).click();
    await expect(lead.getByTestId("review-claim")).toHaveCount(2);
    await submitForReview({ user: bob, page: pageB, annotator: new AnnotatorPage(pageB) });
    await lead.reload();
    const queued = lead.getByTestId("review-claim");
    await expect(queued).toHaveCount(5);

    // Review in context: each claim in its text; keys decide (a accepts), x selects, and the rest is accepted in one step.
    const context = queued.first().getByLabel("The claim in its text");
    await expect(context).toBeVisible();
    await expect(context.locator("mark")).toHaveCount(1);
    await queued.first().focus();
    await lead.keyboard.press("a");
    await expect(queued.first()).toContainText("Decided: Accepted.");
    for (let i = 1; i < 5; i++) {
      await lead.keyboard.press("j");
      await expect(queued.nth(i)).toHaveAttribute("aria-current", "true");
      await lead.keyboard.press("x");
    }
    await lead.getByRole("button", { name: "Accept selected (4)" }).click();
    await expect(lead.getByText("4 claims accepted, 0 already accepted, 0 refused.")).toBeVisible();

    // Ann is told: her two claims were accepted (the header counts them, the inbox says who did what).
    await pageA.goto("/articles");
    await expect(pageA.getByRole("link", { name: "Inbox, 2 unread" })).toBeVisible();
    await pageA.getByRole("link", { name: "Inbox, 2 unread" }).click();
    const inbox = pageA.getByRole("list", { name: "Notifications" });
    await expect(inbox.getByRole("listitem")).toHaveCount(2);
    await expect(inbox.getByRole("listitem").first()).toContainText("accepted your claim");
    await pageA.getByRole("button", { name: "Mark all as read" }).click();
    await expect(pageA.getByRole("link", { name: "Inbox", exact: true })).toBeVisible();

    // Disagreement: the agreement section counts the article and drills down to sentence 2, the one they read differently.
    await projectSection(lead, "Agreement");
    await lead.getByRole("table", { name: "Agreement per article" }).getByRole("link").first().click();
    const disagreeing = lead.getByRole("list", { name: "Disagreeing sentences" });
    await expect(disagreeing.getByRole("region", { name: /^Sentence / })).toHaveCount(1);
    await disagreeing.getByRole("link", { name: "Open sentence 2 in adjudication" }).click();
    await lead.waitForURL(/\/adjudicate\?show=disputed#sentence-2$/);
    await expect(lead.locator("#sentence-2")).toBeInViewport();

    // Adjudicate. The drill-down opened the disputed view: sentence 2 alone. Bob's reading of it becomes gold.
    await expect(lead.getByRole("link", { name: "Disputed (1)" })).toHaveAttribute("aria-current", "page");
    await expect(lead.getByTestId("adjudicate-sentence")).toHaveCount(1);
    await lead
      .locator("#sentence-2")
      .getByRole("button", { name: new RegExp(`^Promote ${bob.name}`) })
      .click();
    await expect(lead.getByText("Promoted to gold.")).toBeVisible();
    // Then everything both read alike (sentences 1 and 3), in one step, from the whole article.
    await lead.getByRole("link", { name: /^All \(\d+\)$/ }).click();
    await expect(lead.locator("#sentence-1")).toBeVisible();
    await lead.getByRole("button", { name: "Accept all agreed (2)" }).click();
    await lead.getByRole("button", { name: "Make 2 gold claims" }).click();
    await expect(lead.getByText("2 gold claims made.", { exact: false })).toBeVisible();
    for (const index of [1, 2, 3]) await expect(lead.locator(`#sentence-${index}`).getByTestId("gold-claim")).toHaveCount(1);
    lead.once("dialog", (dialog) => void dialog.accept());
    await lead.getByRole("button", { name: "Close article" }).click();
    await expect(lead.getByTestId("article-status")).toContainText("Closed");

    // Export the gold claims, from the project's overview (the project is chosen already).
    await lead.goto(projectUrl);
    await lead.getByRole("link", { name: "Export" }).last().click();
    await lead.waitForURL(/\/export\?project=/);
    const form = lead.getByRole("form", { name: "Export" });
    await form.getByLabel("Format").selectOption("jsonl");
    await form.getByLabel("Gold claims only").check();
    await expect(lead.getByTestId("export-count")).toHaveText("3 claims will be exported.");
    const download = lead.waitForEvent("download");
    await form.getByRole("button", { name: "Download" }).click();
    const records = fs
      .readFileSync((await (await download).path())!, "utf8")
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line) as { type: string; articleId?: string; isGold?: boolean; derivedFrom?: string[] });
    const gold = records.filter((r) => r.type === "claim");
    expect(gold).toHaveLength(3);
    expect(gold.every((c) => c.isGold && c.articleId === articleId)).toBe(true);
    expect(gold.map((c) => c.derivedFrom?.length).sort()).toEqual([1, 2, 2]);
  } finally {
    await pageA.context().close();
    await pageB.context().close();
  }
});
