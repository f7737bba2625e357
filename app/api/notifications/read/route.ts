import { route } from "@/server/route";
import { markRead, markReadSchema } from "@/server/team/notifications";

/**
 * `{ ids: [...] }` or `{ all: true }`: mark the signed-in person's
 * notifications read. Idempotent, so a retry is harmless; an id that is not
 * theirs is a 404 (nothing is marked), a malformed body a 422 naming the field.
 */
export const POST = route({ body: { kind: "json", schema: markReadSchema }, isIdempotent: true }, async ({ db, actor, body }) =>
  Response.json(await markRead(db, actor, body)),
);
