import { type ChildProcess, spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { sql } from "drizzle-orm";
import postgres from "postgres";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { isConnectionError } from "@/server/db-retry";
import { describeStartupError } from "@/server/startup";
import { configuredBackends } from "@/test-support/databases";
import { type DatabaseHandle, DatabaseLockedError, openDatabase, rowsOf } from "./client";
import { migrateDatabase } from "./migrate";
import { users } from "./schema";

const LOCK_FILE = "claimwork.lock";

let tmpRoot: string;
const children: ChildProcess[] = [];
const openHandles: DatabaseHandle[] = [];

/** One folder for every lock test: creating a PGlite folder (initdb) is the slow part, reopening is not. */
let dir: string;
let lockPath: string;

beforeAll(() => {
  tmpRoot = fs.mkdtempSync(path.join(os.tmpdir(), "claimwork-client-test-"));
  dir = path.join(tmpRoot, "pglite");
  lockPath = path.join(dir, LOCK_FILE);
});

afterEach(async () => {
  while (openHandles.length) await openHandles.pop()!.close();
});

afterAll(() => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  fs.rmSync(tmpRoot, { recursive: true, force: true });
});

async function open(dataDir: string): Promise<DatabaseHandle> {
  const handle = await openDatabase({ kind: "pglite", dataDir });
  openHandles.push(handle);
  return handle;
}

async function close(handle: DatabaseHandle): Promise<void> {
  openHandles.splice(openHandles.indexOf(handle), 1);
  await handle.close();
}

/** A separate live node process (another "app instance") whose pid we can put in a lock file. */
async function startLiveProcess(): Promise<ChildProcess> {
  const child = spawn(process.execPath, ["-e", "setInterval(() => {}, 1000)"], { stdio: "ignore" });
  children.push(child);
  await new Promise<void>((resolve, reject) => {
    child.once("spawn", () => resolve());
    child.once("error", reject);
  });
  return child;
}

/** The pid of a process that has exited (a crashed instance's stale lock). */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ["-e", ""], { stdio: "ignore" });
  const pid = child.pid;
  await new Promise<void>((resolve, reject) => {
    child.once("exit", () => resolve());
    child.once("error", reject);
  });
  if (pid === undefined) throw new Error("spawn gave no pid");
  return pid;
}

describe("embedded database folder lock", () => {
  it("locks the folder with our pid, allows this process to open it again, and releases on close", async () => {
    const first = await open(dir);
    await migrateDatabase(first);
    expect(fs.readFileSync(lockPath, "utf8")).toBe(String(process.pid));
    await first.db.insert(users).values({ id: "u1", name: "Ünïcødé 😀", email: "u1@example.test" });

    // Same process (e.g. a second module copy under Next): not refused, and counted.
    const second = await open(dir);
    expect(fs.readFileSync(lockPath, "utf8")).toBe(String(process.pid));
    await close(second);
    // The first handle is still open: its lock stays.
    expect(fs.existsSync(lockPath)).toBe(true);
    await close(first);
    expect(fs.existsSync(lockPath)).toBe(false);

    // Closed in the other order, the lock lasts until the last handle here closes.
    const a = await open(dir);
    const b = await open(dir);
    await close(a);
    expect(fs.readFileSync(lockPath, "utf8")).toBe(String(process.pid));
    await close(b);
    expect(fs.existsSync(lockPath)).toBe(false);

    // Data survived; reopening (and migrating again) is fine.
    const reopened = await open(dir);
    await migrateDatabase(reopened);
    const rows = await reopened.db.select({ name: users.name }).from(users);
    expect(rows).toEqual([{ name: "Ünïcødé 😀" }]);
  });

  it("refuses a folder locked by another live process, with a clear message", async () => {
    expect(fs.existsSync(lockPath)).toBe(false);
    const child = await startLiveProcess();
    fs.writeFileSync(lockPath, String(child.pid));

    const attempt = openDatabase({ kind: "pglite", dataDir: dir });
    await expect(attempt).rejects.toBeInstanceOf(DatabaseLockedError);
    const error = await attempt.then(
      () => {
        throw new Error("opened a folder locked by another process");
      },
      (e: unknown) => e as DatabaseLockedError,
    );
    expect(error.message).toContain(dir);
    expect(error.message).toContain(`pid ${child.pid}`);
    expect(error.message).toMatch(/in use by another Claimwork process/);
    expect(error.message).toMatch(/CLAIMWORK_DATA_DIR|DATABASE_URL/);
    // The start-up line is the message itself, on one line.
    expect(describeStartupError(error)).toBe(error.message);
    expect(describeStartupError(error)).not.toContain("\n");
    // The other process's lock is left alone.
    expect(fs.readFileSync(lockPath, "utf8")).toBe(String(child.pid));

    // Once that process is gone its lock is stale and we take over.
    const exited = new Promise((resolve) => child.once("exit", resolve));
    child.kill("SIGTERM");
    await exited;
    const handle = await open(dir);
    expect(fs.readFileSync(lockPath, "utf8")).toBe(String(process.pid));
    expect(await handle.db.select({ id: users.id }).from(users)).toEqual([{ id: "u1" }]);
  });

  it("takes over a stale lock (its process exited) and an unreadable one", async () => {
    expect(fs.existsSync(lockPath)).toBe(false);
    const pid = await deadPid();
    fs.writeFileSync(lockPath, String(pid));
    const handle = await open(dir);
    expect(fs.readFileSync(lockPath, "utf8")).toBe(String(process.pid));
    await close(handle);
    expect(fs.existsSync(lockPath)).toBe(false);

    fs.writeFileSync(lockPath, "not a pid");
    await open(dir);
    expect(fs.readFileSync(lockPath, "utf8")).toBe(String(process.pid));
  });
});

