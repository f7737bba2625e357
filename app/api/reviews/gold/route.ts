import { requireActor } from "@/server/auth";
import { getDatabase } from "@/server/db";
import { handleRoute, parseJsonBody } from "@/server/http";
import { promoteSchema, promoteToGold } from "@/server/team/adjudication";

/** Adjudicate: `{ id?, claimIds, target?, fields? }` → a new gold claim (reviewer/admin). */
export const POST = handleRoute(async (request: Request) => {
  const actor = await requireActor(request.headers);
  const body = await parseJsonBody(request, promoteSchema);
  const { db } = await getDatabase();
  return Response.json({ claim: await promoteToGold(db, actor, body) }, { status: 201 });
});
