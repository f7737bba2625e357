/**
 * `npm run bench`: the performance figures recorded in BENCHMARKS.md.
 * Not part of the tests: targets are checked here, on a quiet machine, never
 * by timed assertions in the suite.
 *
 *   1. Saving a claim over HTTP against `next start` (PGlite, then the Postgres server
 *      when BENCH_DATABASE_URL or TEST_DATABASE_URL is set), at 1 and 20 concurrent clients,
 *      beside raw single-row INSERTs through `postgres` in the same run.
 *   2. Agreement for 40 annotators × 1,000 articles.
 *   3. Exports of 1,000,000 claims in every format beside COPY (Postgres server only).
 *   4. Importing 10,000 articles (PGlite, and the Postgres server when configured).
 *   5. Sentence segmentation of ~100 KB of news text.
 *   5b. Re-anchoring claims onto a new revision: the revision-pair corpus scored, and 3,000 claims
 *      on a 3,000-sentence article timed beside segmenting it (scripts/bench-reanchor.ts).
 *   6. The annotator in Chromium with a 3,000-sentence article and 3,000 claims: time to
 *      interactive, keystroke latency and live updates (scripts/bench-browser.ts; the system
 *      Chromium at /usr/bin/chromium unless playwright.config.ts finds another).
 *
 * BENCH_ONLY=saves,agreement,export,import,segmentation,reanchor,browser runs a subset.
 *
 * Results are printed and written to bench-results/latest.json.
 */
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import postgres from "postgres";
import { makeTarget } from "../lib/anchoring";
import { parseArticleFile } from "../lib/article-text";
import { createOffsetIndex } from "../lib/offsets";
import { segmentSentences } from "../lib/segmentation";
import { runAgreementBench } from "./bench-agreement";
import { formatAgreementDeskRows, runAgreementDeskBench } from "./bench-agreement-desk";
import { runBrowserBench } from "./bench-browser";
import { runArticleImportBench, runExportBench, runPgliteExportBench } from "./bench-export";
import { runReanchorBench } from "./bench-reanchor";

const ROOT = process.cwd();
const PORT = 3200;
const BASE = `http://127.0.0.1:${PORT}`;
const SERVER_URL = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;

type Stats = { clients: number; saves: number; p50Ms: number; p99Ms: number; savesPerSecond: number };

