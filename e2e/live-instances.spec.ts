import { type ChildProcess, spawn } from "node:child_process";
import path from "node:path";
import { type APIRequestContext, request } from "@playwright/test";
import postgres from "postgres";
import { AuthPage, clientHeaders, E2E_SETUP_TOKEN, expect, newUser, SEED_TITLE, saveClaimViaApi, test } from "./fixtures";

/**
 * Two app instances on different ports share one Postgres server; a claim
 * made through one appears live on a page served by the other, carried by
 * LISTEN/NOTIFY. Needs a Postgres server: TEST_DATABASE_URL (CI sets it).
 */
const SERVER_URL = process.env.TEST_DATABASE_URL;
const PORTS = [3201, 3202] as const;

/** Resolves once the instance answers /sign-in; fails as soon as it exits. */
async function waitForServer(port: number, child: ChildProcess): Promise<void> {
  const state = async (): Promise<"exited" | "ready" | "starting"> => {
    if (child.exitCode !== null) return "exited";
    try {
      return (await fetch(`http://127.0.0.1:${port}/sign-in`)).ok ? "ready" : "starting";
    } catch {
      return "starting"; // not listening yet
    }
  };
  await expect.poll(state, { message: `instance on ${port} did not start`, timeout: 60_000, intervals: [250] }).not.toBe("starting");
  expect(child.exitCode, `instance on ${port} exited`).toBeNull();
}

test.describe("[LIVE] two app instances on one Postgres server", () => {
  test.skip(!SERVER_URL, "needs a Postgres server in TEST_DATABASE_URL");
  test.setTimeout(120_000);

  const children: ChildProcess[] = [];
  let dropDatabase: (() => Promise<void>) | null = null;
  /** The fresh database's first account (made with the setup code), who invites each test's users. */
  let inviter: APIRequestContext;

  test.beforeAll(async () => {
    const admin = postgres(SERVER_URL!, { max: 1, onnotice: () => {} });
    const name = `claimwork_e2e_live_${Date.now()}`;
    await admin.unsafe(`create database ${name}`);
    dropDatabase = async () => {
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end();
    };
    const url = new URL(SERVER_URL!);
    url.pathname = `/${name}`;
    const nextBin = path.join(process.cwd(), "node_modules", "next", "dist", "bin", "next");
    for (const port of PORTS) {
      const child = spawn(process.execPath, [nextBin, "start", "-p", String(port), "-H", "127.0.0.1"], {
        env: {
          ...process.env,
          DATABASE_URL: url.toString(),
          // Both instances sign the same sessions, as behind a load balancer.
          BETTER_AUTH_SECRET: "e2e-live-instances-shared-secret-0123456789abcdef",
          CLAIMWORK_BASE_URL: `http://127.0.0.1:${port}`,
          CLAIMWORK_SETUP_TOKEN: E2E_SETUP_TOKEN,
          NEXT_TELEMETRY_DISABLED: "1",
        },
        stdio: ["ignore", "ignore", "inherit"],
      });
      children.push(child);
      // Start them one after the other: the second must find the schema migrated (and wait on the lock if not).
      await waitForServer(port, child);
    }
    inviter = await request.newContext({ baseURL: `http://127.0.0.1:${PORTS[0]}`, extraHTTPHeaders: clientHeaders() });
    const first = newUser("admin");
    const created = await inviter.post("/api/account/sign-up", {
      data: { name: first.name, email: first.email, password: first.password, setupToken: E2E_SETUP_TOKEN },
    });
    expect(created.status(), await created.text()).toBe(201);
  });

  test.afterAll(async () => {
    await inviter?.dispose();
    for (const child of children) child.kill("SIGTERM");
    await Promise.all(children.map((c) => (c.exitCode === null ? new Promise((r) => c.once("exit", r)) : null)));
    await dropDatabase?.();
  });

  test("[LIVE]: signing out on one instance ends the session on the other, whose cache knew it", async ({ browser }) => {
    const [portA, portB] = PORTS;
    const context = await browser.newContext({ baseURL: `http://127.0.0.1:${portA}`, extraHTTPHeaders: clientHeaders() });
    try {
      const page = await context.newPage();
      await new AuthPage(page).signUp(newUser("leaver"), { inviter });
      const cookie = (await context.cookies()).map((c) => `${c.name}=${c.value}`).join("; ");
      const articles = (port: number) => fetch(`http://127.0.0.1:${port}/api/articles`, { headers: { cookie } }).then((r) => r.status);
      // Both instances have looked the session up (and keep it in their session caches).
      expect([await articles(portA), await articles(portB), await articles(portB)]).toEqual([200, 200, 200]);
      const signOut = await fetch(`http://127.0.0.1:${portA}/api/auth/sign-out`, {
        method: "POST",
        headers: { cookie, origin: `http://127.0.0.1:${portA}`, "content-type": "application/json" },
        body: "{}",
      });
      expect(signOut.ok).toBe(true);
      // The instance that signed out forgets at once; the other when the database's notice arrives (milliseconds).
      expect(await articles(portA)).toBe(401);
      await expect.poll(() => articles(portB), { timeout: 2_000, intervals: [20] }).toBe(401);
    } finally {
      await context.close();
    }
  });

  test("[LIVE]: a claim saved on one instance appears on the other without reload", async ({ browser }) => {
    const [portA, portB] = PORTS;
    const contextA = await browser.newContext({ baseURL: `http://127.0.0.1:${portA}`, extraHTTPHeaders: clientHeaders() });
    const contextB = await browser.newContext({ baseURL: `http://127.0.0.1:${portB}`, extraHTTPHeaders: clientHeaders() });
    try {
      const pageA = await contextA.newPage();
      const pageB = await contextB.newPage();
      // The writer joins as a project admin, and invites the watcher.
      await new AuthPage(pageA).signUp(newUser("writer"), { inviter, role: "admin" });
      await new AuthPage(pageB).signUp(newUser("watcher"), { inviter: pageA.request });

      await pageB.getByRole("link", { name: SEED_TITLE }).click();
      await expect(pageB.getByTestId("live-status")).toHaveAttribute("data-status", "live");
      await expect(pageB.getByTestId("claim-item")).toHaveCount(0);

      await pageA.getByRole("link", { name: SEED_TITLE }).click();
      const text = await pageA.getByTestId("article-text").evaluate((el) => el.textContent ?? "");
      const exact = "Wladimir Putin zeigt sich offen für Dialoge mit Donald Trump";
      const articleId = /\/articles\/([0-9a-f-]{36})/.exec(pageA.url())![1]!;
      await saveClaimViaApi(pageA.request, articleId, text, exact, { claimType: "event", verdict: "unverified", speaker: "", sources: [] });

      // Instance B learns of it through Postgres NOTIFY and the page refetches: no reload.
      await expect(pageB.getByTestId("claim-item")).toHaveCount(1, { timeout: 15_000 });
      await expect(pageB.getByTestId("claim-item")).toContainText(exact);
    } finally {
      await contextA.close();
      await contextB.close();
    }
  });
});