describe("unreachable Postgres server", () => {
  const URL = "postgres://postgres@127.0.0.1:1/x";

  it("fails migrate quickly with ECONNREFUSED and a one-line start-up message", async () => {
    const handle = await openDatabase({ kind: "postgres", url: URL });
    openHandles.push(handle);
    const started = Date.now();
    const error = await migrateDatabase(handle).then(
      () => {
        throw new Error("migrate succeeded against an unreachable server");
      },
      (e: unknown) => e as NodeJS.ErrnoException,
    );
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(error.code).toBe("ECONNREFUSED");

    const line = describeStartupError(error);
    expect(line).toMatch(/unreachable/);
    expect(line).toContain("ECONNREFUSED");
    expect(line).not.toContain("\n");
  });

  it("fails a query on the handle the same way", async () => {
    const handle = await openDatabase({ kind: "postgres", url: URL });
    openHandles.push(handle);
    const error = await handle.db.execute(sql`select 1`).then(
      () => null,
      (e: unknown) => e as NodeJS.ErrnoException & { cause?: NodeJS.ErrnoException },
    );
    expect(error).not.toBeNull();
    expect(error?.code ?? error?.cause?.code).toBe("ECONNREFUSED");
  });
});

/**
 * What a terminated backend (pg_terminate_backend: SQLSTATE 57P01) leaves
 * behind in the pool. With one connection the pool must reuse the very
 * connection that died, which is where postgres.js 3.4.9 went wrong (fixed by
 * patches/postgres+3.4.9.patch): the transaction's own ROLLBACK written to the
 * released socket threw from setImmediate (an uncaught exception), the write
 * buffer it left kept the reconnect's startup message from being sent (every
 * later query failed with CONNECT_TIMEOUT), and the dead session's FATAL error
 * failed the next query.
 */
const postgresBackend = configuredBackends().find((backend) => backend.kind === "postgres");

