import { z } from "zod";
import { requireActor } from "@/server/auth";
import { getDatabase } from "@/server/db";
import { handleRoute, parseWith } from "@/server/http";
import { submitArticle } from "@/server/team/review";

type Context = { params: Promise<{ id: string }> };

/** The assigned annotator hands in the article: their open claims go to review. */
export const POST = handleRoute(async (request: Request, context: Context) => {
  const actor = await requireActor(request.headers);
  const id = parseWith(z.uuid(), (await context.params).id);
  const { db } = await getDatabase();
  return Response.json(await submitArticle(db, actor, id));
});
