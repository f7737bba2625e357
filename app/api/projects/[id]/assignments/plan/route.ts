import { requireProjectRole } from "@/server/authz";
import { idParams, route } from "@/server/route";
import { previewRound, roundSchema } from "@/server/team/assignments";

/** What a round would do now, writing nothing: `{ articleIds, userIds, k }` (reviewer/admin). A POST for the size of the lists. */
export const POST = route(
  {
    params: idParams,
    body: { kind: "json", schema: roundSchema },
    authorize: async ({ db, actor, params }) => {
      await requireProjectRole(db, params.id, actor, "assign");
    },
    // Reads only: safe to run again when the connection drops.
    isIdempotent: true,
  },
  async ({ db, actor, params, body }) => Response.json({ plan: await previewRound(db, actor, { projectId: params.id, ...body }) }),
);
