import { z } from "zod";
import { requireActor } from "@/server/auth";
import { getDatabase } from "@/server/db";
import { handleRoute, parseWith } from "@/server/http";
import { getArticleAgreement } from "@/server/team/agreement";

type Context = { params: Promise<{ id: string }> };

export const GET = handleRoute(async (request: Request, context: Context) => {
  const actor = await requireActor(request.headers);
  const id = parseWith(z.uuid(), (await context.params).id);
  const { db } = await getDatabase();
  return Response.json(await getArticleAgreement(db, actor, id));
});
