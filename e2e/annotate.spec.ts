import { AnnotatorPage, SEED_TITLE, expect, test, type SaveBody } from "./fixtures";

test.describe("annotating the seed article", () => {
  test.beforeEach(async ({ user: _user, articles }) => {
    await articles.open(SEED_TITLE);
  });

  test("[ANNOTATE]: claims a sentence with the mouse, adds a source, survives reload", async ({ page, user, annotator }) => {
    const index = await annotator.sentenceStartingWith("Wladimir Putin zeigt sich offen");
    const sentence = (await annotator.sentences())[index]!;
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
    expect(await annotator.editorQuote()).toBe(sentence.trim());
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
    const item = annotator.claimItem(sentence.trim().slice(0, 60)).filter({ hasText: user.name });
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

  test("[KEYBOARD]: claims, edits, deletes and undoes with the keyboard only", async ({ page, user, annotator }) => {
    const index = await annotator.sentenceStartingWith("Drei dieser Personen");
    const sentence = (await annotator.sentences())[index]!.trim();

    await annotator.tabToText();
    for (let i = 0; i <= index; i++) await page.keyboard.press(i % 2 ? "j" : "ArrowDown");
    await expect(annotator.text.locator(`span.seg-focus[data-sentence="${index}"]`).first()).toBeVisible();
    await expect(annotator.text.locator("span.seg-focus").first()).toHaveAttribute("data-sentence", String(index));

    const created = annotator.nextSave((body) => body.baseVersion === null);
    await page.keyboard.press("Enter");
    await expect(annotator.editor.root).toBeVisible();
    expect(await annotator.editorQuote()).toBe(sentence);
    expect((await created).status()).toBe(201);

    // Into the form with Tab; selects are set by type-ahead, text by typing.
    await annotator.tabTo("claim-type");
    await page.keyboard.press("q"); // "Quote / attributed statement"
    await page.keyboard.press("Tab");
    await expect(annotator.editor.checkWorthiness).toBeFocused();
    await page.keyboard.press("2"); // "2 · Medium"
    await page.keyboard.press("Tab");
    await expect(annotator.editor.speaker).toBeFocused();
    const saved = annotator.nextSave((body: SaveBody) => body.speaker === "Drei Beamte");
    await page.keyboard.type("Drei Beamte");
    const body = (await saved).request().postDataJSON() as SaveBody;
    expect(body.claimType).toBe("quote");
    expect(body.checkWorthiness).toBe(2);
    await expect(annotator.saveState).toHaveText("Saved");

    // Escape closes the editor and gives focus back to the text, on the same sentence.
    await page.keyboard.press("Escape");
    await expect(annotator.editor.root).toBeHidden();
    await expect(annotator.text).toBeFocused();
    const item = annotator.claimItem(sentence.slice(0, 50)).filter({ hasText: user.name });
    await expect(item).toHaveCount(1);

    // o opens the sentence's claim, Delete deletes it, u undoes.
    await page.keyboard.press("o");
    await expect(annotator.editor.speaker).toHaveValue("Drei Beamte");
    await expect(annotator.text).toBeFocused();
    await page.keyboard.press("Delete");
    await expect(annotator.toast).toBeVisible();
    await expect(item).toHaveCount(0);
    await expect(annotator.text).toBeFocused();
    await page.keyboard.press("u");
    await expect(annotator.toast).toBeHidden();
    await expect(item).toHaveCount(1);
    await expect(annotator.editor.speaker).toHaveValue("Drei Beamte");

    await page.reload();
    await expect(item).toHaveCount(1);
    await expect(item).toContainText("Quote / attributed statement");
    const claims = await annotator.apiClaims();
    const mine = claims.filter((c) => c.authorName === user.name);
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({ speaker: "Drei Beamte", claimType: "quote", checkWorthiness: 2, target: { exact: sentence } });
  });

  test("[OVERLAP]: two overlapping claims share a piece; clicking it cycles between them", async ({ user, annotator }) => {
    const text = await annotator.articleText();
    const a = { start: text.indexOf("Der künftige US-Präsident Trump"), end: 0 };
    a.end = a.start + "Der künftige US-Präsident Trump".length;
    const b = { start: text.indexOf("US-Präsident Trump, der angekündigt hat"), end: 0 };
    b.end = b.start + "US-Präsident Trump, der angekündigt hat".length;
    expect(a.start).toBeGreaterThan(0);

    for (const range of [a, b]) {
      expect(await annotator.rangeSelect(range.start, range.end)).toBe(text.slice(range.start, range.end));
      const created = annotator.nextSave((body) => body.baseVersion === null);
      await annotator.toolbar.getByRole("button", { name: "Claim", exact: true }).click();
      expect(await annotator.editorQuote()).toBe(text.slice(range.start, range.end));
      expect((await created).status()).toBe(201);
    }
    await expect(annotator.saveState).toHaveText("Saved");

    const mine = (await annotator.apiClaims()).filter((c) => c.authorName === user.name);
    expect(mine.map((c) => c.target.exact)).toEqual(["Der künftige US-Präsident Trump", "US-Präsident Trump, der angekündigt hat"]);
    const [claimA, claimB] = mine as [(typeof mine)[0], (typeof mine)[0]];
    await expect(annotator.claimItem("Der künftige US-Präsident Trump").filter({ hasText: user.name })).toHaveCount(1);
    await expect(annotator.claimItem("US-Präsident Trump, der angekündigt hat").filter({ hasText: user.name })).toHaveCount(1);

    // The shared words are one piece covered by both claims (shorter, i.e. inner, first).
    const overlap = annotator.text.locator(`span[data-claims~="${claimA.id}"][data-claims~="${claimB.id}"]`);
    await expect(overlap).toHaveCount(1);
    await expect(overlap).toHaveText("US-Präsident Trump");
    const ids = ((await overlap.getAttribute("data-claims")) ?? "").split(" ");
    expect(ids.sort()).toEqual([claimA.id, claimB.id].sort());
    await expect(annotator.text.locator(`span[data-claims="${claimA.id}"]`)).toHaveText("Der künftige ");
    await expect(annotator.text.locator(`span[data-claims="${claimB.id}"]`)).toHaveText(", der angekündigt hat");

    // Clicking the overlap opens one claim, clicking again the other.
    await annotator.editor.close.click();
    await expect(annotator.editor.root).toBeHidden();
    await overlap.click();
    const first = await annotator.editorQuote();
    await overlap.click();
    const second = await annotator.editorQuote();
    expect([first, second].sort()).toEqual([claimA.target.exact, claimB.target.exact].sort());
    await overlap.click();
    expect(await annotator.editorQuote()).toBe(first);
  });

  test("[CONFLICT]: a stale edit in a second tab is refused and the UI says it changed elsewhere", async ({ page, user, annotator }) => {
    const index = await annotator.sentenceStartingWith("Sollte kein Waffenstillstand");
    const sentence = (await annotator.sentences())[index]!.trim();
    await annotator.text.focus();
    for (let i = 0; i <= index; i++) await page.keyboard.press("j");
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
});
