/**
 * Benchmark: the review desk's views on the Postgres server, with the
 * agreement bench's data (scripts/bench-agreement.ts: 40 annotators × 1,000
 * articles, ~200,000 claims, every annotator a member, assigned and submitted
 * on every article), and the history those would have written (~480,000
 * events: each assignment made and submitted, each claim created and
 * submitted). Target: each view ≤ 1 s (issue 13, "Desk scale").
 *
 *   BENCH_DATABASE_URL=postgres://… npx tsx --conditions=react-server scripts/bench-agreement-desk.ts
 *
 * Timed through the data layer each page calls, in a database of its own that
 * is dropped afterwards:
 * - the baseline: loading the project for the actor (getProject, what every
 *   section page does first) — the cheapest call a page makes, so that each
 *   row's ratio to it compares runs on a noisy shared machine;
 * - the project overview (getProjectOverview) and the articles section's first
 *   and last pages, and a page filtered by state (listProjectArticles);
 * - the review queue's first page, unfiltered and filtered by an annotator and
 *   a claim type (listReviewQueue);
 * - the activity feed's first page, unfiltered and filtered by a person and a
 *   kind (projectActivityPage);
 * - the agreement page (server/team/agreement.ts), lowest agreement first: the
 *   first page and the last; the drill-down of one article, all 40 annotators
 *   and one pair; the pooled project figures (they read every counted claim).
 * Each is timed cold (first call after seeding) and as the median of more
 * calls (warm); the ratios are to the baseline's warm median.
 */
import { performance } from "node:perf_hooks";
import { pathToFileURL } from "node:url";
import { type SQL, sql } from "drizzle-orm";
import type { DatabaseHandle, Db } from "../db/client";
import { articles, assignments, claims, events, projectMembers, projects, sentences, users } from "../db/schema";
import { DEFAULT_TAXONOMY } from "../lib/taxonomy";
import type { Actor } from "../server/authz";
import { getArticleDisagreements, getProjectAgreement, listArticleAgreement } from "../server/team/agreement";
import { getProjectOverview, listProjectArticles, PROJECT_ARTICLES_PAGE_SIZE } from "../server/team/dashboard";
import { listReviewQueue, reviewQueueQuerySchema } from "../server/team/decisions";
import { activityQuerySchema, projectActivityPage } from "../server/team/history";
import { getProject } from "../server/team/projects";
import { generateAgreementInput } from "./bench-agreement";
import { withScratchDatabase } from "./bench-database";
import { median, round1 } from "./bench-stats";

const PROJECT_ID = "00000000-0000-4000-8000-00000000ad01";
const ACTOR: Actor = { id: "bench-desk-admin", name: "Desk", email: "desk@example.test", isAdmin: true };

export const AGREEMENT_DESK_ROWS = [
  "baseline",
  "overview",
  "articles-page-first",
  "articles-page-last",
  "articles-page-state",
  "review-queue-first",
  "review-queue-filtered",
  "activity-first",
  "activity-filtered",
  "agreement-page-first",
  "agreement-page-last",
  "agreement-drill-all",
  "agreement-drill-pair",
  "agreement-pooled",
] as const;

export type AgreementDeskBenchRow = {
  name: (typeof AGREEMENT_DESK_ROWS)[number];
  /** The first call after seeding, in ms (0.1 ms resolution). */
  coldMs: number;
  /** The median of the calls after it. */
  warmMs: number;
  /** coldMs and warmMs over the baseline's warmMs, measured in the same run (1 for the baseline's warm). */
  ratioCold: number;
  ratioWarm: number;
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
  // Members, as a desk's annotators are: the overview lists them, the queue's annotator filter offers them.
  await db.insert(projectMembers).values(input.annotators.map((userId) => ({ projectId: PROJECT_ID, userId, role: "annotator" as const })));
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
  await seedHistory(db);
  // As autovacuum would after a bulk insert.
  await db.execute(sql`vacuum analyze`);
  return { articleIds, annotatorIds: [...input.annotators] };
}

