import { z } from "zod";
import { requireActor } from "@/server/auth";
import { getDatabase } from "@/server/db";
import { handleRoute, parseJsonBody, parseWith } from "@/server/http";
import { decideClaim, decisionSchema } from "@/server/team/review";

type Context = { params: Promise<{ id: string }> };

/** `{ decision: accept|reject|request_changes, comment }`: 422 without a comment where one is needed, 409 when illegal. */
export const POST = handleRoute(async (request: Request, context: Context) => {
  const actor = await requireActor(request.headers);
  const id = parseWith(z.uuid(), (await context.params).id);
  const body = await parseJsonBody(request, decisionSchema);
  const { db } = await getDatabase();
  return Response.json(await decideClaim(db, actor, id, body));
});
