import "server-only";
import { and, eq } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import { type ProjectRole, projectMembers, projects } from "@/db/schema";
import type { Locale } from "@/lib/i18n/locales";
import { AppError } from "./errors";

/** The signed-in user as the data layer sees it; `locale` is their interface language, when they chose one (lib/i18n). */
export type Actor = { id: string; name: string; email: string; isAdmin: boolean; locale?: Locale | null };

export type ProjectAction =
  | "read"
  | "annotate"
  | "import_articles"
  | "review"
  | "assign"
  | "adjudicate"
  | "manage_members"
  | "edit_taxonomy"
  | "export";

/**
 * Who may do what in a project. Annotators change only their own claims (checked
 * where the claim is loaded); viewers read and export only.
 */
const PERMISSIONS: Record<ProjectRole, ReadonlySet<ProjectAction>> = {
  admin: new Set<ProjectAction>([
    "read",
    "annotate",
    "import_articles",
    "review",
    "assign",
    "adjudicate",
    "manage_members",
    "edit_taxonomy",
    "export",
  ]),
  reviewer: new Set<ProjectAction>(["read", "annotate", "import_articles", "review", "assign", "adjudicate", "export"]),
  annotator: new Set<ProjectAction>(["read", "annotate", "export"]),
  viewer: new Set<ProjectAction>(["read", "export"]),
};

export function roleCan(role: ProjectRole | null, action: ProjectAction): boolean {
  return role !== null && PERMISSIONS[role].has(action);
}

/** The actor's role in a project; site admins act as project admins everywhere. */
export async function getProjectRole(db: Db | Tx, projectId: string, actor: Actor): Promise<ProjectRole | null> {
  if (actor.isAdmin) {
    // Admin everywhere, but only in projects that exist: an unknown id must be a 404, not a foreign-key error later.
    const [project] = await db.select({ id: projects.id }).from(projects).where(eq(projects.id, projectId)).limit(1);
    return project ? "admin" : null;
  }
  const [member] = await db
    .select({ role: projectMembers.role })
    .from(projectMembers)
    .where(and(eq(projectMembers.projectId, projectId), eq(projectMembers.userId, actor.id)))
    .limit(1);
  return member?.role ?? null;
}

/**
 * Throws unless the actor may do `action` in the project. A non-member gets
 * 404 for the thing they asked about, so ids cannot be probed for existence.
 */
export async function requireProjectRole(
  db: Db | Tx,
  projectId: string,
  actor: Actor,
  action: ProjectAction,
  surface = "project",
): Promise<ProjectRole> {
  return assertRoleCan(await getProjectRole(db, projectId, actor), action, surface);
}

/**
 * The role an actor has in a project whose row the caller has already read
 * together with the actor's membership (one query instead of two on a hot
 * path): site admins are admins, others have their membership's role or none.
 */
export function roleFromMembership(actor: Actor, memberRole: ProjectRole | null): ProjectRole | null {
  return actor.isAdmin ? "admin" : memberRole;
}

/** requireProjectRole's check, for a role already read: 404 without a role, 403 when it does not allow `action`. */
export function assertRoleCan(role: ProjectRole | null, action: ProjectAction, surface = "project"): ProjectRole {
  if (role === null) throw new AppError(`not_found:${surface}`, `No such ${surface}.`);
  if (!roleCan(role, action)) {
    throw new AppError(`forbidden:${surface}`, `Your role (${role}) does not allow this (${action.replace("_", " ")}).`);
  }
  return role;
}
