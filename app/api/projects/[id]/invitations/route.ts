import { createInvitation, createInvitationSchema, listInvitations } from "@/server/accounts";
import { getEnv } from "@/server/env";
import { idParams, route } from "@/server/route";

export const GET = route({ params: idParams }, async ({ db, actor, params }) =>
  Response.json({ invitations: await listInvitations(db, actor, params.id) }),
);

/**
 * Invite `{ email, role }` into the project (project admin). The answer holds
 * the link, once: no mail server is needed, the admin copies it to the person.
 */
export const POST = route(
  { params: idParams, body: { kind: "json", schema: createInvitationSchema } },
  async ({ db, actor, params, body, request }) => {
    const { invitation, token } = await createInvitation(db, actor, { projectId: params.id, ...body });
    const base = getEnv().baseUrl ?? new URL(request.url).origin;
    return Response.json({ invitation, link: new URL(`/invite/${token}`, base).toString() }, { status: 201 });
  },
);
