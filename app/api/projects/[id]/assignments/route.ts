import { requireProjectRole } from "@/server/authz";
import { idParams, route } from "@/server/route";
import { assignmentBoard, boardQuerySchema, distributeRound, distributeSchema } from "@/server/team/assignments";

/** The desk's board: `?q=&show=all|unassigned|short&k=&page=` (reviewer/admin). */
export const GET = route({ params: idParams, query: boardQuerySchema }, async ({ db, actor, params, query }) =>
  Response.json({ board: await assignmentBoard(db, actor, params.id, query) }),
);

/**
 * Apply a round: `{ articleIds, userIds, k, dueAt? }` (reviewer/admin). 201
 * when it created assignments, 200 when everything was in place already (the
 * same request twice creates nothing).
 */
export const POST = route(
  {
    params: idParams,
    body: { kind: "json", schema: distributeSchema },
    authorize: async ({ db, actor, params }) => {
      await requireProjectRole(db, params.id, actor, "assign");
    },
  },
  async ({ db, actor, params, body }) => {
    const round = await distributeRound(db, actor, { projectId: params.id, ...body });
    return Response.json({ round }, { status: round.createdCount > 0 ? 201 : 200 });
  },
);
