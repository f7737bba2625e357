import { z } from "zod";
import { idParams, route } from "@/server/route";
import { assignArticle, assignSchema, listAssignments, unassignArticle } from "@/server/team/assignments";

export const GET = route({ params: idParams }, async ({ db, actor, params }) =>
  Response.json({ assignments: await listAssignments(db, actor, params.id) }),
);

/** Assign the article: `{ userIds }` (reviewer/admin). */
export const POST = route({ params: idParams, body: { kind: "json", schema: assignSchema } }, async ({ db, actor, params, body }) =>
  Response.json({ assignments: await assignArticle(db, actor, { articleId: params.id, userIds: body.userIds }) }),
);

/** Withdraw an assignment: `?userId=…` (reviewer/admin). */
export const DELETE = route({ params: idParams, query: z.object({ userId: z.string().min(1).max(200) }) }, async ({ db, actor, params, query }) => {
  await unassignArticle(db, actor, { articleId: params.id, userId: query.userId });
  return new Response(null, { status: 204 });
});
