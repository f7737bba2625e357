import fs from "node:fs";
import path from "node:path";
import { configDefaults, defineConfig } from "vitest/config";

/**
 * Three tiers, each runnable alone (`npm run test:unit`, `test:component`,
 * `test:integration`, or `npx vitest run --project NAME`):
 *
 * - unit: pure code (lib/), no database, no DOM; seconds.
 * - component: React components in happy-dom: app/**\/*.test.tsx and any
 *   other test file that declares `@vitest-environment happy-dom`.
 * - integration: server/, db/ and scripts/ against real databases — PGlite
 *   always, and the Postgres server too when TEST_DATABASE_URL is set
 *   (test-support/databases.ts); minutes.
 */
const ROOT = import.meta.dirname;
const ROOTS = ["lib", "app", "components", "server", "db", "scripts"];

/** Test files (relative, with forward slashes) whose first lines name the happy-dom environment. */
function happyDomTests(): string[] {
  const found: string[] = [];
  for (const root of ROOTS) {
    const dir = path.join(ROOT, root);
    if (!fs.existsSync(dir)) continue;
    for (const entry of fs.readdirSync(dir, { recursive: true, encoding: "utf8" })) {
      if (!/\.test\.tsx?$/.test(entry) || entry.split(path.sep).includes("node_modules")) continue;
      const head = fs.readFileSync(path.join(dir, entry), "utf8").slice(0, 2_000);
      if (/@vitest-environment\s+happy-dom\b/.test(head)) found.push(`${root}/${entry.split(path.sep).join("/")}`);
    }
  }
  return found;
}

const domTests = happyDomTests();

export default defineConfig({
  resolve: {
    alias: {
      "@": path.resolve(ROOT),
      "server-only": path.resolve(ROOT, "test-support/server-only.ts"),
    },
  },
  test: {
    // Integration tests open real databases (a PGlite initdb takes seconds, BENCHMARKS.md); keep workers modest on 2 cores.
    pool: "forks",
    maxWorkers: 2,
    testTimeout: 60_000,
    hookTimeout: 120_000,
    projects: [
      {
        extends: true,
        test: {
          name: "unit",
          environment: "node",
          include: ["lib/**/*.test.ts"],
          exclude: [...configDefaults.exclude, ...domTests],
        },
      },
      {
        extends: true,
        test: {
          name: "component",
          environment: "happy-dom",
          include: ["app/**/*.test.tsx", "components/**/*.test.tsx", ...domTests],
        },
      },
      {
        extends: true,
        test: {
          name: "integration",
          environment: "node",
          include: ["server/**/*.test.ts", "db/**/*.test.ts", "scripts/**/*.test.ts"],
          exclude: [...configDefaults.exclude, ...domTests],
        },
      },
    ],
  },
});
