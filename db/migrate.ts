import path from "node:path";
import type { PgliteDatabase } from "drizzle-orm/pglite";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import { drizzle as drizzlePostgres } from "drizzle-orm/postgres-js";
import { migrate as migratePostgres } from "drizzle-orm/postgres-js/migrator";
import postgres from "postgres";
import type { DatabaseHandle, Schema } from "./client";

/** The committed migrations, resolved from the project root (works from tests, scripts and `next start`). */
export const MIGRATIONS_FOLDER = path.join(process.cwd(), "db", "migrations");

/** Arbitrary constant: the advisory lock that serialises migrations across app instances starting together. */
const MIGRATION_LOCK_KEY = 7_302_151;

/** Apply every pending migration; safe to run on every start (drizzle records what it applied). */
export async function migrateDatabase(handle: DatabaseHandle, migrationsFolder = MIGRATIONS_FOLDER): Promise<void> {
  if (handle.kind === "pglite") {
    await migratePglite(handle.db as unknown as PgliteDatabase<Schema>, { migrationsFolder });
    return;
  }
  // Several instances behind a load balancer start at once: one migrates, the others wait on the lock,
  // then find nothing left to apply. The lock is per connection, so pin one;
  // ending the connection releases the lock.
  const client = postgres(handle.url ?? "", { max: 1, onnotice: () => {}, connect_timeout: 10 });
  try {
    await client`select pg_advisory_lock(${MIGRATION_LOCK_KEY})`;
    await migratePostgres(drizzlePostgres({ client }), { migrationsFolder });
  } finally {
    await client.end({ timeout: 5 });
  }
}
