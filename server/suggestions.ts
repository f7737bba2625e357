import "server-only";
import { and, isNull, type SQL, sql } from "drizzle-orm";
import { type Db, rowsOf } from "@/db/client";
import { claims, sources } from "@/db/schema";
import type { SuggestionQuery } from "@/lib/suggestions";
import type { Actor } from "./authz";
import { requireProjectViewer, visibleClaims } from "./visibility";

/**
 * Values of a field already used in a project, for the editor to complete:
 * the most used first, those that start with what was typed before those that
 * only contain it. Only from claims the actor may see (server/visibility.ts):
 * in a blind project an annotator is offered their own speakers and tags, never
 * a fellow annotator's, which would tell them what the other one found.
 */
export async function fieldSuggestions(db: Db, actor: Actor, projectId: string, query: SuggestionQuery): Promise<string[]> {
  const viewer = await requireProjectViewer(db, actor, projectId, "read");
  const visible = and(isNull(claims.deletedAt), visibleClaims(viewer));
  const values: Record<SuggestionQuery["field"], SQL> = {
    speaker: sql`select ${claims.speaker} as value from ${claims} where ${visible} and ${claims.speaker} <> ''`,
    tag: sql`select unnest(${claims.tags}) as value from ${claims} where ${visible}`,
    publisher: sql`select ${sources.publisher} as value from ${sources} join ${claims} on ${claims.id} = ${sources.claimId} where ${visible} and ${sources.publisher} <> ''`,
  };
  // Matched in lower case without LIKE, so % and _ in what was typed are just characters.
  const typed = query.q.toLowerCase();
  const rows = rowsOf<{ value: string }>(
    await db.execute(sql`
      select value from (${values[query.field]}) used
      where position(${typed} in lower(value)) > 0
      group by value
      order by (position(${typed} in lower(value)) = 1) desc, count(*) desc, value
      limit ${query.limit}`),
  );
  return rows.map((r) => r.value);
}
