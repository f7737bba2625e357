import postgres from "postgres";
import { type DatabaseHandle, openDatabase } from "../db/client";
import { migrateDatabase } from "../db/migrate";

/**
 * A database of its own on the Postgres server `adminUrl` names, for one bench: created empty, migrated,
 * handed to `run` (with its URL, for a raw client beside the app's pool), and dropped afterwards whatever
 * happens — so a bench never measures, or leaves behind, another one's rows. `purpose` names it
 * (`claimwork_bench_<purpose>_<time>`); `max` is the app pool's size.
 */
export async function withScratchDatabase<T>(
  adminUrl: string,
  purpose: string,
  run: (handle: DatabaseHandle, url: string) => Promise<T>,
  options: { max?: number } = {},
): Promise<T> {
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  const name = `claimwork_bench_${purpose}_${Date.now()}`;
  await admin.unsafe(`create database ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  let handle: DatabaseHandle | null = null;
  try {
    handle = await openDatabase({ kind: "postgres", url: url.toString(), ...(options.max !== undefined && { max: options.max }) });
    await migrateDatabase(handle);
    return await run(handle, url.toString());
  } finally {
    await handle?.close();
    await admin.unsafe(`drop database if exists ${name} with (force)`);
    await admin.end();
  }
}
