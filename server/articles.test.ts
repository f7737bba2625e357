import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { and, asc, count, eq } from "drizzle-orm";
import { beforeAll, expect, it } from "vitest";
import { articles, events, sentences } from "@/db/schema";
import { contentHash } from "@/lib/content-hash";
import { sliceCodePoints } from "@/lib/offsets";
import { createMember, createTestProject, createTestUser, describeEachDatabase, expectAppError, type TestDatabase } from "@/test-support/databases";
import { seedArticle, UNICODE_ARTICLE_RAW, UNICODE_ARTICLE_TEXT, UNICODE_SENTENCES } from "@/test-support/fixtures";
import { articlesFromJsonLines, getArticle, importArticleStream, importArticles, listArticles } from "./articles";
import type { Actor } from "./authz";
import { DEFAULT_PROJECT_ID } from "./default-project";
import { loadSeeds } from "./seed";

const SEEDS_DIR = path.join(process.cwd(), "seeds");

describeEachDatabase("articles", (getDatabase) => {
  let t: TestDatabase;
  let projectA: string;
  let projectB: string;
  let admin: Actor;
  let reviewer: Actor;
  let annotator: Actor;
  let viewer: Actor;
  let outsiderAdmin: Actor;

  beforeAll(async () => {
    t = getDatabase();
    projectA = (await createTestProject(t.db, { name: "A" })).id;
    projectB = (await createTestProject(t.db, { name: "B" })).id;
    reviewer = await createMember(t.db, projectA, "reviewer", "Rita");
    annotator = await createMember(t.db, projectA, "annotator", "Anna");
    viewer = await createMember(t.db, projectA, "viewer", "Vera");
    admin = await createTestUser(t.db, "Root", { isAdmin: true });
    outsiderAdmin = await createMember(t.db, projectB, "admin", "Bea");
  });

  async function articlesOf(projectId: string) {
    return t.db.select().from(articles).where(eq(articles.projectId, projectId));
  }

  it("loads the repository's seeds idempotently, with their sentences", async () => {
    const seedFiles = fs.readdirSync(SEEDS_DIR).filter((name) => /\.(txt|md)$/i.test(name));
    expect(seedFiles.length).toBeGreaterThan(0);

    const first = await loadSeeds(t.db, SEEDS_DIR);
    expect(first).toEqual({ imported: seedFiles.length, existing: 0 });
    const second = await loadSeeds(t.db, SEEDS_DIR);
    expect(second).toEqual({ imported: 0, existing: seedFiles.length });

    const seeded = await articlesOf(DEFAULT_PROJECT_ID);
    expect(seeded).toHaveLength(seedFiles.length);
    for (const article of seeded) {
      expect(article.originFile).toMatch(/\.(txt|md)$/);
      expect(article.createdBy).toBeNull();
      expect(article.sentenceCount).toBeGreaterThan(1);
      const stored = await t.db.select().from(sentences).where(eq(sentences.articleId, article.id)).orderBy(asc(sentences.index));
      expect(stored).toHaveLength(article.sentenceCount);
      expect(stored.map((s) => s.index)).toEqual(stored.map((_, i) => i));
      // Sentences tile the text in order and never run past its end (counted in code points).
      const length = [...article.text].length;
      for (let i = 0; i < stored.length; i++) {
        const s = stored[i]!;
        expect(s.end).toBeGreaterThan(s.start);
        expect(s.end).toBeLessThanOrEqual(length);
        if (i > 0) expect(s.start).toBeGreaterThanOrEqual(stored[i - 1]!.end);
        expect(sliceCodePoints(article.text, s.start, s.end).trim()).not.toBe("");
      }
      expect(article.text).not.toContain("\r");
      expect(article.contentHash).toBe(contentHash(article.text));
    }
    const history = await t.db
      .select({ n: count() })
      .from(events)
      .where(and(eq(events.projectId, DEFAULT_PROJECT_ID), eq(events.action, "article.imported")));
    expect(history[0]?.n).toBe(seedFiles.length);

    // A missing seeds folder is not an error.
    expect(await loadSeeds(t.db, path.join(SEEDS_DIR, "does-not-exist"))).toEqual({ imported: 0, existing: 0 });
  });

  it("refuses empty, binary and malformed files with 422 naming the file and the problem", async () => {
    const cases: Array<[string, string, RegExp]> = [
      ["empty.txt", "", /empty\.txt: .*empty/],
      ["blank.txt", "  \r\n\t\n", /blank\.txt: .*empty/],
      ["nul.txt", "Title\n\nSome text\u0000with a NUL byte.", /nul\.txt: .*binary/],
      ["yaml.md", "---\ntitle: [unclosed\n---\nTitle\n\nBody text.", /yaml\.md: .*front matter is not valid YAML/],
      ["open.md", "---\ntitle: x\nTitle\n\nBody text.", /open\.md: .*never closed/],
      ["url.md", "---\nsource_url: javascript:alert(1)\n---\nTitle\n\nBody text.", /url\.md: .*"source_url" must be an http/],
      ["date.md", "---\npublished: 2024-02-30\n---\nTitle\n\nBody text.", /date\.md: .*"published" must be an ISO date/],
      ["only-meta.md", "---\ntitle: Nothing\n---\n\n", /only-meta\.md: .*no article text/],
    ];
    for (const [name, content, message] of cases) {
      const error = await expectAppError(() => importArticles(t.db, reviewer, { projectId: projectA, files: [{ name, content }] }));
      expect(error.type, name).toBe("unprocessable");
      expect(error.status).toBe(422);
      expect(error.message).toMatch(message);
    }
    expect(await articlesOf(projectA)).toHaveLength(0);
  });

  it("imports all files or none", async () => {
    const good = { name: "good.txt", content: "Gute Nachricht\n\nDie Stadt hat gespart. Das ist neu." };
    const bad = { name: "bad.txt", content: "\u0000\u0000" };
    const error = await expectAppError(() => importArticles(t.db, reviewer, { projectId: projectA, files: [good, bad] }));
    expect(error.message).toMatch(/^bad\.txt: /);
    expect(await articlesOf(projectA)).toHaveLength(0);
  });

  it("stores front-matter fields and keeps them out of the text", async () => {
    const content = [
      "---",
      "title: Überschrift aus dem Kopf",
      "source_url: https://news.example/artikel?id=7",
      "publisher: Beispiel-Zeitung",
      "language: de-AT",
      "published: 2024-11-19",
      "unused_key: whatever",
      "---",
      "Die Zeile im Text 😀",
      "",
      "Erster Satz des Artikels. Zweiter Satz.",
    ].join("\n");
    const [imported] = await importArticles(t.db, reviewer, { projectId: projectA, files: [{ name: "meta.md", content }] });
    expect(imported).toMatchObject({ title: "Überschrift aus dem Kopf", isNew: true });
    const article = await getArticle(t.db, reviewer, imported!.id);
    expect(article).toMatchObject({
      projectId: projectA,
      title: "Überschrift aus dem Kopf",
      text: "Die Zeile im Text 😀\n\nErster Satz des Artikels. Zweiter Satz.",
      language: "de-AT",
      sourceUrl: "https://news.example/artikel?id=7",
      publisher: "Beispiel-Zeitung",
      publishedAt: "2024-11-19",
    });
    expect(article.sentences.map((s) => sliceCodePoints(article.text, s.start, s.end))).toEqual([
      "Die Zeile im Text 😀",
      "Erster Satz des Artikels.",
      "Zweiter Satz.",
    ]);
    const [row] = await t.db.select().from(articles).where(eq(articles.id, imported!.id));
    expect(row).toMatchObject({ originFile: "meta.md", createdBy: reviewer.id, sentenceCount: 3 });
  });

  it("normalises CRLF, so the same article with other line endings is the same article", async () => {
    const [crlf] = await importArticles(t.db, reviewer, {
      projectId: projectA,
      files: [{ name: "unicode-crlf.txt", content: UNICODE_ARTICLE_RAW }],
    });
    expect(crlf?.isNew).toBe(true);
    const article = await getArticle(t.db, annotator, crlf!.id);
    expect(article.text).toBe(UNICODE_ARTICLE_TEXT);
    expect(article.text).not.toContain("\r");
    expect(article.sentences.map((s) => sliceCodePoints(article.text, s.start, s.end))).toEqual([...UNICODE_SENTENCES]);

    const variants = [UNICODE_ARTICLE_RAW.replace(/\r\n/g, "\n"), UNICODE_ARTICLE_RAW.replace(/\r\n/g, "\r"), `\uFEFF${UNICODE_ARTICLE_RAW}\r\n\r\n`];
    const again = await importArticles(t.db, reviewer, {
      projectId: projectA,
      files: variants.map((content, i) => ({ name: `variant-${i}.txt`, content })),
    });
    expect(again.map((a) => [a.id, a.isNew])).toEqual(variants.map(() => [crlf!.id, false]));
    expect((await articlesOf(projectA)).filter((a) => a.contentHash === contentHash(UNICODE_ARTICLE_TEXT))).toHaveLength(1);

    // The same text in another project is a separate article there.
    const inB = await seedArticle(t.db, projectB, UNICODE_ARTICLE_RAW);
    expect(inB.isNew).toBe(true);
    expect(inB.id).not.toBe(crlf!.id);
  });

  it("lets only reviewers and admins import", async () => {
    const file = { name: "x.txt", content: "Titel\n\nEin Satz. Noch einer." };
    expect((await expectAppError(() => importArticles(t.db, annotator, { projectId: projectA, files: [file] }))).type).toBe("forbidden");
    expect((await expectAppError(() => importArticles(t.db, viewer, { projectId: projectA, files: [file] }))).type).toBe("forbidden");
    expect((await expectAppError(() => importArticles(t.db, outsiderAdmin, { projectId: projectA, files: [file] }))).type).toBe("not_found");
    const unknownProject = await expectAppError(() => importArticles(t.db, admin, { projectId: crypto.randomUUID(), files: [file] }));
    expect(unknownProject.code).toBe("not_found:project");
  });

  it("lists only articles of the actor's projects", async () => {
    const secret = await seedArticle(t.db, projectB, "Geheim in B\n\nNur Projekt B sieht das. Sonst niemand.");
    const inA = (await articlesOf(projectA)).map((a) => a.id).sort();
    const inB = (await articlesOf(projectB)).map((a) => a.id).sort();
    expect(inA.length).toBeGreaterThan(0);
    expect(inB).toContain(secret.id);

    for (const actor of [reviewer, annotator, viewer]) {
      const listed = await listArticles(t.db, actor);
      expect(listed.map((a) => a.id).sort()).toEqual(inA);
      expect(listed.every((a) => a.projectId === projectA)).toBe(true);
      expect(await listArticles(t.db, actor, { projectId: projectB })).toEqual([]);
    }
    expect((await listArticles(t.db, outsiderAdmin)).map((a) => a.id).sort()).toEqual(inB);

    const all = (await listArticles(t.db, admin)).map((a) => a.id);
    expect(all).toEqual(expect.arrayContaining([...inA, ...inB]));
    expect((await listArticles(t.db, admin, { projectId: projectB })).map((a) => a.id).sort()).toEqual(inB);

    const loner = await createTestUser(t.db, "Loner");
    expect(await listArticles(t.db, loner)).toEqual([]);

    const item = (await listArticles(t.db, reviewer)).find((a) => a.title === "Überschrift aus dem Kopf");
    expect(item).toMatchObject({ sentenceCount: 3, claimCount: 0, language: "de-AT" });
  });

  it("hides an article of another project (404) and an unknown id", async () => {
    const [secret] = await articlesOf(projectB);
    const error = await expectAppError(() => getArticle(t.db, reviewer, secret!.id));
    expect(error.code).toBe("not_found:article");
    expect(error.status).toBe(404);
    const unknown = await expectAppError(() => getArticle(t.db, reviewer, crypto.randomUUID()));
    expect(unknown.code).toBe("not_found:article");
    // Same message either way, so ids cannot be probed.
    expect(error.message).toBe(unknown.message);

    expect((await getArticle(t.db, outsiderAdmin, secret!.id)).id).toBe(secret!.id);
    expect((await getArticle(t.db, admin, secret!.id)).id).toBe(secret!.id);
  });
});

