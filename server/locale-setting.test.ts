import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { PUT } from "@/app/api/account/locale/route";
import { users } from "@/db/schema";
import { createTestUser, describeEachDatabase, type TestDatabase } from "@/test-support/databases";
import { setUserLocale } from "./accounts";

// The route's door opens the process-wide embedded database (no session here): in a folder of this test's own.
process.env.CLAIMWORK_DATA_DIR = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "claimwork-locale-")), "pglite");

function localeRequest(body: string, headers: Record<string, string> = {}) {
  return new Request("http://localhost/api/account/locale", {
    method: "PUT",
    body,
    headers: { "content-type": "application/json", ...headers },
  });
}

describe("PUT /api/account/locale, signed out", () => {
  it("keeps the choice in a year-long cookie of this site", async () => {
    const response = await PUT(localeRequest(JSON.stringify({ locale: "de" })));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ locale: "de" });
    const cookie = response.headers.get("set-cookie") ?? "";
    expect(cookie).toMatch(/^claimwork-locale=de; Path=\/; Max-Age=31536000; SameSite=Lax; HttpOnly$/);
  });

  it("refuses a language it does not have, naming the field, and sets nothing", async () => {
    const response = await PUT(localeRequest(JSON.stringify({ locale: "fr" })));
    expect(response.status).toBe(422);
    const body = (await response.json()) as { error: { fields?: Record<string, string> } };
    expect(body.error.fields?.locale).toBe("must be one of en, de");
    expect(response.headers.get("set-cookie")).toBeNull();
  });

  it("refuses a request from another site (it changes state)", async () => {
    const response = await PUT(localeRequest(JSON.stringify({ locale: "de" }), { origin: "https://evil.example", "sec-fetch-site": "cross-site" }));
    expect(response.status).toBe(403);
    expect(response.headers.get("set-cookie")).toBeNull();
  });
});

describeEachDatabase("a person's interface language", (database: () => TestDatabase) => {
  it("is stored with the account, and can be changed again", async () => {
    const { db } = database().handle;
    const ana = await createTestUser(db, "Ana");
    const localeOf = async () => (await db.select({ locale: users.locale }).from(users).where(eq(users.id, ana.id)))[0]?.locale;
    expect(await localeOf()).toBeNull();
    await setUserLocale(db, ana, "de");
    expect(await localeOf()).toBe("de");
    await setUserLocale(db, ana, "en");
    expect(await localeOf()).toBe("en");
  });
});
