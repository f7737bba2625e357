import { AnnotatorPage, expect, type SaveBody, SEED_TITLE, test } from "./fixtures";

test("[ANNOTATE]: claims a sentence with the mouse, adds a source, survives reload", async ({ page, user, articles, annotator }) => {
  await articles.open(SEED_TITLE);
  const index = await annotator.sentenceStartingWith("Wladimir Putin zeigt sich offen");
  const sentence = (await annotator.sentences())[index]!.trim();
  const text = await annotator.articleText();
  // Drag over a few words in the middle of the sentence…
  const from = text.indexOf("offen für Dialoge");
  const to = text.indexOf("Donald Trump") + "Donald Trump".length;
  expect(from).toBeGreaterThan(0);
  await annotator.dragSelect(from, to);

  // …and claim the whole sentence from the toolbar.
  const created = annotator.nextSave((body) => body.baseVersion === null);
  await annotator.toolbar.getByRole("button", { name: "Claim sentence" }).click();
  await expect(annotator.editor.root).toBeVisible();
  expect(await annotator.editorQuote()).toBe(sentence);
  expect((await created).status()).toBe(201);

  const { editor } = annotator;
  await editor.claimType.selectOption({ label: "Statistic" });
  await editor.checkWorthiness.selectOption("3");
  await editor.speaker.fill("Reuters");
  await editor.verdict.selectOption({ label: "Mostly true" });
  await editor.addSource.click();
  const source = editor.source(0);
  await source.url.fill("https://www.reuters.com/world/europe/putin-trump-ukraine-ceasefire");
  await source.stance.selectOption({ label: "Refutes" });
  const lastSave = annotator.nextSave((body) => body.sources[0]?.title === "Exclusive: Putin open to talks");
  await source.title.fill("Exclusive: Putin open to talks");
  expect((await lastSave).ok()).toBe(true);
  await expect(annotator.saveState).toHaveText("Saved");

  await page.reload();
  const item = annotator.claimItem(sentence.slice(0, 60)).filter({ hasText: user.name });
  await expect(item).toHaveCount(1);
  await expect(item).toContainText("Statistic · Mostly true · 1 source");
  await item.click();
  await expect(editor.root).toBeVisible();
  await expect(editor.claimType).toHaveValue("statistic");
  await expect(editor.checkWorthiness).toHaveValue("3");
  await expect(editor.speaker).toHaveValue("Reuters");
  await expect(editor.verdict).toHaveValue("mostly_true");
  await expect(editor.source(0).url).toHaveValue("https://www.reuters.com/world/europe/putin-trump-ukraine-ceasefire");
  await expect(editor.source(0).stance).toHaveValue("refutes");
  await expect(editor.source(0).title).toHaveValue("Exclusive: Putin open to talks");
});

