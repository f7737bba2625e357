import crypto from "node:crypto";
import { afterAll, beforeAll, expect, it } from "vitest";
import type { DatabaseHandle } from "@/db/client";
import { describeEachDatabase } from "@/test-support/databases";

/**
 * What the account routes answer, through the app's own route handlers: the
 * refusals carry data (a code, the seconds to wait, a password's rule) beside
 * the English sentence, so the forms word them in the person's language.
 */

type DbGlobal = { claimworkDatabase?: Promise<DatabaseHandle>; claimworkAuth?: unknown };
const store = globalThis as typeof globalThis & DbGlobal;

const HOST = "desk.lan:3000";
const json = (body: unknown) => ({
  method: "POST",
  headers: { host: HOST, origin: `http://${HOST}`, "content-type": "application/json" },
  body: JSON.stringify(body),
});

describeEachDatabase("account answers, through the routes", (getDatabase) => {
  let restore: () => void = () => {};

  beforeAll(() => {
    const previous = { db: store.claimworkDatabase, auth: store.claimworkAuth };
    store.claimworkDatabase = Promise.resolve(getDatabase().handle);
    store.claimworkAuth = undefined;
    restore = () => {
      store.claimworkDatabase = previous.db;
      store.claimworkAuth = previous.auth;
    };
  });

  afterAll(() => restore());

  it("POST /api/account/sign-up: a refused password is a 422 with its rule as data beside the sentence", async () => {
    const { POST } = await import("@/app/api/account/sign-up/route");
    const cases = [
      ["short", { rule: "too_short", min: 10 }],
      ["qwertzuiop", { rule: "too_weak", warning: "straightRow", suggestions: expect.any(Array) }],
      ["zoe@example.test", { rule: "is_email" }],
    ] as const;
    for (const [password, rule] of cases) {
      const response = await POST(new Request(`http://${HOST}/api/account/sign-up`, json({ name: "Zoë", email: "zoe@example.test", password })));
      const body = (await response.json()) as { error: { code: string; fields?: Record<string, string>; detail?: { rules?: unknown } } };
      expect([password, response.status, body.error.code]).toEqual([password, 422, "unprocessable:validation"]);
      expect(body.error.fields?.password).toMatch(/^Password /);
      expect(body.error.detail?.rules).toEqual({ password: rule });
    }
  });

  it("POST /api/auth/sign-in/email: a locked account is a 429 with SIGN_IN_LOCKED, the seconds in the body and as Retry-After", async () => {
    const { POST } = await import("@/app/api/auth/[...all]/route");
    const email = `locked-${crypto.randomUUID()}@example.test`;
    const attempt = () => POST(new Request(`http://${HOST}/api/auth/sign-in/email`, json({ email, password: "not the password at all" })));
    const statuses: number[] = [];
    for (let i = 0; i < 10; i++) statuses.push((await attempt()).status);
    expect(new Set(statuses)).toEqual(new Set([401]));
    const locked = await attempt();
    expect(locked.status).toBe(429);
    const body = (await locked.json()) as { code?: string; retryAfterSeconds?: number };
    expect(body.code).toBe("SIGN_IN_LOCKED");
    expect(body.retryAfterSeconds).toBeGreaterThan(14 * 60);
    expect(body.retryAfterSeconds).toBeLessThanOrEqual(15 * 60);
    expect(locked.headers.get("retry-after")).toBe(String(body.retryAfterSeconds));
  });
});
