/**
 * Export and bulk-import benchmarks (run from scripts/bench.ts):
 * - 1,000,000 claims (1,000 articles × 1,000 claims, one source each) exported in every format
 *   through the same code the endpoint and CLI use, timed and with peak RSS growth, beside
 *   `COPY (SELECT …) TO STDOUT` of the same rows in the same run; and 100,000 on PGlite;
 * - 10,000 articles imported through the bulk importer.
 */
import { Writable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { sql } from "drizzle-orm";
import postgres from "postgres";
import { type DatabaseHandle, type Db, openDatabase } from "../db/client";
import { migrateDatabase } from "../db/migrate";
import { projects, users } from "../db/schema";
import { EXPORT_FORMATS, type ExportFormat } from "../lib/export";
import { DEFAULT_TAXONOMY } from "../lib/taxonomy";
import { importArticleStream } from "../server/articles";
import type { Actor } from "../server/authz";
import { prepareExport } from "../server/export";
import { withScratchDatabase } from "./bench-database";

const PROJECT_ID = "00000000-0000-4000-8000-00000000be01";
const USER_ID = "bench-user";
const ACTOR: Actor = { id: USER_ID, name: "Bench", email: "bench@example.test", isAdmin: true };

export type ExportBenchRow = {
  format: ExportFormat | "copy";
  claims: number;
  seconds: number;
  claimsPerSecond: number;
  mb: number;
  rssGrowthMb: number;
  ratioToCopy?: number;
};

/** Generated claims (one source each, one stored sentence per claim) through Drizzle, so PGlite and the server get the same data. */
export async function seedClaims(db: Db, articles: number, claimsPerArticle: number): Promise<void> {
  await db.execute(sql`insert into users (id, name, email) values (${USER_ID}, 'Bench', 'bench@example.test') on conflict do nothing`);
  await db.execute(
    sql`insert into projects (id, name, taxonomy, publisher_name) values (${PROJECT_ID}, 'Bench', ${JSON.stringify(DEFAULT_TAXONOMY)}::jsonb, 'Bench Desk') on conflict do nothing`,
  );
  // Periodic ASCII text (period 10), so every claim's quote and context are easy to generate and exactly right.
  const textLength = claimsPerArticle * 10 + 40;
  await db.execute(sql`
    insert into articles (id, project_id, title, text, content_hash, sentence_count, language)
    select gen_random_uuid(), ${PROJECT_ID}, 'Bench article ' || g,
           'Title ' || g || chr(10) || substr(repeat('abcdefghij', ${Math.ceil(textLength / 10) + 1}), 1, ${textLength}),
           md5('bench' || g), 0, 'en'
    from generate_series(1, ${articles}) g`);
  await db.execute(sql`
    insert into claims (id, article_id, project_id, author_id, start, "end", exact, prefix, suffix,
                        sentence_indexes, claim_type, check_worthiness, speaker, verdict, rationale, tags, status)
    select gen_random_uuid(), a.id, a.project_id, ${USER_ID}, p.s, p.s + 10,
           substr(a.text, p.s + 1, 10), substr(a.text, greatest(1, p.s - 31), least(32, p.s)), substr(a.text, p.s + 11, 32),
           '{0}', 'statistic', 2, 'Reuters', case when k % 3 = 0 then 'false' else 'unverified' end,
           'Checked against the ministry figures.', '{bench}', 'accepted'
    from articles a
    cross join generate_series(0, ${claimsPerArticle - 1}) k
    cross join lateral (select length('Title ' || substr(a.title, 15) || chr(10)) + k * 10 as s) p
    where a.project_id = ${PROJECT_ID}`);
  // One stored sentence per claim span (plus the title line), so the sentence TSV has real rows to write.
  await db.execute(sql`
    insert into sentences (article_id, "index", start, "end")
    select c.article_id, row_number() over (partition by c.article_id order by c.start)::int, c.start, c."end"
    from claims c where c.project_id = ${PROJECT_ID}`);
  await db.execute(sql`
    insert into sources (id, claim_id, position, url, title, stance)
    select gen_random_uuid(), c.id, 0, 'https://example.org/evidence/' || c.start, 'Evidence', 'supports'
    from claims c where c.project_id = ${PROJECT_ID}`);
  // VACUUM as autovacuum would after a bulk insert: sets the visibility map, so the page-boundary reads are index-only.
  await db.execute(sql`vacuum analyze`);
}

async function consume(chunks: AsyncIterable<string>): Promise<{ bytes: number; peakRss: number }> {
  let bytes = 0;
  let peakRss = process.memoryUsage().rss;
  let n = 0;
  for await (const chunk of chunks) {
    bytes += Buffer.byteLength(chunk);
    if (++n % 20 === 0) peakRss = Math.max(peakRss, process.memoryUsage().rss);
  }
  return { bytes, peakRss: Math.max(peakRss, process.memoryUsage().rss) };
}

async function copyOut(sql: postgres.Sql): Promise<{ rows: number; bytes: number; seconds: number }> {
  const started = performance.now();
  let bytes = 0;
  let rows = 0;
  // The claim's own columns: not the sources rendered for exports (sources_json, sources_csv), which the
  // baseline would otherwise copy twice over, once rendered and once from the join.
  const readable = await sql`
    copy (select c.id, c.article_id, c.project_id, c.author_id, c.start, c."end", c.exact, c.prefix, c.suffix, c.sentence_indexes,
                 c.claim_type, c.check_worthiness, c.speaker, c.normalized_claim, c.verdict, c.rationale, c.tags, c.status, c.version,
                 c.last_mutation_id, c.is_gold, c.derived_from, c.created_at, c.updated_at, c.deleted_at,
                 s.url, s.stance, a.title from claims c join articles a on a.id = c.article_id
          left join sources s on s.claim_id = c.id where c.project_id = '${sql.unsafe(PROJECT_ID)}' order by c.article_id, c.start, c.id)
    to stdout`.readable();
  await pipeline(
    readable,
    new Writable({
      write(chunk: Buffer, _enc, done) {
        bytes += chunk.length;
        for (const b of chunk) if (b === 10) rows++;
        done();
      },
    }),
  );
  return { rows, bytes, seconds: (performance.now() - started) / 1000 };
}

/** Every format exported from `db` (seeded with `claims` claims), timed, with peak RSS growth and the ratio to `copyRate` when given. */
async function exportEveryFormat(db: Db, copyRate: number | null): Promise<ExportBenchRow[]> {
  const rows: ExportBenchRow[] = [];
  // BENCH_EXPORT_FORMATS=jsonl,csv limits the formats (the seeding dominates a full run).
  const only = process.env.BENCH_EXPORT_FORMATS?.split(",");
  for (const format of EXPORT_FORMATS.filter((f) => !only || only.includes(f))) {
    global.gc?.();
    const baseline = process.memoryUsage().rss;
    const started = performance.now();
    const prepared = await prepareExport(db, ACTOR, { format, projectId: PROJECT_ID, goldOnly: false }, { baseUrl: "https://bench.example" });
    const { bytes, peakRss } = await consume(prepared.chunks);
    const seconds = (performance.now() - started) / 1000;
    const rate = prepared.claimCount / seconds;
    rows.push({
      format,
      claims: prepared.claimCount,
      seconds: round(seconds),
      claimsPerSecond: Math.round(rate),
      mb: round(bytes / 2 ** 20),
      rssGrowthMb: round((peakRss - baseline) / 2 ** 20),
      ...(copyRate ? { ratioToCopy: round(rate / copyRate) } : {}),
    });
    console.error(`[bench] export ${format}: ${JSON.stringify(rows[rows.length - 1])}`);
  }
  return rows;
}

/** Export benchmark on a fresh database of the Postgres server at `adminUrl`, beside COPY of the same rows. */
export async function runExportBench(adminUrl: string, options = { articles: 1_000, claimsPerArticle: 1_000 }): Promise<ExportBenchRow[]> {
  return withScratchDatabase(adminUrl, "export", (handle, url) => exportRun(handle, url, options), { max: 4 });
}

async function exportRun(handle: DatabaseHandle, url: string, options: { articles: number; claimsPerArticle: number }): Promise<ExportBenchRow[]> {
  const sqlClient = postgres(url, { max: 1, onnotice: () => {} });
  try {
    const t0 = performance.now();
    await seedClaims(handle.db, options.articles, options.claimsPerArticle);
    console.error(`[bench] seeded ${options.articles * options.claimsPerArticle} claims in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    const copy = await copyOut(sqlClient);
    const copyRate = copy.rows / copy.seconds;
    const rows: ExportBenchRow[] = [
      {
        format: "copy",
        claims: copy.rows,
        seconds: round(copy.seconds),
        claimsPerSecond: Math.round(copyRate),
        mb: round(copy.bytes / 2 ** 20),
        rssGrowthMb: 0,
      },
    ];
    return [...rows, ...(await exportEveryFormat(handle.db, copyRate))];
  } finally {
    await sqlClient.end();
  }
}

/** The same exports on the embedded PGlite (in memory), the database a newcomer runs; 100,000 claims by default (PGlite is single-threaded, in-process). */
export async function runPgliteExportBench(options = { articles: 100, claimsPerArticle: 1_000 }): Promise<ExportBenchRow[]> {
  const handle = await openDatabase({ kind: "memory" });
  try {
    await migrateDatabase(handle);
    await seedClaims(handle.db, options.articles, options.claimsPerArticle);
    return await exportEveryFormat(handle.db, null);
  } finally {
    await handle.close();
  }
}

/** Bulk article import: `count` generated articles through importArticleStream, on PGlite (memory) or a server database. */
export async function runArticleImportBench(
  adminUrl: string | undefined,
  count = 10_000,
): Promise<{ backend: string; articles: number; seconds: number; articlesPerSecond: number }> {
  if (adminUrl) return withScratchDatabase(adminUrl, "import", (handle) => importRun(handle, count));
  const handle = await openDatabase({ kind: "memory" });
  try {
    await migrateDatabase(handle);
    return await importRun(handle, count);
  } finally {
    await handle.close();
  }
}

async function importRun(
  handle: DatabaseHandle,
  count: number,
): Promise<{ backend: string; articles: number; seconds: number; articlesPerSecond: number }> {
  await handle.db.insert(users).values({ id: USER_ID, name: "Bench", email: "bench@example.test" });
  await handle.db.insert(projects).values({ id: PROJECT_ID, name: "Bench", taxonomy: DEFAULT_TAXONOMY });
  const paragraph =
    "Laut Angaben des Ministeriums stieg die Zahl am 19. November um 2,4 Prozent. Dr. Müller sagte, man rechne mit 1.200 weiteren Fällen. " +
    "The U.S. officials said the figure was \u201cunprecedented\u201d. ";
  function* items() {
    for (let i = 0; i < count; i++) {
      yield { name: `article-${i}.txt`, content: `Bench article ${i}\n\n${paragraph.repeat(6)}\n\n${paragraph.repeat(4)} Nr. ${i}.` };
    }
  }
  const started = performance.now();
  const result = await importArticleStream(handle.db, ACTOR, { projectId: PROJECT_ID, items: items(), skipInvalid: false });
  const seconds = (performance.now() - started) / 1000;
  if (result.created !== count) throw new Error(`expected ${count} new articles, got ${result.created}`);
  return { backend: handle.kind, articles: count, seconds: round(seconds), articlesPerSecond: Math.round(count / seconds) };
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}
