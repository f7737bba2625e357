import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";

/** Each case sets the data folder before the environment is first read (getEnv caches), so each runs in a fresh module graph. */
async function resolveWith(dataDir: string) {
  process.env.CLAIMWORK_DATA_DIR = dataDir;
  const { vi } = await import("vitest");
  vi.resetModules();
  const { resolveSecret } = await import("./auth");
  return resolveSecret;
}

describe("the generated auth secret", () => {
  it("lives inside the data folder and is the same on every start", async () => {
    const dir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "claimwork-secret-")), "pglite");
    const resolve = await resolveWith(dir);
    const first = resolve();
    expect(first).toMatch(/^[0-9a-f]{64}$/);
    expect(fs.readFileSync(path.join(dir, "auth-secret"), "utf8")).toBe(first);
    expect((fs.statSync(path.join(dir, "auth-secret")).mode & 0o777).toString(8)).toBe("600");
    expect(resolve()).toBe(first);
  });

  it("a folder that cannot hold it is one clear error at boot, naming the folder and the way out", async () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "claimwork-secret-")), "not-a-folder");
    fs.writeFileSync(file, "x");
    const resolve = await resolveWith(path.join(file, "pglite"));
    expect(() => resolve()).toThrow(/auth secret .*not-a-folder.*set BETTER_AUTH_SECRET/);
  });
});
