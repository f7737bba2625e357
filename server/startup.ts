import "server-only";
import { DatabaseLockedError } from "@/db/client";
import { ensureSetupToken } from "./accounts";
import { resolveSecret } from "./auth";
import { getDatabase, seedResult } from "./db";
import { getEnv } from "./env";

/**
 * Open the database at boot and check what every request will need (the auth
 * secret), so a failure ends the process with one readable line and exit code
 * 1 instead of a 500 on every page. Logs what was imported and, on a fresh
 * instance, the one-time setup code for the first account.
 */
export async function startServer(): Promise<void> {
  try {
    const env = getEnv();
    const handle = await getDatabase();
    resolveSecret();
    console.log(
      handle.kind === "pglite"
        ? `[claimwork] embedded database ready at ${env.dataDir}`
        : `[claimwork] connected to Postgres server ${redact(env.databaseUrl ?? "")}`,
    );
    const seeded = seedResult();
    if (seeded) {
      console.log(
        `[claimwork] seeds from ${env.seedsDir}: ${seeded.imported} article${seeded.imported === 1 ? "" : "s"} imported, ${seeded.existing} already there`,
      );
    }
    const setupToken = await ensureSetupToken(handle.db);
    if (setupToken) {
      const base = env.baseUrl ?? "http://localhost:3000";
      console.log(
        `[claimwork] no account yet. Create the administrator account at ${new URL(`/setup?token=${setupToken}`, base)} (the code ${setupToken} works once).`,
      );
    }
  } catch (error) {
    console.error(`[claimwork] cannot start: ${describeStartupError(error)}`);
    process.exit(1);
  }
}

export function describeStartupError(error: unknown): string {
  if (error instanceof DatabaseLockedError) return error.message;
  const err = error as NodeJS.ErrnoException & { address?: string; port?: number };
  if (err?.code === "ECONNREFUSED" || err?.code === "ENOTFOUND" || err?.code === "CONNECT_TIMEOUT" || err?.code === "EAI_AGAIN") {
    return `the Postgres server in DATABASE_URL (${redact(getEnvSafe())}) is unreachable (${err.code}).`;
  }
  if (err?.code === "28P01" || err?.code === "3D000" || err?.code === "28000") {
    return `the Postgres server refused the connection: ${err.message}`;
  }
  return err?.message ?? String(error);
}

function getEnvSafe(): string {
  try {
    return getEnv().databaseUrl ?? "";
  } catch {
    return "";
  }
}

/** Hide the password of a connection URL in logs. */
function redact(url: string): string {
  return url.replace(/\/\/([^:/@]+):[^@]*@/, "//$1:***@");
}
