import { z } from "zod";
import { claimSaveSchema } from "@/lib/claim-schema";
import { requireActor } from "@/server/auth";
import { setClaimDeleted, saveClaim } from "@/server/claims";
import { getDatabase } from "@/server/db";
import { AppError } from "@/server/errors";
import { handleRoute, parseJsonBody, parseWith } from "@/server/http";

type Context = { params: Promise<{ id: string }> };

const idSchema = z.uuid();

/** Create or update a claim (idempotent by client-generated id and mutation id). */
export const PUT = handleRoute(async (request: Request, context: Context) => {
  const actor = await requireActor(request.headers);
  const { id } = await context.params;
  const body = await parseJsonBody(request, claimSaveSchema);
  if (body.id !== id) throw new AppError("unprocessable:validation", "id: must equal the id in the URL", { fields: { id: "must equal the id in the URL" } });
  const { db } = await getDatabase();
  const result = await saveClaim(db, actor, body);
  return Response.json({ claim: result.claim }, { status: result.created ? 201 : 200 });
});

/** Soft delete; restore through /restore. */
export const DELETE = handleRoute(async (request: Request, context: Context) => {
  const actor = await requireActor(request.headers);
  const id = parseWith(idSchema, (await context.params).id);
  const { db } = await getDatabase();
  const claim = await setClaimDeleted(db, actor, { claimId: id, restore: false });
  return Response.json({ claim });
});
