import type { Page } from "@playwright/test";
import deAnnotator from "../messages/de/annotator.json";
import deArticles from "../messages/de/articles.json";
import deClaim from "../messages/de/claim.json";
import deCommon from "../messages/de/common.json";
import deProjects from "../messages/de/projects.json";
import deReview from "../messages/de/review.json";
import deVocab from "../messages/de/vocab.json";
import enCommon from "../messages/en/common.json";
import { expect, type Team, type TeamMember, test } from "./support/team";

/**
 * The team's review round in German, from the annotators' and the reviewer's
 * side: claim, submit, changes requested with a comment, revise, resubmit,
 * accept, promote to gold and close. The project is set up as in the English
 * specs (support/team.ts); everyone then switches the interface to German.
 * Texts come from the German catalogue, so the spec says which message is
 * shown, not its wording.
 */

const COMMENT = "Bitte die Quelle der Beamten nennen.";

/** A catalogue message with its plain `{placeholder}`s filled in, as a pattern; `null` values match anything. */
function messagePattern(template: string, values: Record<string, string | null>): RegExp {
  const escaped = template.replace(/[.*+?^$()|[\]\\]/g, "\\$&");
  return new RegExp(
    `^${escaped.replace(/\{(\w+)\}/g, (_, name: string) => {
      const value = values[name];
      return value === null || value === undefined ? ".*" : value.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    })}$`,
  );
}

/** The person's interface language becomes German through the header's switch (their setting from then on). */
async function switchToGerman(page: Page): Promise<void> {
  await page.getByRole("banner").getByRole("combobox", { name: enCommon.language }).selectOption("de");
  await expect(page.locator("html")).toHaveAttribute("lang", "de");
  await expect(page.getByRole("banner").getByRole("combobox", { name: deCommon.language })).toBeVisible();
}

const articleText = (page: Page) => page.getByRole("region", { name: deAnnotator.articleText });
const editor = (page: Page) => page.getByRole("region", { name: deClaim.editor.label });
const reviewPanel = (page: Page) => page.getByRole("region", { name: deClaim.review.label });
const claimItems = (page: Page) => page.getByTestId("claim-item");

/** Keyboard path, in German: sentence `index`, `c`, a type, saved. */
async function claimSentenceInGerman(page: Page, index: number): Promise<void> {
  await articleText(page).focus();
  await page.keyboard.press("Home");
  for (let i = 0; i < index; i++) await page.keyboard.press("ArrowDown");
  await page.keyboard.press("c");
  await expect(editor(page)).toBeVisible();
  await editor(page).getByLabel(deClaim.fields.claimType).selectOption("event");
  await expect(page.getByTestId("save-state")).toHaveText(deAnnotator.save.saved);
  await editor(page).getByRole("button", { name: deClaim.editor.closeLabel }).click();
}

async function submitInGerman(member: TeamMember): Promise<void> {
  await member.page.getByRole("button", { name: deAnnotator.submit.button }).click();
  await expect(member.page.getByText(deAnnotator.submit.done)).toBeVisible();
}

test("[TEAM][DE] the review round in German: claim, submit, changes requested, revise, resubmit, accept, promote to gold, close", async ({
  team,
}) => {
  test.setTimeout(120_000);
  const { a, reviewer } = team;
  await switchToGerman(a.page);
  await switchToGerman(reviewer);
  try {
    await reviewRoundInGerman(team);
  } finally {
    // The reviewer is the suite's shared administrator: their setting goes back to English for the other specs.
    await reviewer.getByRole("banner").getByRole("combobox", { name: deCommon.language }).selectOption("en");
    await expect(reviewer.locator("html")).toHaveAttribute("lang", "en");
  }
});

