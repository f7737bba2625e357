import { idParams, route } from "@/server/route";
import { addComment, commentSchema, listComments } from "@/server/team/comments";

export const GET = route({ params: idParams }, async ({ db, actor, params }) =>
  Response.json({ comments: await listComments(db, actor, params.id) }),
);

/** `{ id?, body }`: a client-generated id makes a retried post idempotent. */
export const POST = route({ params: idParams, body: { kind: "json", schema: commentSchema } }, async ({ db, actor, params, body }) =>
  Response.json({ comment: await addComment(db, actor, { claimId: params.id, ...body }) }, { status: 201 }),
);
