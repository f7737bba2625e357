/**
 * Team review scenarios: a `team` fixture that seeds, for each test, its own
 * blind project with two fresh annotators (each in a browser context of
 * their own) and the seed article imported into it and assigned to both —
 * so every team spec runs alone and in any order — plus the steps the specs
 * share (claim a sentence, submit, decide on a claim).
 */
import fs from "node:fs";
import path from "node:path";
import type { Browser, Locator, Page } from "@playwright/test";
import {
  type AdminSession,
  AnnotatorPage,
  ArticlesPage,
  AuthPage,
  test as base,
  clientHeaders,
  expect,
  newUser,
  type TestUser,
  uniqueSuffix,
} from "../fixtures";

export { expect };

export const SEED_FILE = path.join(process.cwd(), "seeds", "000_d6dc8bcdcbde1abf.txt");

export type TeamMember = { user: TestUser; page: Page; annotator: AnnotatorPage };

export type Team = {
  /** The administrator's page (admins review, adjudicate and close). */
  reviewer: Page;
  reviewerView: AnnotatorPage;
  projectName: string;
  projectUrl: string;
  articleId: string;
  /** Two annotators of the project, both assigned the article. */
  a: TeamMember;
  b: TeamMember;
};

/** Through the project's section navigation (on any of its pages) to the section named `name`. */
export async function projectSection(page: Page, name: string): Promise<void> {
  const nav = page.getByRole("navigation", { name: /^Sections of / });
  await nav.getByRole("link", { name, exact: true }).click();
  await expect(nav.getByRole("link", { name, exact: true })).toHaveAttribute("aria-current", "page");
}

/** A fresh user signed up by invitation in a browser context of their own (its own client address). */
export async function signedInContext(browser: Browser, baseURL: string | undefined, user: TestUser): Promise<Page> {
  const context = await browser.newContext({ baseURL, extraHTTPHeaders: clientHeaders() });
  const page = await context.newPage();
  await new AuthPage(page).signUp(user);
  return page;
}

/**
 * Through the UI, as a team lead does it: the admin creates a blind project,
 * adds both annotators, imports the seed article into it and assigns it to both.
 */
async function setUpBlindTeam(admin: AdminSession, browser: Browser, baseURL: string | undefined): Promise<Team> {
  const reviewer = admin.page;
  const userA = newUser("ann");
  const userB = newUser("bob");
  const pageA = await signedInContext(browser, baseURL, userA);
  const pageB = await signedInContext(browser, baseURL, userB);

  const { projectName, projectUrl } = await createProject(reviewer, { isBlind: true });
  await projectSection(reviewer, "Members");
  for (const user of [userA, userB]) {
    const addMember = reviewer.getByRole("form", { name: "Add member" });
    await addMember.getByLabel("Email").fill(user.email);
    await addMember.getByLabel("Role", { exact: true }).selectOption("annotator");
    await addMember.getByRole("button", { name: "Add member" }).click();
    await expect(reviewer.getByRole("table", { name: "Members" })).toContainText(user.name);
  }
  const articleId = await importSeedInto(reviewer, projectName);
  await assignRound(reviewer, projectUrl, [userA, userB], 2);

  return {
    reviewer,
    reviewerView: new AnnotatorPage(reviewer),
    projectName,
    projectUrl,
    articleId,
    a: { user: userA, page: pageA, annotator: new AnnotatorPage(pageA) },
    b: { user: userB, page: pageB, annotator: new AnnotatorPage(pageB) },
  };
}

/** The admin creates a project from the projects page and opens it; leaves them on its overview. */
export async function createProject(reviewer: Page, options: { isBlind: boolean }): Promise<{ projectName: string; projectUrl: string }> {
  const projectName = `Team e2e ${uniqueSuffix()}`;
  await reviewer.goto("/projects");
  const create = reviewer.getByRole("form", { name: "New project" });
  await create.getByLabel("Name").fill(projectName);
  if (options.isBlind) await create.getByLabel("Blind double annotation").check();
  await create.getByRole("button", { name: "Create project" }).click();
  await reviewer.getByRole("table", { name: "Projects" }).getByRole("link", { name: projectName }).click();
  await reviewer.waitForURL(/\/projects\/[0-9a-f-]{36}$/);
  return { projectName, projectUrl: reviewer.url() };
}

/** The seed article pasted into the project named `projectName` from the articles page; its id. */
export async function importSeedInto(reviewer: Page, projectName: string): Promise<string> {
  const articles = new ArticlesPage(reviewer);
  await articles.goto();
  await reviewer.getByLabel("Into project").selectOption({ label: projectName });
  return articles.importPasted(fs.readFileSync(SEED_FILE, "utf8"));
}

/**
 * Assignments as a desk lead makes them: the project's articles selected (all matching), the annotators
 * chosen, k per article, the plan previewed and applied.
 */
