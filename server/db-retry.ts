/**
 * One retry for work cut off by a lost database connection.
 *
 * A Postgres server ends connections for reasons that say nothing about the
 * request on them: an administrator's `pg_terminate_backend`, a restart or
 * failover, a pooler recycling its backends, a network reset. Work on such a
 * connection fails as a whole — a transaction that had not committed is rolled
 * back by the server — so an idempotent request (every read, and a claim save,
 * which carries its own ids and a mutation id) can simply run again on another
 * connection. A save whose commit landed just before its answer was lost is
 * then answered from the stored claim, not applied twice.
 *
 * What still fails after the retries is answered 503 with a plain message
 * (the client retries 5xx with backoff), never a 500 with driver detail.
 *
 * PGlite has no connections to lose: none of its errors match, so around it
 * the wrapper is one `await` and nothing else.
 */
import "server-only";
import { AppError } from "./errors";

/**
 * SQLSTATEs that say the session is gone, not that the statement was wrong:
 * class 57P (operator intervention: admin_shutdown — `pg_terminate_backend`
 * or a fast shutdown — crash_shutdown, cannot_connect_now while the server
 * starts or stops) and class 08 (connection exception).
 */
const CONNECTION_SQLSTATES: ReadonlySet<string> = new Set(["57P01", "57P02", "57P03", "08000", "08001", "08003", "08004", "08006"]);

/** postgres.js's own codes for a connection that closed, was destroyed, timed out connecting, or belongs to an ended pool. */
const DRIVER_CODES: ReadonlySet<string> = new Set(["CONNECTION_CLOSED", "CONNECTION_DESTROYED", "CONNECTION_ENDED", "CONNECT_TIMEOUT"]);

/** Socket errors from Node for a connection reset, refused or unreachable. */
const SOCKET_CODES: ReadonlySet<string> = new Set([
  "ECONNRESET",
  "EPIPE",
  "ECONNREFUSED",
  "ECONNABORTED",
  "ETIMEDOUT",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "ENETDOWN",
  "EAI_AGAIN",
]);

/**
 * Connection errors a second attempt cannot cure: the pool was ended (the
 * process is shutting down), or the server did not answer within the connect
 * timeout — waiting that long again would only double the wait.
 */
const NOT_RETRIED: ReadonlySet<string> = new Set(["CONNECTION_ENDED", "CONNECT_TIMEOUT"]);

/**
 * postgres.js 3.4.x writes to a socket it has already let go of when a
 * connection dies under a transaction (porsager/postgres#1154, #1208): a
 * TypeError from its `nextWrite`. `patches/postgres+3.4.9.patch` removes the
 * cause; should it come back (an upgrade without the fix), it still counts as
 * a lost connection rather than a bug in the request.
 */
function isNullSocketWrite(error: Error): boolean {
  return error instanceof TypeError && /\(reading 'write'\)/.test(error.message) && /\bnextWrite\b/.test(error.stack ?? "");
}

/** The error and its causes (Drizzle wraps driver errors in `DrizzleQueryError`, the driver's error in `cause`). */
function* causes(error: unknown): Generator<unknown> {
  for (let e: unknown = error, depth = 0; e !== null && e !== undefined && depth < 4; e = (e as { cause?: unknown }).cause, depth++) {
    yield e;
    if (typeof e !== "object") return;
  }
}

function connectionCode(error: unknown): string | undefined {
  for (const e of causes(error)) {
    // An AppError is the app's own verdict (a 503 already made from a lost connection included): final.
    if (e instanceof AppError) return undefined;
    if (!(e instanceof Error)) continue;
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string" && (CONNECTION_SQLSTATES.has(code) || DRIVER_CODES.has(code) || SOCKET_CODES.has(code))) return code;
    if (isNullSocketWrite(e)) return "NULL_SOCKET_WRITE";
  }
  return undefined;
}

/**
 * True when `error` (or what it wraps) says the database connection was lost
 * or could not be made — the request itself may be fine. False for every
 * other error, including constraint violations, serialization failures and
 * every AppError (the 503 this module makes included, so nested retries do
 * not multiply).
 */
export function isConnectionError(error: unknown): boolean {
  return connectionCode(error) !== undefined;
}

/** The 503 for a request the database connection failed under. The cause is kept for the log, never sent. */
export function databaseUnavailable(cause: unknown): AppError {
  const error = new AppError("unavailable:database", "The database connection was interrupted. Please try again in a moment.");
  Object.defineProperty(error, "cause", { value: cause, enumerable: false });
  return error;
}

/**
 * Pauses before each retry. The connections of one server restart or one
 * `pg_terminate_backend` sweep die together, but their close events arrive
 * one by one; a short pause lets the pool see them all, so the retry gets a
 * live or a freshly made connection instead of the next dying one. On a
 * loaded machine the pause can be too short and the retry draws a second
 * connection of the same event, so one more retry follows a longer pause —
 * still one event, not a flapping server (which fails every attempt and is
 * answered 503).
 */
const RETRY_DELAYS_MS: readonly number[] = [20, 200];

export type ConnectionRetryOptions = {
  /**
   * `false` for work that is not idempotent: no second attempt, but a
   * connection error still becomes the 503 rather than a 500. Default `true`.
   */
  retry?: boolean;
  /** Called once, before the first retry, with the error of the first attempt (default: one warning line in the log). */
  onRetry?: (error: unknown) => void;
};

/**
 * Run `fn`; if it fails because the database connection was lost, run it
 * again (on a fresh connection: the pool reconnects), after each pause of
 * `RETRY_DELAYS_MS`, and return the first result. A connection error from
 * the last attempt, or one not worth retrying, becomes a 503 AppError
 * (`unavailable:database`); any other error is rethrown as it is.
 *
 * Only for idempotent work: a read, or a save whose repetition is answered
 * rather than applied again (a claim save with its client id and mutation id);
 * other work passes `{ retry: false }`. `fn` must be repeatable as a whole:
 * wrap the data-layer call, after the request body has been read.
 */
export async function withConnectionRetry<T>(fn: () => Promise<T>, options: ConnectionRetryOptions = {}): Promise<T> {
  const delays = options.retry === false ? [] : RETRY_DELAYS_MS;
  for (let attempt = 0; ; attempt++) {
    try {
      return await fn();
    } catch (error) {
      const code = connectionCode(error);
      if (code === undefined) throw error;
      const delay = delays[attempt];
      if (delay === undefined || NOT_RETRIED.has(code)) throw unavailable(error, code);
      // Called once per request, at its first retry: callers count requests that met a fault.
      if (attempt === 0) (options.onRetry ?? logRetry)(error);
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }
}

function logRetry(error: unknown): void {
  console.warn(`[claimwork] database connection lost (${connectionCode(error)}); retrying`);
}

function unavailable(error: unknown, code: string): AppError {
  console.error(`[claimwork] database unavailable (${code}); answered 503`);
  return databaseUnavailable(error);
}
