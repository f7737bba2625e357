import { setClaimDeleted } from "@/server/claims";
import { idParams, route } from "@/server/route";

/** Undo a soft delete. */
export const POST = route({ params: idParams }, async ({ db, actor, params }) =>
  Response.json({ claim: await setClaimDeleted(db, actor, { claimId: params.id, restore: true }) }),
);