export async function assignRound(reviewer: Page, projectUrl: string, users: TestUser[], k: number): Promise<void> {
  await reviewer.goto(projectUrl);
  await projectSection(reviewer, "Assignments");
  await reviewer.getByRole("button", { name: /^Select all \d+ matching articles$/ }).click();
  await expect(reviewer.getByRole("region", { name: "Selection" })).toContainText("1 article selected");
  const distribute = reviewer.getByRole("form", { name: "Distribute" });
  for (const user of users) await distribute.getByRole("checkbox", { name: user.name, exact: true }).check();
  await distribute.getByLabel("Annotators per article (k)").fill(String(k));
  await distribute.getByRole("button", { name: "Distribute", exact: true }).click();
  await expect(reviewer.getByRole("table", { name: "Plan" })).toBeVisible();
  await reviewer.getByRole("button", { name: "Assign as planned" }).click();
  await expect(reviewer.getByText(`${k} assignments created.`)).toBeVisible();
  const board = reviewer.getByRole("table", { name: "Articles" });
  for (const user of users) await expect(board).toContainText(user.name);
}

export const test = base.extend<{ team: Team }>({
  team: async ({ admin, browser, baseURL }, use, testInfo) => {
    // Two sign-ups and the project's setup through the UI come before each scenario.
    testInfo.setTimeout(90_000);
    const team = await setUpBlindTeam(admin, browser, baseURL);
    await use(team);
    await team.a.page.context().close();
    await team.b.page.context().close();
  },
});

/** Keyboard path: focus the text, move to sentence `index`, claim it, give it a type, wait until saved. */
export async function claimSentence(page: Page, index: number, claimType: string): Promise<void> {
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

/** A opens the article from "My queue" and claims sentence 1 (event); leaves A on the article page. */
export async function annotateAsA(team: Team): Promise<void> {
  const { page, annotator } = team.a;
  await page.goto("/articles");
  await page.getByRole("table", { name: "My queue" }).getByRole("link").first().click();
  await expect(annotator.text).toBeVisible();
  await claimSentence(page, 1, "event");
}

/** B opens the article, sees none of anyone else's claims (blind), claims sentence 1 (event) and 2 (statistic); leaves B on the article page. */
export async function annotateAsB(team: Team): Promise<void> {
  const { page, annotator } = team.b;
  await annotator.goto(team.articleId);
  await expect(annotator.claimItems).toHaveCount(0); // A's claim, if any, is hidden from B
  await claimSentence(page, 1, "event");
  await claimSentence(page, 2, "statistic");
  await expect(annotator.claimItems).toHaveCount(2);
}

/** The annotator on the article page submits it for review. */
export async function submitForReview(member: TeamMember): Promise<void> {
  await member.page.getByRole("button", { name: "Submit article for review" }).click();
  await expect(member.page.getByText("You have submitted this article for review.")).toBeVisible();
}

/** The review panel of the open claim. */
export function reviewPanel(page: Page): Locator {
  return page.getByRole("region", { name: "Review" });
}

/** The reviewer opens `member`'s claim on the article page (loading the page afresh). */
export async function openClaimAsReviewer(team: Team, member: TeamMember): Promise<Locator> {
  await team.reviewerView.goto(team.articleId);
  await team.reviewerView.claimItems.filter({ hasText: member.user.name }).click();
  return reviewPanel(team.reviewer);
}

/** The reviewer accepts `member`'s (submitted) claim. */
export async function acceptClaimOf(team: Team, member: TeamMember): Promise<void> {
  const review = await openClaimAsReviewer(team, member);
  await expect(review.getByTestId("claim-status")).toHaveText("Submitted for review");
  await review.getByRole("button", { name: "Accept" }).click();
  await expect(review.getByTestId("claim-status")).toHaveText("Accepted");
}

/** On the adjudication page (reached from the project page), promote `member`'s claim into the gold set. */
export async function promoteToGold(team: Team, member: TeamMember): Promise<void> {
  const { reviewer } = team;
  await reviewer.goto(team.projectUrl);
  await projectSection(reviewer, "Articles");
  await reviewer
    .getByRole("link", { name: /^Adjudicate / })
    .first()
    .click();
  await reviewer.waitForURL(/\/adjudicate$/);
  await reviewer.getByRole("button", { name: new RegExp(`^Promote ${member.user.name}`) }).click();
  await expect(reviewer.getByText("Promoted to gold.")).toBeVisible();
  await expect(reviewer.getByRole("table", { name: "Claims by sentence" }).getByText("Gold", { exact: true }).first()).toBeVisible();
}

/** On the adjudication page: close the article (confirming the dialog). */
export async function closeArticle(team: Team): Promise<void> {
  const { reviewer } = team;
  reviewer.once("dialog", (dialog) => void dialog.accept());
  await reviewer.getByRole("button", { name: "Close article" }).click();
  await expect(reviewer.getByTestId("article-status")).toContainText("Closed");
}