/**
 * The history the seeded work would have written, in the order it happened,
 * in bulk: the desk assigns every article (assignment.created), each
 * annotator creates their claims (claim.created, with the claim's snapshot as
 * the save records it), submits them (claim.submitted) and the assignment
 * (assignment.submitted). One second apart, so the date filter has a spread.
 */
async function seedHistory(db: Db): Promise<void> {
  const snapshot = sql`jsonb_build_object('id', c.id, 'articleId', c.article_id, 'authorId', c.author_id, 'claimType', c.claim_type,
    'target', jsonb_build_object('start', c.start, 'end', c."end", 'exact', c.exact, 'prefix', c.prefix, 'suffix', c.suffix),
    'sentenceIndexes', to_jsonb(c.sentence_indexes), 'sources', '[]'::jsonb, 'version', 1)`;
  const at = sql`timestamptz '2026-11-01 08:00:00+00' + (row_number() over (order by 1)) * interval '1 second'`;
  const insert = (select: SQL) =>
    db.execute(
      sql`insert into ${events} ("project_id", "actor_id", "entity_type", "entity_id", "action", "before", "after", "created_at") ${select}`,
    );
  await insert(sql`select ${PROJECT_ID}::uuid, ${ACTOR.id}, 'assignment', a.article_id || ':' || a.user_id, 'assignment.created', null,
    jsonb_build_object('status', 'assigned'), ${at}
    from ${assignments} a where a.project_id = ${PROJECT_ID} order by a.article_id, a.user_id`);
  await insert(sql`select ${PROJECT_ID}::uuid, c.author_id, 'claim', c.id::text, 'claim.created', null,
    ${snapshot} || jsonb_build_object('status', 'draft'), ${at} + interval '1 day'
    from ${claims} c where c.project_id = ${PROJECT_ID} order by c.article_id, c.author_id, c.start`);
  await insert(sql`select ${PROJECT_ID}::uuid, c.author_id, 'claim', c.id::text, 'claim.submitted',
    ${snapshot} || jsonb_build_object('status', 'draft'), ${snapshot} || jsonb_build_object('status', 'submitted'), ${at} + interval '5 days'
    from ${claims} c where c.project_id = ${PROJECT_ID} order by c.article_id, c.author_id, c.start`);
  await insert(sql`select ${PROJECT_ID}::uuid, a.user_id, 'assignment', a.article_id || ':' || a.user_id, 'assignment.submitted',
    jsonb_build_object('status', 'assigned'), jsonb_build_object('status', 'submitted'), ${at} + interval '10 days'
    from ${assignments} a where a.project_id = ${PROJECT_ID} order by a.article_id, a.user_id`);
}

/** A call timed once cold and as the median of `warmRuns` more, in ms to 0.1 (the baseline is a few ms, and its ratios need the digits). */
async function time(run: () => Promise<unknown>, warmRuns = 3): Promise<{ coldMs: number; warmMs: number }> {
  const once = async () => {
    const started = performance.now();
    await run();
    return performance.now() - started;
  };
  const coldMs = await once();
  const warm: number[] = [];
  for (let i = 0; i < warmRuns; i++) warm.push(await once());
  return { coldMs: round1(coldMs), warmMs: round1(median(warm)) };
}

/** The rows as a table for the console: each view's cold and warm time and their ratios to the baseline. */
export function formatAgreementDeskRows(rows: readonly AgreementDeskBenchRow[]): string {
  const lines = rows.map(
    (r) =>
      `${r.name.padEnd(22)} ${String(r.coldMs).padStart(9)} ${String(r.warmMs).padStart(9)} ${String(r.ratioCold).padStart(9)} ${String(r.ratioWarm).padStart(9)}`,
  );
  return [`${"view".padEnd(22)} ${"cold ms".padStart(9)} ${"warm ms".padStart(9)} ${"× cold".padStart(9)} ${"× warm".padStart(9)}`, ...lines].join(
    "\n",
  );
}

/**
 * Seed a fresh database on the server `adminUrl` names, time the views, drop it.
 * For scripts/bench.ts: `if (ONLY.has("agreement") && SERVER_URL) report.agreementDesk = await runAgreementDeskBench(SERVER_URL);`
 */
