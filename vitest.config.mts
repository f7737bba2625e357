import { defineConfig } from "vitest/config";
import path from "node:path";

export default defineConfig({
  resolve: {
    alias: {
      "@": path.resolve(__dirname),
      "server-only": path.resolve(__dirname, "test-support/server-only.ts"),
    },
  },
  test: {
    include: ["lib/**/*.test.ts", "server/**/*.test.ts", "scripts/**/*.test.ts", "db/**/*.test.ts", "app/**/*.test.tsx"],
    // Component tests (*.test.tsx) run in happy-dom, named by a `@vitest-environment happy-dom` line at their top.
    // Integration tests open real databases (PGlite initdb ~2 s each); keep workers modest on 2 cores.
    pool: "forks",
    maxWorkers: 2,
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