describeEachDatabase("articles from a JSONL file", (getDatabase) => {
  it("imports one article per line with its metadata, and lists bad lines when asked to skip them", async () => {
    const { db } = getDatabase();
    const admin = await createTestUser(db, "Bulk admin", { isAdmin: true });
    const project = await createTestProject(db);
    const lines = [
      JSON.stringify({
        text: "Erster Titel\n\nDer Kanzler sagte am 19. November, man werde 2,4 Mrd. Euro ausgeben.",
        sourceUrl: "https://news.example/1",
        language: "de",
      }),
      "{not json",
      JSON.stringify({ title: "No text" }),
      "",
      JSON.stringify({ text: "Second title\n\nThe minister said inflation fell to 2.1 %.", publisher: "Example Times", language: "en" }),
    ];
    const refused = await expectAppError(() =>
      importArticleStream(db, admin, { projectId: project.id, items: articlesFromJsonLines(lines, "bulk.jsonl"), skipInvalid: false }),
    );
    expect(refused.message).toContain("bulk.jsonl line 2");
    expect(await db.select().from(articles).where(eq(articles.projectId, project.id))).toHaveLength(0);

    const result = await importArticleStream(db, admin, {
      projectId: project.id,
      items: articlesFromJsonLines(lines, "bulk.jsonl"),
      skipInvalid: true,
    });
    expect(result.created).toBe(2);
    expect(result.skipped.map((s) => s.line)).toEqual([2, 3]);
    expect(result.skipped[1]!.message).toContain("text");
    const stored = await db.select().from(articles).where(eq(articles.projectId, project.id)).orderBy(articles.title);
    expect(stored.map((a) => [a.title, a.sourceUrl, a.publisher, a.language])).toEqual([
      ["Erster Titel", "https://news.example/1", null, "de"],
      ["Second title", null, "Example Times", "en"],
    ]);
  });
});
