import { z } from "zod";
import { requireActor } from "@/server/auth";
import { getDatabase } from "@/server/db";
import { handleRoute, parseJsonBody, parseWith } from "@/server/http";
import { assignArticle, assignSchema, listAssignments, unassignArticle } from "@/server/team/review";

type Context = { params: Promise<{ id: string }> };

export const GET = handleRoute(async (request: Request, context: Context) => {
  const actor = await requireActor(request.headers);
  const id = parseWith(z.uuid(), (await context.params).id);
  const { db } = await getDatabase();
  return Response.json({ assignments: await listAssignments(db, actor, id) });
});

/** Assign the article: `{ userIds }` (reviewer/admin). */
export const POST = handleRoute(async (request: Request, context: Context) => {
  const actor = await requireActor(request.headers);
  const id = parseWith(z.uuid(), (await context.params).id);
  const body = await parseJsonBody(request, assignSchema);
  const { db } = await getDatabase();
  return Response.json({ assignments: await assignArticle(db, actor, id, body.userIds) });
});

/** Withdraw an assignment: `?userId=…` (reviewer/admin). */
export const DELETE = handleRoute(async (request: Request, context: Context) => {
  const actor = await requireActor(request.headers);
  const id = parseWith(z.uuid(), (await context.params).id);
  const userId = parseWith(z.string().min(1), new URL(request.url).searchParams.get("userId"));
  const { db } = await getDatabase();
  await unassignArticle(db, actor, id, userId);
  return new Response(null, { status: 204 });
});
