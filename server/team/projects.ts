import "server-only";
import { and, asc, count, eq, inArray, sql } from "drizzle-orm";
import { z } from "zod";
import type { Db, Tx } from "@/db/client";
import { articles, claims, type Project, type ProjectRole, projectMembers, projects, sources, users } from "@/db/schema";
import { DEFAULT_TAXONOMY, DEFAULT_VERDICT, type Taxonomy } from "@/lib/taxonomy";
import { PROJECT_ROLES } from "@/lib/vocabularies";
import { type Actor, requireProjectRole } from "../authz";
import { AppError } from "../errors";
import { recordEvent } from "../events";

// ── Validation ───────────────────────────────────────────────────────────────

export const projectRoleSchema = z.enum(PROJECT_ROLES);

/** Keys are what claims store: short, machine-friendly and never renamed (labels are free to change). */
const taxonomyKey = z
  .string()
  .trim()
  .min(1, "key must not be empty")
  .max(64)
  .regex(/^[a-z0-9][a-z0-9_-]*$/, "key must be lower-case letters, digits, _ or - (it is stored on claims and never renamed)");
const taxonomyLabel = z.string().trim().min(1, "label must not be empty").max(200);

const entrySchema = z.object({ key: taxonomyKey, label: taxonomyLabel });
const verdictSchema = entrySchema.extend({ rating: z.number().int().min(1).max(5).nullable().default(null) });

function uniqueKeys<T extends { key: string }>(list: T[], ctx: z.RefinementCtx, name: string): void {
  const seen = new Set<string>();
  list.forEach((entry, i) => {
    if (seen.has(entry.key)) ctx.addIssue({ code: "custom", path: [i, "key"], message: `duplicate ${name} key "${entry.key}"` });
    seen.add(entry.key);
  });
}

export const taxonomySchema = z.object({
  claimTypes: z
    .array(entrySchema)
    .max(100)
    .superRefine((list, ctx) => uniqueKeys(list, ctx, "claim type")),
  verdicts: z
    .array(verdictSchema)
    .min(1, "at least one verdict is needed")
    .max(100)
    .superRefine((list, ctx) => {
      uniqueKeys(list, ctx, "verdict");
      if (!list.some((v) => v.key === DEFAULT_VERDICT)) {
        ctx.addIssue({ code: "custom", message: `the default verdict "${DEFAULT_VERDICT}" cannot be removed` });
      }
    }),
  stances: z
    .array(entrySchema)
    .min(1, "at least one stance is needed")
    .max(100)
    .superRefine((list, ctx) => uniqueKeys(list, ctx, "stance")),
}) satisfies z.ZodType<Taxonomy>;

export const createProjectSchema = z.object({
  name: z.string().trim().min(1, "must not be empty").max(200),
  isBlind: z.boolean().default(false),
  publisherName: z.string().trim().max(200).default(""),
  publisherUrl: z.url().nullable().default(null),
  taxonomy: taxonomySchema.optional(),
});
export type CreateProjectInput = z.output<typeof createProjectSchema>;

// ── Reading ──────────────────────────────────────────────────────────────────

export type ProjectListItem = {
  id: string;
  name: string;
  role: ProjectRole;
  isBlind: boolean;
  isDefault: boolean;
  memberCount: number;
  articleCount: number;
  createdAt: Date;
};

/** The projects the actor belongs to (site admins: every project), with their role in each. */
export async function listProjects(db: Db, actor: Actor): Promise<ProjectListItem[]> {
  // Qualified by hand: Drizzle leaves a select field's columns unqualified when it sees one table.
  const memberCount = sql<number>`(select count(*)::int from ${projectMembers} pm where pm.project_id = "projects"."id")`;
  const articleCount = sql<number>`(select count(*)::int from ${articles} a where a.project_id = "projects"."id")`;
  const rows = await db
    .select({
      id: projects.id,
      name: projects.name,
      isBlind: projects.isBlind,
      isDefault: projects.isDefault,
      createdAt: projects.createdAt,
      memberRole: projectMembers.role,
      memberCount,
      articleCount,
    })
    .from(projects)
    .leftJoin(projectMembers, and(eq(projectMembers.projectId, projects.id), eq(projectMembers.userId, actor.id)))
    .where(actor.isAdmin ? undefined : sql`${projectMembers.userId} is not null`)
    .orderBy(asc(projects.name), asc(projects.createdAt));
  return rows.map(({ memberRole, ...row }) => ({ ...row, role: actor.isAdmin ? "admin" : (memberRole ?? "viewer") }));
}

