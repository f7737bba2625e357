import { z } from "zod";
import { requireActor } from "@/server/auth";
import { getDatabase } from "@/server/db";
import { handleRoute, parseJsonBody, parseWith } from "@/server/http";
import { addComment, commentSchema, listComments } from "@/server/team/review";

type Context = { params: Promise<{ id: string }> };

export const GET = handleRoute(async (request: Request, context: Context) => {
  const actor = await requireActor(request.headers);
  const id = parseWith(z.uuid(), (await context.params).id);
  const { db } = await getDatabase();
  return Response.json({ comments: await listComments(db, actor, id) });
});

/** `{ id?, body }`: a client-generated id makes a retried post idempotent. */
export const POST = handleRoute(async (request: Request, context: Context) => {
  const actor = await requireActor(request.headers);
  const id = parseWith(z.uuid(), (await context.params).id);
  const body = await parseJsonBody(request, commentSchema);
  const { db } = await getDatabase();
  return Response.json({ comment: await addComment(db, actor, id, body) }, { status: 201 });
});
