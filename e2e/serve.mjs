#!/usr/bin/env node
/**
 * The end-to-end web server: a fresh embedded database for every run, a
 * production build (skipped with E2E_SKIP_BUILD=1) and `next start`.
 *
 *   E2E_DATA_DIR   folder for this run's database and auth secret (default .data/e2e); deleted first
 *   E2E_PORT       port (default 3100)
 */
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

const root = process.cwd();
const runDir = path.resolve(root, process.env.E2E_DATA_DIR ?? path.join(".data", "e2e"));
const port = process.env.E2E_PORT ?? "3100";
const nextBin = path.join(root, "node_modules", "next", "dist", "bin", "next");
const env = { ...process.env, NEXT_TELEMETRY_DISABLED: "1" };

// Never delete something that is not a folder of our own under the project.
if (!runDir.startsWith(path.join(root, ".data") + path.sep)) {
  console.error(`[e2e] refusing to use ${runDir}: E2E_DATA_DIR must be inside .data/`);
  process.exit(1);
}
fs.rmSync(runDir, { recursive: true, force: true });
fs.mkdirSync(runDir, { recursive: true });

if (process.env.E2E_SKIP_BUILD !== "1") {
  console.log("[e2e] next build…");
  const startedAt = Date.now();
  // Quiet when it works; the whole log (type errors go to stdout) on stderr when it does not,
  // because Playwright shows the server's stderr only.
  const build = spawnSync(process.execPath, [nextBin, "build"], { env, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  if (build.status !== 0) {
    process.stderr.write(`${build.stdout ?? ""}${build.stderr ?? ""}`);
    console.error(`[e2e] next build failed (exit ${build.status ?? build.signal})`);
    process.exit(build.status ?? 1);
  }
  console.log(`[e2e] built in ${((Date.now() - startedAt) / 1000).toFixed(1)} s`);
}

console.log(`[e2e] next start on port ${port}, database in ${path.relative(root, runDir)}`);
const server = spawn(process.execPath, [nextBin, "start", "-p", port, "-H", "127.0.0.1"], {
  stdio: "inherit",
  // The auth secret is kept inside the database folder, so it lands in runDir too.
  // CLAIMWORK_TRUSTED_PROXIES: the tests stand in for a proxy on loopback, each browser context
  // sending its own X-Forwarded-For (e2e/fixtures.ts clientHeaders), so per-address rate limits apply per context.
  env: {
    ...env,
    CLAIMWORK_DATA_DIR: path.join(runDir, "pglite"),
    CLAIMWORK_BASE_URL: process.env.CLAIMWORK_BASE_URL ?? `http://127.0.0.1:${port}`,
    CLAIMWORK_SETUP_TOKEN: "e2e-setup-code-4f9c2a7b1d",
    CLAIMWORK_TRUSTED_PROXIES: "127.0.0.1,::1",
  },
});

let stopping = false;
function cleanUp() {
  try {
    fs.rmSync(runDir, { recursive: true, force: true });
  } catch {
    // left for the next run, which deletes it first
  }
}
for (const signal of ["SIGINT", "SIGTERM"]) {
  process.on(signal, () => {
    stopping = true;
    server.kill(signal);
  });
}
server.on("exit", (code, signal) => {
  if (stopping) cleanUp();
  process.exit(code ?? (signal ? (stopping ? 0 : 1) : 0));
});
