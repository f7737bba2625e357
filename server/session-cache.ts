import "server-only";
import crypto from "node:crypto";
import type { DatabaseHandle } from "@/db/client";
import type { Actor } from "./authz";

/**
 * Who a request's session cookie belongs to, remembered for a few seconds so
 * that most requests skip better-auth's session lookup (a database round trip
 * and its row mapping on every request; BENCHMARKS.md, issue 11).
 *
 * Correct first: every change to a session or a user row is announced on the
 * NOTIFY channel `claimwork_sessions` by triggers (migration 0006), whatever
 * made it — a sign-out, a revoked session, a password change, a changed
 * site-admin flag, a deleted account — and every instance drops what it
 * remembers about that session or user when the notice arrives. The cache is
 * used only while this instance is subscribed; when the subscription is
 * re-established after a dropped connection everything is forgotten (notices
 * sent meanwhile were missed), and no entry outlives {@link MAX_AGE_MS}, which
 * bounds how stale an entry can be while a dropped channel has not been
 * noticed yet. Membership and roles are not cached here: the data layer reads
 * them on every request.
 */

/** The longest an entry is trusted without a notice: the staleness bound when the channel is down unnoticed. */
export const MAX_AGE_MS = 10_000;
/** Entries kept at most; the oldest go first (a flood of distinct cookies cannot grow memory). */
const MAX_ENTRIES = 10_000;
const CHANNEL = "claimwork_sessions";

type Entry = { actor: Actor; sessionId: string; until: number };

export class SessionCache {
  private readonly entries = new Map<string, Entry>();
  private isListening = false;
  /** Bumped by every notice and resubscription: a lookup that started before one may not store its answer. */
  private epoch = 0;

  constructor(private readonly now: () => number = Date.now) {}

  /** Subscribe to the change notices of `handle`'s database; until this resolves, the cache stays unused. */
  async start(handle: Pick<DatabaseHandle, "listen">): Promise<() => Promise<void>> {
    const stop = await handle.listen(
      CHANNEL,
      (payload) => this.forget(payload),
      () => {
        // (Re)subscribed: whatever was announced while the connection was down is unknown.
        this.epoch++;
        this.entries.clear();
        this.isListening = true;
      },
    );
    return async () => {
      this.isListening = false;
      this.entries.clear();
      await stop();
    };
  }

  /** The key of a request's cookies: a hash, so the map never holds a usable session cookie. */
  static keyOf(cookie: string): string {
    return crypto.createHash("sha256").update(cookie).digest("base64url");
  }

  /** The actor remembered for `key`, or undefined (unknown, expired, or not subscribed). */
  get(key: string): Actor | undefined {
    if (!this.isListening) return undefined;
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.until <= this.now()) {
      this.entries.delete(key);
      return undefined;
    }
    return entry.actor;
  }

  /** Where a lookup starts: pass it to {@link set}, which stores nothing if a notice arrived meanwhile. */
  begin(): number {
    return this.epoch;
  }

  /** Remember what better-auth answered for `key`, until the session expires or {@link MAX_AGE_MS} passes. */
  set(key: string, started: number, value: { actor: Actor; sessionId: string; expiresAt: Date }): void {
    if (!this.isListening || started !== this.epoch) return;
    if (this.entries.size >= MAX_ENTRIES) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
    const until = Math.min(this.now() + MAX_AGE_MS, value.expiresAt.getTime());
    this.entries.set(key, { actor: value.actor, sessionId: value.sessionId, until });
  }

  /** Forget everything (this instance ended a session or changed a user itself). */
  forgetAll(): void {
    this.epoch++;
    this.entries.clear();
  }

  /** A notice: `session:<id>` or `user:<id>`; anything else forgets everything (the safe answer). */
  forget(payload: string): void {
    this.epoch++;
    const [kind, ...rest] = payload.split(":");
    const id = rest.join(":");
    if (kind !== "session" && kind !== "user") {
      this.entries.clear();
      return;
    }
    for (const [key, entry] of this.entries) {
      if (kind === "session" ? entry.sessionId === id : entry.actor.id === id) this.entries.delete(key);
    }
  }

  get size(): number {
    return this.entries.size;
  }
}
