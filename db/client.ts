/**
 * Opening the database: the embedded PGlite (a folder, or memory for tests)
 * or a Postgres server (`postgres://…`). Both give the same Drizzle API, so
 * the rest of the app has one code path.
 */
import fs from "node:fs";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import type { SQL } from "drizzle-orm";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { drizzle as drizzlePostgres, type PostgresJsDatabase } from "drizzle-orm/postgres-js";
import postgres from "postgres";
import * as schema from "./schema";

export type Schema = typeof schema;
/**
 * The Drizzle handle. PGlite's and postgres-js' databases share the pg-core
 * query builder; we type both as the postgres-js flavour so callers see one API.
 */
export type Db = PostgresJsDatabase<Schema>;
export type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];

export type DatabaseHandle = {
  db: Db;
  kind: "pglite" | "postgres";
  /** The server URL (postgres only): migrations pin one connection of their own. */
  url?: string;
  /**
   * Subscribe to a NOTIFY channel; resolves to an unsubscribe function.
   * `onListen` runs each time the subscription is (re)established — on a
   * server, after a dropped connection is back, when notices sent meanwhile
   * were missed.
   */
  listen(channel: string, onPayload: (payload: string) => void, onListen?: () => void): Promise<() => Promise<void>>;
  close(): Promise<void>;
};

/** Connections the app keeps to a Postgres server (per instance). */
export const SERVER_POOL_SIZE = 20;

/**
 * How the pool treats connections, chosen so that a lost connection costs a
 * request milliseconds, not seconds (see server/db-retry.ts for the retry):
 * - `connect_timeout`: a server that does not answer fails the request within
 *   a few seconds (a 503), instead of holding it; connecting on a LAN takes
 *   milliseconds, over TLS to a hosted server well under a second.
 * - `backoff`: postgres.js delays a connection's reconnect by a backoff that
 *   grows with every connection of the pool closed by an error (3^n / 100 s,
 *   up to 20 s, reset only by a later successful connect), so after one sweep
 *   of terminated backends the next requests waited up to 20 s. The pool
 *   reconnects only when a query needs a connection, so without a delay it
 *   does not spin; clients back off themselves, after a 503.
 * - `idle_timeout`: idle connections are closed after 30 s rather than kept
 *   until a NAT or firewall drops them silently, when the next query on them
 *   would wait for TCP to give up.
 * - `max_lifetime`: postgres.js's default (30–60 min, staggered) recycles
 *   every connection gracefully, between queries.
 * - `jit: off`: the server's JIT compiles a query whose estimated cost passes
 *   `jit_above_cost`, which the article list's per-article counts do as soon
 *   as a project holds many claims (the estimate, not the work): the
 *   compilation then costs more than the query (BENCHMARKS.md, issue 11).
 *   The app runs short queries; exports stream rows through functions JIT
 *   does not compile.
 */
const SERVER_CONNECTION_OPTIONS = {
  onnotice: () => {},
  connection: { jit: "off" },
  connect_timeout: 5,
  backoff: () => 0,
  idle_timeout: 30,
} satisfies postgres.Options<Record<string, postgres.PostgresType>>;

export type OpenOptions = { kind: "postgres"; url: string; max?: number } | { kind: "pglite"; dataDir: string } | { kind: "memory" };

/** Thrown when the embedded folder is held by another live process. */
export class DatabaseLockedError extends Error {}

/**
 * `db.execute(query)` as a prepared statement: on the Postgres server the
 * statement is parsed and planned once per connection and only bound and run
 * after that (postgres.js keeps it by its text), where `db.execute` sends an
 * unnamed statement that is parsed and planned on every call. For the hot,
 * fixed-shape statements of the save path only: a statement whose text varies
 * with its input (an `in (…)` list of any length) would leave one prepared
 * statement per shape on every connection. PGlite runs it as `db.execute`.
 * Drizzle's `execute` has no prepared form, so this uses its session the way
 * its query builders' `.prepare()` does.
 */
export async function executePrepared(db: Db | Tx, query: SQL): Promise<unknown> {
  const internals = db as unknown as {
    dialect: { sqlToQuery(sql: SQL): { sql: string; params: unknown[] } };
    session: {
      prepareQuery(query: { sql: string; params: unknown[] }, fields: undefined, name: string, arrayMode: boolean): { execute(): Promise<unknown> };
    };
  };
  return internals.session.prepareQuery(internals.dialect.sqlToQuery(query), undefined, "claimwork", false).execute();
}

