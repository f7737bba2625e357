import crypto from "node:crypto";
import { eq } from "drizzle-orm";
import type { DatabaseHandle, Db } from "@/db/client";
import { users } from "@/db/schema";
import type { Actor } from "@/server/authz";

/**
 * For integration tests that call route handlers through the door: the
 * handlers read the process-wide database and auth, so this points both at
 * the test's database, signs a new person up through better-auth (a real
 * session cookie), and gives back how to restore what was there.
 */

type DbGlobal = { claimworkDatabase?: Promise<DatabaseHandle>; claimworkAuth?: unknown };

export type RouteSession = { actor: Actor; cookie: string; restore: () => void };

export async function routeSession(database: { db: Db; handle: DatabaseHandle }, name: string): Promise<RouteSession> {
  const store = globalThis as typeof globalThis & DbGlobal;
  const previous = { db: store.claimworkDatabase, auth: store.claimworkAuth };
  store.claimworkDatabase = Promise.resolve(database.handle);
  store.claimworkAuth = undefined;
  const restore = () => {
    store.claimworkDatabase = previous.db;
    store.claimworkAuth = previous.auth;
  };
  const { getAuth } = await import("@/server/auth");
  const auth = await getAuth();
  const email = `route-${crypto.randomUUID()}@example.test`;
  const response = await auth.api.signUpEmail({ body: { name, email, password: "Fahrrad Wolke Tinte 47" }, asResponse: true });
  const cookie = response.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .join("; ");
  const [row] = await database.db.select().from(users).where(eq(users.email, email));
  if (!row) throw new Error("sign-up made no user");
  return { actor: { id: row.id, name: row.name, email, isAdmin: false }, cookie, restore };
}
