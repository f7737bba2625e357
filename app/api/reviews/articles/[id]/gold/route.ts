import { idParams, route } from "@/server/route";
import { writeGoldClaim, writeGoldSchema } from "@/server/team/adjudication";

/**
 * Write a gold claim on this article from scratch: `{ id?, target, fields }` →
 * 201 with the new gold claim (reviewer/admin; derivedFrom is empty). Gold
 * claims made from annotators' claims go through POST /api/reviews/gold.
 */
export const POST = route({ params: idParams, body: { kind: "json", schema: writeGoldSchema } }, async ({ db, actor, params, body }) =>
  Response.json({ claim: await writeGoldClaim(db, actor, { articleId: params.id, ...body }) }, { status: 201 }),
);
