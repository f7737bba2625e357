/**
 * Fault injection on the Postgres server: while many clients save claims (and
 * read them) through `withConnectionRetry`, an admin connection terminates
 * every other backend of the test database again and again
 * (`pg_terminate_backend`, SQLSTATE 57P01 on the victims). What must hold:
 * nothing acknowledged is lost, nothing is applied twice, at most 0.1 % of
 * requests fail (and then with a 503, never a raw driver error), no request
 * takes more than a few seconds, and no exception escapes the driver.
 *
 * The app's pool is opened as the app opens it (`SERVER_POOL_SIZE`), with
 * more concurrent clients than connections, so queries queue and pipeline on
 * connections as they do under load. Each sweep kills every request in
 * flight, and the next waits until their retries have answered: one fault per
 * request, which the retries must absorb (a server that keeps failing them
 * is answered 503 by design, see db-retry.test.ts). Needs TEST_DATABASE_URL;
 * skipped on PGlite-only runs (PGlite has no connections to lose).
 */
import { eq, inArray, sql } from "drizzle-orm";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DatabaseHandle, openDatabase, rowsOf, SERVER_POOL_SIZE } from "@/db/client";
import { claims, events } from "@/db/schema";
import type { ClaimSave } from "@/lib/claim-schema";
import { configuredBackends, createMember, createTestProject, type TestDatabase } from "@/test-support/databases";
import { claimSaveFor, nextSave, seedArticle, UNICODE_ARTICLE_RAW, UNICODE_ARTICLE_TEXT, UNICODE_SENTENCES } from "@/test-support/fixtures";
import type { Actor } from "./authz";
import { listArticleClaims, saveClaim } from "./claims";
import { isConnectionError, withConnectionRetry } from "./db-retry";
import { AppError } from "./errors";

const postgresBackend = configuredBackends().find((backend) => backend.kind === "postgres");

/** Bounded so CI stays fast: the load stops at whichever comes first (about 4 s, a few hundred saves). */
const LOAD_DURATION_MS = 4_000;
const MAX_REQUESTS = 1_200;
/** A floor that only says the load ran (a busy 2-core machine makes a few hundred saves in the window, an idle one more). */
const MIN_SAVES = 50;
/** More clients than pool connections: requests queue and pipeline on connections, as under real load. */
const CLIENTS = 24;
const UPDATES_PER_CLAIM = 3;
/** A read among every so many requests. */
const READ_EVERY = 5;
const SWEEP_EVERY_MS = { min: 200, max: 400 };
/**
 * "A few seconds": no request may take longer, retry included. Below the 5 s connect timeout, so a
 * request that waited for a connection that never came fails the test, as do the driver's old stalls
 * (10 s poisoned reconnects, reconnect backoff up to 20 s); above what a busy CI machine needs.
 */
const MAX_LATENCY_MS = 4_000;

type Outcome = { kind: "save" | "read"; ok: boolean; ms: number; error?: unknown };

/** What a client was told: the last save of each claim that answered success. */
type Acknowledged = { save: ClaimSave; version: number };

