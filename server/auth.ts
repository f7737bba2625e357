import "server-only";
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { betterAuth } from "better-auth";
import { drizzleAdapter } from "better-auth/adapters/drizzle";
import { nextCookies } from "better-auth/next-js";
import { headers } from "next/headers";
import type { Db } from "@/db/client";
import * as schema from "@/db/schema";
import type { Actor } from "./authz";
import { getDatabase } from "./db";
import { getEnv } from "./env";
import { AppError } from "./errors";
import { onboardNewUser } from "./projects";

function createAuth(db: Db, secret: string) {
  const env = getEnv();
  return betterAuth({
    secret,
    baseURL: env.baseUrl,
    database: drizzleAdapter(db, {
      provider: "pg",
      usePlural: true,
      schema: { users: schema.users, sessions: schema.sessions, accounts: schema.accounts, verifications: schema.verifications },
    }),
    emailAndPassword: { enabled: true, minPasswordLength: 8, autoSignIn: true },
    user: { additionalFields: { isAdmin: { type: "boolean", input: false, defaultValue: false } } },
    databaseHooks: {
      user: {
        create: {
          after: async (user) => {
            await onboardNewUser(db, user.id);
          },
        },
      },
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
    advanced: { useSecureCookies: env.baseUrl?.startsWith("https://") ?? false, database: { joins: true } },
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
 * beside the embedded database, so sessions survive restarts with zero setup.
 */
function resolveSecret(): string {
  const env = getEnv();
  if (env.authSecret) return env.authSecret;
  const file = path.join(path.dirname(env.dataDir), "auth-secret");
  try {
    return fs.readFileSync(file, "utf8").trim();
  } catch {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const secret = crypto.randomBytes(32).toString("hex");
    fs.writeFileSync(file, secret, { mode: 0o600 });
    return secret;
  }
}

/** The signed-in user, or null. */
export async function getActor(requestHeaders?: Headers): Promise<Actor | null> {
  // headers() first: during `next build` it marks the page dynamic before anything opens the database.
  const sessionHeaders = requestHeaders ?? (await headers());
  const auth = await getAuth();
  const session = await auth.api.getSession({ headers: sessionHeaders });
  if (!session) return null;
  // better-auth reads the session and its user from the database on every call (no cookie cache is
  // configured), so isAdmin is current: a promotion or demotion takes effect on the next request.
  const { id, name, email, isAdmin } = session.user;
  return { id, name, email, isAdmin: isAdmin === true };
}

/** The signed-in user, or a 401. */
export async function requireActor(requestHeaders?: Headers): Promise<Actor> {
  const actor = await getActor(requestHeaders);
  if (!actor) throw new AppError("unauthorized:session", "Sign in first.");
  return actor;
}
