/**
 * Benchmark: the agreement desk's views on the Postgres server, with the
 * agreement bench's data (scripts/bench-agreement.ts: 40 annotators × 1,000
 * articles, ~200,000 claims, every annotator assigned and submitted on every
 * article). Target: each view ≤ 1 s (issue 13, "Desk scale").
 *
 *   BENCH_DATABASE_URL=postgres://… npx tsx --conditions=react-server scripts/bench-agreement-desk.ts
 *
 * Timed through the data layer a page calls (server/team/agreement.ts), in a
 * database of its own that is dropped afterwards:
 * - the per-article page, lowest agreement first: the first page and the last;
 * - the drill-down of one article, all 40 annotators and one pair;
 * - the pooled project figures, for comparison (they read every counted claim).
 * Each is timed cold (first call after seeding) and as the median of three more.
 */
import { performance } from "node:perf_hooks";
import { pathToFileURL } from "node:url";
import { sql } from "drizzle-orm";
import postgres from "postgres";
import { type DatabaseHandle, type Db, openDatabase } from "../db/client";
import { migrateDatabase } from "../db/migrate";
import { articles, assignments, claims, projects, sentences, users } from "../db/schema";
import { DEFAULT_TAXONOMY } from "../lib/taxonomy";
import type { Actor } from "../server/authz";
import { getArticleDisagreements, getProjectAgreement, listArticleAgreement } from "../server/team/agreement";
import { generateAgreementInput } from "./bench-agreement";

const PROJECT_ID = "00000000-0000-4000-8000-00000000ad01";
const ACTOR: Actor = { id: "bench-desk-admin", name: "Desk", email: "desk@example.test", isAdmin: true };

export type AgreementDeskBenchRow = {
  name: "agreement-page-first" | "agreement-page-last" | "agreement-drill-all" | "agreement-drill-pair" | "agreement-pooled";
  coldMs: number;
  warmMs: number;
};

/** The agreement bench's generated input, stored as a project: users, articles with sentences, submitted assignments, claims. */
export async function seedAgreementDesk(db: Db): Promise<{ articleIds: string[]; annotatorIds: string[] }> {
  const input = generateAgreementInput();
  await db
    .insert(users)
    .values([
      { id: ACTOR.id, name: ACTOR.name, email: ACTOR.email, isAdmin: true },
      ...input.annotators.map((id) => ({ id, name: `Annotator ${id.slice("annotator-".length).padStart(2, "0")}`, email: `${id}@example.test` })),
    ]);
  await db.insert(projects).values({ id: PROJECT_ID, name: "Agreement desk", taxonomy: DEFAULT_TAXONOMY });
  const articleIds = input.articles.map((_, i) => `00000000-0000-4000-8000-${(0xa00000000000 + i).toString(16)}`);
  for (let from = 0; from < input.articles.length; from += 100) {
    const batch = input.articles.slice(from, from + 100);
    const rows = batch.map((article, i) => {
      // The generator's offsets need a text at least as long as its last claim; the words do not matter here.
      const length = Math.max(200, ...article.claims.map((c) => c.end)) + 1;
      return {
        id: articleIds[from + i]!,
        projectId: PROJECT_ID,
        title: `Desk article ${from + i}`,
        text: "x".repeat(length),
        contentHash: `desk-${from + i}`,
        sentenceCount: article.sentenceCount,
      };
    });
    await db.insert(articles).values(rows);
    await db.insert(sentences).values(
      rows.flatMap((row) => {
        const step = Math.floor(row.text.length / row.sentenceCount);
        return Array.from({ length: row.sentenceCount }, (_, s) => ({ articleId: row.id, index: s, start: s * step, end: (s + 1) * step }));
      }),
    );
  }
  const now = new Date();
  for (let from = 0; from < articleIds.length; from += 100) {
    await db
      .insert(assignments)
      .values(
        articleIds
          .slice(from, from + 100)
          .flatMap((articleId) =>
            input.annotators.map((userId) => ({ articleId, userId, projectId: PROJECT_ID, status: "submitted" as const, submittedAt: now })),
          ),
      );
  }
  const claimRows = input.articles.flatMap((article, i) =>
    article.claims.map((c) => ({
      id: crypto.randomUUID(),
      articleId: articleIds[i]!,
      projectId: PROJECT_ID,
      authorId: c.annotatorId,
      start: c.start,
      end: c.end,
      exact: "x".repeat(Math.min(40, c.end - c.start)),
      prefix: "",
      suffix: "",
      sentenceIndexes: [...c.sentenceIndexes],
      claimType: c.claimType,
      status: "submitted" as const,
    })),
  );
  for (let from = 0; from < claimRows.length; from += 2_000) await db.insert(claims).values(claimRows.slice(from, from + 2_000));
  // As autovacuum would after a bulk insert.
  await db.execute(sql`vacuum analyze`);
  return { articleIds, annotatorIds: [...input.annotators] };
}