/** Throughput and latency percentiles of one load run (`latencies` in ms, `elapsed` in s). */
function statsOf(clients: number, latencies: number[], elapsed: number): Stats {
  const sorted = [...latencies].sort((a, b) => a - b);
  return {
    clients,
    saves: sorted.length,
    p50Ms: round(percentile(sorted, 50)),
    p99Ms: round(percentile(sorted, 99)),
    savesPerSecond: round(sorted.length / elapsed),
  };
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

async function waitForServer(child: ChildProcess): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}`);
    try {
      const response = await fetch(`${BASE}/sign-in`);
      if (response.ok) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error("server did not start in 60 s");
}

function ensureBuild(): void {
  if (fs.existsSync(path.join(ROOT, ".next", "BUILD_ID")) && !process.env.BENCH_REBUILD) return;
  const result = spawnSync(process.execPath, [path.join(ROOT, "node_modules/next/dist/bin/next"), "build"], { stdio: "inherit" });
  if (result.status !== 0) throw new Error("next build failed");
}

/** The fresh instance's setup code: the bench signs up as its first account (the site administrator). */
const BENCH_SETUP_TOKEN = "bench-setup-code-7e3b9d21c4";

async function startServer(env: Record<string, string>): Promise<ChildProcess> {
  const child = spawn(process.execPath, [path.join(ROOT, "node_modules/next/dist/bin/next"), "start", "-p", String(PORT)], {
    env: { ...process.env, ...env, CLAIMWORK_SETUP_TOKEN: BENCH_SETUP_TOKEN, NEXT_TELEMETRY_DISABLED: "1" },
    stdio: ["ignore", "ignore", "inherit"],
  });
  await waitForServer(child);
  return child;
}

async function stopServer(child: ChildProcess): Promise<void> {
  child.kill("SIGTERM");
  await new Promise((r) => child.once("exit", r));
}

async function signUp(): Promise<string> {
  const email = `bench-${Date.now()}@example.test`;
  // Accounts are closed by default: the first one is made with the instance's setup code.
  const response = await fetch(`${BASE}/api/account/sign-up`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: BASE },
    body: JSON.stringify({ email, password: "quokka lantern basalt mirthful 7", name: "Bench", setupToken: BENCH_SETUP_TOKEN }),
  });
  if (!response.ok) throw new Error(`sign-up failed: ${response.status} ${await response.text()}`);
  const cookie = response.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .join("; ");
  return cookie;
}

async function benchSaves(cookie: string, clients: number, savesPerClient: number): Promise<Stats> {
  const list = (await (await fetch(`${BASE}/api/articles`, { headers: { cookie } })).json()) as { articles: Array<{ id: string }> };
  const articleId = list.articles[0]?.id;
  if (!articleId) throw new Error("no seed article");
  const targets = seedSentenceTargets();
  const latencies: number[] = [];
  const started = performance.now();
  await Promise.all(
    Array.from({ length: clients }, async (_, client) => {
      for (let i = 0; i < savesPerClient; i++) {
        const id = crypto.randomUUID();
        const body = saveBody(articleId, targets[(client + i) % targets.length]!, {
          id,
          mutationId: crypto.randomUUID(),
          sourceId: crypto.randomUUID(),
        });
        const t0 = performance.now();
        const response = await fetch(`${BASE}/api/claims/${id}`, {
          method: "PUT",
          headers: { cookie, "content-type": "application/json" },
          body: JSON.stringify(body),
        });
        await response.arrayBuffer();
        if (response.status !== 201) throw new Error(`save failed: ${response.status}`);
        latencies.push(performance.now() - t0);
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  return statsOf(clients, latencies, elapsed);
}

/** The seed article's sentences as claim targets: what the save benchmarks claim, in turn. */
function seedSentenceTargets(): Array<ReturnType<typeof makeTarget>> {
  const raw = fs.readFileSync(path.join(ROOT, "seeds", "000_d6dc8bcdcbde1abf.txt"), "utf8");
  const { text, language } = parseArticleFile(raw);
  const index = createOffsetIndex(text);
  return segmentSentences(text, language ?? undefined).map((span) => makeTarget(index, span.start, span.end));
}

/** A create-save of `target` with one source; the ids are fresh UUIDs, or placeholders that wrk's script replaces. */
function saveBody(articleId: string, target: ReturnType<typeof makeTarget>, ids: { id: string; mutationId: string; sourceId: string }) {
  return {
    id: ids.id,
    articleId,
    mutationId: ids.mutationId,
    baseVersion: null,
    target,
    claimType: "event",
    checkWorthiness: 2,
    speaker: "Reuters",
    verdict: "unverified",
    sources: [{ id: ids.sourceId, url: "https://example.org/evidence", stance: "supports" }],
  };
}

/**
 * The same saves driven by wrk (a C load generator, Debian package `wrk`) when it is installed:
 * the Node client above spends a good part of this 2-core machine's CPU itself, so it
 * understates what the server does. A Lua script gives every request fresh claim, mutation
 * and source ids (uuid v4 from math.random) and reports wrk's own latency percentiles.
 */
type WrkStats = { clients: number; requests: number; p50Ms: number; p99Ms: number; requestsPerSecond: number; notOk: number };

/** Whether wrk (Debian's package) is installed. */
function hasWrk(): boolean {
  return !spawnSync("wrk", ["--version"]).error;
}

/**
 * One wrk run against the server: `request` is the body of a Lua `request()`
 * function (with `script` set up before it); `notOk` counts answers outside
 * 2xx/3xx (wrk's status errors).
 */
function runWrk(script: string, request: string, clients: number, seconds: number): WrkStats {
  const lua = `