describe.skipIf(!postgresBackend)("database faults (Postgres server)", () => {
  let fixture: TestDatabase;
  let teardown: () => Promise<void>;
  let app: DatabaseHandle;
  let articleId: string;
  let annotators: Actor[];

  beforeAll(async () => {
    const opened = await postgresBackend!.open();
    fixture = opened.database;
    teardown = opened.teardown;
    const project = await createTestProject(fixture.db, { name: "Faults" });
    annotators = [];
    for (let i = 0; i < 4; i++) annotators.push(await createMember(fixture.db, project.id, "annotator", `Annotator ${i}`));
    articleId = (await seedArticle(fixture.db, project.id, UNICODE_ARTICLE_RAW, { fileName: "faults.txt" })).id;
    app = await openDatabase({ kind: "postgres", url: fixture.url!, max: SERVER_POOL_SIZE });
  });

  afterAll(async () => {
    await app?.close();
    await teardown?.();
  });

  it("retries saves and reads on a fresh connection: 0 lost, 0 duplicated, ≤ 0.1 % errors, no stall, no uncaught exception", async () => {
    const escaped: unknown[] = [];
    const onEscaped = (error: unknown) => escaped.push(error);
    process.on("uncaughtException", onEscaped);
    process.on("unhandledRejection", onEscaped);

    const outcomes: Outcome[] = [];
    const acknowledged = new Map<string, Acknowledged>();
    /** Claims whose last save failed: it may or may not have landed, so only acknowledged versions are checked. */
    const uncertain = new Set<string>();
    let retries = 0;
    /** Requests between their first failure and the answer of their retry. */
    let retrying = 0;
    /** Requests running, by the number of sweeps done when they started. */
    const inFlight = new Map<number, number>();
    const startedBeforeLastSweep = () => [...inFlight].reduce((n, [epoch, count]) => (epoch < sweeps ? n + count : n), 0);

    const admin = postgres(fixture.url!, { max: 1, onnotice: () => {} });
    let sweeps = 0;
    let terminated = 0;
    let isLoading = true;
    const started = performance.now();

    // Sweeps at random intervals until the load ends. Each request meets at most one: a sweep waits
    // while requests are retrying, since a second fault inside one request's retry is a flapping server,
    // which is answered 503 by design (and is tested in db-retry.test.ts).
    const sweeper = (async () => {
      while (isLoading) {
        await sleep(SWEEP_EVERY_MS.min + Math.random() * (SWEEP_EVERY_MS.max - SWEEP_EVERY_MS.min));
        // Wait out every request that was already running at the last sweep (it may only now learn that
        // its connection died, and then retries): on a loaded machine that can take longer than the pause.
        while (isLoading && (retrying > 0 || startedBeforeLastSweep() > 0)) await sleep(5);
        if (!isLoading) break;
        const [row] = await admin<{ n: number }[]>`
          select count(*)::int as n from (
            select pg_terminate_backend(pid) from pg_stat_activity
            where datname = current_database() and pid <> pg_backend_pid()) t`;
        sweeps++;
        terminated += row?.n ?? 0;
      }
    })();

    async function timed<T>(kind: Outcome["kind"], fn: () => Promise<T>): Promise<T | undefined> {
      const t0 = performance.now();
      const epoch = sweeps;
      inFlight.set(epoch, (inFlight.get(epoch) ?? 0) + 1);
      let hasRetried = false;
      const onRetry = () => {
        retries++;
        retrying++;
        hasRetried = true;
      };
      try {
        const result = await withConnectionRetry(fn, { onRetry });
        outcomes.push({ kind, ok: true, ms: performance.now() - t0 });
        return result;
      } catch (error) {
        outcomes.push({ kind, ok: false, ms: performance.now() - t0, error });
        return undefined;
      } finally {
        if (hasRetried) retrying--;
        inFlight.set(epoch, (inFlight.get(epoch) ?? 1) - 1);
      }
    }

    let requests = 0;
    const isDone = () => performance.now() - started > LOAD_DURATION_MS || requests >= MAX_REQUESTS;

    async function client(index: number) {
      const actor = annotators[index % annotators.length]!;
      while (!isDone()) {
        // A claim: created, then edited a few times, each edit against the version the last answer gave.
        const exact = UNICODE_SENTENCES[1 + ((index + requests) % (UNICODE_SENTENCES.length - 1))]!;
        let save = claimSaveFor(articleId, UNICODE_ARTICLE_TEXT, exact, { rationale: "v1" });
        for (let step = 0; step <= UPDATES_PER_CLAIM && !isDone(); step++) {
          requests++;
          if (requests % READ_EVERY === 0) {
            await timed("read", () => listArticleClaims(app.db, actor, articleId));
            requests++;
          }
          const result = await timed("save", () => saveClaim(app.db, actor, save));
          if (!result) {
            uncertain.add(save.id);
            break;
          }
          acknowledged.set(save.id, { save, version: result.claim.version });
          save = nextSave(save, result.claim.version, { rationale: `v${result.claim.version + 1}` });
        }
      }
    }

    try {
      await Promise.all(Array.from({ length: CLIENTS }, (_, i) => client(i)));
    } finally {
      isLoading = false;
      await sweeper;
      await admin.end({ timeout: 5 });
      // Let any late driver callback (a write after close fires from setImmediate) surface before looking.
      await sleep(200);
      process.off("uncaughtException", onEscaped);
      process.off("unhandledRejection", onEscaped);
    }

    const saves = outcomes.filter((o) => o.kind === "save");
    const failures = outcomes.filter((o) => !o.ok);
    const maxMs = Math.max(...outcomes.map((o) => o.ms));
    const summary = {
      requests: outcomes.length,
      saves: saves.length,
      reads: outcomes.length - saves.length,
      errors: failures.length,
      retries,
      sweeps,
      terminatedBackends: terminated,
      maxLatencyMs: Math.round(maxMs),
      p99LatencyMs: Math.round(
        percentile(
          outcomes.map((o) => o.ms),
          0.99,
        ),
      ),
      seconds: Number(((performance.now() - started) / 1000).toFixed(1)),
    };
    console.log(`[db-faults] ${JSON.stringify(summary)}`);

    expect(escaped, "no exception may escape the driver").toEqual([]);
    // The faults really happened, and really reached requests.
    expect(sweeps).toBeGreaterThanOrEqual(3);
    expect(terminated).toBeGreaterThan(sweeps);
    expect(retries).toBeGreaterThan(0);
    expect(saves.length).toBeGreaterThanOrEqual(MIN_SAVES);

    // Every failure is the plain 503, never a raw driver error (that would be a 500).
    for (const failure of failures) {
      expect(failure.error).toBeInstanceOf(AppError);
      expect((failure.error as AppError).status).toBe(503);
      expect(isConnectionError((failure.error as Error).cause)).toBe(true);
    }
    expect(failures.length / outcomes.length).toBeLessThanOrEqual(0.001);
    expect(maxMs).toBeLessThan(MAX_LATENCY_MS);

    // 0 lost: every acknowledged save is in the database, as acknowledged (or, where a later save's
    // answer was lost, later still).
    const ids = [...acknowledged.keys()];
    const stored = new Map((await fixture.db.select().from(claims).where(inArray(claims.id, ids))).map((row) => [row.id, row]));
    const lost: string[] = [];
    for (const [id, { save, version }] of acknowledged) {
      const row = stored.get(id);
      if (!row || row.version < version) lost.push(id);
      else if (!uncertain.has(id) && (row.version !== version || row.lastMutationId !== save.mutationId || row.rationale !== save.rationale)) {
        lost.push(id);
      }
    }
    expect(lost).toEqual([]);

    // 0 duplicated: one creation and one update entry per version in each claim's history, so no save was applied twice;
    // and no claim rows beyond those the clients made.
    const history = rowsOf<{ id: string; created: number; updated: number }>(
      await fixture.db.execute(sql`
        select ${events.entityId} as id,
               count(*) filter (where ${events.action} = 'claim.created')::int as created,
               count(*) filter (where ${events.action} = 'claim.updated')::int as updated
        from ${events}
        where ${events.entityType} = 'claim'
        group by ${events.entityId}`),
    );
    const duplicated = history.filter((h) => h.created !== 1 || h.updated !== (stored.get(h.id)?.version ?? 1) - 1);
    expect(duplicated).toEqual([]);
    const [{ n: claimRows } = { n: -1 }] = await fixture.db
      .select({ n: sql<number>`count(*)::int` })
      .from(claims)
      .where(eq(claims.articleId, articleId));
    expect(claimRows).toBeLessThanOrEqual(acknowledged.size + uncertain.size);
    expect(claimRows).toBeGreaterThanOrEqual(acknowledged.size);
  });
});

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0;
}
