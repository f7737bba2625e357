import fs from "node:fs";
import path from "node:path";
import { build } from "esbuild";
import { expect, saveClaimViaApi, test, uniqueSuffix } from "./fixtures";

const DEFAULT_PROJECT_ID = "00000000-0000-4000-8000-000000000001";

test("[EXPORT]: downloads every format from the export page, with counts and progress", async ({ admin }) => {
  const { page, articles, annotator } = admin;
  const title = `Export probe 😀 ${uniqueSuffix()}`;
  const articleId = await articles
    .importFresh("Export probe", "Die Regierung meldete 2,4 Mio. Fälle 🇩🇪. Kritiker widersprachen =SUMME(A1).")
    .then((a) => a.id);
  void title;
  await annotator.goto(articleId);
  const text = await annotator.articleText();
  await saveClaimViaApi(page.request, articleId, text, "Die Regierung meldete 2,4 Mio. Fälle 🇩🇪.");
  await saveClaimViaApi(page.request, articleId, text, "Kritiker widersprachen =SUMME(A1).", { verdict: "unverified", rationale: "=SUMME(A1)" });

  // From the navigation, the page asks for the project first (it never assumes one).
  await page.goto("/export");
  const picker = page.getByRole("form", { name: "Choose the project" });
  await picker.getByLabel("Project").selectOption({ label: "Default project" });
  await picker.getByRole("button", { name: "Open" }).click();
  await page.waitForURL(/\/export\?project=/);
  const form = page.getByRole("form", { name: "Export" });
  await form.getByLabel("Articles (none selected = all)").selectOption(articleId);
  const expectations: Record<string, (body: string) => void> = {
    jsonl: (body) => {
      const records = body
        .trim()
        .split("\n")
        .map((l) => JSON.parse(l) as { type: string });
      expect(records[0]!.type).toBe("header");
      expect(records.filter((r) => r.type === "claim")).toHaveLength(2);
    },
    csv: (body) => {
      expect(body.split("\n")[0]).toContain("claim_id,article_id");
      expect(body).toContain("'=SUMME(A1)"); // formula neutralised
    },
    w3c: (body) => {
      const doc = JSON.parse(body) as { type: string; total: number };
      expect(doc.type).toBe("AnnotationCollection");
      expect(doc.total).toBe(2);
    },
    claimreview: (body) => {
      const reviews = JSON.parse(body) as Array<{ "@type": string }>;
      expect(reviews).toHaveLength(1);
      expect(reviews[0]!["@type"]).toBe("ClaimReview");
    },
    tsv: (body) => {
      const lines = body.trim().split("\n");
      expect(lines[0]).toBe("article_id\tsentence_index\tsentence_text\tlabel\tclaim_type\trevision");
      expect(lines.filter((l) => l.endsWith("\tclaim\tstatistic\t1"))).toHaveLength(2);
    },
  };
  for (const [format, check] of Object.entries(expectations)) {
    await form.getByLabel("Format").selectOption(format);
    await expect(page.getByTestId("export-count")).toHaveText(format === "claimreview" ? "1 claim will be exported." : "2 claims will be exported.");
    const download = page.waitForEvent("download");
    await form.getByRole("button", { name: "Download" }).click();
    const file = await download;
    expect(file.suggestedFilename()).toMatch(/^claimwork-.*\.(jsonl|csv|jsonld|tsv)$/);
    await expect(page.getByTestId("export-progress")).toContainText("done");
    check(fs.readFileSync((await file.path())!, "utf8"));
  }
});

test("[W3C]: exported selectors resolve to the claimed text on the rendered page with an independent library", async ({ admin }) => {
  const { page, articles, annotator } = admin;
  const body =
    "Emoji 😀👍🏽 vorneweg. Die Flagge 🇩🇪 und die Familie 👨‍👩‍👧 stehen hier. " +
    "Cafe\u0301s kosten 12 Prozent mehr, sagte 𝔘𝔫𝔦𝔠𝔬𝔡𝔢-Experte Müller. Das Wort sagte kommt zweimal vor.";
  const { id: articleId } = await articles.importFresh("W3C anchoring", body);
  await annotator.goto(articleId);
  const text = await annotator.articleText();
  const quotes = ["Die Flagge 🇩🇪 und die Familie 👨‍👩‍👧 stehen hier.", "Cafe\u0301s kosten 12 Prozent mehr", "𝔘𝔫𝔦𝔠𝔬𝔡𝔢-Experte Müller", "sagte"];
  for (const q of quotes) await saveClaimViaApi(page.request, articleId, text, q);

  const response = await page.request.get(`/api/export?format=w3c&projectId=${DEFAULT_PROJECT_ID}&articleIds=${articleId}`);
  expect(response.ok()).toBe(true);
  const collection = (await response.json()) as {
    first: { items: Array<{ target: { source: { id: string } | string; selector: Array<Record<string, unknown>> } }> };
  };
  expect(collection.first.items).toHaveLength(quotes.length);

  const bundle = await build({
    entryPoints: [path.join(__dirname, "support", "w3c-anchor-entry.ts")],
    bundle: true,
    write: false,
    format: "iife",
    platform: "browser",
    target: "es2020",
    logLevel: "silent",
  });
  await page.addScriptTag({ content: bundle.outputFiles[0]!.text });

  for (const item of collection.first.items) {
    const selectors = item.target.selector as Array<{ type: string; exact?: string }>;
    const exact = selectors.find((s) => s.type === "TextQuoteSelector")!.exact!;
    const resolved = await annotator.text.evaluate(
      (root, sel) =>
        (window as unknown as { __resolveW3c: (r: Element, s: unknown) => Promise<{ quote: string[]; position: string[] }> }).__resolveW3c(root, sel),
      selectors,
    );
    // The position selector (code points) lands on exactly the quote; the quote selector with its context matches once.
    expect(resolved.position).toEqual([exact]);
    expect(resolved.quote).toEqual([exact]);
  }
});
