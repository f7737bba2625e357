import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { route } from "./route";

/**
 * The door's refusals come before any session or database work, so they are
 * checked here on their own; the accepted path is covered through the real
 * routes (server/http-fuzz.test.ts) and in Chromium (e2e/csrf.spec.ts).
 */
// The session check opens the process-wide embedded database: in a folder of this test's own, not the project's .data.
process.env.CLAIMWORK_DATA_DIR = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "claimwork-route-")), "pglite");

const handler = route({ body: { kind: "json", schema: z.object({ role: z.string() }) } }, async () => Response.json({ ok: true }));
const upload = route({ body: { kind: "multipart", limit: 1024 } }, async () => Response.json({ ok: true }));
const noBody = route({}, async () => Response.json({ ok: true }));

function post(headers: Record<string, string>, body: BodyInit | null = JSON.stringify({ role: "admin" })) {
  return new Request("http://desk.lan:3000/api/x", { method: "POST", headers: { host: "desk.lan:3000", ...headers }, body });
}

async function code(response: Response): Promise<string> {
  return ((await response.json()) as { error: { code: string } }).error.code;
}

describe("the door refuses what a browser could send from another origin", () => {
  it.each([
    ["a foreign Origin", { origin: "http://evil.example", "content-type": "application/json" }],
    ["another port of the same host", { origin: "http://desk.lan:4000", "content-type": "application/json" }],
    ["Origin: null", { origin: "null", "content-type": "application/json" }],
    ["Sec-Fetch-Site: cross-site", { "sec-fetch-site": "cross-site", "content-type": "application/json" }],
    ["Sec-Fetch-Site: same-site", { "sec-fetch-site": "same-site", "content-type": "application/json" }],
  ])("%s → 403 before any work", async (_name, headers) => {
    const response = await handler(post(headers));
    expect(response.status).toBe(403);
    expect(await code(response)).toBe("forbidden:origin");
  });

  it.each(["text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x"])(
    "content type %s on a JSON route → 415",
    async (type) => {
      const response = await handler(post({ origin: "http://desk.lan:3000", "content-type": type }));
      expect(response.status).toBe(415);
    },
  );

  it("a JSON route without a content type → 415; a body-less action refuses a form body", async () => {
    expect((await handler(post({}))).status).toBe(415);
    expect((await noBody(post({ "content-type": "text/plain" }, "x"))).status).toBe(415);
  });

  it("an upload needs an Origin or Sec-Fetch-Site from this server; JSON to the same route does not", async () => {
    const form = new FormData();
    form.set("files", new Blob(["x"]), "a.txt");
    const response = await upload(new Request("http://desk.lan:3000/api/x", { method: "POST", headers: { host: "desk.lan:3000" }, body: form }));
    expect(response.status).toBe(403);
    const both = route({ body: { kind: "json-or-multipart", schema: z.object({}), limit: 1024 } }, async () => Response.json({ ok: true }));
    const viaForm = await both(new Request("http://desk.lan:3000/api/x", { method: "POST", headers: { host: "desk.lan:3000" }, body: form }));
    expect(viaForm.status).toBe(403);
    const viaJson = await both(post({ "content-type": "application/json" }, "{}"));
    expect(viaJson.status).toBe(401);
  });

  it("lets a same-origin request through to the session check (401 without one)", async () => {
    const sameOrigin: Array<Record<string, string>> = [
      { origin: "http://desk.lan:3000", "content-type": "application/json" },
      { "sec-fetch-site": "same-origin", "content-type": "application/json; charset=utf-8" },
      { "content-type": "application/json" },
    ];
    for (const headers of sameOrigin) {
      const response = await handler(post(headers));
      expect(response.status).toBe(401);
    }
  });
});
