#!/usr/bin/env node
/**
 * `npm start`: build once if there is no production build (or it is older than
 * the sources), then serve it with `next start`. The server migrates and seeds
 * the database itself at boot (instrumentation.ts).
 */
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

const root = process.cwd();
const buildId = path.join(root, ".next", "BUILD_ID");

function newestSourceTime(dir) {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (entry.name.startsWith(".") || entry.name === "node_modules") continue;
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSourceTime(full) : fs.statSync(full).mtimeMs);
  }
  return newest;
}

const sources = ["app", "components", "lib", "server", "db"].filter((d) => fs.existsSync(path.join(root, d)));
const builtAt = fs.existsSync(buildId) ? fs.statSync(buildId).mtimeMs : 0;
const isStale = builtAt === 0 || sources.some((d) => newestSourceTime(path.join(root, d)) > builtAt);

const nextBin = path.join(root, "node_modules", "next", "dist", "bin", "next");
if (isStale) {
  console.log("[claimwork] building the app (first start or changed sources)…");
  const build = spawnSync(process.execPath, [nextBin, "build"], { stdio: "inherit", env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" } });
  if (build.status !== 0) process.exit(build.status ?? 1);
}
const args = [nextBin, "start", ...process.argv.slice(2)];
const server = spawn(process.execPath, args, { stdio: "inherit", env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" } });
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => server.kill(signal));
server.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
