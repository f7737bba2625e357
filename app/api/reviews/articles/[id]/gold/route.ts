import { z } from "zod";
import { requireActor } from "@/server/auth";
import { getDatabase } from "@/server/db";
import { handleRoute, parseJsonBody, parseWith } from "@/server/http";
import { writeGoldClaim, writeGoldSchema } from "@/server/team/adjudication";

type Context = { params: Promise<{ id: string }> };

/**
 * Write a gold claim on this article from scratch: `{ id?, target, fields }` →
 * 201 with the new gold claim (reviewer/admin; derivedFrom is empty). Gold
 * claims made from annotators' claims go through POST /api/reviews/gold.
 */
export const POST = handleRoute(async (request: Request, context: Context) => {
  const actor = await requireActor(request.headers);
  const articleId = parseWith(z.uuid(), (await context.params).id);
  const body = await parseJsonBody(request, writeGoldSchema);
  const { db } = await getDatabase();
  return Response.json({ claim: await writeGoldClaim(db, actor, articleId, body) }, { status: 201 });
});
