import "server-only";
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { betterAuth } from "better-auth";
import { drizzleAdapter } from "better-auth/adapters/drizzle";
import { APIError, createAuthMiddleware, getSessionFromCtx, isAPIError } from "better-auth/api";
import { nextCookies } from "better-auth/next-js";
import { headers } from "next/headers";
import type { Db } from "@/db/client";
import * as schema from "@/db/schema";
import { isLocale } from "@/lib/i18n/locales";
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from "@/lib/password-policy";
import { accountFieldRefusals, clearSignInAttempts, countSignInAttempt, SIGN_IN_LOCKED, SignInLockedError } from "./accounts";
import type { Actor } from "./authz";
import { getDatabase } from "./db";
import { getEnv } from "./env";
import { AppError } from "./errors";
import { SessionCache } from "./session-cache";

export function createAuth(db: Db, secret: string) {
  const env = getEnv();
  return betterAuth({
    secret,
    baseURL: env.baseUrl,
    database: drizzleAdapter(db, {
      provider: "pg",
      usePlural: true,
      schema: { users: schema.users, sessions: schema.sessions, accounts: schema.accounts, verifications: schema.verifications },
    }),
    emailAndPassword: { enabled: true, minPasswordLength: PASSWORD_MIN_LENGTH, maxPasswordLength: PASSWORD_MAX_LENGTH, autoSignIn: true },
    user: {
      additionalFields: {
        isAdmin: { type: "boolean", input: false, defaultValue: false },
        // Set through PUT /api/account/locale (server/accounts.ts), never through better-auth's own endpoints.
        locale: { type: "string", input: false, required: false },
      },
    },
    hooks: {
      // The account rules, for better-auth's endpoints whether called over HTTP or from server/accounts.ts.
      before: createAuthMiddleware(async (ctx) => {
        const body = (ctx.body ?? {}) as Record<string, unknown>;
        switch (ctx.path) {
          case "/sign-up/email":
            // Over HTTP, sign-up goes through /api/account/sign-up, which decides who may (server/accounts.ts).
            if (ctx.request) throw new APIError("FORBIDDEN", { message: "Sign up through the Claimwork sign-up page." });
            refuseAccountFields({ name: body.name, email: body.email, password: body.password });
            return;
          case "/sign-in/email":
            if (typeof body.email === "string") {
              try {
                await countSignInAttempt(db, body.email);
              } catch (error) {
                // The wait as data, in the body and as Retry-After: the sign-in form words it in the person's language.
                if (error instanceof SignInLockedError) {
                  const { retryAfterSeconds } = error;
                  throw new APIError(
                    "TOO_MANY_REQUESTS",
                    { message: error.message, code: SIGN_IN_LOCKED, retryAfterSeconds },
                    { "Retry-After": String(retryAfterSeconds) },
                  );
                }
                if (error instanceof AppError) throw new APIError("TOO_MANY_REQUESTS", { message: error.message });
                throw error;
              }
            }
            return;
          case "/change-password": {
            const session = await getSessionFromCtx(ctx);
            refuseAccountFields({ password: body.newPassword, email: session?.user.email, name: session?.user.name });
            // Changing a password ends every other session: whoever knew the old one is signed out.
            return { context: { body: { ...body, revokeOtherSessions: true } } };
          }
          case "/update-user": {
            // The app shows no avatars: an image URL would only ride along on every session read.
            if (body.image !== undefined && body.image !== null)
              throw new APIError("UNPROCESSABLE_ENTITY", { message: "A profile image is not supported." });
            if (!("name" in body)) return;
            refuseAccountFields({ name: body.name });
            // Stored as checked: trimmed (better-auth would keep the surrounding spaces).
            return { context: { body: { ...body, name: (body.name as string).trim() } } };
          }
          case "/reset-password":
            refuseAccountFields({ password: body.newPassword });
            return;
        }
      }),
      after: createAuthMiddleware(async (ctx) => {
        // This instance forgets cached sessions at once, before answering: the trigger's notice (migration
        // 0006) reaches the other instances, and this one, a moment after the commit.
        if (CHANGES_SESSIONS_OR_USERS.some((prefix) => ctx.path.startsWith(prefix))) (await cacheStore.claimworkSessionCache)?.forgetAll();
        if (ctx.path !== "/sign-in/email") return;
        const email = (ctx.body as { email?: unknown } | undefined)?.email;
        if (typeof email !== "string") return;
        // Every attempt was counted before the password check; a success clears the count.
        if (!isAPIError(ctx.context.returned)) await clearSignInAttempts(db, email);
      }),
    },
    // The app is reached as localhost, 127.0.0.1 or a configured public URL; each must pass the origin check.
    trustedOrigins: (request) => {
      const origins = env.baseUrl ? [env.baseUrl] : [];
      const host = request?.headers.get("host");
      if (host) origins.push(`http://${host}`, `https://${host}`);
      return origins;
    },
    // Secure cookies only when the app is known to be served over https: a team on plain http
    // (a laptop, a LAN address) must still be able to sign in.
    // `database.joins`: the session and its user in one query (relations in db/schema.ts), on every request.
    // Client addresses (for better-auth's per-address rate limits): X-Forwarded-For is trusted only
    // through the configured proxies (CLAIMWORK_TRUSTED_PROXIES); without them no address is taken from
    // a header any client can write, and guessing is limited per account instead (server/accounts.ts).
    advanced: {
      useSecureCookies: env.baseUrl?.startsWith("https://") ?? false,
      database: { joins: true },
      ipAddress: env.trustedProxies.length
        ? { ipAddressHeaders: ["x-forwarded-for"], trustedProxies: env.trustedProxies }
        : { disableIpTracking: true },
    },
    // No OpenTelemetry exporter is configured, so better-auth's spans would only cost time on every call.
    experimental: { instrumentation: { enabled: false } },
    plugins: [nextCookies()],
  });
}

