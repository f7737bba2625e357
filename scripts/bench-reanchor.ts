/**
 * Benchmark: re-anchoring claims onto a new revision (issue 14 item 7).
 *
 *   npx tsx scripts/bench-reanchor.ts        (or BENCH_ONLY=reanchor npm run bench)
 *
 * Two parts, both on the generated revision-pair corpus (lib/reanchor-corpus.ts,
 * seeded, identical on every run):
 *   - correctness over the whole corpus: misplaced claims (target 0), the share
 *     of unchanged quotes kept or relocated automatically (target ≥ 0.98), and
 *     the outcome counts;
 *   - speed on the large pair (3,000 claims on a 3,000-sentence article), as the
 *     median of several runs and as a ratio to segmenting the new revision into
 *     sentences — work every new revision costs anyway, measured in the same run,
 *     so the figure stays comparable on a shared, noisy machine;
 *   - the same pair through the data layer (addRevision: lock, keep the old
 *     revision, re-anchor, rewrite sentences and claims, history), on the
 *     embedded database and on the Postgres server when one is given, as a
 *     ratio to importing the new text as an article of its own — the cheapest
 *     route a text of that size takes into the database (parse, segment,
 *     insert its sentences), measured in the same run.
 */
import { performance } from "node:perf_hooks";
import { pathToFileURL } from "node:url";
import { eq, sql } from "drizzle-orm";
import { type DatabaseHandle, openDatabase } from "../db/client";
import { migrateDatabase } from "../db/migrate";
import { articles, claims, projectMembers, projects, users } from "../db/schema";
import { reanchorClaims } from "../lib/reanchor";
import { generateReanchorCorpus, scoreReanchorCorpus } from "../lib/reanchor-corpus";
import { segmentSentences } from "../lib/segmentation";
import { DEFAULT_TAXONOMY } from "../lib/taxonomy";
import { insertArticleFromFile } from "../server/articles";
import type { Actor } from "../server/authz";
import { addRevision } from "../server/revisions";
import { withScratchDatabase } from "./bench-database";
import { median, round1 as round } from "./bench-stats";

export type ReanchorBenchResult = {
  name: "reanchor";
  pairs: number;
  claims: number;
  misplaced: number;
  unchangedQuotes: number;
  unchangedPlacedShare: number;
  typoFixes: number;
  typoProposalsRight: number;
  outcomes: Record<string, number>;
  large: { claims: number; sentences: number; medianMs: number; segmentMedianMs: number; ratioToSegmentation: number };
  /** addRevision of the large pair through the data layer, per database: medians, and the ratio to importing the new text as an article. */
  database: Array<{
    database: "pglite" | "postgres";
    runs: number;
    revisionMedianMs: number;
    importMedianMs: number;
    ratioToImport: number;
    outcomes: Record<string, number>;
  }>;
};

const RUNS = 7;

function timed(run: () => unknown): number[] {
  run(); // warm-up: the first call pays for JIT compilation, which a long-lived server has paid already
  return Array.from({ length: RUNS }, () => {
    const t0 = performance.now();
    run();
    return performance.now() - t0;
  });
}

const ACTOR: Actor = { id: "bench-revision-admin", name: "Revisions", email: "revisions@example.test", isAdmin: true };
const DB_RUNS = 3;

