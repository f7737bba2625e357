import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { and, asc, count, eq, like } from "drizzle-orm";
import iconv from "iconv-lite";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "@/db/client";
import { articles, events, sentences, users } from "@/db/schema";
import { contentHash } from "@/lib/content-hash";
import { sliceCodePoints } from "@/lib/offsets";
import {
  addMember,
  createMember,
  createTestProject,
  createTestUser,
  describeEachDatabase,
  expectAppError,
  type TestDatabase,
} from "@/test-support/databases";
import { seedArticle, UNICODE_ARTICLE_RAW, UNICODE_ARTICLE_TEXT, UNICODE_SENTENCES } from "@/test-support/fixtures";
import {
  ARTICLE_FILE_LIMIT,
  type ArticleFileOutcome,
  articlesFromJsonLines,
  getArticle,
  importArticleStream,
  importArticles,
  insertArticleFromFile,
  listArticles,
} from "./articles";
import type { Actor } from "./authz";
import { DEFAULT_PROJECT_ID } from "./default-project";
import { loadSeeds } from "./seed";

const SEEDS_DIR = path.join(process.cwd(), "seeds");

type DbGlobal = { claimworkDatabase?: Promise<DatabaseHandle>; claimworkAuth?: unknown };
const store = globalThis as typeof globalThis & DbGlobal;

const windows1252 = (text: string) => new Uint8Array(iconv.encode(text, "windows-1252"));

