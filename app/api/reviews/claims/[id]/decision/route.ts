import { idParams, route } from "@/server/route";
import { decideClaim, decisionSchema } from "@/server/team/decisions";

/** `{ decision: accept|reject|request_changes, comment }`: 422 without a comment where one is needed, 409 when illegal. */
export const POST = route({ params: idParams, body: { kind: "json", schema: decisionSchema } }, async ({ db, actor, params, body }) =>
  Response.json(await decideClaim(db, actor, { claimId: params.id, ...body })),
);
