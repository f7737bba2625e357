import "server-only";
import { type DatabaseHandle, openDatabase, SERVER_POOL_SIZE } from "@/db/client";
import { migrateDatabase } from "@/db/migrate";
import { startEmbeddedMaintenance } from "./embedded-maintenance";
import { getEnv } from "./env";
import { loadSeeds } from "./seed";

type DbGlobal = { claimworkDatabase?: Promise<DatabaseHandle>; claimworkSeeded?: { imported: number; existing: number } };
const store = globalThis as typeof globalThis & DbGlobal;

/**
 * The process-wide database, opened, migrated and seeded once. Kept on
 * globalThis because Next loads instrumentation, pages and route handlers as
 * separate module copies: two PGlite instances on one folder would lose data.
 */
export function getDatabase(): Promise<DatabaseHandle> {
  store.claimworkDatabase ??= initDatabase().catch((error: unknown) => {
    store.claimworkDatabase = undefined;
    throw error;
  });
  return store.claimworkDatabase;
}

async function initDatabase(): Promise<DatabaseHandle> {
  const env = getEnv();
  const handle = env.databaseUrl
    ? await openDatabase({ kind: "postgres", url: env.databaseUrl, max: SERVER_POOL_SIZE })
    : await openDatabase({ kind: "pglite", dataDir: env.dataDir });
  await migrateDatabase(handle);
  store.claimworkSeeded = await loadSeeds(handle.db, env.seedsDir);
  startEmbeddedMaintenance(handle);
  return handle;
}

/** What the seed import of this process found (for the boot log). */
export function seedResult(): { imported: number; existing: number } | undefined {
  return store.claimworkSeeded;
}
