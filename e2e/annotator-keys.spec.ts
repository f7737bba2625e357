import { type AnnotatorPage, expect, type SaveBody, test } from "./fixtures";

/**
 * The annotator for a working day, by keyboard: a span marked word by word,
 * c on a sentence that already has the person's claim, undo and redo of the
 * person's own creates, edits and deletes, the shortcut overlay, and links
 * that open a claim far down a long article.
 */

const BODY = "The council approved the budget on Monday. Spending on schools rises by 12 percent, the mayor said. Critics called the plan reckless.";

async function claimByKey(annotator: AnnotatorPage, key: string): Promise<SaveBody> {
  const created = annotator.nextSave((body) => body.baseVersion === null);
  await annotator.page.keyboard.press(key);
  const response = await created;
  expect(response.status()).toBe(201);
  return response.request().postDataJSON() as SaveBody;
}

test("[KEYS]: Shift+arrows mark a span word by word, Enter claims exactly it, Escape drops a mark", async ({ page, admin, user, annotator }) => {
  // Signed in as a fresh annotator of the default project (the `user` fixture), where the admin imports.
  await expect(page.getByTestId("current-user")).toContainText(user.name);
  const article = await admin.articles.importFresh("Keyboard span", BODY);
  await annotator.goto(article.id);
  const index = await annotator.sentenceStartingWith("Spending on schools");
  await annotator.focusSentence(index);

  const mark = annotator.text.locator("span.seg-mark");
  await page.keyboard.press("Shift+ArrowRight");
  await expect(mark).toHaveText(["Spending"]);
  await page.keyboard.press("Escape");
  await expect(mark).toHaveCount(0);
  await expect(annotator.editor.root).toBeHidden();

  for (let i = 0; i < 4; i++) await page.keyboard.press("Shift+ArrowRight");
  await page.keyboard.press("Shift+ArrowLeft");
  await expect(annotator.text.locator("span.seg-mark")).toHaveText(["Spending on schools"]);
  const body = await claimByKey(annotator, "Enter");
  expect(body.target.exact).toBe("Spending on schools");
  expect(await annotator.editorQuote()).toBe("Spending on schools");
  await expect(mark).toHaveCount(0);
  await expect(annotator.text).toBeFocused();
});

