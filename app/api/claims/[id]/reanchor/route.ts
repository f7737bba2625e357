import { reanchorResolutionSchema, resolveReanchor } from "@/server/revisions";
import { idParams, route } from "@/server/route";

/**
 * Place a waiting claim on the current revision — `{ version, resolution: { action: "accept", proposal } }`
 * or `{ …, action: "place", start, end }` (code points) — or leave it orphaned (`action: "orphan"`).
 */
export const POST = route({ params: idParams, body: { kind: "json", schema: reanchorResolutionSchema } }, async ({ db, actor, params, body }) =>
  Response.json({ claim: await resolveReanchor(db, actor, { claimId: params.id, version: body.version, resolution: body.resolution }) }),
);
