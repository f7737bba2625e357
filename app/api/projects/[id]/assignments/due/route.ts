import { requireProjectRole } from "@/server/authz";
import { idParams, route } from "@/server/route";
import { dueSchema, setAssignmentDue } from "@/server/team/assignments";

/** Set or clear due dates: `{ articleIds, userId?, dueAt: ISO instant | null }` (reviewer/admin). */
export const PUT = route(
  {
    params: idParams,
    body: { kind: "json", schema: dueSchema },
    authorize: async ({ db, actor, params }) => {
      await requireProjectRole(db, params.id, actor, "assign");
    },
    // Setting a value is the same the second time (a repeat changes nothing).
    isIdempotent: true,
  },
  async ({ db, actor, params, body }) => Response.json(await setAssignmentDue(db, actor, { projectId: params.id, ...body })),
);
