import { sql } from "drizzle-orm";
import { DrizzleQueryError } from "drizzle-orm/errors";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { type DatabaseHandle, openDatabase } from "@/db/client";
import { databaseUnavailable, isConnectionError, withConnectionRetry } from "./db-retry";
import { AppError } from "./errors";

/** An error shaped as postgres.js raises it: a PostgresError carries the SQLSTATE in `code`. */
function driverError(code: string, message = `error ${code}`): Error {
  return Object.assign(new Error(message), { code });
}

/** The same error as Drizzle hands it to the app: wrapped, the driver's error in `cause`. */
function wrapped(cause: Error): Error {
  return new DrizzleQueryError("update claims set …", [], cause);
}

/** postgres.js 3.4.x's write to a released socket, with the stack it has. */
function nullSocketWrite(): TypeError {
  const error = new TypeError("Cannot read properties of null (reading 'write')");
  error.stack = `${error.message}\n    at Immediate.nextWrite (node_modules/postgres/src/connection.js:255:22)\n    at process.processImmediate (node:internal/timers:485:21)`;
  return error;
}

describe("isConnectionError", () => {
  it.each([
    ["57P01 admin_shutdown (pg_terminate_backend)", driverError("57P01", "terminating connection due to administrator command")],
    ["57P02 crash_shutdown", driverError("57P02")],
    ["57P03 cannot_connect_now", driverError("57P03", "the database system is starting up")],
    ["08000 connection_exception", driverError("08000")],
    ["08003 connection_does_not_exist", driverError("08003")],
    ["08006 connection_failure", driverError("08006")],
    ["postgres.js CONNECTION_CLOSED", driverError("CONNECTION_CLOSED", "write CONNECTION_CLOSED 127.0.0.1:5432")],
    ["postgres.js CONNECTION_ENDED", driverError("CONNECTION_ENDED")],
    ["postgres.js CONNECTION_DESTROYED", driverError("CONNECTION_DESTROYED")],
    ["postgres.js CONNECT_TIMEOUT", driverError("CONNECT_TIMEOUT")],
    ["ECONNRESET", driverError("ECONNRESET", "read ECONNRESET")],
    ["EPIPE", driverError("EPIPE", "write EPIPE")],
    ["ECONNREFUSED", driverError("ECONNREFUSED")],
    ["postgres.js's write on a null socket", nullSocketWrite()],
    ["57P01 wrapped by Drizzle", wrapped(driverError("57P01"))],
    ["ECONNRESET wrapped by Drizzle", wrapped(driverError("ECONNRESET"))],
  ])("is true for %s", (_name, error) => {
    expect(isConnectionError(error)).toBe(true);
  });

  it.each([
    ["a unique violation (23505)", wrapped(driverError("23505"))],
    ["a serialization failure (40001)", driverError("40001")],
    ["a syntax error (42601)", driverError("42601")],
    ["a protocol violation (08P01)", driverError("08P01")],
    ["an AppError", new AppError("not_found:claim", "No such claim.")],
    ["an AppError 503", databaseUnavailable(driverError("57P01"))],
    ["a TypeError from app code", new TypeError("Cannot read properties of null (reading 'write')")],
    ["a plain Error", new Error("boom")],
    ["a code on a non-Error", { code: "57P01" }],
    ["null", null],
    ["undefined", undefined],
    ["a string", "ECONNRESET"],
  ])("is false for %s", (_name, error) => {
    expect(isConnectionError(error)).toBe(false);
  });
});

