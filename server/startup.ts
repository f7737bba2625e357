import "server-only";
import { DatabaseLockedError } from "@/db/client";
import { getDatabase } from "./db";
import { getEnv } from "./env";

/** Open the database at boot; a failure ends the process with one readable line and exit code 1. */
export async function startServer(): Promise<void> {
  try {
    const handle = await getDatabase();
    const env = getEnv();
    console.log(
      handle.kind === "pglite"
        ? `[claimwork] embedded database ready at ${env.dataDir}`
        : `[claimwork] connected to Postgres server ${redact(env.databaseUrl ?? "")}`,
    );
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
