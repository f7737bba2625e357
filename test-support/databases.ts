/**
 * Test databases for every configured backend, so integration tests run the
 * same assertions against the embedded PGlite and a real Postgres server.
 *
 * - "pglite": always; an in-memory PGlite, migrated.
 * - "postgres": only when TEST_DATABASE_URL is set (e.g.
 *   postgres://postgres@127.0.0.1:5432/test). A fresh database
 *   `claimwork_t_<random>` is created on that server for each
 *   `describeEachDatabase` block, migrated, and dropped (WITH (FORCE)) when
 *   the block ends, so test files never see each other's rows.
 *
 * Call `describeEachDatabase` once per test file: each call creates its own
 * databases (PGlite's initdb is the slow part of a test file), and tests inside share them.
 */
import crypto from "node:crypto";
import { count, eq, sql } from "drizzle-orm";
import postgres from "postgres";
import { afterAll, beforeAll, describe } from "vitest";
import { type DatabaseHandle, type Db, openDatabase } from "@/db/client";
import { migrateDatabase } from "@/db/migrate";
import { type Project, type ProjectRole, projectMembers, projects, users } from "@/db/schema";
import { DEFAULT_TAXONOMY, type Taxonomy } from "@/lib/taxonomy";
import type { Actor } from "@/server/authz";
import { DEFAULT_PROJECT_ID, ensureDefaultProject } from "@/server/default-project";
import { AppError } from "@/server/errors";

export type BackendKind = "pglite" | "postgres";

export type TestDatabase = {
  kind: BackendKind;
  handle: DatabaseHandle;
  db: Db;
  /** The connection URL of the per-file database (postgres only). */
  url?: string;
};

type Backend = {
  kind: BackendKind;
  open(): Promise<{ database: TestDatabase; teardown: () => Promise<void> }>;
};

async function openPglite(): Promise<{ database: TestDatabase; teardown: () => Promise<void> }> {
  const handle = await openDatabase({ kind: "memory" });
  try {
    await migrateDatabase(handle);
  } catch (error) {
    await handle.close();
    throw error;
  }
  return { database: { kind: "pglite", handle, db: handle.db }, teardown: () => handle.close() };
}

/** TEST_DATABASE_URL with its database name replaced. */
export function withDatabaseName(serverUrl: string, name: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

async function openPostgres(serverUrl: string): Promise<{ database: TestDatabase; teardown: () => Promise<void> }> {
  const name = `claimwork_t_${crypto.randomBytes(6).toString("hex")}`;
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {}, connect_timeout: 10 });
  let handle: DatabaseHandle | undefined;
  const drop = async () => {
    try {
      await admin`drop database if exists ${admin(name)} with (force)`;
    } finally {
      await admin.end({ timeout: 5 });
    }
  };
  try {
    await admin`create database ${admin(name)}`;
    const url = withDatabaseName(serverUrl, name);
    handle = await openDatabase({ kind: "postgres", url });
    await migrateDatabase(handle);
    const opened = handle;
    return {
      database: { kind: "postgres", handle: opened, db: opened.db, url },
      teardown: async () => {
        try {
          await opened.close();
        } finally {
          await drop();
        }
      },
    };
  } catch (error) {
    await handle?.close().catch(() => {});
    await drop().catch(() => {});
    throw error;
  }
}

/** The backends this run tests against: PGlite always, Postgres when TEST_DATABASE_URL is set. */
export function configuredBackends(): Backend[] {
  const backends: Backend[] = [{ kind: "pglite", open: openPglite }];
  const serverUrl = process.env.TEST_DATABASE_URL;
  if (serverUrl) backends.push({ kind: "postgres", open: () => openPostgres(serverUrl) });
  return backends;
}

/**
 * `describe(name)` containing one `describe` per backend ("pglite",
 * "postgres"); `fn` registers the tests and reads the database through
 * `getDatabase()` inside hooks and tests (it throws before `beforeAll` ran).
 */