export type ProjectDetail = Project & { role: ProjectRole };

/** One project, if the actor may read it (404 otherwise). */
export async function getProject(db: Db | Tx, actor: Actor, projectId: string): Promise<ProjectDetail> {
  const role = await requireProjectRole(db, projectId, actor, "read");
  const [project] = await db.select().from(projects).where(eq(projects.id, projectId));
  if (!project) throw new AppError("not_found:project", "No such project.");
  return { ...project, role };
}

export type MemberItem = { userId: string; name: string; email: string; role: ProjectRole; addedAt: Date };

/** Members of a project, by name (any member may see who is on the team). */
export async function listMembers(db: Db, actor: Actor, projectId: string): Promise<MemberItem[]> {
  await requireProjectRole(db, projectId, actor, "read");
  return db
    .select({ userId: users.id, name: users.name, email: users.email, role: projectMembers.role, addedAt: projectMembers.createdAt })
    .from(projectMembers)
    .innerJoin(users, eq(users.id, projectMembers.userId))
    .where(eq(projectMembers.projectId, projectId))
    .orderBy(asc(users.name), asc(users.email));
}

// ── Writing ──────────────────────────────────────────────────────────────────

/** Create a project (site admins only); the creator becomes its admin. */
export async function createProject(db: Db, actor: Actor, data: CreateProjectInput): Promise<Project> {
  if (!actor.isAdmin) throw new AppError("forbidden:project", "Only a site administrator can create projects.");
  return db.transaction(async (tx) => {
    const [project] = await tx
      .insert(projects)
      .values({
        name: data.name,
        isBlind: data.isBlind,
        publisherName: data.publisherName,
        publisherUrl: data.publisherUrl,
        taxonomy: data.taxonomy ?? DEFAULT_TAXONOMY,
      })
      .returning();
    if (!project) throw new AppError("conflict:project", "The project could not be created.");
    await tx.insert(projectMembers).values({ projectId: project.id, userId: actor.id, role: "admin" });
    await recordEvent(tx, {
      projectId: project.id,
      actorId: actor.id,
      entityType: "project",
      entityId: project.id,
      action: "project.created",
      after: { name: project.name, isBlind: project.isBlind },
    });
    return project;
  });
}

/**
 * How many of the project's claims (deleted ones too: they can be restored)
 * use each of `keys` in `column` — a claim column, or a source column, counted
 * by distinct claim.
 */
async function claimsUsing(
  tx: Tx,
  projectId: string,
  column: typeof claims.claimType | typeof claims.verdict | typeof sources.stance,
  keys: string[],
) {
  const n = sql<number>`count(distinct ${claims.id})::int`;
  const where = and(eq(claims.projectId, projectId), inArray(column, keys));
  if (column === sources.stance) {
    return tx.select({ key: column, n }).from(sources).innerJoin(claims, eq(claims.id, sources.claimId)).where(where).groupBy(column);
  }
  return tx.select({ key: column, n }).from(claims).where(where).groupBy(column);
}

/** Refuse to leave a project without a project admin (site admins do not count: they may not be watching). */
async function ensureAnotherAdmin(tx: Tx, projectId: string, userId: string): Promise<void> {
  const [row] = await tx
    .select({ n: count() })
    .from(projectMembers)
    .where(and(eq(projectMembers.projectId, projectId), eq(projectMembers.role, "admin"), sql`${projectMembers.userId} <> ${userId}`));
  if ((row?.n ?? 0) === 0) throw new AppError("conflict:member", "A project needs at least one admin: make someone else admin first.");
}

export const addMemberSchema = z
  .object({
    userId: z.string().min(1).optional(),
    email: z.email().optional(),
    role: projectRoleSchema,
  })
  .refine((v) => v.userId !== undefined || v.email !== undefined, { message: "give userId or email", path: ["email"] });
