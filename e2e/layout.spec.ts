import { expect, SEED_TITLE, test } from "./fixtures";

/**
 * Usable at 1024 px (a small laptop) and readable on a 768 px tablet: no page
 * scrolls sideways, the article text keeps a readable width, and the claim
 * editor opens in view.
 */
for (const width of [1024, 768] as const) {
  test(`[LAYOUT] at ${width} px the pages fit and the editor opens in view`, async ({ page, user, articles, annotator }) => {
    await page.setViewportSize({ width, height: width === 768 ? 1024 : 768 });
    await expect(page.getByTestId("current-user")).toContainText(user.name);
    const fits = () => page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);
    for (const url of ["/articles", "/projects", "/import", "/export"]) {
      await page.goto(url);
      expect(await fits(), `${url} scrolls sideways at ${width} px`).toBe(true);
    }
    await articles.goto();
    await articles.open(SEED_TITLE);
    expect(await fits(), `the article page scrolls sideways at ${width} px`).toBe(true);
    const textWidth = await annotator.text.evaluate((el) => el.getBoundingClientRect().width);
    // A readable measure: the text is not squeezed by the panel.
    expect(textWidth).toBeGreaterThan(width === 768 ? 600 : 560);

    const index = await annotator.sentenceStartingWith("Wladimir Putin zeigt sich offen");
    await annotator.focusSentence(index);
    await page.keyboard.press("c");
    await expect(annotator.editor.root).toBeVisible();
    await expect(annotator.editor.claimType).toBeInViewport();
  });
}
