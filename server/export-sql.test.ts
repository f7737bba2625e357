import { eq } from "drizzle-orm";
import fc from "fast-check";
import { beforeAll, expect, it } from "vitest";
import { articles, claims, projects, sentenceDecisions, sentenceExclusions, sentences, sources, users } from "@/db/schema";
import { DEFAULT_TAXONOMY, type Taxonomy } from "@/lib/taxonomy";
import { addMember, createTestProject, createTestUser, describeEachDatabase } from "@/test-support/databases";
import { referenceExport } from "@/test-support/export-reference";
import type { Actor } from "./authz";
import { prepareExport } from "./export";

/**
 * The database renderer (server/export-sql.ts) must write exactly what
 * lib/export's formatters write for the same rows. Rows are inserted
 * directly, bypassing the API's trimming and limits, so the text holds what
 * an import or an old row could: control characters, quotes, backslashes,
 * U+2028/U+0085, emoji and flags, combining marks, formula-like cells,
 * commas and CR/LF, markup (`</script>`, `<img onerror>`, `&amp;`), and
 * timestamps with microseconds.
 */

const HOSTILE = [
  'Er sagte: "Nein" \\ und \u0001\u001f\b\f\t.',
  "line one\r\nline two\nline three\rend",
  "=SUM(A1:A9)",
  "-42 Prozent",
  "+49 30 1234",
  "@kremlin",
  "\tTab am Anfang",
  "\rCR am Anfang",
  "a, b, c",
  "Trenner\u2028und\u0085und\u2029Ende",
  "🇩🇪 Flagge, 😀 Emoji, Cafe\u0301, 𝔘𝔫𝔦, 𠜎字",
  "",
  " spaces around ",
  "'already quoted",
  '"',
  "Bundesregierung",
  "Reuters",
  "UN-Sprecher Müller",
  " \u00a0Normalisiert mit Rändern\u3000\ufeff ",
  "\u2003",
  // Markup that must not end or open an element when W3C / ClaimReview JSON-LD is embedded in a <script>.
  "</script><script>alert(1)</script>",
  '<img src=x onerror="alert(1)">',
  "Fish &amp; Chips & <b>bold</b> -> <!-- -->",
  "\u2028\u2029",
];

const TAXONOMY: Taxonomy = {
  ...DEFAULT_TAXONOMY,
  claimTypes: [...DEFAULT_TAXONOMY.claimTypes, { key: "weird", label: '=Label, with "quotes"\nand a newline' }],
};

type Format = "jsonl" | "csv" | "w3c" | "claimreview";
const RENDERING = { baseUrl: "https://claimwork.test", now: new Date("2026-11-24T12:00:00Z") };

/** The export as the database renders it (what users download). */
async function render(db: Parameters<typeof prepareExport>[0], actor: Actor, projectId: string, format: Format, pageSize?: number) {
  const prepared = await prepareExport(db, actor, { format, projectId, goldOnly: false }, { ...RENDERING, pageSize });
  let text = "";
  for await (const chunk of prepared.chunks) text += chunk;
  return text;
}

/** The same export written by lib/export's formatters, the specification. */
function reference(db: Parameters<typeof prepareExport>[0], actor: Actor, projectId: string, format: Format) {
  return referenceExport(db, actor, { format, projectId, goldOnly: false }, RENDERING);
}

/** toBe, but a failure shows where the texts first differ (exports are far too long to diff whole). */
function expectSameText(actual: string, expected: string, label: string) {
  if (actual === expected) return;
  let at = 0;
  while (at < actual.length && actual[at] === expected[at]) at++;
  const context = (text: string) => JSON.stringify(text.slice(Math.max(0, at - 120), at + 120));
  expect.fail(`${label}: texts differ at ${at}\n  database:  ${context(actual)}\n  reference: ${context(expected)}`);
}

