import { z } from "zod";
import { route } from "@/server/route";
import { projectRoleSchema, removeMember, setMemberRole } from "@/server/team/projects";

const params = z.object({ id: z.uuid(), userId: z.string().min(1).max(200) });

/** Change a member's role: `{ role }` (project admin). */
export const PATCH = route({ params, body: { kind: "json", schema: z.object({ role: projectRoleSchema }) } }, async ({ db, actor, params, body }) =>
  Response.json({ member: await setMemberRole(db, actor, { projectId: params.id, userId: params.userId, role: body.role }) }),
);

export const DELETE = route({ params }, async ({ db, actor, params }) => {
  await removeMember(db, actor, { projectId: params.id, userId: params.userId });
  return new Response(null, { status: 204 });
});