${script}
function request()
${request}
end
function done(summary, latency, requests)
  io.write(string.format("WRKRESULT %d %d %f %f %d\\n", summary.requests, summary.duration, latency:percentile(50), latency:percentile(99), summary.errors.status))
end
`;
  const file = path.join(os.tmpdir(), `claimwork-bench-${process.pid}.lua`);
  fs.writeFileSync(file, lua);
  const run = spawnSync("wrk", ["-t", "1", "-c", String(clients), "-d", `${seconds}s`, "--latency", "-s", file, BASE], { encoding: "utf8" });
  fs.rmSync(file, { force: true });
  const match = /WRKRESULT (\d+) (\d+) ([\d.]+) ([\d.]+) (\d+)/.exec(run.stdout);
  if (!match) throw new Error(`wrk gave no result: ${run.stdout} ${run.stderr}`);
  const [, requests, durationUs, p50Us, p99Us, errors] = match.map(Number) as number[];
  return {
    clients,
    requests: requests!,
    p50Ms: round(p50Us! / 1000),
    p99Ms: round(p99Us! / 1000),
    requestsPerSecond: round(requests! / (durationUs! / 1e6)),
    notOk: errors!,
  };
}

/** `GET path` with wrk, signed in with `cookie` or not at all. */
function wrkGet(urlPath: string, cookie: string | null, clients: number, seconds: number): WrkStats {
  const headers = cookie ? `{ ["cookie"] = ${JSON.stringify(cookie)} }` : "{}";
  return runWrk("", `  return wrk.format("GET", ${JSON.stringify(urlPath)}, ${headers})`, clients, seconds);
}

/** New claims (one source each) on the seed article with wrk; a Lua script gives each request fresh claim, mutation and source ids. */
function wrkSaves(cookie: string, articleId: string, clients: number, seconds: number): WrkStats {
  const bodies = seedSentenceTargets().map((target) =>
    JSON.stringify(saveBody(articleId, target, { id: "@ID@", mutationId: "@MUT@", sourceId: "@SRC@" })),
  );
  const script = `
local bodies = { ${bodies.map((b) => `[==[${b}]==]`).join(",\n")} }
local counter = 0
local function uuid()
  return (string.gsub("xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx", "[xy]", function (c)
    local v = (c == "x") and math.random(0, 15) or math.random(8, 11)
    return string.format("%x", v)
  end))
