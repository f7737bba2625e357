import deAnnotator from "../messages/de/annotator.json";
import deClaim from "../messages/de/claim.json";
import deCommon from "../messages/de/common.json";
import deNav from "../messages/de/nav.json";
import enNav from "../messages/en/nav.json";
import { AnnotatorPage, clientHeaders, expect, newUser, SEED_TITLE, test } from "./fixtures";

/**
 * The interface language: the browser's languages decide for a visitor, the
 * header's switch changes it (kept in a cookie before sign-in, and as the
 * person's setting after), and the choice follows the person to another
 * browser. Texts are read from the catalogues, so these specs say which
 * message is shown, not its wording.
 */

test("[I18N] a visitor whose browser prefers German gets German pages, and the switch changes that", async ({ browser, baseURL }) => {
  const context = await browser.newContext({ baseURL, locale: "de-DE", extraHTTPHeaders: clientHeaders() });
  try {
    const page = await context.newPage();
    await page.goto("/sign-in");
    await expect(page.locator("html")).toHaveAttribute("lang", "de");
    const header = page.getByRole("banner");
    await expect(header.getByRole("link", { name: deNav.signUp })).toBeVisible();

    await header.getByRole("combobox", { name: deCommon.language }).selectOption("en");
    await expect(page.locator("html")).toHaveAttribute("lang", "en");
    await expect(header.getByRole("link", { name: enNav.signUp })).toBeVisible();
    // Kept for this browser: a new page load stays English although the browser prefers German.
    await page.reload();
    await expect(page.locator("html")).toHaveAttribute("lang", "en");
  } finally {
    await context.close();
  }
});

test("[I18N] a signed-in person's choice is their setting: it follows them to another browser", async ({ page, auth, browser, baseURL }) => {
  const user = newUser("sprache");
  await auth.signUp(user);
  const header = page.getByRole("banner");
  await header.getByRole("combobox", { name: "Language" }).selectOption("de");
  await expect(page.locator("html")).toHaveAttribute("lang", "de");
  await expect(page.getByRole("navigation", { name: deNav.main }).getByRole("link", { name: deNav.projects })).toBeVisible();

  // Another browser that prefers English: once signed in, the person's setting wins.
  const other = await browser.newContext({ baseURL, locale: "en-US", extraHTTPHeaders: clientHeaders() });
  try {
    const page2 = await other.newPage();
    const signIn = await page2.request.post("/api/auth/sign-in/email", {
      data: { email: user.email, password: user.password },
      headers: { origin: new URL(baseURL!).origin },
    });
    expect(signIn.status()).toBe(200);
    await page2.goto("/articles");
    await expect(page2.locator("html")).toHaveAttribute("lang", "de");
    await expect(page2.getByRole("navigation", { name: deNav.main })).toBeVisible();
    await expect(page2).toHaveTitle(/· Claimwork$/);
  } finally {
    await other.close();
  }
});

test("[I18N] the article text carries its own language, whatever the interface's", async ({ page, auth, articles }) => {
  await auth.signUp(newUser());
  await articles.goto();
  // The seed article is German (its language is guessed from its words at import).
  await articles.open(SEED_TITLE);
  const annotator = new AnnotatorPage(page);
  await expect(annotator.text).toBeVisible();
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
  await expect(page.getByTestId("article-text")).toHaveAttribute("lang", "de");
});

test("[I18N] the main annotating flow in German: open an article, claim a sentence by keyboard, see it saved", async ({ page, auth }) => {
  await auth.signUp(newUser("deutsch"));
  await page.getByRole("banner").getByRole("combobox", { name: "Language" }).selectOption("de");
  await expect(page.locator("html")).toHaveAttribute("lang", "de");
  await page.getByRole("navigation", { name: deNav.main }).getByRole("link", { name: deNav.articles }).click();
  await page.getByRole("table").last().getByRole("link").first().click();

  const text = page.getByRole("region", { name: deAnnotator.articleText });
  await expect(text).toBeVisible();
  await text.focus();
  await page.keyboard.press("Home");
  await page.keyboard.press("ArrowDown");
  await page.keyboard.press("c");
  const editor = page.getByRole("region", { name: deClaim.editor.label });
  await expect(editor).toBeVisible();
  await editor.getByLabel(deClaim.fields.claimType).selectOption("event");
  await expect(page.getByTestId("save-state")).toHaveText(deAnnotator.save.saved);
  await expect(page.getByRole("complementary", { name: deAnnotator.side.label })).toBeVisible();
});