test("[KEYBOARD]: claims, edits, deletes and undoes with the keyboard only", async ({ page, admin, user, annotator }) => {
  const article = await admin.articles.importFresh(
    "Keyboard walk",
    "The council approved the budget on Monday. Spending on schools rises by 12 percent, the mayor said. Critics called the plan reckless.",
  );
  await annotator.goto(article.id);
  const index = await annotator.sentenceStartingWith("Spending on schools");
  const sentence = (await annotator.sentences())[index]!.trim();
  expect(sentence).toBe("Spending on schools rises by 12 percent, the mayor said.");

  await annotator.tabToText();
  for (let i = 0; i <= index; i++) await page.keyboard.press(i % 2 ? "j" : "ArrowDown");
  await expect(annotator.text.locator("span.seg-focus").first()).toHaveAttribute("data-sentence", String(index));
  await expect(annotator.text.locator("span.seg-focus")).toHaveText([sentence]);

  const created = annotator.nextSave((body) => body.baseVersion === null);
  await page.keyboard.press("Enter");
  await expect(annotator.editor.root).toBeVisible();
  expect(await annotator.editorQuote()).toBe(sentence);
  expect((await created).status()).toBe(201);

  // Into the form with Tab; selects are set by type-ahead, text by typing.
  await annotator.tabTo("claim-type");
  await page.keyboard.press("s"); // "Statistic"
  await page.keyboard.press("Tab");
  await expect(annotator.editor.checkWorthiness).toBeFocused();
  await page.keyboard.press("2"); // "2 · Medium"
  await page.keyboard.press("Tab");
  await expect(annotator.editor.speaker).toBeFocused();
  const saved = annotator.nextSave((body: SaveBody) => body.speaker === "the mayor");
  await page.keyboard.type("the mayor");
  const body = (await saved).request().postDataJSON() as SaveBody;
  expect(body.claimType).toBe("statistic");
  expect(body.checkWorthiness).toBe(2);
  await expect(annotator.saveState).toHaveText("Saved");

  // Escape closes the editor and gives focus back to the text, on the same sentence.
  await page.keyboard.press("Escape");
  await expect(annotator.editor.root).toBeHidden();
  await expect(annotator.text).toBeFocused();
  const item = annotator.claimItem(sentence).filter({ hasText: user.name });
  await expect(item).toHaveCount(1);

  // o opens the sentence's claim, Delete deletes it, u undoes.
  await page.keyboard.press("o");
  await expect(annotator.editor.speaker).toHaveValue("the mayor");
  await expect(annotator.text).toBeFocused();
  await page.keyboard.press("Delete");
  await expect(annotator.toast).toBeVisible();
  await expect(annotator.toast.getByRole("button", { name: "Undo" })).toBeVisible();
  await expect(item).toHaveCount(0);
  await expect(annotator.text).toBeFocused();
  await page.keyboard.press("u");
  await expect(annotator.toast).toBeHidden();
  await expect(item).toHaveCount(1);
  await expect(annotator.editor.speaker).toHaveValue("the mayor");

  await page.reload();
  await expect(item).toHaveCount(1);
  await expect(item).toContainText("Statistic");
  const claims = await annotator.apiClaims();
  expect(claims).toHaveLength(1);
  expect(claims[0]).toMatchObject({
    authorName: user.name,
    speaker: "the mayor",
    claimType: "statistic",
    checkWorthiness: 2,
    target: { exact: sentence },
  });
});

test("[KEYBOARD]: Enter claims a sentence another annotator already claimed; o opens one's own claim", async ({ admin, user, page, annotator }) => {
  const article = await admin.articles.importFresh("Shared sentence", "Prices fell by 3 percent in May. Nobody expected it.");
  const adminView = admin.annotator;
  await adminView.goto(article.id);
  const index = await adminView.sentenceStartingWith("Prices fell");
  await adminView.focusSentence(index);
  const adminCreated = adminView.nextSave((b) => b.baseVersion === null);
  await admin.page.keyboard.press("Enter");
  expect((await adminCreated).status()).toBe(201);

  await annotator.goto(article.id);
  await expect(annotator.claimItems).toHaveCount(1);
  await annotator.focusSentence(index);
  const created = annotator.nextSave((b) => b.baseVersion === null);
  await page.keyboard.press("Enter");
  expect((await created).status()).toBe(201);
  await expect(annotator.editor.speaker).toBeEditable();
  await expect(annotator.claimItems).toHaveCount(2);
  await expect(annotator.claimItems.filter({ hasText: user.name })).toHaveCount(1);

  await page.keyboard.press("Escape");
  await page.keyboard.press("o");
  await expect(annotator.editor.speaker).toBeEditable();
  await expect(annotator.claimItems.filter({ hasText: user.name })).toHaveAttribute("aria-current", "true");
});

