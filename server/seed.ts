import "server-only";
import fs from "node:fs";
import path from "node:path";
import { and, eq, isNull } from "drizzle-orm";
import type { Db } from "@/db/client";
import { articles } from "@/db/schema";
import { insertArticleFromFile } from "./articles";
import { ensureDefaultProject } from "./default-project";

const SEED_EXTENSIONS = new Set([".txt", ".md"]);

/**
 * Import every article file in `seedsDir` into the default project.
 * Idempotent: articles are keyed by content hash, so a restart adds nothing.
 * A seed article already in any project counts as there: once a desk has
 * moved it into a project of its own, a restart must not put it back into
 * the default project (the seed loader's articles are those it wrote itself:
 * no author, the seed file's name).
 */
export async function loadSeeds(db: Db, seedsDir: string): Promise<{ imported: number; existing: number }> {
  const projectId = await ensureDefaultProject(db);
  if (!fs.existsSync(seedsDir)) return { imported: 0, existing: 0 };
  const files = fs
    .readdirSync(seedsDir)
    .filter((name) => SEED_EXTENSIONS.has(path.extname(name).toLowerCase()))
    .sort();
  let imported = 0;
  let existing = 0;
  await db.transaction(async (tx) => {
    for (const name of files) {
      const [elsewhere] = await tx
        .select({ id: articles.id })
        .from(articles)
        .where(and(isNull(articles.createdBy), eq(articles.originFile, name)))
        .limit(1);
      if (elsewhere) {
        existing++;
        continue;
      }
      const raw = fs.readFileSync(path.join(seedsDir, name), "utf8");
      const result = await insertArticleFromFile(tx, { projectId, raw, fileName: name, actorId: null });
      if (result.isNew) imported++;
      else existing++;
    }
  });
  return { imported, existing };
}
