import { expect, newUser, SEED_TITLE, test } from "./fixtures";

test("[AUTH]: signs up, lands on /articles and sees the seed article", async ({ page, auth, articles }) => {
  const user = newUser();
  await auth.signUp(user);
  await expect(page).toHaveURL(/\/articles$/);
  // Not the first account of the database: an ordinary annotator.
  await expect(page.getByTestId("current-user")).toHaveText(user.name);
  await expect(articles.articleLink(SEED_TITLE)).toBeVisible();
  await articles.open(SEED_TITLE);
  await expect(page.getByRole("region", { name: "Article text" })).toContainText("Wladimir Putin zeigt sich offen");
});