test("[OVERLAP]: two overlapping claims share a piece; clicking it cycles between them", async ({ admin, user, annotator }) => {
  const article = await admin.articles.importFresh(
    "Overlap",
    "The minister said the new bridge will cost 40 million euros and open in 2027. Engineers doubt the date.",
  );
  await annotator.goto(article.id);
  const text = await annotator.articleText();
  const quoteA = "The minister said the new bridge";
  const quoteB = "the new bridge will cost 40 million euros";
  const a = { start: text.indexOf(quoteA), end: text.indexOf(quoteA) + quoteA.length };
  const b = { start: text.indexOf(quoteB), end: text.indexOf(quoteB) + quoteB.length };
  expect(a.start).toBeGreaterThan(0);
  expect(b.start).toBeGreaterThan(a.start);

  for (const range of [a, b]) {
    expect(await annotator.rangeSelect(range.start, range.end)).toBe(text.slice(range.start, range.end));
    const created = annotator.nextSave((body) => body.baseVersion === null);
    await annotator.toolbar.getByRole("button", { name: "Claim", exact: true }).click();
    expect(await annotator.editorQuote()).toBe(text.slice(range.start, range.end));
    expect((await created).status()).toBe(201);
  }
  await expect(annotator.saveState).toHaveText("Saved");

  const claims = await annotator.apiClaims();
  expect(claims.map((c) => [c.target.exact, c.authorName])).toEqual([
    [quoteA, user.name],
    [quoteB, user.name],
  ]);
  const [claimA, claimB] = claims as [(typeof claims)[0], (typeof claims)[0]];
  await expect(annotator.claimItems).toHaveCount(2);
  await expect(annotator.claimItem(quoteA)).toHaveCount(1);
  await expect(annotator.claimItem(quoteB)).toHaveCount(1);

  // The shared words are one piece covered by both claims.
  const overlap = annotator.text.locator("span[data-claims]").filter({ hasText: "the new bridge" });
  await expect(overlap).toHaveCount(1);
  await expect(overlap).toHaveText("the new bridge");
  expect(((await overlap.getAttribute("data-claims")) ?? "").split(" ").sort()).toEqual([claimA.id, claimB.id].sort());
  await expect(annotator.text.locator(`span[data-claims="${claimA.id}"]`)).toHaveText("The minister said ");
  await expect(annotator.text.locator(`span[data-claims="${claimB.id}"]`)).toHaveText(" will cost 40 million euros");

  // Clicking the overlap opens one claim, clicking again the other, then the first again.
  await annotator.editor.close.click();
  await expect(annotator.editor.root).toBeHidden();
  await overlap.click();
  const first = await annotator.editorQuote();
  await overlap.click();
  await expect(annotator.editor.quote).not.toHaveText(first);
  const second = await annotator.editorQuote();
  expect([first, second].sort()).toEqual([quoteA, quoteB].sort());
  await overlap.click();
  await expect(annotator.editor.quote).toHaveText(first);
  // A click on a piece of one claim only opens that claim.
  await annotator.text.locator(`span[data-claims="${claimB.id}"]`).click();
  await expect(annotator.editor.quote).toHaveText(quoteB);
});

test("[CONFLICT]: a stale edit in a second tab is refused and the UI says it changed elsewhere", async ({ page, user, articles, annotator }) => {
  await articles.open(SEED_TITLE);
  const index = await annotator.sentenceStartingWith("Sollte kein Waffenstillstand");
  const sentence = (await annotator.sentences())[index]!.trim();
  await annotator.focusSentence(index);
  const created = annotator.nextSave((body) => body.baseVersion === null);
  await page.keyboard.press("c");
  expect((await created).status()).toBe(201);
  await expect(annotator.saveState).toHaveText("Saved");

  // Second tab, same user, same claim.
  const page2 = await page.context().newPage();
  const tab2 = new AnnotatorPage(page2);
  await tab2.goto(annotator.articleId);
  await tab2.claimItem(sentence.slice(0, 40)).filter({ hasText: user.name }).click();
  await expect(tab2.editor.speaker).toHaveValue("");

  // Edit in the first tab and wait until it is saved…
  const firstSave = annotator.nextSave((body) => body.speaker === "Erster Tab");
  await annotator.editor.speaker.fill("Erster Tab");
  expect((await firstSave).status()).toBe(200);
  await expect(annotator.saveState).toHaveText("Saved");

  // …then edit the stale copy in the second tab.
  const staleSave = tab2.nextSave((body) => body.speaker === "Zweiter Tab");
  await tab2.editor.speaker.fill("Zweiter Tab");
  expect((await staleSave).status()).toBe(409);
  await expect(tab2.notice).toContainText("changed elsewhere");
  // The latest version replaces the stale draft.
  await expect(tab2.editor.speaker).toHaveValue("Erster Tab");

  const mine = (await annotator.apiClaims()).filter((c) => c.authorName === user.name);
  expect(mine).toHaveLength(1);
  expect(mine[0]!.speaker).toBe("Erster Tab");
  await page2.close();
});
