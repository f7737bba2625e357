/**
 * Test helpers for the team integration tests: an in-memory migrated
 * database, users, projects, articles and claims made through the real data
 * layer where that matters (claims), directly where it does not (users).
 */
import crypto from "node:crypto";
import { openDatabase, type DatabaseHandle, type Db } from "@/db/client";
import { migrateDatabase } from "@/db/migrate";
import { projectMembers, users, type ProjectRole } from "@/db/schema";
import { makeTarget } from "@/lib/anchoring";
import type { ClaimSave } from "@/lib/claim-schema";
import { insertArticleFromFile } from "../articles";
import type { Actor } from "../authz";
import { saveClaim } from "../claims";
import { AppError } from "../errors";
import { createProject } from "./projects";

export async function openTestDatabase(): Promise<DatabaseHandle> {
  const handle = await openDatabase({ kind: "memory" });
  await migrateDatabase(handle);
  return handle;
}

let userCounter = 0;
export async function createUser(db: Db, name: string, options: { isAdmin?: boolean } = {}): Promise<Actor> {
  userCounter++;
  const id = `user-${name}-${userCounter}-${crypto.randomUUID().slice(0, 8)}`;
  const email = `${name.toLowerCase()}-${userCounter}-${crypto.randomUUID().slice(0, 6)}@example.test`;
  await db.insert(users).values({ id, name, email, isAdmin: options.isAdmin ?? false });
  return { id, name, email, isAdmin: options.isAdmin ?? false };
}

export async function addRole(db: Db, projectId: string, userId: string, role: ProjectRole): Promise<void> {
  await db.insert(projectMembers).values({ projectId, userId, role }).onConflictDoUpdate({
    target: [projectMembers.projectId, projectMembers.userId],
    set: { role },
  });
}

export const ARTICLE_TEXT =
  "Test article\n\nThe city spent 4 million euros on bike lanes in 2023. The mayor said traffic fell by 12 percent. " +
  "Critics called the plan a waste of money. Officials expect the number of cyclists to double by 2030.";

export async function createArticle(db: Db, projectId: string, text = ARTICLE_TEXT, actorId: string | null = null) {
  return db.transaction((tx) => insertArticleFromFile(tx, { projectId, raw: text, fileName: null, actorId }));
}

export function claimSave(articleId: string, articleText: string, exact: string, overrides: Partial<ClaimSave> = {}): ClaimSave {
  const at = articleText.indexOf(exact);
  if (at < 0) throw new Error(`"${exact}" is not in the article`);
  return {
    id: crypto.randomUUID(),
    articleId,
    mutationId: crypto.randomUUID(),
    baseVersion: null,
    target: makeTarget(articleText, at, at + exact.length),
    claimType: "statistic",
    checkWorthiness: 2,
    speaker: "",
    normalizedClaim: "",
    verdict: "unverified",
    rationale: "",
    tags: [],
    sources: [],
    ...overrides,
  };
}

export async function createClaim(db: Db, actor: Actor, articleId: string, articleText: string, exact: string, overrides: Partial<ClaimSave> = {}) {
  const result = await saveClaim(db, actor, claimSave(articleId, articleText, exact, overrides));
  return result.claim;
}

export async function newProject(db: Db, admin: Actor, name = "Team project", options: { isBlind?: boolean } = {}) {
  return createProject(db, admin, { name, isBlind: options.isBlind ?? false });
}

/** Run `fn` and return the AppError code it threw ("ok" when it did not throw). */
export async function outcome(fn: () => Promise<unknown>): Promise<string> {
  try {
    await fn();
    return "ok";
  } catch (error) {
    if (error instanceof AppError) return error.type;
    throw error;
  }
}

export async function expectAppError(fn: () => Promise<unknown>): Promise<AppError> {
  try {
    await fn();
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error("expected an AppError, but the call succeeded");
}
