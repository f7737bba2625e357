import fs from "node:fs";
import { defineConfig, devices } from "@playwright/test";

/**
 * End-to-end tests against a production build (`next build` + `next start`)
 * with a fresh embedded database per run (see e2e/serve.mjs).
 *
 * Browser: CHROMIUM_PATH, else the system Chromium at /usr/bin/chromium when
 * it exists (machines without internet), else Playwright's own download
 * (`npx playwright install chromium`).
 *
 * Environment:
 *   E2E_SKIP_BUILD=1    serve the existing .next build (after an unchanged `next build`)
 *   E2E_DATA_DIR        the run's database folder under .data/ (default .data/e2e; emptied at start)
 *   E2E_REUSE_SERVER=1  use a server already on port 3100 (outside CI; its database must be fresh,
 *                       since the first account signed up is expected to become the admin)
 */
const PORT = 3100;
const baseURL = `http://127.0.0.1:${PORT}`;
const isCI = Boolean(process.env.CI);

const systemChromium = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const executablePath = fs.existsSync(systemChromium) ? systemChromium : undefined;

export default defineConfig({
  testDir: "e2e",
  // One worker: the machine has two cores and the server needs one of them.
  workers: 1,
  fullyParallel: false,
  retries: 0,
  forbidOnly: isCI,
  timeout: 30_000,
  expect: { timeout: 7_000 },
  reporter: "list",
  outputDir: "test-results",
  use: {
    ...devices["Desktop Chrome"],
    baseURL,
    actionTimeout: 10_000,
    navigationTimeout: 15_000,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: {
      executablePath,
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    },
  },
  projects: [
    // Signs up the first account (the admin) of the fresh database and keeps its session.
    { name: "setup", testMatch: /auth\.setup\.ts$/ },
    { name: "chromium", testMatch: /\.spec\.ts$/, dependencies: ["setup"] },
  ],
  webServer: {
    command: "node e2e/serve.mjs",
    url: `${baseURL}/sign-in`,
    env: { E2E_PORT: String(PORT), NEXT_TELEMETRY_DISABLED: "1" },
    reuseExistingServer: !isCI && process.env.E2E_REUSE_SERVER === "1",
    // Includes `next build` (8–20 s on two cores) and the first database open (initdb, ~3 s).
    timeout: 180_000,
    stdout: "ignore",
    stderr: "pipe",
    gracefulShutdown: { signal: "SIGTERM", timeout: 5_000 },
  },
});
