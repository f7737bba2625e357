import "server-only";
import { sql } from "drizzle-orm";
import type { DatabaseHandle } from "@/db/client";

/** How often the embedded database is vacuumed and analysed (autovacuum's naptime is 1 min; this is gentler). */
export const MAINTENANCE_INTERVAL_MS = 10 * 60_000;

/**
 * What autovacuum does on a Postgres server, for the embedded database.
 * PGlite runs Postgres as a single standalone backend, without the
 * autovacuum launcher, so nothing ever vacuums or analyses its tables: dead
 * rows of edits and deletes stay, the planner's statistics stay those of an
 * empty table, and index-only scans (the article list's claim counts, through
 * `claims_article_idx`) still visit every row, because only VACUUM marks pages
 * all-visible. One `VACUUM (ANALYZE)` is cheap when little changed — it skips
 * pages already all-visible — and it holds the single connection only while
 * it runs.
 */
export async function maintainEmbedded(handle: DatabaseHandle): Promise<void> {
  if (handle.kind !== "pglite") return;
  await handle.db.execute(sql`vacuum (analyze)`);
}

/**
 * Run {@link maintainEmbedded} now and every `intervalMs` for an embedded
 * database (a server has autovacuum); returns the function that stops it. A
 * failure is logged and retried at the next interval: a missed vacuum costs
 * speed, never data. The timer does not keep the process alive.
 */
export function startEmbeddedMaintenance(handle: DatabaseHandle, intervalMs = MAINTENANCE_INTERVAL_MS): () => void {
  if (handle.kind !== "pglite") return () => {};
  let isRunning = false;
  const run = async () => {
    if (isRunning) return;
    isRunning = true;
    try {
      await maintainEmbedded(handle);
    } catch (error) {
      console.error(`[claimwork] embedded database maintenance (VACUUM ANALYZE) failed: ${(error as Error).message}`);
    } finally {
      isRunning = false;
    }
  };
  void run();
  const timer = setInterval(run, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
