import { z } from "zod";
import { isUuid } from "@/lib/ids";
import { listArticleClaims, MAX_CLAIM_IDS } from "@/server/claims";
import { idParams, route } from "@/server/route";

/**
 * `ids`: claim ids separated by commas, at most {@link MAX_CLAIM_IDS}. Each
 * problem is a 422 on the `ids` field in plain words (which entry is not an
 * id), never a uuid cast failing in the database.
 */
const idsSchema = z.string().transform((value, context) => {
  const ids = value.split(",").map((id) => id.trim());
  if (ids.length > MAX_CLAIM_IDS) {
    context.addIssue({ code: "custom", message: `must name at most ${MAX_CLAIM_IDS} claim ids (${ids.length} were sent)` });
    return z.NEVER;
  }
  const position = ids.findIndex((id) => !isUuid(id));
  if (position !== -1) {
    const entry = ids[position] ?? "";
    context.addIssue({
      code: "custom",
      message:
        entry === ""
          ? "must be claim ids (UUIDs) separated by commas, without empty entries"
          : `must be claim ids (UUIDs) separated by commas; entry ${position + 1} (${JSON.stringify(entry.slice(0, 40))}) is not one`,
    });
    return z.NEVER;
  }
  return [...new Set(ids.map((id) => id.toLowerCase()))];
});

const querySchema = z.object({ ids: idsSchema.optional() });

/**
 * The claims of an article the caller may see, in text order: `{ claims: ClaimDto[] }`.
 *
 * Without a query: every claim that stands (deleted ones are left out).
 * With `?ids=<uuid>,<uuid>,…` (at most 200): only those claims, deleted ones
 * included with their `deletedAt` — what a page needs after a live notice to
 * learn what changed, deletions too. The visibility rule is the same either
 * way (server/visibility.ts): an id the caller may not see, of another
 * article, or never saved is simply absent, never an error.
 */
export const GET = route({ params: idParams, query: querySchema }, async ({ db, actor, params, query }) =>
  Response.json({ claims: await listArticleClaims(db, actor, params.id, { ids: query.ids }) }),
);