test("[KEYS]: c on a sentence with one's claim opens it instead of a duplicate; Shift+C claims it again on purpose", async ({
  page,
  admin,
  user,
  annotator,
}) => {
  const article = await admin.articles.importFresh("Keyboard no duplicate", BODY);
  await annotator.goto(article.id);
  const index = await annotator.sentenceStartingWith("Critics called");
  await annotator.focusSentence(index);
  await claimByKey(annotator, "c");
  await expect(annotator.saveState).toHaveText("Saved");
  const mine = annotator.claimItems.filter({ hasText: user.name });
  await expect(mine).toHaveCount(1);

  await page.keyboard.press("Escape");
  await expect(annotator.editor.root).toBeHidden();
  let puts = 0;
  page.on("request", (request) => {
    if (request.method() === "PUT" && /\/api\/claims\//.test(request.url())) puts++;
  });
  await page.keyboard.press("c");
  await expect(annotator.editor.root).toBeVisible();
  expect(await annotator.editorQuote()).toBe("Critics called the plan reckless.");
  await expect(mine).toHaveCount(1);
  expect(puts).toBe(0);

  await claimByKey(annotator, "Shift+C");
  await expect(mine).toHaveCount(2);
  expect((await annotator.apiClaims()).filter((c) => c.authorName === user.name)).toHaveLength(2);
});

test("[KEYS]: Backspace deletes nothing; Ctrl+Z and Ctrl+Shift+Z undo and redo a create, an edit and a delete", async ({
  page,
  admin,
  user,
  annotator,
}) => {
  const article = await admin.articles.importFresh("Keyboard undo", BODY);
  await annotator.goto(article.id);
  const index = await annotator.sentenceStartingWith("The council approved");
  const sentence = (await annotator.sentences())[index]!.trim();
  await annotator.focusSentence(index);
  await claimByKey(annotator, "c");
  const item = annotator.claimItem(sentence).filter({ hasText: user.name });
  await expect(item).toHaveCount(1);

  // An edit, typed in the editor; inside the field Ctrl+Z is the field's own.
  const typed = annotator.nextSave((body) => body.speaker === "the council");
  await annotator.editor.speaker.fill("the council");
  expect((await typed).ok()).toBe(true);
  await annotator.editor.close.click();
  await expect(annotator.text).toBeFocused();

  // Backspace in the text deletes nothing; Delete does, with the toast.
  await page.keyboard.press("o");
  await expect(annotator.editor.speaker).toHaveValue("the council");
  await page.keyboard.press("Backspace");
  await expect(item).toHaveCount(1);
  await page.keyboard.press("Delete");
  await expect(annotator.toast).toBeVisible();
  await expect(item).toHaveCount(0);

  // Undo the delete, the edit, the create; then redo them all.
  await page.keyboard.press("ControlOrMeta+z");
  await expect(item).toHaveCount(1);
  await expect(annotator.toast).toBeHidden();
  await expect(annotator.editor.speaker).toHaveValue("the council");
  const undoneEdit = annotator.nextSave((body) => body.speaker === "");
  await annotator.text.focus();
  await page.keyboard.press("ControlOrMeta+z");
  expect((await undoneEdit).ok()).toBe(true);
  await expect(annotator.editor.speaker).toHaveValue("");
  await annotator.text.focus();
  await page.keyboard.press("ControlOrMeta+z");
  await expect(item).toHaveCount(0);
  await expect.poll(async () => (await annotator.apiClaims()).length).toBe(0);

  await page.keyboard.press("ControlOrMeta+Shift+z");
  await expect(item).toHaveCount(1);
  const redoneEdit = annotator.nextSave((body) => body.speaker === "the council");
  await annotator.text.focus();
  await page.keyboard.press("ControlOrMeta+Shift+z");
  const redone = await redoneEdit;
  expect(redone.ok()).toBe(true);
  await annotator.text.focus();
  await page.keyboard.press("ControlOrMeta+Shift+z");
  await expect(item).toHaveCount(0);
  await page.keyboard.press("ControlOrMeta+z");
  await expect(item).toHaveCount(1);
  await expect(annotator.saveState).toHaveText("Saved");

  const claims = await annotator.apiClaims();
  expect(claims).toHaveLength(1);
  expect(claims[0]).toMatchObject({ speaker: "the council", target: { exact: sentence } });
});

test("[KEYS]: ? opens the shortcut overlay, which names the destructive keys; Escape closes it", async ({ page, admin, user, annotator }) => {
  // Signed in as a fresh annotator of the default project (the `user` fixture), where the admin imports.
  await expect(page.getByTestId("current-user")).toContainText(user.name);
  const article = await admin.articles.importFresh("Keyboard overlay", BODY);
  await annotator.goto(article.id);
  await annotator.text.focus();
  await page.keyboard.press("?");
  const overlay = page.getByRole("dialog", { name: "Keyboard shortcuts" });
  await expect(overlay).toBeVisible();
  await expect(overlay.locator("tr.destructive")).toContainText("Delete the open claim");
  await page.keyboard.press("Escape");
  await expect(overlay).toBeHidden();
  await expect(annotator.text).toBeFocused();
  await page.getByRole("button", { name: "Keyboard shortcuts" }).click();
  await expect(overlay).toBeVisible();
  await overlay.getByRole("button", { name: "Close" }).click();
  await expect(overlay).toBeHidden();
});

test("[KEYS]: a #claim- link opens a claim far down a long article, with its text and the editor in view", async ({
  page,
  admin,
  user,
  annotator,
}) => {
  // Signed in as a fresh annotator of the default project (the `user` fixture), where the admin imports.
  await expect(page.getByTestId("current-user")).toContainText(user.name);
  const filler = Array.from({ length: 400 }, (_, i) => `Paragraph ${i + 1} reports nothing anyone would check.`).join("\n\n");
  const article = await admin.articles.importFresh("Keyboard long", `${filler}\n\nThe deficit tripled to 9 billion euros in one year.`);
  await annotator.goto(article.id);
  await annotator.text.focus();
  await page.keyboard.press("End");
  await expect(annotator.text.locator("span.seg-focus").first()).toBeInViewport();
  const body = await claimByKey(annotator, "c");
  expect(body.target.exact).toBe("The deficit tripled to 9 billion euros in one year.");
  await expect(annotator.saveState).toHaveText("Saved");

  await page.goto("/articles");
  await page.goto(`/articles/${article.id}#claim-${body.id}`);
  await expect(annotator.editor.root).toBeVisible();
  expect(await annotator.editorQuote()).toBe(body.target.exact);
  await expect(annotator.text.locator(`span[data-claims~="${body.id}"]`).first()).toBeInViewport();
  await expect(annotator.editor.root).toBeInViewport();

  // The same with ?claim=, and from the top of the page: the list keeps the editor in view as the text scrolls.
  await page.goto(`/articles/${article.id}?claim=${body.id}`);
  await expect(annotator.editor.root).toBeInViewport();
  await annotator.editor.close.click();
  await page.keyboard.press("Home");
  await expect(annotator.text.locator("span.seg-focus").first()).toBeInViewport();
  await annotator.claimItem("The deficit tripled").click();
  await expect(annotator.text.locator(`span[data-claims~="${body.id}"]`).first()).toBeInViewport();
  await expect(annotator.editor.root).toBeInViewport();
});
