import { z } from "zod";
import { requireActor } from "@/server/auth";
import { getDatabase } from "@/server/db";
import { handleRoute, parseJsonBody, parseWith } from "@/server/http";
import { addMember, addMemberSchema, listMembers } from "@/server/team/projects";

type Context = { params: Promise<{ id: string }> };

export const GET = handleRoute(async (request: Request, context: Context) => {
  const actor = await requireActor(request.headers);
  const id = parseWith(z.uuid(), (await context.params).id);
  const { db } = await getDatabase();
  return Response.json({ members: await listMembers(db, actor, id) });
});

/** Add a member (or change their role): `{ email | userId, role }` (project admin). */
export const POST = handleRoute(async (request: Request, context: Context) => {
  const actor = await requireActor(request.headers);
  const id = parseWith(z.uuid(), (await context.params).id);
  const body = await parseJsonBody(request, addMemberSchema);
  const { db } = await getDatabase();
  return Response.json({ member: await addMember(db, actor, id, body) }, { status: 201 });
});