export async function runAgreementDeskBench(adminUrl: string): Promise<AgreementDeskBenchRow[]> {
  return withScratchDatabase(adminUrl, "desk", (handle) => deskTimings(handle), { max: 4 });
}

async function deskTimings(handle: DatabaseHandle): Promise<AgreementDeskBenchRow[]> {
  const t0 = performance.now();
  const { articleIds, annotatorIds } = await seedAgreementDesk(handle.db);
  console.error(`[bench] agreement desk seeded in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  const db = handle.db;
  const article = articleIds[0]!;
  const timings: Array<{ name: AgreementDeskBenchRow["name"]; coldMs: number; warmMs: number }> = [];
  const bench = async (name: AgreementDeskBenchRow["name"], run: () => Promise<unknown>, warmRuns?: number) => {
    timings.push({ name, ...(await time(run, warmRuns)) });
  };
  // The baseline first and with more warm calls: every ratio divides by its median.
  await bench("baseline", () => getProject(db, ACTOR, PROJECT_ID), 11);
  await bench("overview", () => getProjectOverview(db, ACTOR, PROJECT_ID));
  const lastPage = Math.ceil(articleIds.length / PROJECT_ARTICLES_PAGE_SIZE);
  await bench("articles-page-first", () => listProjectArticles(db, ACTOR, PROJECT_ID, { q: "", page: 1 }));
  await bench("articles-page-last", () => listProjectArticles(db, ACTOR, PROJECT_ID, { q: "", page: lastPage }));
  // A state filter needs every article's state: the overview's pass, then a page.
  await bench("articles-page-state", () => listProjectArticles(db, ACTOR, PROJECT_ID, { q: "", state: "submitted", page: 2 }));
  await bench("review-queue-first", () => listReviewQueue(db, ACTOR, PROJECT_ID, reviewQueueQuerySchema.parse({})));
  await bench("review-queue-filtered", () =>
    listReviewQueue(db, ACTOR, PROJECT_ID, reviewQueueQuerySchema.parse({ annotator: annotatorIds[0], type: "causal" })),
  );
  await bench("activity-first", () => projectActivityPage(db, ACTOR, PROJECT_ID, activityQuerySchema.parse({})));
  // One annotator's claims as created: the oldest quarter of the feed, behind everyone's later events.
  await bench("activity-filtered", () =>
    projectActivityPage(db, ACTOR, PROJECT_ID, activityQuerySchema.parse({ person: annotatorIds[0], kind: "claim.created" })),
  );
  await bench("agreement-page-first", () => listArticleAgreement(db, ACTOR, PROJECT_ID, { sort: "agreement", offset: 0, limit: 25 }));
  await bench("agreement-page-last", () =>
    listArticleAgreement(db, ACTOR, PROJECT_ID, { sort: "agreement", offset: articleIds.length - 25, limit: 25 }),
  );
  await bench("agreement-drill-all", () => getArticleDisagreements(db, ACTOR, article, { projectId: PROJECT_ID }));
  await bench("agreement-drill-pair", () =>
    getArticleDisagreements(db, ACTOR, article, { projectId: PROJECT_ID, pair: { a: annotatorIds[0]!, b: annotatorIds[1]! } }),
  );
  await bench("agreement-pooled", () => getProjectAgreement(db, ACTOR, PROJECT_ID));
  const base = timings[0]!.warmMs;
  const ratio = (value: number) => (base > 0 ? Math.round((value / base) * 10) / 10 : 0);
  const rows = timings.map((t): AgreementDeskBenchRow => ({ ...t, ratioCold: ratio(t.coldMs), ratioWarm: ratio(t.warmMs) }));
  return rows;
}

const entry = process.argv[1];
if (entry !== undefined && import.meta.url === pathToFileURL(entry).href) {
  const url = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
  if (!url) {
    console.error("Set BENCH_DATABASE_URL (or TEST_DATABASE_URL) to a Postgres server.");
    process.exit(2);
  }
  runAgreementDeskBench(url).then(
    (rows) => {
      console.error(formatAgreementDeskRows(rows));
      console.log(JSON.stringify(rows));
    },
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