describeEachDatabase("export rendered by the database", (getDatabase) => {
  let actor: Actor;
  let projectId: string;

  beforeAll(async () => {
    const { db } = getDatabase();
    actor = await createTestUser(db, 'Ada "=cmd" Lovelace, \u2028Jr.');
    projectId = (await createTestProject(db, { taxonomy: TAXONOMY })).id;
    await addMember(db, projectId, actor.id, "admin");
    await db
      .update(projects)
      .set({ publisherName: 'Faktencheck "Nord" </script>, e.V. & Co', publisherUrl: "https://fakten.example/über" })
      .where(eq(projects.id, projectId));
    // An author id that needs percent-encoding in an IRI (W3C creator).
    const oddAuthor = "user/with space+ü?#%";
    await db.insert(users).values({ id: oddAuthor, name: "Odd Id", email: `odd-${projectId}@example.test` });

    const generated = fc.sample(
      fc.string({ unit: "grapheme", maxLength: 40 }).filter((s) => !s.includes("\u0000")),
      { numRuns: 60, seed: 4242 },
    );
    const texts = [...HOSTILE, ...generated];
    const articleRows = await db
      .insert(articles)
      .values(
        [0, 1, 2, 3].map((i) => ({
          projectId,
          title: `${HOSTILE[i % HOSTILE.length]!} ${i}`,
          text: texts.join("\n"),
          language: i === 0 ? null : i === 3 ? "" : "de",
          sourceUrl: i === 1 ? 'HTTPS://example.org/a?q="x"&y=\u00e4' : i === 2 ? "javascript:alert(1)" : null,
          publisher: i === 2 ? "Reuters, Berlin" : null,
          publishedAt: i === 2 ? "2026-11-19T08:00:00Z" : i === 1 ? "19. November 2026" : null,
          contentHash: `hash-${i}-${projectId}`,
          originFile: i === 3 ? "ordner/datei\u2028.txt" : null,
          createdAt: new Date(Date.UTC(2026, 10, 19, 8, 30, 0) + i * 1234),
        })),
      )
      .returning({ id: articles.id });
    const claimTypes = [null, "statistic", "quote", "weird", "unknown-key"];
    const verdicts = ["unverified", "false", "mostly_true", "not-in-taxonomy"];
    let n = 0;
    const claimIds: string[] = [];
    // Articles 0–2 get claims (article 3 has none: it must still appear in JSONL); several claims share a start.
    for (const [a, article] of articleRows.slice(0, 3).entries()) {
      const count = a === 1 ? 2 : texts.length;
      for (let k = 0; k < count; k++) {
        const text = texts[(k + a) % texts.length]!;
        const id = crypto.randomUUID();
        claimIds.push(id);
        n++;
        await db.insert(claims).values({
          id,
          articleId: article.id,
          projectId,
          authorId: k % 5 === 2 ? oddAuthor : actor.id,
          start: k % 7,
          end: (k % 7) + 5,
          exact: text,
          prefix: texts[(k + 1) % texts.length]!,
          suffix: texts[(k + 2) % texts.length]!,
          sentenceIndexes: k % 3 === 0 ? [] : k % 3 === 1 ? [k] : [k, k + 1, k + 2],
          claimType: claimTypes[k % claimTypes.length]!,
          checkWorthiness: k % 5 === 0 ? null : k % 4,
          speaker: texts[(k + 3) % texts.length]!,
          normalizedClaim: texts[(k + 4) % texts.length]!,
          verdict: verdicts[k % verdicts.length]!,
          rationale: texts[(k + 5) % texts.length]!,
          tags: k % 4 === 0 ? [] : [[...text].slice(0, 10).join("") || "t", "zwei; drei", "="],
          // Stored as given: an old row or an import may hold any text here, not only a language tag.
          language: k % 3 === 0 ? null : k % 3 === 1 ? "en-GB" : texts[(k + 6) % texts.length]!,
          status: (["draft", "submitted", "accepted", "rejected"] as const)[k % 4]!,
          version: 1 + (k % 3),
          isGold: k % 6 === 0,
          // Gold claims adjudicated from one to three earlier claims (the first has none: written from scratch).
          derivedFrom: k % 6 === 0 && claimIds.length > 1 ? claimIds.slice(-2 - ((k / 6) % 3), -1) : [],
          // Microseconds the driver's Date drops; .999999 must not round up into the next second.
          createdAt: new Date(Date.UTC(2026, 0, 1, 0, 0, 0) + n * 1001),
          updatedAt: new Date(Date.UTC(2026, 5, 30, 23, 59, 59, 999)),
          deletedAt: k % 9 === 4 ? new Date(Date.UTC(2026, 6, 1, 12, 0, 0, 5)) : null,
        });
        const sourceCount = k % 4;
        for (let s = 0; s < sourceCount; s++) {
          await db.insert(sources).values({
            id: crypto.randomUUID(),
            claimId: id,
            // Inserted out of order: the export must follow `position`.
            position: sourceCount - 1 - s,
            url: `https://example.org/${k}/${s}?q=${encodeURIComponent([...text].slice(0, 5).join(""))}`,
            title: texts[(k + s) % texts.length]!,
            publisher: texts[(k + s + 1) % texts.length]!,
            stance: (["supports", "refutes", "context"] as const)[s % 3]!,
            excerpt: texts[(k + s + 2) % texts.length]!,
            accessedOn: s % 2 === 0 ? "2026-11-01" : null,
            archiveUrl: s === 1 ? "https://web.archive.org/web/2026/https://example.org" : null,
          });
        }
      }
    }
    // Sentence records: decisions by both authors (one with an id that must be escaped in JSON, hostile names),
    // exclusions with hostile reasons, one by an account that is gone (null), on every article.
    const hostileUser = 'user"with\\quote\u2028';
    await db.insert(users).values({ id: hostileUser, name: HOSTILE[0]!, email: `hostile-${projectId}@example.test` });
    for (const [a, article] of articleRows.entries()) {
      await db.insert(sentences).values(Array.from({ length: 6 }, (_, index) => ({ articleId: article.id, index, start: index, end: index + 1 })));
      for (let index = 0; index < 6; index++) {
        const authors = [actor.id, oddAuthor, hostileUser].filter((_, k) => (index + a + k) % 2 === 0);
        if (authors.length) {
          await db.insert(sentenceDecisions).values(
            authors.map((authorId, k) => ({
              articleId: article.id,
              projectId,
              sentenceIndex: index,
              authorId,
              decision: "no_claim" as const,
              createdAt: new Date(Date.UTC(2026, 1, 1, 0, 0, 0) + index * 1000 + k),
              updatedAt: new Date(Date.UTC(2026, 1, 2, 0, 0, 0) + index * 1000 + k),
            })),
          );
        }
        if ((index + a) % 3 === 0) {
          await db.insert(sentenceExclusions).values({
            articleId: article.id,
            projectId,
            sentenceIndex: index,
            reason: index % 2 === 0 ? HOSTILE[(index + a) % HOSTILE.length]! : null,
            createdBy: index === 3 ? null : index % 2 === 0 ? actor.id : oddAuthor,
            createdAt: new Date(Date.UTC(2026, 2, 1, 0, 0, 0) + index),
          });
        }
      }
    }
    // Timestamps with microseconds, set in SQL (a JS Date cannot carry them).
    const { sql } = await import("drizzle-orm");
    await db.execute(sql`update ${claims} set updated_at = updated_at + interval '0.000999 second' where ${claims.projectId} = ${projectId}`);
    await db.execute(sql`update ${articles} set created_at = created_at + interval '0.000777 second' where ${articles.projectId} = ${projectId}`);
    await db.execute(
      sql`update ${sentenceDecisions} set updated_at = updated_at + interval '0.000999 second' where ${sentenceDecisions.projectId} = ${projectId}`,
    );
    await db.execute(
      sql`update ${sentenceExclusions} set updated_at = created_at + interval '0.000555 second' where ${sentenceExclusions.projectId} = ${projectId}`,
    );
  });

  for (const format of ["jsonl", "csv", "w3c", "claimreview"] as const) {
    it(`renders ${format} exactly as the reference formatters do, across page sizes`, async () => {
      const { db } = getDatabase();
      // A W3C collection's id is random per export.
      const stable = (text: string) => text.replace(/collections\/[0-9a-f-]{36}/g, "collections/X");
      const expected = stable(await reference(db, actor, projectId, format));
      expect(expected.split("\n").length).toBeGreaterThan(format === "claimreview" ? 20 : 100);
      for (const pageSize of [undefined, 1, 2, 7, 50]) {
        expectSameText(stable(await render(db, actor, projectId, format, pageSize)), expected, `${format}, page size ${pageSize ?? "default"}`);
      }
    });
  }

  it("writes W3C and ClaimReview that can be embedded in a <script> element, values intact", async () => {
    const { db } = getDatabase();
    for (const format of ["w3c", "claimreview"] as const) {
      const text = await render(db, actor, projectId, format);
      // Nothing the HTML parser could read as the end of the element (or any tag), and no raw line separators.
      expect(text).not.toMatch(/[<>&\u2028\u2029]/);
      expect(text.toLowerCase()).not.toContain("</script");
      expect(text).toContain("\\u003c/script\\u003e");
      // Still JSON whose values are exactly the stored text.
      const parsed = JSON.parse(text) as unknown;
      const strings = new Set<string>();
      const collect = (value: unknown): void => {
        if (typeof value === "string") strings.add(value);
        else if (Array.isArray(value)) value.forEach(collect);
        else if (value && typeof value === "object") Object.values(value).forEach(collect);
      };
      collect(parsed);
      if (format === "w3c") {
        expect(strings).toContain("</script><script>alert(1)</script>");
        expect(strings).toContain("Fish &amp; Chips & <b>bold</b> -> <!-- -->");
        expect(strings).toContain("\u2028\u2029");
      } else {
        expect(strings).toContain('Faktencheck "Nord" </script>, e.V. & Co');
        expect([...strings].some((s) => s.includes('<img src=x onerror="alert(1)">'))).toBe(true);
      }
    }
  });

  it("writes the sentence records after every article, exclusions first, each in (article, sentence, author) order", async () => {
    const { db } = getDatabase();
    const types = (await render(db, actor, projectId, "jsonl"))
      .trimEnd()
      .split("\n")
      .map((line) => (JSON.parse(line) as { type: string }).type);
    const firstSentenceRecord = types.findIndex((t) => t.startsWith("sentence_"));
    expect(types.slice(0, firstSentenceRecord).every((t) => !t.startsWith("sentence_"))).toBe(true);
    const tail = types.slice(firstSentenceRecord);
    expect(tail.lastIndexOf("sentence_exclusion")).toBeLessThan(tail.indexOf("sentence_decision"));
    expect(tail.filter((t) => t === "sentence_exclusion").length).toBeGreaterThan(4);
    expect(tail.filter((t) => t === "sentence_decision").length).toBeGreaterThan(20);
  });

  it("escapes line separators in JSONL so every record stays on one line", async () => {
    const { db } = getDatabase();
    const text = await render(db, actor, projectId, "jsonl");
    expect(text).not.toMatch(/[\u0085\u2028\u2029]/);
    for (const line of text.trimEnd().split("\n")) expect(() => JSON.parse(line)).not.toThrow();
    expect(text).toContain("\\u2028");
  });
});

