import { route } from "@/server/route";
import { acceptClaims, batchAcceptSchema } from "@/server/team/decisions";

/**
 * `{ claimIds: [...] }`: accept a selection of claims in one transaction.
 * 200 with what became of each claim (accepted, already accepted, refused with
 * its code); 422 for a malformed list, so one bad claim never fails the batch.
 */
export const POST = route({ body: { kind: "json", schema: batchAcceptSchema } }, async ({ db, actor, body }) =>
  Response.json(await acceptClaims(db, actor, body)),
);