async function time(run: () => Promise<unknown>): Promise<{ coldMs: number; warmMs: number }> {
  const once = async () => {
    const started = performance.now();
    await run();
    return performance.now() - started;
  };
  const coldMs = await once();
  const warm = [await once(), await once(), await once()].sort((a, b) => a - b);
  return { coldMs: Math.round(coldMs), warmMs: Math.round(warm[1]!) };
}

/**
 * Seed a fresh database on the server `adminUrl` names, time the views, drop it.
 * For scripts/bench.ts: `if (ONLY.has("agreement") && SERVER_URL) report.agreementDesk = await runAgreementDeskBench(SERVER_URL);`
 */
export async function runAgreementDeskBench(adminUrl: string): Promise<AgreementDeskBenchRow[]> {
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  const name = `claimwork_bench_desk_${Date.now()}`;
  await admin.unsafe(`create database ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  let handle: DatabaseHandle | null = null;
  try {
    handle = await openDatabase({ kind: "postgres", url: url.toString(), max: 4 });
    await migrateDatabase(handle);
    const t0 = performance.now();
    const { articleIds, annotatorIds } = await seedAgreementDesk(handle.db);
    console.error(`[bench] agreement desk seeded in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    const db = handle.db;
    const article = articleIds[0]!;
    const rows: AgreementDeskBenchRow[] = [];
    rows.push({
      name: "agreement-page-first",
      ...(await time(() => listArticleAgreement(db, ACTOR, PROJECT_ID, { sort: "agreement", offset: 0, limit: 25 }))),
    });
    rows.push({
      name: "agreement-page-last",
      ...(await time(() => listArticleAgreement(db, ACTOR, PROJECT_ID, { sort: "agreement", offset: articleIds.length - 25, limit: 25 }))),
    });
    rows.push({ name: "agreement-drill-all", ...(await time(() => getArticleDisagreements(db, ACTOR, article, { projectId: PROJECT_ID }))) });
    rows.push({
      name: "agreement-drill-pair",
      ...(await time(() =>
        getArticleDisagreements(db, ACTOR, article, { projectId: PROJECT_ID, pair: { a: annotatorIds[0]!, b: annotatorIds[1]! } }),
      )),
    });
    rows.push({ name: "agreement-pooled", ...(await time(() => getProjectAgreement(db, ACTOR, PROJECT_ID))) });
    return rows;
  } finally {
    await handle?.close();
    await admin.unsafe(`drop database if exists ${name} with (force)`);
    await admin.end();
  }
}

const entry = process.argv[1];
if (entry !== undefined && import.meta.url === pathToFileURL(entry).href) {
  const url = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
  if (!url) {
    console.error("Set BENCH_DATABASE_URL (or TEST_DATABASE_URL) to a Postgres server.");
    process.exit(2);
  }
  runAgreementDeskBench(url).then(
    (rows) => console.log(JSON.stringify(rows)),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
