import crypto from "node:crypto";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { type DatabaseHandle, openDatabase } from "@/db/client";
import { sessions, users } from "@/db/schema";
import { createTestUser, describeEachDatabase, type TestDatabase } from "@/test-support/databases";
import type { Actor } from "./authz";
import { MAX_AGE_MS, SessionCache } from "./session-cache";

const later = new Date(Date.now() + 86_400_000);

/** A stand-in for a database subscription: notices and resubscriptions are sent by the test. */
function fakeChannel() {
  let onPayload: (payload: string) => void = () => {};
  let onListen: () => void = () => {};
  return {
    listen: async (_channel: string, payload: (p: string) => void, listen?: () => void) => {
      onPayload = payload;
      onListen = listen ?? (() => {});
      onListen();
      return async () => {};
    },
    notice: (payload: string) => onPayload(payload),
    resubscribed: () => onListen(),
  };
}

const ana: Actor = { id: "user-ana", name: "Ana", email: "ana@example.test", isAdmin: false };
const ben: Actor = { id: "user-ben", name: "Ben", email: "ben@example.test", isAdmin: false };

describe("SessionCache", () => {
  it("is not used before it is subscribed, and keeps an answer only until its age or the session's end", async () => {
    let now = 1_000_000;
    const cache = new SessionCache(() => now);
    cache.set("k", cache.begin(), { actor: ana, sessionId: "s1", expiresAt: later });
    expect(cache.get("k")).toBeUndefined();
    await cache.start(fakeChannel());
    cache.set("k", cache.begin(), { actor: ana, sessionId: "s1", expiresAt: later });
    expect(cache.get("k")).toEqual(ana);
    now += MAX_AGE_MS;
    expect(cache.get("k")).toBeUndefined();
    cache.set("k", cache.begin(), { actor: ana, sessionId: "s1", expiresAt: new Date(now + 5) });
    now += 5;
    expect(cache.get("k")).toBeUndefined();
  });

  it("forgets a session or a user on their notice, everything on an unknown notice or a resubscription", async () => {
    const channel = fakeChannel();
    const cache = new SessionCache();
    await cache.start(channel);
    const fill = () => {
      cache.set("a1", cache.begin(), { actor: ana, sessionId: "s1", expiresAt: later });
      cache.set("a2", cache.begin(), { actor: ana, sessionId: "s2", expiresAt: later });
      cache.set("b1", cache.begin(), { actor: ben, sessionId: "s3", expiresAt: later });
    };
    fill();
    channel.notice("session:s1");
    expect([cache.get("a1"), cache.get("a2"), cache.get("b1")]).toEqual([undefined, ana, ben]);
    channel.notice("user:user-ana");
    expect([cache.get("a2"), cache.get("b1")]).toEqual([undefined, ben]);
    channel.notice("something else");
    expect(cache.size).toBe(0);
    fill();
    channel.resubscribed();
    expect(cache.size).toBe(0);
  });

  it("does not store an answer read before a notice that arrived while it was being read", async () => {
    const channel = fakeChannel();
    const cache = new SessionCache();
    await cache.start(channel);
    const started = cache.begin();
    channel.notice("session:s1"); // the session ended while better-auth was reading it
    cache.set("k", started, { actor: ana, sessionId: "s1", expiresAt: later });
    expect(cache.get("k")).toBeUndefined();
  });
});

async function userWithSession(db: TestDatabase["db"], name: string) {
  const actor = await createTestUser(db, name);
  const sessionId = crypto.randomUUID();
  await db.insert(sessions).values({ id: sessionId, token: crypto.randomUUID(), userId: actor.id, expiresAt: later });
  return { actor, sessionId };
}

describeEachDatabase("session notices from the database", (getDatabase) => {
  let t: TestDatabase;
  const cache = new SessionCache();
  let stop: (() => Promise<void>) | undefined;

  beforeAll(async () => {
    t = getDatabase();
    stop = await cache.start(t.handle);
  });
  afterAll(async () => {
    await stop?.();
  });

  it("forgets a deleted session (sign-out, revocation) and a changed user (site-admin flag), whatever changed the row", async () => {
    const signedOut = await userWithSession(t.db, "Signing out");
    const promoted = await userWithSession(t.db, "Promoted");
    cache.set("out", cache.begin(), { actor: signedOut.actor, sessionId: signedOut.sessionId, expiresAt: later });
    cache.set("promoted", cache.begin(), { actor: promoted.actor, sessionId: promoted.sessionId, expiresAt: later });

    await t.db.delete(sessions).where(eq(sessions.id, signedOut.sessionId));
    await vi.waitFor(() => expect(cache.get("out")).toBeUndefined());
    expect(cache.get("promoted")).toEqual(promoted.actor);

    await t.db.update(users).set({ isAdmin: true }).where(eq(users.id, promoted.actor.id));
    await vi.waitFor(() => expect(cache.get("promoted")).toBeUndefined());
  });

  it("reaches every instance on one Postgres server: a session ended through one is forgotten by the other", async () => {
    // PGlite is one process with one cache, which the test above covers; a server has instances.
    if (t.kind === "pglite") return;
    const url = t.url ?? t.handle.url;
    expect(url).toBeDefined();
    let other: DatabaseHandle | undefined;
    const otherCache = new SessionCache();
    try {
      other = await openDatabase({ kind: "postgres", url: url!, max: 2 });
      const stopOther = await otherCache.start(other);
      const user = await userWithSession(t.db, "Two instances");
      otherCache.set("k", otherCache.begin(), { actor: user.actor, sessionId: user.sessionId, expiresAt: later });
      expect(otherCache.get("k")).toEqual(user.actor);
      await t.db.delete(sessions).where(eq(sessions.userId, user.actor.id));
      await vi.waitFor(() => expect(otherCache.get("k")).toBeUndefined());
      await stopOther();
    } finally {
      await other?.close();
    }
  });
});
