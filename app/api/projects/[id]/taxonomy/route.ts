import { z } from "zod";
import { requireActor } from "@/server/auth";
import { getDatabase } from "@/server/db";
import { handleRoute, parseJsonBody, parseWith } from "@/server/http";
import { taxonomySchema, updateTaxonomy } from "@/server/team/projects";

type Context = { params: Promise<{ id: string }> };

/** Replace the taxonomy (project admin). 409 when a removed key is still used by claims. */
export const PUT = handleRoute(async (request: Request, context: Context) => {
  const actor = await requireActor(request.headers);
  const id = parseWith(z.uuid(), (await context.params).id);
  const body = await parseJsonBody(request, taxonomySchema);
  const { db } = await getDatabase();
  return Response.json({ taxonomy: await updateTaxonomy(db, actor, id, body) });
});