/** addRevision on the large pair `DB_RUNS` times (a fresh project each), beside importing the new text as an article. */
async function databaseRuns(
  handle: DatabaseHandle,
  large: {
    oldText: string;
    newText: string;
    claims: ReadonlyArray<{ id: string; start: number; end: number; exact: string; prefix: string; suffix: string }>;
  },
) {
  const { db } = handle;
  await migrateDatabase(handle);
  await db.insert(users).values({ id: ACTOR.id, name: ACTOR.name, email: ACTOR.email, isAdmin: true }).onConflictDoNothing();
  const revisionMs: number[] = [];
  const importMs: number[] = [];
  let outcomes: Record<string, number> = {};
  for (let run = 0; run < DB_RUNS; run++) {
    const projectId = crypto.randomUUID();
    await db.insert(projects).values({ id: projectId, name: `Revisions ${run}`, taxonomy: DEFAULT_TAXONOMY });
    await db.insert(projectMembers).values({ projectId, userId: ACTOR.id, role: "admin" });
    // The title line is the article's first line; the texts are stored as they are (no CR, no trailing blank).
    const article = await db.transaction((tx) =>
      insertArticleFromFile(tx, { projectId, raw: large.oldText, fileName: "old.txt", actorId: ACTOR.id }),
    );
    const [stored] = await db.select({ text: articles.text }).from(articles).where(eq(articles.id, article.id));
    if (stored?.text !== large.oldText) throw new Error("the large pair's old text was not stored as generated: its claims' offsets would not hold");
    const rows = large.claims.map((c) => ({ ...c, id: crypto.randomUUID() }));
    for (let i = 0; i < rows.length; i += 1_000) {
      await db.execute(sql`
        insert into ${claims} ("id", "article_id", "project_id", "author_id", "start", "end", "exact", "prefix", "suffix")
        select r.id, ${article.id}::uuid, ${projectId}::uuid, ${ACTOR.id}, r.start, r."end", r.exact, r.prefix, r.suffix
        from jsonb_to_recordset(${JSON.stringify(rows.slice(i, i + 1_000))}::jsonb) as r(id uuid, start int, "end" int, exact text, prefix text, suffix text)`);
    }
    let t0 = performance.now();
    const added = await addRevision(db, ACTOR, { articleId: article.id, file: { name: "new.txt", content: large.newText } });
    revisionMs.push(performance.now() - t0);
    outcomes = added.claims;
    // The cheapest route for the same text: imported as an article of its own (into another project: the hash is taken here).
    const otherProject = crypto.randomUUID();
    await db.insert(projects).values({ id: otherProject, name: `Import ${run}`, taxonomy: DEFAULT_TAXONOMY });
    t0 = performance.now();
    await db.transaction((tx) => insertArticleFromFile(tx, { projectId: otherProject, raw: large.newText, fileName: "new.txt", actorId: ACTOR.id }));
    importMs.push(performance.now() - t0);
  }
  const revisionMedianMs = median(revisionMs);
  const importMedianMs = median(importMs);
  return {
    runs: DB_RUNS,
    revisionMedianMs: round(revisionMedianMs),
    importMedianMs: round(importMedianMs),
    ratioToImport: round(revisionMedianMs / importMedianMs),
    outcomes,
  };
}

/** The data-layer runs on the embedded database, and on a fresh database of the Postgres server `adminUrl` names. */
export async function runRevisionDatabaseBench(adminUrl: string | undefined): Promise<ReanchorBenchResult["database"]> {
  const large = generateReanchorCorpus().find((pair) => pair.name === "large")!;
  const out: ReanchorBenchResult["database"] = [];
  const memory = await openDatabase({ kind: "memory" });
  try {
    out.push({ database: "pglite", ...(await databaseRuns(memory, large)) });
  } finally {
    await memory.close();
  }
  if (!adminUrl) return out;
  out.push({ database: "postgres", ...(await withScratchDatabase(adminUrl, "revisions", (handle) => databaseRuns(handle, large), { max: 4 })) });
  return out;
}

export async function runReanchorBench(adminUrl?: string): Promise<ReanchorBenchResult> {
  const corpus = generateReanchorCorpus();
  const outcomes = corpus.map((pair) => reanchorClaims(pair.oldText, pair.newText, pair.claims));
  const score = scoreReanchorCorpus(corpus, outcomes);
  const large = corpus.find((pair) => pair.name === "large")!;
  const reanchorMs = median(timed(() => reanchorClaims(large.oldText, large.newText, large.claims)));
  const segmentMs = median(timed(() => segmentSentences(large.newText, "en")));
  return {
    name: "reanchor",
    pairs: corpus.length,
    claims: score.claims,
    misplaced: score.misplaced,
    unchangedQuotes: score.unchangedQuotes,
    unchangedPlacedShare: Math.round((score.unchangedPlaced / score.unchangedQuotes) * 10_000) / 10_000,
    typoFixes: score.typoFixes,
    typoProposalsRight: score.typoProposalsRight,
    outcomes: score.outcomes,
    large: {
      claims: large.claims.length,
      sentences: large.sentences,
      medianMs: round(reanchorMs),
      segmentMedianMs: round(segmentMs),
      ratioToSegmentation: round(reanchorMs / segmentMs),
    },
    database: await runRevisionDatabaseBench(adminUrl),
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  void runReanchorBench(process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL).then((result) =>
    console.log(JSON.stringify(result, null, 2)),
  );
}
