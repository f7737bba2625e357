/**
 * Helpers for the team integration tests, on top of databases.ts and fixtures.ts:
 * databases come from `describeEachDatabase` (PGlite always, Postgres when
 * TEST_DATABASE_URL is set); users and memberships are written directly,
 * articles and claims go through the real data layer.
 */
import type { Db } from "@/db/client";
import type { ProjectRole } from "@/db/schema";
import type { ClaimSave } from "@/lib/claim-schema";
import { addMember, createTestUser } from "@/test-support/databases";
import { claimSaveFor, seedArticle } from "@/test-support/fixtures";
import type { Actor } from "@/server/authz";
import { saveClaim } from "@/server/claims";
import { AppError } from "@/server/errors";
import { createProject, createProjectSchema } from "@/server/team/projects";
import { parseWith } from "@/server/http";

export { describeEachDatabase, expectAppError, type TestDatabase } from "@/test-support/databases";

/** A user row (no better-auth, no onboarding); ids and emails are unique per call. */
export async function createUser(db: Db, name: string, options: { isAdmin?: boolean } = {}): Promise<Actor> {
  return createTestUser(db, name, options);
}

/** Give a user a role in a project (or change it), bypassing authorization. */
export async function addRole(db: Db, projectId: string, userId: string, role: ProjectRole): Promise<void> {
  await addMember(db, projectId, userId, role);
}

export const ARTICLE_TEXT =
  "Test article\n\nThe city spent 4 million euros on bike lanes in 2023. The mayor said traffic fell by 12 percent. " +
  "Critics called the plan a waste of money. Officials expect the number of cyclists to double by 2030.";

/** Import `text` as an article of the project through the real import path. */
export async function createArticle(db: Db, projectId: string, text = ARTICLE_TEXT, actorId: string | null = null) {
  return seedArticle(db, projectId, text, { actorId });
}

/** A create-save for the first occurrence of `exact` in `articleText`. */
export function claimSave(articleId: string, articleText: string, exact: string, overrides: Partial<ClaimSave> = {}): ClaimSave {
  return claimSaveFor(articleId, articleText, exact, overrides);
}

/** Create a claim through saveClaim (so authorization and sentence indexes are real). */
export async function createClaim(db: Db, actor: Actor, articleId: string, articleText: string, exact: string, overrides: Partial<ClaimSave> = {}) {
  const result = await saveClaim(db, actor, claimSave(articleId, articleText, exact, overrides));
  return result.claim;
}

/** A project created through createProject (the actor must be a site admin and becomes its admin). */
export async function newProject(db: Db, admin: Actor, name = "Team project", options: { isBlind?: boolean } = {}) {
  return createProject(db, admin, parseWith(createProjectSchema, { name, isBlind: options.isBlind ?? false }));
}

/** Run `fn` and return the AppError type it threw ("ok" when it did not throw). */
export async function outcome(fn: () => Promise<unknown>): Promise<string> {
  try {
    await fn();
    return "ok";
  } catch (error) {
    if (error instanceof AppError) return error.type;
    throw error;
  }
}