/** What addMember takes: the project and the parsed body (addMemberSchema). */
export type AddMemberInput = { projectId: string } & z.output<typeof addMemberSchema>;

/** Add a user (by id or by the email they signed up with) to a project, or change their role if already a member. */
export async function addMember(db: Db, actor: Actor, input: AddMemberInput): Promise<MemberItem> {
  const { projectId, ...data } = input;
  return db.transaction(async (tx) => {
    await requireProjectRole(tx, projectId, actor, "manage_members");
    const [user] = await tx
      .select({ id: users.id, name: users.name, email: users.email })
      .from(users)
      .where(data.userId !== undefined ? eq(users.id, data.userId) : eq(sql`lower(${users.email})`, data.email!.toLowerCase()));
    if (!user) {
      throw new AppError("unprocessable:member", "No account with this email or id: the person must sign up first.", {
        fields: { [data.userId !== undefined ? "userId" : "email"]: "no such account" },
      });
    }
    const existing = await lockMembership(tx, projectId, user.id);
    if (existing?.role === data.role) {
      return await loadMember(tx, projectId, user.id);
    }
    if (existing?.role === "admin") await ensureAnotherAdmin(tx, projectId, user.id);
    await tx
      .insert(projectMembers)
      .values({ projectId, userId: user.id, role: data.role })
      .onConflictDoUpdate({ target: [projectMembers.projectId, projectMembers.userId], set: { role: data.role } });
    await recordEvent(tx, {
      projectId,
      actorId: actor.id,
      entityType: "member",
      entityId: user.id,
      action: existing ? "member.role_changed" : "member.added",
      before: existing ? { role: existing.role } : undefined,
      after: { role: data.role, name: user.name },
    });
    return await loadMember(tx, projectId, user.id);
  });
}

async function loadMember(tx: Tx, projectId: string, userId: string): Promise<MemberItem> {
  const [member] = await tx
    .select({ userId: users.id, name: users.name, email: users.email, role: projectMembers.role, addedAt: projectMembers.createdAt })
    .from(projectMembers)
    .innerJoin(users, eq(users.id, projectMembers.userId))
    .where(and(eq(projectMembers.projectId, projectId), eq(projectMembers.userId, userId)));
  if (!member) throw new AppError("not_found:member", "No such member.");
  return member;
}

/** A member's row, locked for the rest of the transaction (role changes must not race the last-admin check). */
async function lockMembership(tx: Tx, projectId: string, userId: string): Promise<{ role: ProjectRole } | undefined> {
  const [row] = await tx
    .select({ role: projectMembers.role })
    .from(projectMembers)
    .where(and(eq(projectMembers.projectId, projectId), eq(projectMembers.userId, userId)))
    .for("update");
  return row;
}

/** Change a member's role (project admin). The last admin cannot be demoted. */
export async function setMemberRole(db: Db, actor: Actor, input: { projectId: string; userId: string; role: ProjectRole }): Promise<MemberItem> {
  const { projectId, userId, role } = input;
  return db.transaction(async (tx) => {
    await requireProjectRole(tx, projectId, actor, "manage_members");
    const existing = await lockMembership(tx, projectId, userId);
    if (!existing) throw new AppError("not_found:member", "This user is not a member of the project.");
    if (existing.role === role) return loadMember(tx, projectId, userId);
    if (existing.role === "admin") await ensureAnotherAdmin(tx, projectId, userId);
    await tx
      .update(projectMembers)
      .set({ role })
      .where(and(eq(projectMembers.projectId, projectId), eq(projectMembers.userId, userId)));
    await recordEvent(tx, {
      projectId,
      actorId: actor.id,
      entityType: "member",
      entityId: userId,
      action: "member.role_changed",
      before: { role: existing.role },
      after: { role },
    });
    return loadMember(tx, projectId, userId);
  });
}

