import { AnnotatorPage, expect, test, uniqueSuffix } from "./fixtures";

test("[XSS]: markup in an imported article is shown as text and never runs", async ({ admin }) => {
  const { page, articles, annotator } = admin;
  const dialogs: string[] = [];
  page.on("dialog", (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  const title = `XSS probe <b>bold</b> <img src=x onerror="window.__xss=3"> ${uniqueSuffix()}`;
  const body =
    "This text carries <script>window.__xss=1</script> a script tag. " +
    'And an image <img src=x onerror="window.__xss=2"> with a handler. ' +
    'Plus <a href="javascript:alert(1)">a link</a> and <svg onload=alert(2)></svg>.';
  await articles.goto();
  await articles.importPasted(`${title}\n\n${body}\n`);
  // The list shows the title as text, too.
  await expect(articles.articleLink(title)).toBeVisible();
  expect(await page.evaluate(() => (window as unknown as { __xss?: unknown }).__xss)).toBeUndefined();

  await articles.open(title);
  await expect(annotator.text).toContainText("<script>window.__xss=1</script>");
  await expect(annotator.text).toContainText('<img src=x onerror="window.__xss=2">');
  await expect(annotator.text).toContainText(title);
  expect(await annotator.articleText()).toContain(body);
  await expect(annotator.text.locator("img, script, svg, a, b")).toHaveCount(0);
  await expect(page.locator('img[src="x"]')).toHaveCount(0);
  // A negative assertion's window: a late onerror handler would fire within it.
  await page.waitForTimeout(300);
  expect(await page.evaluate(() => (window as unknown as { __xss?: unknown }).__xss)).toBeUndefined();
  expect(dialogs).toEqual([]);
});

test("[UNICODE]: a claim after emoji, flags, ZWJ, combining marks and non-BMP letters round-trips exactly", async ({
  admin,
  user,
  page,
  articles,
  annotator,
}) => {
  const title = `Unicode round trip ${uniqueSuffix()}`;
  const body =
    "Emoji 😀👍🏽 open the text. A flag 🇩🇪 and a family 👨‍👩‍👧 follow, then cafe\u0301 with a combining accent " +
    "and the letter 𝔘 from outside the BMP. The end.";
  await admin.articles.goto();
  await admin.articles.importPasted(`${title}\n\n${body}\n`);

  // A fresh annotator of the same project claims in it.
  await articles.goto();
  const articleId = await articles.open(title);
  const text = await annotator.articleText();
  expect(text).toContain(body);

  const start16 = text.indexOf("open the text");
  const end16 = text.indexOf("𝔘") + "𝔘".length;
  const expected = text.slice(start16, end16);
  expect(expected).toContain("👨‍👩‍👧");
  expect(expected).toContain("cafe\u0301");
  expect(await annotator.rangeSelect(start16, end16)).toBe(expected);
  const created = annotator.nextSave((b) => b.baseVersion === null);
  await annotator.toolbar.getByRole("button", { name: "Claim", exact: true }).click();
  expect(await annotator.editorQuote()).toBe(expected);
  expect((await created).status()).toBe(201);
  await expect(annotator.saveState).toHaveText("Saved");

  await page.reload();
  const item = annotator.claimItem("open the text").filter({ hasText: user.name });
  await expect(item).toHaveCount(1);
  expect(await item.locator(".quote").evaluate((el) => el.textContent)).toBe(expected);
  await item.click();
  expect(await annotator.editorQuote()).toBe(expected);
  // The highlight covers exactly the quote.
  const highlighted = await annotator.text.locator("span[data-claims]").evaluateAll((spans) => spans.map((s) => s.textContent ?? "").join(""));
  expect(highlighted).toBe(expected);

  // The API speaks code points: [...text].slice(start, end) is the quote.
  const claims = await annotator.apiClaims(articleId);
  expect(claims).toHaveLength(1);
  const target = claims[0]!.target;
  expect(target.exact).toBe(expected);
  expect([...text].slice(target.start, target.end).join("")).toBe(target.exact);
  expect(target.start).toBe([...text.slice(0, start16)].length);
  expect(target.start).toBeLessThan(start16); // 😀 and 👍🏽 are two UTF-16 units each per code point
  expect(target.end - target.start).toBe([...expected].length);

  // The admin, in another session, sees the same quote.
  const adminView = new AnnotatorPage(admin.page);
  await adminView.goto(articleId);
  expect(
    await adminView
      .claimItem("open the text")
      .locator(".quote")
      .evaluate((el) => el.textContent),
  ).toBe(expected);
});

test("[UPLOAD]: an empty file and a binary file are refused with a message naming the file", async ({ admin }) => {
  const { articles } = admin;
  await articles.goto();

  await articles.upload([{ name: "empty.txt", mimeType: "text/plain", buffer: Buffer.alloc(0) }]);
  await expect(articles.importError).toContainText("empty.txt");
  await expect(articles.importError).toContainText("empty");

  const binary = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52, 0x00, 0x01]);
  await articles.upload([{ name: "binary.txt", mimeType: "text/plain", buffer: binary }]);
  await expect(articles.importError).toContainText("binary.txt");
  await expect(articles.importError).toContainText("binary");

  // Nothing was imported, and a good file still goes through afterwards.
  await expect(articles.table.getByRole("link", { name: /binary|empty/ })).toHaveCount(0);
  const title = `Uploaded fine ${uniqueSuffix()}`;
  await articles.upload([{ name: "fine.txt", mimeType: "text/plain", buffer: Buffer.from(`${title}\n\nA plain sentence. Another one.\n`) }]);
  await expect(articles.importStatus).toHaveText("1 article imported.");
  await expect(articles.articleLink(title)).toBeVisible();
});