end
function init(args) math.randomseed(os.time() * 1000 + math.floor(os.clock() * 1000000)) end`;
  const request = `  counter = counter + 1
  local id = uuid()
  local body = bodies[(counter % #bodies) + 1]:gsub("@ID@", id):gsub("@MUT@", uuid()):gsub("@SRC@", uuid())
  return wrk.format("PUT", "/api/claims/" .. id, { ["content-type"] = "application/json", ["cookie"] = ${JSON.stringify(cookie)} }, body)`;
  return runWrk(script, request, clients, seconds);
}

/**
 * The same run's requests side by side with wrk, and their ratios to the
 * cheapest route (`GET /api/articles` without a session: a 401 before any
 * database work), which hold on any machine: the signed-in article list (the
 * session lookup plus a light read) and claim saves.
 */
async function wrkComparison(cookie: string, articleId: string, clients: number, seconds: number, vacuum?: () => Promise<void>) {
  const cheapest = wrkGet("/api/articles", null, clients, seconds);
  const signedInList = wrkGet("/api/articles", cookie, clients, seconds);
  // The list counts the article's ~2,400 claims from the index alone only once VACUUM has marked the new
  // rows' pages all-visible, which autovacuum does within a minute or so: measured both ways (server only).
  let signedInListAfterVacuum: WrkStats | undefined;
  if (vacuum) {
    await vacuum();
    signedInListAfterVacuum = wrkGet("/api/articles", cookie, clients, seconds);
  }
  const saves = wrkSaves(cookie, articleId, clients, seconds);
  return {
    cheapest,
    signedInList,
    ...(signedInListAfterVacuum ? { signedInListAfterVacuum } : {}),
    saves,
    ratios: {
      signedInListToCheapest: round(signedInList.requestsPerSecond / cheapest.requestsPerSecond),
      ...(signedInListAfterVacuum
        ? { signedInListAfterVacuumToCheapest: round(signedInListAfterVacuum.requestsPerSecond / cheapest.requestsPerSecond) }
        : {}),
      saveToCheapest: round(saves.requestsPerSecond / cheapest.requestsPerSecond),
      saveP99ToCheapestP99: round(saves.p99Ms / cheapest.p99Ms),
    },
  };
}

async function benchRawInserts(url: string, clients: number, insertsPerClient: number): Promise<Stats> {
  const sql = postgres(url, { max: clients, onnotice: () => {} });
  await sql`create table if not exists bench_raw_insert (id uuid primary key, body text not null, created_at timestamptz not null default now())`;
  await sql`truncate bench_raw_insert`;
  const latencies: number[] = [];
  const started = performance.now();
  await Promise.all(
    Array.from({ length: clients }, async () => {
      for (let i = 0; i < insertsPerClient; i++) {
        const t0 = performance.now();
        await sql`insert into bench_raw_insert (id, body) values (${crypto.randomUUID()}, ${"claim text of typical length ".repeat(4)})`;
        latencies.push(performance.now() - t0);
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  await sql`drop table bench_raw_insert`;
  await sql.end();
  return statsOf(clients, latencies, elapsed);
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}

async function freshServerDatabase(baseUrl: string): Promise<{ url: string; drop: () => Promise<void> }> {
  const admin = postgres(baseUrl, { max: 1, onnotice: () => {} });
  const name = `claimwork_bench_${Date.now()}`;
  await admin.unsafe(`create database ${name}`);
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end();
    },
  };
}

/**
 * The ceiling this load generator can reach on this machine: the cheapest route there is (an
 * unauthenticated request answered 401 by the route handler), with the same client and concurrency.
 */
async function benchTrivialRoute(clients: number, perClient: number): Promise<{ clients: number; requestsPerSecond: number }> {
  const started = performance.now();
  await Promise.all(
    Array.from({ length: clients }, async () => {
      for (let i = 0; i < perClient; i++) await (await fetch(`${BASE}/api/articles`)).arrayBuffer();
    }),
  );
  return { clients, requestsPerSecond: round((clients * perClient) / ((performance.now() - started) / 1000)) };
}

async function benchBackend(label: string, env: Record<string, string>, vacuum?: () => Promise<void>) {
  const child = await startServer(env);
  try {
    const cookie = await signUp();
    await benchSaves(cookie, 4, 25); // warm-up: JIT, connection pool, first-request compilation
    const one = await benchSaves(cookie, 1, 300);
    const twenty = await benchSaves(cookie, 20, 100);
    const trivialRoute = await benchTrivialRoute(20, 100);
    const list = (await (await fetch(`${BASE}/api/articles`, { headers: { cookie } })).json()) as { articles: Array<{ id: string }> };
    const wrk = hasWrk() ? await wrkComparison(cookie, list.articles[0]!.id, 20, 10, vacuum) : null;
    if (!wrk) console.warn("[bench] wrk not installed (apt-get install wrk): the wrk figures and ratios are skipped");
    else console.error(`[bench] ${label} ratios to the cheapest route (wrk, 20 connections): ${JSON.stringify(wrk.ratios)}`);
    return { backend: label, results: [one, twenty], trivialRoute, ...(wrk ? { wrk } : {}) };
  } finally {
    await stopServer(child);
  }
}

function benchSegmentation() {
  const raw = fs.readFileSync(path.join(ROOT, "seeds", "000_d6dc8bcdcbde1abf.txt"), "utf8");
  const { text } = parseArticleFile(raw);
  let big = text;
  while (big.length < 100_000) big += `\n\n${text}`;
  segmentSentences(big, "de"); // warm-up
  const runs: number[] = [];
  for (let i = 0; i < 20; i++) {
    const t0 = performance.now();
    segmentSentences(big, "de");
    runs.push(performance.now() - t0);
  }
  runs.sort((a, b) => a - b);
  return { kb: Math.round(big.length / 1024), medianMs: round(runs[10]!), sentences: segmentSentences(big, "de").length };
}

const ONLY = new Set((process.env.BENCH_ONLY ?? "saves,agreement,export,import,segmentation,reanchor,browser").split(","));

async function main() {
  const machine = {
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model ?? "unknown",
    memoryGiB: round(os.totalmem() / 2 ** 30),
    node: process.version,
    date: new Date().toISOString(),
  };
  const report: Record<string, unknown> = { machine };

  if (!SERVER_URL) console.warn("[bench] no BENCH_DATABASE_URL/TEST_DATABASE_URL: Postgres server figures skipped");

  if (ONLY.has("saves")) {
    ensureBuild();
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "claimwork-bench-"));
    report.pglite = await benchBackend("pglite", { CLAIMWORK_DATA_DIR: dataDir });
    fs.rmSync(dataDir, { recursive: true, force: true });
    if (SERVER_URL) {
      const fresh = await freshServerDatabase(SERVER_URL);
      try {
        report.postgres = await benchBackend(
          "postgres",
          { DATABASE_URL: fresh.url, CLAIMWORK_DATA_DIR: path.join(os.tmpdir(), "claimwork-bench-unused") },
          async () => {
            const sql = postgres(fresh.url, { max: 1, onnotice: () => {} });
            await sql`vacuum (analyze)`;
            await sql.end();
          },
        );
        report.rawInsert = [await benchRawInserts(fresh.url, 1, 2000), await benchRawInserts(fresh.url, 20, 500)];
      } finally {
        await fresh.drop();
      }
    }
  }
  if (ONLY.has("agreement")) report.agreement = runAgreementBench();
  // The review desk's pages on the Postgres server at 40 × 1,000 (overview, articles, queue, activity, agreement),
  // each with its ratio to the cheapest call a page makes, measured in the same run.
  if (ONLY.has("agreement") && SERVER_URL) {
    const rows = await runAgreementDeskBench(SERVER_URL);
    report.agreementDesk = rows;
    console.error(`[bench] review desk at 40 × 1,000 (ratios to the baseline's warm median):\n${formatAgreementDeskRows(rows)}`);
  }
  if (ONLY.has("segmentation")) report.segmentation = benchSegmentation();
  if (ONLY.has("reanchor")) report.reanchor = await runReanchorBench(SERVER_URL);
  if (ONLY.has("import")) {
    report.articleImport = [await runArticleImportBench(undefined)];
    if (SERVER_URL) (report.articleImport as unknown[]).push(await runArticleImportBench(SERVER_URL));
  }
  if (ONLY.has("export")) {
    report.exportPglite = await runPgliteExportBench();
    if (SERVER_URL) report.export = await runExportBench(SERVER_URL);
  }
  if (ONLY.has("browser")) {
    ensureBuild();
    report.browser = await runBrowserBench(ROOT);
  }

  fs.mkdirSync(path.join(ROOT, "bench-results"), { recursive: true });
  fs.writeFileSync(path.join(ROOT, "bench-results", "latest.json"), JSON.stringify(report, null, 2));
  console.log(JSON.stringify(report, null, 2));
}

main().catch((error: unknown) => {
  console.error("[bench] failed:", error);
  process.exit(1);
});