/** An outcome that stored an article (imported or already there), or a failed test saying what it was instead. */
function stored(outcome: ArticleFileOutcome | undefined): ArticleFileOutcome & { status: "imported" | "existing" } {
  if (outcome?.status !== "imported" && outcome?.status !== "existing") throw new Error(`not stored: ${JSON.stringify(outcome)}`);
  return outcome;
}

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

    // A seed article moved into another project stays there: a restart does not put it back into the default project.
    await t.db.update(articles).set({ projectId: projectB }).where(eq(articles.projectId, DEFAULT_PROJECT_ID));
    expect(await loadSeeds(t.db, SEEDS_DIR)).toEqual({ imported: 0, existing: seedFiles.length });
    expect(await articlesOf(DEFAULT_PROJECT_ID)).toHaveLength(0);
    await t.db.update(articles).set({ projectId: DEFAULT_PROJECT_ID }).where(eq(articles.projectId, projectB));

    // A missing seeds folder is not an error.
    expect(await loadSeeds(t.db, path.join(SEEDS_DIR, "does-not-exist"))).toEqual({ imported: 0, existing: 0 });
  });

  it("refuses empty, binary and malformed files, naming the file and the problem (422 where one is imported alone)", async () => {
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
    const outcomes = await importArticles(t.db, reviewer, { projectId: projectA, files: cases.map(([name, content]) => ({ name, content })) });
    expect(outcomes.map((o) => [o.name, o.status])).toEqual(cases.map(([name]) => [name, "refused"]));
    for (const [i, [name, content, message]] of cases.entries()) {
      const outcome = outcomes[i]!;
      expect(outcome.status === "refused" && outcome.reason, name).toMatch(message);
      // The one-file path (the seed loader's) throws the same words as a 422.
      const error = await expectAppError(() =>
        t.db.transaction((tx) => insertArticleFromFile(tx, { projectId: projectA, raw: content, fileName: name, actorId: null })),
      );
      expect(error.type, name).toBe("unprocessable");
      expect(error.status).toBe(422);
      expect(error.message).toBe(outcome.status === "refused" && outcome.reason);
    }
    expect(outcomes.map((o) => o.status === "refused" && o.problem)).toEqual([
      "empty",
      "empty",
      "binary",
      "invalid",
      "invalid",
      "invalid",
      "invalid",
      "empty",
    ]);
    expect(await articlesOf(projectA)).toHaveLength(0);
  });

  it("imports the valid files of a batch and lists the refused ones with the reason", async () => {
    const good = { name: "good.txt", content: "Gute Nachricht\n\nDie Stadt hat gespart. Das ist neu." };
    const bad = { name: "bad.txt", content: "\u0000\u0000" };
    const outcomes = await importArticles(t.db, reviewer, { projectId: projectA, files: [bad, good] });
    expect(outcomes).toEqual([
      { name: "bad.txt", status: "refused", problem: "binary", reason: expect.stringMatching(/^bad\.txt: .*binary/) },
      { name: "good.txt", status: "imported", id: expect.any(String), title: "Gute Nachricht" },
    ]);
    expect((await articlesOf(projectA)).map((a) => a.title)).toEqual(["Gute Nachricht"]);
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
    const imported = stored((await importArticles(t.db, reviewer, { projectId: projectA, files: [{ name: "meta.md", content }] }))[0]);
    expect(imported).toMatchObject({ title: "Überschrift aus dem Kopf", status: "imported" });
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
    const crlf = stored(
      (
        await importArticles(t.db, reviewer, {
          projectId: projectA,
          files: [{ name: "unicode-crlf.txt", content: UNICODE_ARTICLE_RAW }],
        })
      )[0],
    );
    expect(crlf.status).toBe("imported");
    const article = await getArticle(t.db, annotator, crlf!.id);
    expect(article.text).toBe(UNICODE_ARTICLE_TEXT);
    expect(article.text).not.toContain("\r");
    expect(article.sentences.map((s) => sliceCodePoints(article.text, s.start, s.end))).toEqual([...UNICODE_SENTENCES]);

    const variants = [UNICODE_ARTICLE_RAW.replace(/\r\n/g, "\n"), UNICODE_ARTICLE_RAW.replace(/\r\n/g, "\r"), `\uFEFF${UNICODE_ARTICLE_RAW}\r\n\r\n`];
    const again = await importArticles(t.db, reviewer, {
      projectId: projectA,
      files: variants.map((content, i) => ({ name: `variant-${i}.txt`, content })),
    });
    expect(again.map((a) => [stored(a).id, a.status])).toEqual(variants.map(() => [crlf.id, "existing"]));
    expect((await articlesOf(projectA)).filter((a) => a.contentHash === contentHash(UNICODE_ARTICLE_TEXT))).toHaveLength(1);

    // The same text in another project is a separate article there.
    const inB = await seedArticle(t.db, projectB, UNICODE_ARTICLE_RAW);
    expect(inB.isNew).toBe(true);
    expect(inB.id).not.toBe(crlf.id);
  });

  it("reads an uploaded Windows-1252 file as the text it holds, and says it read it so", async () => {
    const text =
      "Stadtrat beschließt Haushalt\n\nDie Gebühren für die Müllabfuhr in München steigen, sagte Bürgermeisterin Weiß. „Wir müssen sparen“ – 12 Mio. €.";
    const latin1 = stored(
      (await importArticles(t.db, reviewer, { projectId: projectA, files: [{ name: "Straße.txt", bytes: windows1252(text) }] }))[0],
    );
    expect(latin1).toMatchObject({ name: "Straße.txt", status: "imported", title: "Stadtrat beschließt Haushalt", encoding: "windows-1252" });
    const article = await getArticle(t.db, reviewer, latin1.id);
    expect(article.text).toBe(text);
    expect(article.text).not.toContain("\uFFFD");
    // The same article saved as UTF-8 is the same article.
    const asUtf8 = await importArticles(t.db, reviewer, {
      projectId: projectA,
      files: [{ name: "utf8.txt", bytes: new TextEncoder().encode(text) }],
    });
    expect(asUtf8).toEqual([{ name: "utf8.txt", status: "existing", id: latin1.id, title: latin1.title, encoding: "UTF-8" }]);
  });

  it("reads UTF-16 files (Notepad's, with a byte-order mark, CRLF and emoji) as the same article as their UTF-8 form", async () => {
    const [utf8] = await articlesOf(projectA).then((rows) => rows.filter((a) => a.contentHash === contentHash(UNICODE_ARTICLE_TEXT)));
    expect(utf8).toBeDefined();
    const files = [
      { name: "unicode-le.txt", bytes: new Uint8Array([0xff, 0xfe, ...Buffer.from(UNICODE_ARTICLE_RAW, "utf16le")]) },
      { name: "unicode-be.txt", bytes: new Uint8Array([0xfe, 0xff, ...Buffer.from(UNICODE_ARTICLE_RAW, "utf16le").swap16()]) },
    ];
    const outcomes = await importArticles(t.db, reviewer, { projectId: projectA, files });
    expect(outcomes.map((o) => [o.name, o.status, o.encoding, stored(o).id])).toEqual([
      ["unicode-le.txt", "existing", "UTF-16LE", utf8!.id],
      ["unicode-be.txt", "existing", "UTF-16BE", utf8!.id],
    ]);

    // A new one in UTF-16 is stored as the text it holds.
    const fresh = "Neu in UTF-16 😀\r\n\r\nDer Kämmerer sagte, die Schulden fielen um 𝟐 Prozent.";
    const [imported] = await importArticles(t.db, reviewer, {
      projectId: projectA,
      files: [{ name: "fresh.txt", bytes: new Uint8Array([0xff, 0xfe, ...Buffer.from(fresh, "utf16le")]) }],
    });
    expect(imported).toMatchObject({ status: "imported", encoding: "UTF-16LE", title: "Neu in UTF-16 😀" });
    expect((await getArticle(t.db, reviewer, stored(imported).id)).text).toBe(fresh.replace(/\r\n/g, "\n"));
  });

  it("imports a mixed batch of uploads: the valid ones, and the empty, binary and undecodable ones refused naming the file", async () => {
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52, 0x00, 0x01]);
    const files = [
      { name: "gut.txt", bytes: new TextEncoder().encode("Gemischter Stapel\n\nDer erste Satz. Der zweite Satz.") },
      { name: "leer.txt", bytes: new Uint8Array() },
      { name: "bild.txt", bytes: png },
      { name: "kaputt.txt", bytes: new Uint8Array([...new TextEncoder().encode("Überschrift\n\nMünchen "), 0xc3, 0x28]) },
      {
        name: "polnisch.txt",
        bytes: new Uint8Array(iconv.encode("Zażółć gęślą jaźń. Minister powiedział, że gospodarka rośnie szybciej.", "iso-8859-2")),
      },
      { name: "alt.txt", bytes: windows1252("Älterer Artikel\n\nÜber die Brücke führt künftig ein Radweg.") },
    ];
    const before = (await articlesOf(projectA)).length;
    const outcomes = await importArticles(t.db, reviewer, { projectId: projectA, files });
    expect(outcomes).toEqual([
      { name: "gut.txt", status: "imported", id: expect.any(String), title: "Gemischter Stapel", encoding: "UTF-8" },
      { name: "leer.txt", status: "refused", problem: "empty", reason: "leer.txt: the file is empty", encoding: "UTF-8" },
      { name: "bild.txt", status: "refused", problem: "binary", reason: "bild.txt: the file looks binary (it contains NUL bytes), not like text" },
      {
        name: "kaputt.txt",
        status: "refused",
        problem: "broken_encoding",
        reason: "kaputt.txt: the file is not valid UTF-8: line 3 has a broken character (is the file damaged or cut off?)",
        suspectedEncoding: "UTF-8",
        brokenLine: 3,
      },
      {
        name: "polnisch.txt",
        status: "refused",
        problem: "unsupported_encoding",
        reason: "polnisch.txt: the file looks like ISO-8859-2, an encoding Claimwork does not read: save it as UTF-8 and import it again",
        suspectedEncoding: "ISO-8859-2",
      },
      { name: "alt.txt", status: "imported", id: expect.any(String), title: "Älterer Artikel", encoding: "windows-1252" },
    ]);
    expect(await articlesOf(projectA)).toHaveLength(before + 2);
    expect(await t.db.select({ id: articles.id }).from(articles).where(like(articles.text, "%\ufffd%"))).toEqual([]);
  });

  it("refuses an upload over the size limit, naming it, and imports the rest", async () => {
    const big = new Uint8Array(ARTICLE_FILE_LIMIT + 1).fill(0x61);
    const outcomes = await importArticles(t.db, reviewer, {
      projectId: projectA,
      files: [
        { name: "gross.txt", bytes: big },
        { name: "klein.txt", content: "Kleiner Artikel\n\nEin Satz. Noch einer." },
      ],
    });
    expect(outcomes.map((o) => [o.status, o.status === "refused" && o.problem, o.status === "refused" && o.reason])).toEqual([
      ["refused", "too_large", "gross.txt is larger than the limit of 2 MB."],
      ["imported", false, false],
    ]);
  });

  describe("through POST /api/articles", () => {
    type Answer = {
      files: ArticleFileOutcome[];
      articles: Array<{ id: string; title: string; isNew: boolean }>;
      error?: { code: string; message: string };
    };
    let cookie = "";
    let restore = () => {};

    beforeAll(async () => {
      // The route reads the process-wide database and auth: point both at this test database.
      const previous = { db: store.claimworkDatabase, auth: store.claimworkAuth };
      store.claimworkDatabase = Promise.resolve(t.handle);
      store.claimworkAuth = undefined;
      restore = () => {
        store.claimworkDatabase = previous.db;
        store.claimworkAuth = previous.auth;
      };
      const auth = await (await import("./auth")).getAuth();
      const email = `uploader-${crypto.randomUUID()}@example.test`;
      const response = await auth.api.signUpEmail({ body: { name: "Uploader", email, password: "Fahrrad Wolke Tinte 47" }, asResponse: true });
      cookie = response.headers
        .getSetCookie()
        .map((c) => c.split(";")[0])
        .join("; ");
      const [user] = await t.db.select({ id: users.id }).from(users).where(eq(users.email, email));
      await addMember(t.db, projectA, user!.id, "reviewer");
    });

    afterAll(() => restore());

    async function post(body: FormData | { files: Array<{ name: string | null; content: string }> }): Promise<{ status: number; answer: Answer }> {
      const { POST } = await import("@/app/api/articles/route");
      const isForm = body instanceof FormData;
      const request = new Request(`http://localhost/api/articles?projectId=${projectA}`, {
        method: "POST",
        headers: { cookie, "sec-fetch-site": "same-origin", ...(isForm ? {} : { "content-type": "application/json" }) },
        body: isForm ? body : JSON.stringify(body),
      });
      const response = await POST(request);
      return { status: response.status, answer: (await response.json()) as Answer };
    }

    function upload(files: Array<[string, Uint8Array]>): FormData {
      const form = new FormData();
      for (const [name, bytes] of files) form.append("files", new Blob([new Uint8Array(bytes)]), name);
      return form;
    }

    const fresh = (title: string) => windows1252(`${title}\n\nÜber die Straße führt ein Radweg. Die Gebühr beträgt 5 €.`);

    it("answers 201 when one file is new, listing every file with its encoding or its reason", async () => {
      const { status, answer } = await post(
        upload([
          ["Straße.txt", fresh("Radweg über die Straße")],
          ["leer.txt", new Uint8Array()],
          ["foto.jpg", new Uint8Array([0xff, 0xd8, 0xff])],
        ]),
      );
      expect(status).toBe(201);
      expect(answer.files).toEqual([
        { name: "Straße.txt", status: "imported", id: expect.any(String), title: "Radweg über die Straße", encoding: "windows-1252" },
        { name: "leer.txt", status: "refused", problem: "empty", reason: "leer.txt: the file is empty", encoding: "UTF-8" },
        { name: "foto.jpg", status: "refused", problem: "file_type", reason: "foto.jpg: only .txt and .md files can be imported." },
      ]);
      expect(answer.articles).toEqual([
        { id: answer.files[0]!.status === "imported" && answer.files[0]!.id, title: "Radweg über die Straße", isNew: true },
      ]);
    });

    it("answers 200 when every valid file was there already", async () => {
      const { status, answer } = await post(upload([["nochmal.txt", fresh("Radweg über die Straße")]]));
      expect(status).toBe(200);
      expect(answer.files).toEqual([
        { name: "nochmal.txt", status: "existing", id: expect.any(String), title: "Radweg über die Straße", encoding: "windows-1252" },
      ]);
      expect(answer.articles.map((a) => a.isNew)).toEqual([false]);
    });

    it("answers 422 when every file was refused, naming each file and its reason", async () => {
      const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d]);
      const { status, answer } = await post(
        upload([
          ["empty.txt", new Uint8Array()],
          ["binary.txt", png],
        ]),
      );
      expect(status).toBe(422);
      expect(answer.error?.code).toBe("unprocessable:article");
      expect(answer.error?.message).toBe(
        "None of the 2 files was imported: empty.txt: the file is empty; binary.txt: the file looks binary (it contains NUL bytes), not like text",
      );
      expect(answer.files.map((f) => [f.name, f.status === "refused" && f.problem])).toEqual([
        ["empty.txt", "empty"],
        ["binary.txt", "binary"],
      ]);
      expect(answer.articles).toEqual([]);
      // One file alone: its own reason is the message, as before.
      const single = await post(upload([["empty.txt", new Uint8Array()]]));
      expect([single.status, single.answer.error?.message]).toEqual([422, "empty.txt: the file is empty"]);
    });

    it("answers a paste with the same per-file report, without an encoding (the text was never bytes)", async () => {
      const created = await post({ files: [{ name: null, content: "Eingefügt\n\nEin Satz. Noch ein Satz." }] });
      expect(created.status).toBe(201);
      expect(created.answer.files).toEqual([{ name: null, status: "imported", id: expect.any(String), title: "Eingefügt" }]);
      const refused = await post({ files: [{ name: null, content: " \n " }] });
      expect(refused.status).toBe(422);
      expect(refused.answer.files).toEqual([{ name: null, status: "refused", problem: "empty", reason: "the file is empty" }]);
    });
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
