import { idParams, route } from "@/server/route";
import { acceptAgreed } from "@/server/team/adjudication";

/**
 * Accept everything the article's submitted annotators agree on: one gold
 * claim per agreed reading that has none yet, in one transaction → 200 with
 * `{ made, already, goldClaims }` (reviewer/admin). No body. Pressing it again
 * makes nothing more (`made: 0`), so a retry after a dropped connection is
 * safe. Fewer than two submitted annotators: 409.
 */
export const POST = route({ params: idParams, isIdempotent: true }, async ({ db, actor, params }) =>
  Response.json(await acceptAgreed(db, actor, params.id)),
);
