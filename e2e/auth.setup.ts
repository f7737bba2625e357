import { test as setup } from "@playwright/test";
import { AuthPage, expect, newUser } from "./fixtures";
import { ADMIN_STATE_FILE } from "./paths";

/**
 * The first account of a fresh database becomes the administrator; sign it
 * up once and keep its session for the specs that import articles.
 */
setup("sign up the administrator (first account)", async ({ page }) => {
  const admin = newUser("admin");
  await new AuthPage(page).setUp(admin);
  await expect(
    page.getByTestId("current-user"),
    "the first account must be the admin: is the server using a fresh database (E2E_REUSE_SERVER off)?",
  ).toHaveText(`${admin.name} (admin)`);
  await page.context().storageState({ path: ADMIN_STATE_FILE });
});
