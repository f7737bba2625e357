import "server-only";
import type { Db, Tx } from "@/db/client";
import { projects } from "@/db/schema";
import { DEFAULT_TAXONOMY } from "@/lib/taxonomy";

/** Fixed id, so several instances starting at once create one default project, not several. */
export const DEFAULT_PROJECT_ID = "00000000-0000-4000-8000-000000000001";

/** Create the default project if it is missing (first start, first account); idempotent. */
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
