import { z } from "zod";
import { requireActor } from "@/server/auth";
import { getDatabase } from "@/server/db";
import { handleRoute, parseJsonBody, parseWith } from "@/server/http";
import { projectRoleSchema, removeMember, setMemberRole } from "@/server/team/projects";

type Context = { params: Promise<{ id: string; userId: string }> };

const paramsSchema = z.object({ id: z.uuid(), userId: z.string().min(1).max(200) });

/** Change a member's role: `{ role }` (project admin). */
export const PATCH = handleRoute(async (request: Request, context: Context) => {
  const actor = await requireActor(request.headers);
  const { id, userId } = parseWith(paramsSchema, await context.params);
  const { role } = await parseJsonBody(request, z.object({ role: projectRoleSchema }));
  const { db } = await getDatabase();
  return Response.json({ member: await setMemberRole(db, actor, id, userId, role) });
});

export const DELETE = handleRoute(async (request: Request, context: Context) => {
  const actor = await requireActor(request.headers);
  const { id, userId } = parseWith(paramsSchema, await context.params);
  const { db } = await getDatabase();
  await removeMember(db, actor, id, userId);
  return new Response(null, { status: 204 });
});