export function describeEachDatabase(name: string, fn: (getDatabase: () => TestDatabase) => void): void {
  describe(name, () => {
    for (const backend of configuredBackends()) {
      describe(backend.kind, () => {
        let current: TestDatabase | undefined;
        let teardown: (() => Promise<void>) | undefined;
        beforeAll(async () => {
          const opened = await backend.open();
          current = opened.database;
          teardown = opened.teardown;
        });
        afterAll(async () => {
          const close = teardown;
          current = undefined;
          teardown = undefined;
          await close?.();
        });
        fn(() => {
          if (!current) throw new Error(`the ${backend.kind} test database is not open (use it inside hooks and tests only)`);
          return current;
        });
      });
    }
  });
}

// ── Users, projects and memberships ──

let userCounter = 0;

/** Insert a user row directly (no better-auth); ids and emails are unique per call. */
export async function createTestUser(db: Db, name = "User", options: { isAdmin?: boolean } = {}): Promise<Actor> {
  userCounter++;
  const suffix = crypto.randomBytes(4).toString("hex");
  const slug = name.toLowerCase().replace(/[^a-z0-9]+/g, "-") || "user";
  const id = `test-${slug}-${userCounter}-${suffix}`;
  const email = `${slug}-${userCounter}-${suffix}@example.test`;
  const isAdmin = options.isAdmin ?? false;
  await db.insert(users).values({ id, name, email, isAdmin });
  return { id, name, email, isAdmin };
}

/**
 * What sign-up once did for every new user, kept for tests that want a
 * database's first users the quick way: the very first account becomes site
 * admin; everyone joins the default project (first as admin, later ones as
 * annotators). Real sign-up (server/accounts.ts signUp) goes by setup code,
 * invitation or open sign-up instead.
 */
export async function onboardNewUser(db: Db, userId: string): Promise<void> {
  await db.transaction(async (tx) => {
    // Serialise concurrent sign-ups so exactly one of them is "first".
    await tx.execute(sql`select pg_advisory_xact_lock(7302152)`);
    const [row] = await tx.select({ n: count() }).from(users).where(eq(users.isAdmin, true));
    const isFirst = (row?.n ?? 0) === 0;
    if (isFirst) await tx.update(users).set({ isAdmin: true }).where(eq(users.id, userId));
    await ensureDefaultProject(tx);
    await tx
      .insert(projectMembers)
      .values({ projectId: DEFAULT_PROJECT_ID, userId, role: isFirst ? "admin" : "annotator" })
      .onConflictDoNothing();
  });
}

/**
 * Insert a user and onboard it with onboardNewUser (first user of the
 * database is site admin; everyone joins the default project). Returns the
 * actor as onboarding left it.
 */
export async function onboardTestUser(db: Db, name = "User"): Promise<Actor> {
  const actor = await createTestUser(db, name);
  await onboardNewUser(db, actor.id);
  const [row] = await db.select({ isAdmin: users.isAdmin }).from(users).where(eq(users.id, actor.id));
  return { ...actor, isAdmin: row?.isAdmin ?? false };
}

/** Insert a project directly (no permission check, no history entry). */
export async function createTestProject(db: Db, options: { name?: string; isBlind?: boolean; taxonomy?: Taxonomy } = {}): Promise<Project> {
  const [project] = await db
    .insert(projects)
    .values({
      name: options.name ?? `Test project ${crypto.randomBytes(3).toString("hex")}`,
      taxonomy: options.taxonomy ?? DEFAULT_TAXONOMY,
      isBlind: options.isBlind ?? false,
    })
    .returning();
  if (!project) throw new Error("project insert returned nothing");
  return project;
}

/** Give a user a role in a project (or change it). */
export async function addMember(db: Db, projectId: string, userId: string, role: ProjectRole): Promise<void> {
  await db
    .insert(projectMembers)
    .values({ projectId, userId, role })
    .onConflictDoUpdate({ target: [projectMembers.projectId, projectMembers.userId], set: { role } });
}

/** A new user who is a `role` member of `projectId`. */
export async function createMember(db: Db, projectId: string, role: ProjectRole, name: string = role): Promise<Actor> {
  const actor = await createTestUser(db, name);
  await addMember(db, projectId, actor.id, role);
  return actor;
}

// ── Errors ──

/** Await `fn` and return the AppError it threw; fails if it succeeds or throws something else. */
export async function expectAppError(fn: () => Promise<unknown>): Promise<AppError> {
  let result: unknown;
  try {
    result = await fn();
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error(`expected an AppError, but the call succeeded with ${JSON.stringify(result)?.slice(0, 300)}`);
}
