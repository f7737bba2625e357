import { z } from "zod";
import { requireActor } from "@/server/auth";
import { getDatabase } from "@/server/db";
import { handleRoute, parseJsonBody, parseWith } from "@/server/http";
import { getProject, setBlindMode } from "@/server/team/projects";

type Context = { params: Promise<{ id: string }> };

export const GET = handleRoute(async (request: Request, context: Context) => {
  const actor = await requireActor(request.headers);
  const id = parseWith(z.uuid(), (await context.params).id);
  const { db } = await getDatabase();
  return Response.json({ project: await getProject(db, actor, id) });
});

const patchSchema = z.object({ isBlind: z.boolean() });

/** Project settings (project admin): `{ isBlind }`. */
export const PATCH = handleRoute(async (request: Request, context: Context) => {
  const actor = await requireActor(request.headers);
  const id = parseWith(z.uuid(), (await context.params).id);
  const body = await parseJsonBody(request, patchSchema);
  const { db } = await getDatabase();
  return Response.json(await setBlindMode(db, actor, id, body.isBlind));
});