type Auth = ReturnType<typeof createAuth>;
const store = globalThis as typeof globalThis & { claimworkAuth?: Promise<Auth> };

/** The auth instance over the process-wide database. */
export function getAuth(): Promise<Auth> {
  store.claimworkAuth ??= (async () => {
    const handle = await getDatabase();
    return createAuth(handle.db, resolveSecret());
  })();
  return store.claimworkAuth;
}

/**
 * A configured secret wins; otherwise one is generated on first start and kept
 * inside the embedded database's folder (which must be writable anyway), so
 * sessions survive restarts with zero setup. Checked at boot (server/startup.ts):
 * a folder that cannot hold it stops the app with one line instead of a 500 on every page.
 */
export function resolveSecret(): string {
  const env = getEnv();
  if (env.authSecret) return env.authSecret;
  const file = path.join(env.dataDir, "auth-secret");
  try {
    return fs.readFileSync(file, "utf8").trim();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== "ENOENT")
      throw new Error(`cannot read the auth secret ${file} (${code ?? (error as Error).message}): fix the data folder or set BETTER_AUTH_SECRET`);
  }
  const secret = crypto.randomBytes(32).toString("hex");
  try {
    fs.mkdirSync(env.dataDir, { recursive: true });
    fs.writeFileSync(file, secret, { mode: 0o600, flag: "wx" });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EEXIST") return fs.readFileSync(file, "utf8").trim();
    throw new Error(
      `cannot write the auth secret into ${env.dataDir} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}): make the folder writable or set BETTER_AUTH_SECRET`,
    );
  }
  return secret;
}

/**
 * The account rules (server/accounts.ts) as better-auth's hooks must answer them: an APIError, 422, with the
 * sentences and, under `rules`, a refused password's rule as data (as the sign-up route sends it).
 */
function refuseAccountFields(values: { name?: unknown; email?: unknown; password?: unknown }): void {
  const { fields, rules } = accountFieldRefusals(values);
  const problems = Object.values(fields);
  if (problems.length) throw new APIError("UNPROCESSABLE_ENTITY", { message: problems.join(" "), rules });
}

/**
 * better-auth's sign-up, called from the server once server/accounts.ts has
 * decided this person may have an account: the new user's id and the
 * response whose cookies sign them in.
 */
export async function createAccount(
  body: { name: string; email: string; password: string },
  requestHeaders?: Headers,
): Promise<{ userId: string; response: Response }> {
  const auth = await getAuth();
  const response = await auth.api.signUpEmail({ body, headers: requestHeaders, asResponse: true });
  const data = (await response
    .clone()
    .json()
    .catch(() => ({}))) as { user?: { id?: string }; message?: string; code?: string };
  if (!response.ok || !data.user?.id) {
    if (data.code === "USER_ALREADY_EXISTS" || data.code === "USER_ALREADY_EXISTS_USE_ANOTHER_EMAIL") {
      throw new AppError("conflict:account", "An account with this e-mail exists already: sign in instead.", {
        fields: { email: "has an account already" },
      });
    }
    throw new AppError("unprocessable:account", data.message ?? "The account could not be created.");
  }
  return { userId: data.user.id, response };
}

/** better-auth endpoints that end sessions or change a user: after them this instance's session cache starts over. */
const CHANGES_SESSIONS_OR_USERS = ["/sign-out", "/revoke", "/change-password", "/reset-password", "/update-user", "/delete-user", "/change-email"];

const cacheStore = globalThis as typeof globalThis & { claimworkSessionCache?: Promise<SessionCache | null> };

/**
 * The process's session cache, subscribed to the database's session notices
 * (server/session-cache.ts), or null when CLAIMWORK_SESSION_CACHE=off.
 */
function getSessionCache(): Promise<SessionCache | null> {
  cacheStore.claimworkSessionCache ??= (async () => {
    if (!getEnv().isSessionCacheOn) return null;
    const cache = new SessionCache();
    await cache.start(await getDatabase());
    return cache;
  })();
  return cacheStore.claimworkSessionCache;
}

/** The signed-in user, or null. */
export async function getActor(requestHeaders?: Headers): Promise<Actor | null> {
  // headers() first: during `next build` it marks the page dynamic before anything opens the database.
  const sessionHeaders = requestHeaders ?? (await headers());
  const cookie = sessionHeaders.get("cookie");
  if (!cookie) return null; // sessions travel in a cookie only: nothing to look up
  const cache = await getSessionCache();
  const key = SessionCache.keyOf(cookie);
  const known = cache?.get(key);
  if (known) return known;
  const started = cache?.begin() ?? 0;
  const auth = await getAuth();
  const session = await auth.api.getSession({ headers: sessionHeaders });
  if (!session) return null;
  // better-auth reads the session with its user; the cache keeps that for seconds at most and forgets it
  // at once when the session or the user changes on any instance, so isAdmin is current on the next request.
  const { id, name, email, isAdmin, locale } = session.user;
  const actor: Actor = { id, name, email, isAdmin: isAdmin === true, locale: isLocale(locale) ? locale : null };
  cache?.set(key, started, { actor, sessionId: session.session.id, expiresAt: new Date(session.session.expiresAt) });
  return actor;
}

/** The signed-in user, or a 401. */
export async function requireActor(requestHeaders?: Headers): Promise<Actor> {
  const actor = await getActor(requestHeaders);
  if (!actor) throw new AppError("unauthorized:session", "Sign in first.");
  return actor;
}
