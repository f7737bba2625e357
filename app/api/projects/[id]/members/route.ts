import { idParams, route } from "@/server/route";
import { addMember, addMemberSchema, listMembers } from "@/server/team/projects";

export const GET = route({ params: idParams }, async ({ db, actor, params }) => Response.json({ members: await listMembers(db, actor, params.id) }));

/** Add a member (or change their role): `{ email | userId, role }` (project admin). */
export const POST = route({ params: idParams, body: { kind: "json", schema: addMemberSchema } }, async ({ db, actor, params, body }) =>
  Response.json({ member: await addMember(db, actor, { projectId: params.id, ...body }) }, { status: 201 }),
);
