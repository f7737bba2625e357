import { AnnotatorPage, type ApiClaim, clientHeaders, expect, type SaveBody, test } from "./fixtures";

/**
 * The app opened the way an office runs it: plain http on a host name that
 * is not localhost (`http://desk.lan:PORT`). Such a page is not a secure
 * context, so `crypto.randomUUID` does not exist there; every id the browser
 * makes must still be made, and every save must still land.
 *
 * Chromium is launched here with `--host-resolver-rules` mapping the name to
 * 127.0.0.1 (the test server listens there), on top of the config's options.
 */
const LAN_HOST = "desk.lan";
const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

test("[LAN]: on a plain-http office address, claims, sources and comments are created and saved", async ({ admin, user, playwright }, testInfo) => {
  test.setTimeout(60_000);
  const article = await admin.articles.importFresh(
    "Office network",
    "The council approved the budget on Monday. Spending on schools rises by 12 percent, the mayor said. Critics called the plan reckless.",
  );

  const base = testInfo.project.use.launchOptions ?? {};
  const browser = await playwright.chromium.launch({ ...base, args: [...(base.args ?? []), `--host-resolver-rules=MAP ${LAN_HOST} 127.0.0.1`] });
  try {
    const lanUrl = new URL(testInfo.project.use.baseURL ?? "http://127.0.0.1:3100");
    lanUrl.hostname = LAN_HOST;
    const context = await browser.newContext({ baseURL: lanUrl.origin, extraHTTPHeaders: clientHeaders() });
    const page = await context.newPage();
    const pageErrors: string[] = [];
    page.on("pageerror", (error) => pageErrors.push(error.message));

    // Signing in works on the LAN address too (its origin is the Host the browser addressed).
    await page.goto("/sign-in");
    const form = page.getByRole("form", { name: "Sign in" });
    await form.getByLabel("Email").fill(user.email);
    await form.getByLabel("Password").fill(user.password);
    await form.getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL("**/articles");
    expect(new URL(page.url()).hostname).toBe(LAN_HOST);
    // The condition under test: not a secure context, no crypto.randomUUID.
    expect(await page.evaluate(() => ({ isSecure: window.isSecureContext, hasRandomUuid: typeof crypto.randomUUID === "function" }))).toEqual({
      isSecure: false,
      hasRandomUuid: false,
    });

    const annotator = new AnnotatorPage(page);
    await annotator.goto(article.id);
    const index = await annotator.sentenceStartingWith("Spending on schools");
    const sentence = (await annotator.sentences())[index]!.trim();
    const saves: SaveBody[] = [];
    page.on("request", (request) => {
      if (request.method() === "PUT" && /\/api\/claims\/[0-9a-f-]{36}$/.test(request.url())) saves.push(request.postDataJSON() as SaveBody);
    });

    await annotator.focusSentence(index);
    const created = annotator.nextSave((body) => body.baseVersion === null);
    await page.keyboard.press("c");
    expect((await created).status()).toBe(201);
    await expect(annotator.editor.root).toBeVisible();

    const { editor } = annotator;
    await editor.addSource.click();
    await editor.source(0).url.fill("http://intranet.desk.lan/council/minutes-2024-05");
    const sourceSaved = annotator.nextSave((body) => body.sources[0]?.title === "Council minutes");
    await editor.source(0).title.fill("Council minutes");
    expect((await sourceSaved).status()).toBe(200);
    await expect(annotator.saveState).toHaveText("Saved");

    const review = page.getByRole("region", { name: "Review" });
    await review.getByLabel("Comment").fill("Checked against the minutes.");
    const commented = page.waitForResponse(
      (r) => r.request().method() === "POST" && /\/api\/reviews\/claims\/[0-9a-f-]{36}\/comments$/.test(r.url()),
    );
    await review.getByRole("button", { name: "Add comment" }).click();
    const commentResponse = await commented;
    expect(commentResponse.status()).toBe(201);
    expect((commentResponse.request().postDataJSON() as { id: string }).id).toMatch(UUID_V4);
    await expect(review.getByTestId("comment")).toContainText("Checked against the minutes.");

    // Every id the page made is a v4 UUID, and the mutation ids are all different.
    expect(saves.length).toBeGreaterThanOrEqual(2);
    for (const save of saves) {
      expect(save.id).toMatch(UUID_V4);
      expect(save.mutationId).toMatch(UUID_V4);
      for (const source of save.sources) expect(source.id).toMatch(UUID_V4);
    }
    // (a resent save repeats its body and mutation id; different saves never share one)
    expect(new Set(saves.map((s) => s.mutationId)).size).toBe(new Set(saves.map((s) => JSON.stringify(s))).size);

    // On the server, and back after a reload.
    // Asked from the page: the test runner itself cannot resolve desk.lan (only Chromium maps it).
    const articleId = annotator.articleId;
    const claims = await page.evaluate(
      async (id) => ((await (await fetch(`/api/articles/${id}/claims`)).json()) as { claims: ApiClaim[] }).claims,
      articleId,
    );
    const mine = claims.filter((c) => c.authorName === user.name);
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({
      target: { exact: sentence },
      sources: [{ url: "http://intranet.desk.lan/council/minutes-2024-05", title: "Council minutes" }],
    });
    await page.reload();
    const item = annotator.claimItem(sentence).filter({ hasText: user.name });
    await expect(item).toContainText("1 source");
    await item.click();
    await expect(editor.source(0).title).toHaveValue("Council minutes");
    await expect(page.getByRole("region", { name: "Review" }).getByTestId("comment")).toContainText("Checked against the minutes.");
    expect(pageErrors).toEqual([]);
  } finally {
    await browser.close();
  }
});