describe.skipIf(!postgresBackend)("a terminated connection (Postgres server)", () => {
  let url: string;
  let teardown: () => Promise<void>;
  let admin: postgres.Sql;
  const escaped: unknown[] = [];
  const onEscaped = (error: unknown) => escaped.push(error);

  beforeAll(async () => {
    const opened = await postgresBackend!.open();
    url = opened.database.url!;
    teardown = opened.teardown;
    admin = postgres(url, { max: 1, onnotice: () => {} });
    process.on("uncaughtException", onEscaped);
    process.on("unhandledRejection", onEscaped);
  });

  afterAll(async () => {
    process.off("uncaughtException", onEscaped);
    process.off("unhandledRejection", onEscaped);
    await admin?.end({ timeout: 5 });
    await teardown?.();
  });

  afterEach(() => {
    expect(escaped.splice(0), "no exception may escape the driver").toEqual([]);
  });

  async function openOneConnection(): Promise<DatabaseHandle> {
    const handle = await openDatabase({ kind: "postgres", url, max: 1 });
    openHandles.push(handle);
    return handle;
  }

  async function backendPid(run: (query: ReturnType<typeof sql>) => Promise<unknown>): Promise<number> {
    const [row] = rowsOf<{ pid: number }>(await run(sql`select pg_backend_pid() as pid`));
    return row!.pid;
  }

  async function terminate(pid: number): Promise<void> {
    await admin`select pg_terminate_backend(${pid})`;
  }

  /** A query right after the fault: must answer at once, on a fresh session. */
  async function expectPromptAnswer(handle: DatabaseHandle, deadPid: number): Promise<void> {
    const started = Date.now();
    const pid = await backendPid((q) => handle.db.execute(q));
    expect(pid).not.toBe(deadPid);
    expect(Date.now() - started).toBeLessThan(2_000);
  }

  it("fails a transaction killed mid-statement with a connection error, and the next query answers at once", async () => {
    const handle = await openOneConnection();
    let pid = 0;
    let hasStarted!: () => void;
    const started = new Promise<void>((resolve) => (hasStarted = resolve));
    const transaction = handle.db.transaction(async (tx) => {
      pid = await backendPid((q) => tx.execute(q));
      hasStarted();
      await tx.execute(sql`select pg_sleep(5)`);
    });
    const outcome = transaction.then(
      () => null,
      (e: unknown) => e,
    );
    await started;
    await terminate(pid);
    const error = await outcome;
    expect(isConnectionError(error)).toBe(true);
    // Whatever the driver would still write for the dead transaction fires from setImmediate: let those run first.
    await new Promise((resolve) => setImmediate(resolve));
    await expectPromptAnswer(handle, pid);
    // And a transaction on the reconnected session commits as usual.
    await expect(handle.db.transaction(async (tx) => rowsOf(await tx.execute(sql`select 1 as one`)))).resolves.toEqual([{ one: 1 }]);
  });

  it("fails a statement killed mid-flight, and the next query is not failed with the old session's FATAL error", async () => {
    const handle = await openOneConnection();
    const pid = await backendPid((q) => handle.db.execute(q));
    const sleeping = handle.db.execute(sql`select pg_sleep(5)`).then(
      () => null,
      (e: unknown) => e,
    );
    // Terminate it once the server is running the statement (mid-flight).
    await vi.waitFor(async () => {
      const [row] = await admin<Array<{ state: string; query: string }>>`select state, query from pg_stat_activity where pid = ${pid}`;
      expect(row?.state === "active" && row.query.includes("pg_sleep")).toBe(true);
    });
    await terminate(pid);
    expect(isConnectionError(await sleeping)).toBe(true);
    await expectPromptAnswer(handle, pid);
  });

  it("keeps a LISTEN subscription across a terminated connection (what was sent while it was down is not replayed)", async () => {
    const handle = await openOneConnection();
    const received: string[] = [];
    const unlisten = await handle.listen("claimwork_fault_test", (payload) => received.push(payload));
    await admin`select pg_terminate_backend(pid) from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()`;
    // postgres.js listens again on a fresh connection of its own; until it has, notices go nowhere.
    await vi.waitFor(
      async () => {
        await admin`select pg_notify('claimwork_fault_test', 'after')`;
        expect(received).toContain("after");
      },
      { timeout: 3_000, interval: 100 },
    );
    await unlisten();
  });

  it("reconnects an idle connection terminated between queries", async () => {
    const handle = await openOneConnection();
    const pid = await backendPid((q) => handle.db.execute(q));
    // The server's FATAL notice and close reach the idle socket; wait until the pool has seen it gone.
    const client = (handle.db as unknown as { $client: postgres.Sql }).$client;
    const closed = new Promise<void>((resolve) => (client.options.onclose = () => resolve()));
    await terminate(pid);
    await closed;
    await expectPromptAnswer(handle, pid);
  });
});
