import http from "node:http";
import type { AddressInfo } from "node:net";
import { AuthPage, DEFAULT_PROJECT_ID, expect, newUser, test } from "./fixtures";

/**
 * A page on another port of the same host (a "same-site" origin) tries to
 * make the administrator's browser change data with the admin's cookies: a
 * text/plain form that looks like JSON, a url-encoded form, and a no-cors
 * fetch. Every one must be refused before it does anything.
 */
test("[CSRF]: a form or fetch from another origin cannot grant a role", async ({ admin, browser, baseURL }) => {
  // The victim of the role change: an annotator of the default project.
  const victimContext = await browser.newContext({ baseURL });
  const victim = newUser("victim");
  await new AuthPage(await victimContext.newPage()).signUp(victim);
  await victimContext.close();
  const members = async () =>
    (
      (await (await admin.page.request.get(`/api/projects/${DEFAULT_PROJECT_ID}/members`)).json()) as {
        members: Array<{ email: string; role: string }>;
      }
    ).members;
  expect((await members()).find((m) => m.email === victim.email)?.role).toBe("annotator");

  const target = `${baseURL}/api/projects/${DEFAULT_PROJECT_ID}/members`;
  const json = JSON.stringify({ email: victim.email, role: "admin" });
  const attacks: Record<string, string> = {
    "/text-plain": `<form id="f" method="POST" action="${target}" enctype="text/plain"><input name='${json.slice(0, -1)},"x":"' value='"}'></form><script>f.submit()</script>`,
    "/urlencoded": `<form id="f" method="POST" action="${target}"><input name="email" value="${victim.email}"><input name="role" value="admin"></form><script>f.submit()</script>`,
    "/fetch": `<script>fetch(${JSON.stringify(target)}, { method: "POST", mode: "no-cors", credentials: "include", headers: { "content-type": "text/plain" }, body: ${JSON.stringify(json)} }).finally(() => { document.title = "sent"; });</script>`,
  };
  const evil = http.createServer((request, response) => {
    response.writeHead(200, { "content-type": "text/html" });
    response.end(`<!doctype html><title>evil</title>${attacks[request.url ?? ""] ?? ""}`);
  });
  await new Promise<void>((resolve) => evil.listen(0, "127.0.0.1", resolve));
  const evilOrigin = `http://127.0.0.1:${(evil.address() as AddressInfo).port}`;
  try {
    for (const path of Object.keys(attacks)) {
      const refused = admin.page.waitForResponse((r) => r.url() === target && r.request().method() === "POST");
      await admin.page.goto(`${evilOrigin}${path}`);
      const response = await refused;
      expect([403, 415], `${path} answered ${response.status()}`).toContain(response.status());
    }
  } finally {
    await new Promise((resolve) => evil.close(resolve));
  }
  expect((await members()).find((m) => m.email === victim.email)?.role).toBe("annotator");

  // The same request from the app's own origin works: the door refuses only what is foreign.
  const own = await admin.page.request.post(`/api/projects/${DEFAULT_PROJECT_ID}/members`, {
    data: { email: victim.email, role: "viewer" },
    headers: { origin: new URL(baseURL!).origin },
  });
  expect(own.status()).toBe(201);
});
