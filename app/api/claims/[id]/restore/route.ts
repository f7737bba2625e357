import { z } from "zod";
import { requireActor } from "@/server/auth";
import { setClaimDeleted } from "@/server/claims";
import { getDatabase } from "@/server/db";
import { handleRoute, parseWith } from "@/server/http";

type Context = { params: Promise<{ id: string }> };

/** Undo a soft delete. */
export const POST = handleRoute(async (request: Request, context: Context) => {
  const actor = await requireActor(request.headers);
  const id = parseWith(z.uuid(), (await context.params).id);
  const { db } = await getDatabase();
  const claim = await setClaimDeleted(db, actor, { claimId: id, restore: true });
  return Response.json({ claim });
});
