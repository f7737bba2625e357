/**
 * Environment, read and validated once. Nothing else reads process.env, so
 * every setting the app honours is listed here.
 */
import path from "node:path";
import { z } from "zod";

const envSchema = z.object({
  /** postgres://… switches from the embedded PGlite database to a Postgres server. */
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, "must start with postgres:// or postgresql://")
    .optional(),
  /** Folder of the embedded database (default .data/pglite in the working directory). */
  CLAIMWORK_DATA_DIR: z.string().min(1).optional(),
  /** Secret for session cookies. Required with several app instances; generated and kept in the data folder otherwise. */
  BETTER_AUTH_SECRET: z.string().min(32, "must be at least 32 characters").optional(),
  /** Public base URL, used in exported IRIs and as the auth origin. */
  CLAIMWORK_BASE_URL: z.string().url().optional(),
  /** Folder of seed articles loaded on first start. */
  CLAIMWORK_SEEDS_DIR: z.string().min(1).optional(),
  /**
   * The reverse proxies in front of the app, as comma-separated addresses or
   * CIDR ranges (e.g. `127.0.0.1` or `10.0.0.0/8`). Unset, the default:
   * X-Forwarded-For and X-Forwarded-Host are ignored, since any client can send them.
   */
  CLAIMWORK_TRUSTED_PROXIES: z
    .string()
    .optional()
    .transform((v) =>
      (v ?? "")
        .split(",")
        .map((p) => p.trim())
        .filter(Boolean),
    )
    .pipe(z.array(z.union([z.ipv4(), z.ipv6(), z.cidrv4(), z.cidrv6()], { error: "must be addresses or CIDR ranges, comma-separated" }))),
  /** `true`: anyone may create an account (classrooms, research). A new account joins no project even then. */
  CLAIMWORK_OPEN_SIGNUP: z.enum(["true", "false", "1", "0"]).default("false"),
  /** Fixes the one-time setup code of a fresh instance (for scripted installs); otherwise one is generated and logged. */
  CLAIMWORK_SETUP_TOKEN: z.string().min(16, "must be at least 16 characters").optional(),
  /** `off`: every request looks its session up in the database (server/session-cache.ts; for measuring the cache). */
  CLAIMWORK_SESSION_CACHE: z.enum(["on", "off"]).default("on"),
  /** The IANA time zone pages show times in (default: the server's own), e.g. `Europe/Berlin`. */
  CLAIMWORK_TIME_ZONE: z.string().refine(isTimeZone, "must be an IANA time zone such as Europe/Berlin").optional(),
  NODE_ENV: z.enum(["development", "production", "test"]).optional(),
});

export type AppEnv = {
  databaseUrl: string | undefined;
  dataDir: string;
  authSecret: string | undefined;
  baseUrl: string | undefined;
  seedsDir: string;
  trustedProxies: string[];
  isOpenSignup: boolean;
  setupToken: string | undefined;
  isSessionCacheOn: boolean;
  timeZone: string;
};

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat("en", { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

let cached: AppEnv | undefined;

/** The validated environment; throws one readable line when a variable is malformed. */
export function getEnv(): AppEnv {
  if (cached) return cached;
  const parsed = envSchema.safeParse(process.env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`Invalid environment: ${issue?.path.join(".")} ${issue?.message}`);
  }
  const e = parsed.data;
  cached = {
    databaseUrl: e.DATABASE_URL,
    dataDir: path.resolve(/*turbopackIgnore: true*/ e.CLAIMWORK_DATA_DIR ?? path.join(process.cwd(), ".data", "pglite")),
    authSecret: e.BETTER_AUTH_SECRET,
    baseUrl: e.CLAIMWORK_BASE_URL,
    seedsDir: path.resolve(/*turbopackIgnore: true*/ e.CLAIMWORK_SEEDS_DIR ?? path.join(process.cwd(), "seeds")),
    trustedProxies: e.CLAIMWORK_TRUSTED_PROXIES,
    isOpenSignup: e.CLAIMWORK_OPEN_SIGNUP === "true" || e.CLAIMWORK_OPEN_SIGNUP === "1",
    setupToken: e.CLAIMWORK_SETUP_TOKEN,
    isSessionCacheOn: e.CLAIMWORK_SESSION_CACHE === "on",
    timeZone: e.CLAIMWORK_TIME_ZONE ?? Intl.DateTimeFormat().resolvedOptions().timeZone,
  };
  return cached;
}