async function reviewRoundInGerman(team: Team): Promise<void> {
  const { a, reviewer } = team;

  // A finds the article in "Meine Zuweisungen", claims a sentence and submits.
  await a.page.goto("/articles");
  await a.page.getByRole("table", { name: deArticles.queue.title }).getByRole("link").first().click();
  await expect(articleText(a.page)).toBeVisible();
  await expect(a.page.getByTestId("article-text")).toHaveAttribute("lang", "de");
  await claimSentenceInGerman(a.page, 1);
  await submitInGerman(a);

  // The reviewer asks for changes, with a comment.
  await reviewer.goto(`/articles/${team.articleId}`);
  await claimItems(reviewer).filter({ hasText: a.user.name }).click();
  const review = reviewPanel(reviewer);
  await expect(review.getByTestId("claim-status")).toHaveText(deVocab.reviewStatus.submitted);
  await review.getByLabel(deClaim.review.commentForReviewer).fill(COMMENT);
  await review.getByRole("button", { name: deVocab.reviewDecisionAction.request_changes }).click();
  await expect(review.getByTestId("claim-status")).toHaveText(deVocab.reviewStatus.changes_requested);
  await expect(review.getByTestId("comment")).toContainText(COMMENT);

  // A sees the decision and the comment, revises and resubmits.
  await a.page.reload();
  await claimItems(a.page).filter({ hasText: a.user.name }).click();
  const reviewA = reviewPanel(a.page);
  await expect(reviewA.getByTestId("claim-status")).toHaveText(deVocab.reviewStatus.changes_requested);
  await expect(reviewA.getByTestId("comment")).toContainText(COMMENT);
  await editor(a.page).getByLabel(deClaim.editor.speakerLabel).fill("Reuters, unter Berufung auf fünf Beamte");
  await expect(a.page.getByTestId("save-state")).toHaveText(deAnnotator.save.saved);
  await expect(reviewA.getByTestId("claim-status")).toHaveText(deVocab.reviewStatus.draft);
  await a.page.getByRole("button", { name: deAnnotator.submit.button }).click();
  await expect(reviewA.getByTestId("claim-status")).toHaveText(deVocab.reviewStatus.submitted);

  // The reviewer accepts the revision.
  await reviewer.reload();
  await claimItems(reviewer).filter({ hasText: a.user.name }).click();
  await expect(review.getByTestId("claim-status")).toHaveText(deVocab.reviewStatus.submitted);
  await review.getByRole("button", { name: deVocab.reviewDecisionAction.accept }).click();
  await expect(review.getByTestId("claim-status")).toHaveText(deVocab.reviewStatus.accepted);

  // From the project page to adjudication: A's claim into the gold set, then the article closed.
  await reviewer.goto(team.projectUrl);
  const sections = reviewer.getByRole("navigation", { name: messagePattern(deProjects.sections.label, { name: team.projectName }) });
  await sections.getByRole("link", { name: deProjects.sections.articles, exact: true }).click();
  await expect(sections.getByRole("link", { name: deProjects.sections.articles, exact: true })).toHaveAttribute("aria-current", "page");
  await reviewer
    .getByRole("link", { name: messagePattern(deProjects.progress.adjudicateArticle, { title: null }) })
    .first()
    .click();
  await reviewer.waitForURL(/\/adjudicate$/);
  await reviewer.getByRole("button", { name: messagePattern(deReview.adjudicate.promoteToGold, { name: a.user.name, quote: null }) }).click();
  await expect(reviewer.getByText(deReview.adjudicate.promoted)).toBeVisible();
  const table = reviewer.getByRole("table", { name: deReview.adjudicate.table });
  await expect(table.getByText(deReview.adjudicate.gold, { exact: true }).first()).toBeVisible();
  reviewer.once("dialog", (dialog) => void dialog.accept());
  await reviewer.getByRole("button", { name: deReview.adjudicate.close }).click();
  const closedBadge = /<badge>(.*?)<\/badge>/.exec(deReview.adjudicate.closedBy)?.[1] ?? deReview.adjudicate.closedBy;
  await expect(reviewer.getByTestId("article-status")).toContainText(closedBadge);
}
