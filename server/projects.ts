import "server-only";
import { count, eq, sql } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import { projectMembers, projects, users } from "@/db/schema";
import { DEFAULT_TAXONOMY } from "@/lib/taxonomy";

/** Fixed id, so several instances starting at once create one default project, not several. */
export const DEFAULT_PROJECT_ID = "00000000-0000-4000-8000-000000000001";

export async function ensureDefaultProject(db: Db | Tx): Promise<string> {
  await db
    .insert(projects)
    .values({
      id: DEFAULT_PROJECT_ID,
      name: "Default project",
      taxonomy: DEFAULT_TAXONOMY,
      isDefault: true,
      publisherName: "Claimwork",
    })
    .onConflictDoNothing({ target: projects.id });
  return DEFAULT_PROJECT_ID;
}

/**
 * Runs after better-auth creates a user: the very first account becomes site
 * admin; everyone joins the default project (first as admin, later ones as
 * annotators) so a new team can start annotating the seeds at once.
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