/** Remove a member (project admin). Their claims stay (authorship is history); the last admin cannot leave. */
export async function removeMember(db: Db, actor: Actor, input: { projectId: string; userId: string }): Promise<void> {
  const { projectId, userId } = input;
  await db.transaction(async (tx) => {
    await requireProjectRole(tx, projectId, actor, "manage_members");
    const existing = await lockMembership(tx, projectId, userId);
    if (!existing) throw new AppError("not_found:member", "This user is not a member of the project.");
    if (existing.role === "admin") await ensureAnotherAdmin(tx, projectId, userId);
    await tx.delete(projectMembers).where(and(eq(projectMembers.projectId, projectId), eq(projectMembers.userId, userId)));
    await recordEvent(tx, {
      projectId,
      actorId: actor.id,
      entityType: "member",
      entityId: userId,
      action: "member.removed",
      before: { role: existing.role },
    });
  });
}

/**
 * Replace a project's taxonomy (project admin). Labels may be renamed freely
 * (claims store keys); removing a key that claims (or their sources) still use
 * is refused with 409 naming how many use it, since those claims would no
 * longer validate.
 */
export async function updateTaxonomy(
  db: Db,
  actor: Actor,
  input: { projectId: string; taxonomy: z.output<typeof taxonomySchema> },
): Promise<Taxonomy> {
  const { projectId, taxonomy } = input;
  return db.transaction(async (tx) => {
    await requireProjectRole(tx, projectId, actor, "edit_taxonomy");
    const [project] = await tx.select({ taxonomy: projects.taxonomy }).from(projects).where(eq(projects.id, projectId)).for("update");
    if (!project) throw new AppError("not_found:project", "No such project.");
    const before = project.taxonomy;
    const removed = (list: { key: string }[], next: { key: string }[]) => list.map((e) => e.key).filter((key) => !next.some((n) => n.key === key));

    // For each list, how many claims still use each key being removed (a stance is used by a claim's sources).
    const usage = {
      claimTypes: { noun: "claim type", usedBy: "", count: (keys: string[]) => claimsUsing(tx, projectId, claims.claimType, keys) },
      verdicts: { noun: "verdict", usedBy: "", count: (keys: string[]) => claimsUsing(tx, projectId, claims.verdict, keys) },
      stances: { noun: "stance", usedBy: "sources of ", count: (keys: string[]) => claimsUsing(tx, projectId, sources.stance, keys) },
    } satisfies Record<keyof Taxonomy, unknown>;
    const problems: string[] = [];
    const fields: Record<string, string> = {};
    for (const [list, { noun, usedBy, count }] of Object.entries(usage) as Array<[keyof Taxonomy, (typeof usage)[keyof Taxonomy]]>) {
      const removedKeys = removed(before[list], taxonomy[list]);
      if (removedKeys.length === 0) continue;
      for (const row of await count(removedKeys)) {
        const use = `"${row.key}" is used by ${usedBy}${row.n} claim${row.n === 1 ? "" : "s"}`;
        problems.push(`${noun} ${use}`);
        fields[list] = use;
      }
    }
    if (problems.length) {
      throw new AppError(
        "conflict:taxonomy",
        `Cannot remove keys still in use (deleted claims count, as they can be restored): ${problems.join("; ")}.`,
        {
          fields,
        },
      );
    }
    await tx.update(projects).set({ taxonomy }).where(eq(projects.id, projectId));
    await recordEvent(tx, {
      projectId,
      actorId: actor.id,
      entityType: "project",
      entityId: projectId,
      action: "project.taxonomy_updated",
      before,
      after: taxonomy,
    });
    return taxonomy;
  });
}

/** Switch blind double annotation on or off (project admin). */
export async function setBlindMode(db: Db, actor: Actor, input: { projectId: string; isBlind: boolean }): Promise<{ isBlind: boolean }> {
  const { projectId, isBlind } = input;
  return db.transaction(async (tx) => {
    await requireProjectRole(tx, projectId, actor, "manage_members");
    const [project] = await tx.select({ isBlind: projects.isBlind }).from(projects).where(eq(projects.id, projectId)).for("update");
    if (!project) throw new AppError("not_found:project", "No such project.");
    if (project.isBlind === isBlind) return { isBlind };
    await tx.update(projects).set({ isBlind }).where(eq(projects.id, projectId));
    await recordEvent(tx, {
      projectId,
      actorId: actor.id,
      entityType: "project",
      entityId: projectId,
      action: "project.blind_mode_changed",
      before: { isBlind: project.isBlind },
      after: { isBlind },
    });
    return { isBlind };
  });
}