/**
 * The JSONL and CSV pages read each claim's sources already rendered
 * (claims.sources_json / sources_csv, kept by triggers on `sources`, migration
 * 0002). Every kind of write to `sources` must leave them equal to what the
 * reference formatters write from the sources table itself.
 */
describeEachDatabase("sources rendered beside their claim", (getDatabase) => {
  let actor: Actor;
  let projectId: string;
  const claimIds = [crypto.randomUUID(), crypto.randomUUID(), crypto.randomUUID()];
  const [first, second, third] = claimIds as [string, string, string];

  beforeAll(async () => {
    const { db } = getDatabase();
    actor = await createTestUser(db, "Renderer");
    projectId = (await createTestProject(db)).id;
    await addMember(db, projectId, actor.id, "admin");
    const [article] = await db
      .insert(articles)
      .values({ projectId, title: "Sources", text: "Eins zwei drei vier fünf sechs.", contentHash: `sources-${projectId}` })
      .returning({ id: articles.id });
    await db.insert(claims).values(
      claimIds.map((id, i) => ({
        id,
        articleId: article!.id,
        projectId,
        authorId: actor.id,
        start: i,
        end: i + 4,
        exact: "Eins zwei drei vier".slice(i, i + 4),
        prefix: "",
        suffix: "",
      })),
    );
  });

  /** JSONL and CSV from the rendered columns equal the reference path's, which reads `sources`. */
  async function expectCurrent(step: string) {
    const { db } = getDatabase();
    for (const format of ["jsonl", "csv"] as const) {
      expectSameText(await render(db, actor, projectId, format), await reference(db, actor, projectId, format), `${format} after ${step}`);
    }
  }

  const source = (claimId: string, position: number, over: Partial<typeof sources.$inferInsert> = {}) => ({
    id: crypto.randomUUID(),
    claimId,
    position,
    url: `https://example.org/${position}`,
    title: `Titel ${position}`,
    stance: "supports",
    ...over,
  });

  it("starts with no sources", async () => {
    const { db } = getDatabase();
    const rows = await db.select({ json: claims.sourcesJson, csv: claims.sourcesCsv }).from(claims).where(eq(claims.projectId, projectId));
    expect(rows).toEqual(claimIds.map(() => ({ json: "[]", csv: "0,,," })));
    await expectCurrent("nothing");
  });

  it("follows inserts, updates, moves and deletes of sources", async () => {
    const { db } = getDatabase();
    const { inArray, sql } = await import("drizzle-orm");
    // Several claims in one statement, out of position order.
    const inserted = [
      source(first, 2),
      source(first, 0, { excerpt: 'Zitat, mit "Anführung"' }),
      source(first, 1, { stance: "refutes" }),
      source(second, 0),
      source(third, 0),
    ];
    await db.insert(sources).values(inserted);
    await expectCurrent("a bulk insert");
    const [one] = await db.select({ json: claims.sourcesJson }).from(claims).where(eq(claims.id, first));
    expect(JSON.parse(one!.json).map((s: { url: string }) => s.url)).toEqual([
      "https://example.org/0",
      "https://example.org/1",
      "https://example.org/2",
    ]);

    await db.update(sources).set({ url: '=HYPERLINK("x")', title: 'Komma, "Zitat"\r\nZeile' }).where(eq(sources.id, inserted[0]!.id));
    await expectCurrent("an update of cells that need quoting and neutralising");

    await db.update(sources).set({ claimId: second, position: 5 }).where(eq(sources.id, inserted[2]!.id));
    await expectCurrent("a move to another claim");

    await db.delete(sources).where(inArray(sources.id, [inserted[1]!.id, inserted[3]!.id]));
    await expectCurrent("deletes");

    // A hard delete of a claim takes its sources with it (cascade): the statement must not fail on the vanished claim.
    await db.delete(claims).where(eq(claims.id, third));
    await expectCurrent("a cascading claim delete");

    await db.execute(sql`truncate ${sources}`);
    await expectCurrent("a truncate");
    const rows = await db.select({ json: claims.sourcesJson, csv: claims.sourcesCsv }).from(claims).where(eq(claims.projectId, projectId));
    expect(rows.every((r) => r.json === "[]" && r.csv === "0,,,")).toBe(true);
  });

  it("re-renders claims saved before the triggers existed (the migration's backfill)", async () => {
    const { db } = getDatabase();
    const { sql } = await import("drizzle-orm");
    await db.insert(sources).values([source(first, 0, { title: "@handle", publisher: "Reuters" }), source(second, 0)]);
    await db.update(claims).set({ sourcesJson: "stale", sourcesCsv: "stale" }).where(eq(claims.projectId, projectId));
    await db.execute(sql`select render_claim_sources(array(select id from ${claims} where ${claims.projectId} = ${projectId}))`);
    await expectCurrent("the backfill");
  });
});
