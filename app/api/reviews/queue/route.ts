import { requireActor } from "@/server/auth";
import { getDatabase } from "@/server/db";
import { handleRoute } from "@/server/http";
import { myQueue } from "@/server/team/review";

/** The signed-in user's assignments across projects. */
export const GET = handleRoute(async (request: Request) => {
  const actor = await requireActor(request.headers);
  const { db } = await getDatabase();
  return Response.json({ assignments: await myQueue(db, actor) });
});
