import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DatabaseHandle, openDatabase, rowsOf } from "@/db/client";
import { migrateDatabase } from "@/db/migrate";
import { maintainEmbedded, startEmbeddedMaintenance } from "./embedded-maintenance";

type TableStats = { relname: string; last_vacuum: string | null; last_analyze: string | null };

async function claimStats(handle: DatabaseHandle): Promise<TableStats> {
  const [row] = rowsOf<TableStats>(
    await handle.db.execute(sql`select relname, last_vacuum::text, last_analyze::text from pg_stat_user_tables where relname = 'claims'`),
  );
  return row!;
}

describe("embedded database maintenance (PGlite has no autovacuum)", () => {
  let handle: DatabaseHandle;
  beforeAll(async () => {
    handle = await openDatabase({ kind: "memory" });
    await migrateDatabase(handle);
  });
  afterAll(async () => {
    await handle.close();
  });

  it("has no autovacuum process of its own: one standalone backend", async () => {
    const rows = rowsOf<{ backend_type: string }>(await handle.db.execute(sql`select backend_type from pg_stat_activity`));
    expect(rows.map((r) => r.backend_type)).toEqual(["standalone backend"]);
  });

  it("vacuums and analyses the tables, as autovacuum would on a server", async () => {
    expect((await claimStats(handle)).last_vacuum).toBeNull();
    await maintainEmbedded(handle);
    const stats = await claimStats(handle);
    expect(stats.last_vacuum).not.toBeNull();
    expect(stats.last_analyze).not.toBeNull();
  });

  it("runs at once when started and again at every interval, until stopped", async () => {
    const lastVacuum = async () => Date.parse((await claimStats(handle)).last_vacuum!);
    const before = await lastVacuum();
    const stop = startEmbeddedMaintenance(handle, 50);
    await expect.poll(lastVacuum, { timeout: 5000 }).toBeGreaterThan(before);
    const first = await lastVacuum();
    await expect.poll(lastVacuum, { timeout: 5000 }).toBeGreaterThan(first);
    stop();
    // Stopped: no further run (one already under way may still finish).
    await new Promise((r) => setTimeout(r, 200));
    const settled = await lastVacuum();
    await new Promise((r) => setTimeout(r, 200));
    expect(await lastVacuum()).toBe(settled);
  });
});
