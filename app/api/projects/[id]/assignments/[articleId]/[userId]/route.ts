import { z } from "zod";
import { route } from "@/server/route";
import { reassignArticle, reassignSchema, unassignArticle } from "@/server/team/assignments";

const params = z.object({ id: z.uuid(), articleId: z.uuid("must be an article id"), userId: z.string().min(1).max(200) });

/** Hand this annotator's open assignment on the article to another: `{ toUserId }` (reviewer/admin). */
export const PATCH = route({ params, body: { kind: "json", schema: reassignSchema } }, async ({ db, actor, params, body }) =>
  Response.json({
    assignments: await reassignArticle(db, actor, {
      projectId: params.id,
      articleId: params.articleId,
      fromUserId: params.userId,
      toUserId: body.toUserId,
    }),
  }),
);

/** Withdraw the assignment (reviewer/admin); their claims stay. */
export const DELETE = route({ params }, async ({ db, actor, params }) => {
  await unassignArticle(db, actor, { projectId: params.id, articleId: params.articleId, userId: params.userId });
  return new Response(null, { status: 204 });
});