describe("withConnectionRetry", () => {
  const quiet = { onRetry: () => {} };

  beforeAll(() => {
    vi.spyOn(console, "error").mockImplementation(() => {});
  });
  afterAll(() => {
    vi.restoreAllMocks();
  });

  it("returns the result of a first attempt that succeeds, calling fn once", async () => {
    const fn = vi.fn(async () => 42);
    const onRetry = vi.fn();
    await expect(withConnectionRetry(fn, { onRetry })).resolves.toBe(42);
    expect(fn).toHaveBeenCalledTimes(1);
    expect(onRetry).not.toHaveBeenCalled();
  });

  it("rethrows any other error as it is, without a retry", async () => {
    const conflict = new AppError("conflict:claim", "changed elsewhere");
    const fn = vi.fn(async () => {
      throw conflict;
    });
    await expect(withConnectionRetry(fn, quiet)).rejects.toBe(conflict);
    expect(fn).toHaveBeenCalledTimes(1);
    const unique = wrapped(driverError("23505"));
    await expect(withConnectionRetry(async () => Promise.reject(unique), quiet)).rejects.toBe(unique);
  });

  it("runs fn once more after a connection error and returns the retry's result", async () => {
    const lost = wrapped(driverError("57P01"));
    const fn = vi.fn().mockRejectedValueOnce(lost).mockResolvedValueOnce("saved");
    const onRetry = vi.fn();
    await expect(withConnectionRetry(fn, { onRetry })).resolves.toBe("saved");
    expect(fn).toHaveBeenCalledTimes(2);
    expect(onRetry).toHaveBeenCalledExactlyOnceWith(lost);
  });

  it("tries a third time after a longer pause when the retry drew another dying connection of the same event", async () => {
    const fn = vi
      .fn()
      .mockRejectedValueOnce(driverError("57P01"))
      .mockRejectedValueOnce(driverError("CONNECTION_CLOSED"))
      .mockResolvedValueOnce("saved");
    const onRetry = vi.fn();
    await expect(withConnectionRetry(fn, { onRetry })).resolves.toBe("saved");
    expect(fn).toHaveBeenCalledTimes(3);
    expect(onRetry).toHaveBeenCalledOnce();
  });

  it("answers 503 with a plain message when every retry loses its connection too, keeping the last cause for the log", async () => {
    const last = driverError("CONNECTION_CLOSED", "write CONNECTION_CLOSED 10.0.0.5:5432");
    const fn = vi.fn().mockRejectedValueOnce(driverError("ECONNRESET")).mockRejectedValueOnce(driverError("57P01")).mockRejectedValueOnce(last);
    const error = await withConnectionRetry(fn, quiet).catch((e: unknown) => e);
    expect(fn).toHaveBeenCalledTimes(3);
    expect(error).toBeInstanceOf(AppError);
    const appError = error as AppError;
    expect(appError.status).toBe(503);
    expect(appError.code).toBe("unavailable:database");
    expect(appError.message).not.toMatch(/CONNECTION_CLOSED|10\.0\.0\.5|5432/);
    expect(JSON.stringify(appError.toJSON())).not.toMatch(/CONNECTION_CLOSED|10\.0\.0\.5/);
    expect(appError.cause).toBe(last);
  });

  it("rethrows a retry's non-connection error as it is (e.g. the save's 409)", async () => {
    const conflict = new AppError("conflict:claim", "changed elsewhere");
    const fn = vi.fn().mockRejectedValueOnce(driverError("57P01")).mockRejectedValueOnce(conflict);
    await expect(withConnectionRetry(fn, quiet)).rejects.toBe(conflict);
  });

  it("does not retry what a second attempt cannot cure: a connect timeout, an ended pool", async () => {
    for (const code of ["CONNECT_TIMEOUT", "CONNECTION_ENDED"]) {
      const fn = vi.fn().mockRejectedValue(driverError(code));
      const onRetry = vi.fn();
      const error = await withConnectionRetry(fn, { onRetry }).catch((e: unknown) => e);
      expect(fn).toHaveBeenCalledTimes(1);
      expect(onRetry).not.toHaveBeenCalled();
      expect((error as AppError).status).toBe(503);
    }
  });

  it("with retry: false, runs fn once and still answers a connection error with the 503", async () => {
    const fn = vi.fn().mockRejectedValue(wrapped(driverError("57P01")));
    const onRetry = vi.fn();
    const error = await withConnectionRetry(fn, { retry: false, onRetry }).catch((e: unknown) => e);
    expect(fn).toHaveBeenCalledTimes(1);
    expect(onRetry).not.toHaveBeenCalled();
    expect((error as AppError).code).toBe("unavailable:database");
    const conflict = new AppError("conflict:claim", "changed elsewhere");
    await expect(withConnectionRetry(async () => Promise.reject(conflict), { retry: false })).rejects.toBe(conflict);
  });

  it("logs one warning line per request that retries, by default", async () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    const fn = vi.fn().mockRejectedValueOnce(driverError("57P01")).mockResolvedValueOnce(1);
    await withConnectionRetry(fn);
    expect(warn).toHaveBeenCalledExactlyOnceWith(expect.stringMatching(/^\[claimwork\] database connection lost \(57P01\); retrying$/));
    warn.mockRestore();
  });
});

describe("withConnectionRetry on PGlite (no connections to lose)", () => {
  let handle: DatabaseHandle;
  beforeAll(async () => {
    handle = await openDatabase({ kind: "memory" });
  });
  afterAll(async () => {
    await handle.close();
  });

  it("passes results and errors through untouched, running fn exactly once", async () => {
    const onRetry = vi.fn();
    let calls = 0;
    const ok = await withConnectionRetry(
      async () => {
        calls++;
        return handle.db.execute(sql`select 1 as one`);
      },
      { onRetry },
    );
    expect(ok).toMatchObject({ rows: [{ one: 1 }] });

    const thrown = await handle.db.execute(sql`select * from no_such_table`).catch((e: unknown) => e);
    const passed = await withConnectionRetry(
      async () => {
        calls++;
        return handle.db.execute(sql`select * from no_such_table`);
      },
      { onRetry },
    ).catch((e: unknown) => e);
    expect(isConnectionError(thrown)).toBe(false);
    expect(passed).toBeInstanceOf(Error);
    expect(passed).not.toBeInstanceOf(AppError);
    expect((passed as Error).message).toBe((thrown as Error).message);
    expect(calls).toBe(2);
    expect(onRetry).not.toHaveBeenCalled();
  });
});