/** The rows of a raw `db.execute(sql…)`: postgres-js answers with an array of rows, PGlite with `{ rows }`. */
export function rowsOf<T>(result: unknown): T[] {
  return (Array.isArray(result) ? result : (result as { rows: T[] }).rows) as T[];
}

/**
 * True for a unique violation (SQLSTATE 23505) of `constraint`, whichever
 * driver raised it and whether or not Drizzle wrapped it (in `cause`).
 */
export function isUniqueViolation(error: unknown, constraint: string): boolean {
  for (let e: unknown = error, depth = 0; e && typeof e === "object" && depth < 3; e = (e as { cause?: unknown }).cause, depth++) {
    const { code, constraint_name, constraint: name } = e as { code?: string; constraint_name?: string; constraint?: string };
    if (code === "23505") return (constraint_name ?? name) === constraint;
  }
  return false;
}

const LOCK_FILE = "claimwork.lock";

/**
 * Handles this process holds on each locked folder. Kept on globalThis (not in
 * module scope) because Next can load two copies of this module in one
 * process; both must count the same handles.
 */
const LOCKS_KEY = Symbol.for("claimwork.pgliteFolderLocks");
const lockRegistry = globalThis as { [LOCKS_KEY]?: Map<string, number> };
lockRegistry[LOCKS_KEY] ??= new Map<string, number>();
const heldLocks: Map<string, number> = lockRegistry[LOCKS_KEY];

/**
 * PGlite has no lock of its own: two processes writing one folder silently
 * lose rows. We take an exclusive lock file holding our pid; a lock whose pid
 * is no longer alive is stale (the process crashed) and is taken over. This
 * process may open the folder again (the lock is counted); the file goes
 * when its last handle here closes.
 */
function acquireFolderLock(dataDir: string): () => void {
  fs.mkdirSync(dataDir, { recursive: true });
  const lockPath = path.join(dataDir, LOCK_FILE);
  const hold = () => {
    heldLocks.set(lockPath, (heldLocks.get(lockPath) ?? 0) + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const left = (heldLocks.get(lockPath) ?? 1) - 1;
      if (left > 0) {
        heldLocks.set(lockPath, left);
        return;
      }
      heldLocks.delete(lockPath);
      removeOwnLock(lockPath);
    };
  };
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = fs.openSync(lockPath, "wx");
      fs.writeSync(fd, String(process.pid));
      fs.closeSync(fd);
      process.once("exit", () => removeOwnLock(lockPath));
      return hold();
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const holder = Number.parseInt(fs.readFileSync(lockPath, "utf8"), 10);
      if (holder === process.pid) return hold();
      if (Number.isFinite(holder) && isAlive(holder)) {
        throw new DatabaseLockedError(
          `The embedded database folder ${dataDir} is in use by another Claimwork process (pid ${holder}). ` +
            `Stop it first, or set CLAIMWORK_DATA_DIR to another folder, or DATABASE_URL to a Postgres server.`,
        );
      }
      fs.unlinkSync(lockPath); // stale: its process is gone
    }
  }
  throw new DatabaseLockedError(`Could not lock the embedded database folder ${dataDir}.`);
}

function removeOwnLock(lockPath: string): void {
  try {
    if (fs.readFileSync(lockPath, "utf8") === String(process.pid)) fs.unlinkSync(lockPath);
  } catch {
    // already gone
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

export async function openDatabase(options: OpenOptions): Promise<DatabaseHandle> {
  if (options.kind === "postgres") {
    const client = postgres(options.url, { ...SERVER_CONNECTION_OPTIONS, max: options.max ?? 10 });
    const db = drizzlePostgres({ client, schema });
    return {
      db,
      kind: "postgres",
      url: options.url,
      async listen(channel, onPayload, onListen) {
        const meta = await client.listen(channel, onPayload, onListen);
        return async () => {
          await meta.unlisten();
        };
      },
      async close() {
        await client.end({ timeout: 5 });
      },
    };
  }

  let release = () => {};
  let client: PGlite;
  if (options.kind === "pglite") {
    release = acquireFolderLock(options.dataDir);
    client = new PGlite(options.dataDir);
  } else {
    client = new PGlite();
  }
  await client.waitReady;
  const db = drizzlePglite({ client, schema }) as unknown as Db;
  return {
    db,
    kind: "pglite",
    async listen(channel, onPayload, onListen) {
      // In-process: the subscription cannot drop, so it is established once.
      const unsubscribe = await client.listen(channel, onPayload);
      onListen?.();
      return unsubscribe;
    },
    async close() {
      await client.close();
      release();
    },
  };
}
