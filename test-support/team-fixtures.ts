/**
 * Helpers for the team integration tests, on top of databases.ts and fixtures.ts:
 * databases come from `describeEachDatabase` (PGlite always, Postgres when
 * TEST_DATABASE_URL is set); users and memberships are written directly,
 * articles and claims go through the real data layer.
 */
import type { Db } from "@/db/client";
import type { ProjectRole } from "@/db/schema";
import type { ClaimSave } from "@/lib/claim-schema";
import type { Actor } from "@/server/authz";
import { saveClaim } from "@/server/claims";
import { AppError } from "@/server/errors";
import { parseWith } from "@/server/http";
import { assignArticle } from "@/server/team/assignments";
import { createProject, createProjectSchema } from "@/server/team/projects";
import { addMember, createTestUser } from "@/test-support/databases";
import { claimSaveFor, seedArticle } from "@/test-support/fixtures";

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

/** A test's users by the name the test calls them: `{ ann: "Ann", outsider: "Otto" }`. */
export type UserNames = Readonly<Record<string, string>>;

/** A site admin (`admin`) and one user per entry of the names. */
export type Users<N extends UserNames> = { readonly admin: Actor } & { readonly [K in keyof N]: Actor };

/** A site admin ("Admin", or `adminName`) and one user (not a site admin) per entry of `names`, in that order. */
export async function createUsers<const N extends UserNames>(db: Db, names: N, adminName = "Admin"): Promise<Users<N>> {
  const users: Record<string, Actor> = { admin: await createUser(db, adminName, { isAdmin: true }) };
  for (const [key, name] of Object.entries(names)) users[key] = await createUser(db, name);
  return users as Users<N>;
}

/** Each user's name and role in the team's project (null: a user with no role in it). */
export type Cast = Readonly<Record<string, readonly [name: string, role: ProjectRole | null]>>;

/** The users of a cast, the site admin, and the project the admin made for them. */
export type Team<C extends Cast> = Users<{ [K in keyof C]: string }> & { readonly projectId: string };

/**
 * A site admin ("Admin") and one user per entry of `cast` (createUsers), a
 * project the admin creates (newProject: the admin is its admin), and each
 * user's role in it.
 */
export async function createTeam<const C extends Cast>(db: Db, projectName: string, cast: C): Promise<Team<C>> {
  const users = await createUsers(db, Object.fromEntries(Object.entries(cast).map(([key, [name]]) => [key, name])));
  const projectId = (await newProject(db, users.admin, projectName)).id;
  for (const [key, [, role]] of Object.entries(cast)) if (role) await addRole(db, projectId, users[key]!.id, role);
  return { ...users, projectId } as Team<C>;
}

/** A project created through createProject (the actor must be a site admin and becomes its admin). */
export async function newProject(db: Db, admin: Actor, name = "Team project", options: { isBlind?: boolean } = {}) {
  return createProject(db, admin, parseWith(createProjectSchema, { name, isBlind: options.isBlind ?? false }));
}

/**
 * A blind project `admin` creates, with each of `members` in its role, and an
 * article in it (ARTICLE_TEXT) that `assigner` assigned to the annotators among them.
 */
export async function blindProjectArticle(
  db: Db,
  admin: Actor,
  name: string,
  members: ReadonlyArray<readonly [Actor, ProjectRole]>,
  assigner: Actor = admin,
) {
  const project = await newProject(db, admin, name, { isBlind: true });
  for (const [user, role] of members) await addRole(db, project.id, user.id, role);
  const article = await createArticle(db, project.id);
  const annotators = members.filter(([, role]) => role === "annotator").map(([user]) => user.id);
  await assignArticle(db, assigner, { articleId: article.id, userIds: annotators });
  return { project, article };
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
