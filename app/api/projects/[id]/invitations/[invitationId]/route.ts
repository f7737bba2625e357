import { z } from "zod";
import { revokeInvitation } from "@/server/accounts";
import { route } from "@/server/route";

/** Withdraw an invitation (project admin): its link stops working. */
export const DELETE = route({ params: z.object({ id: z.uuid(), invitationId: z.uuid() }) }, async ({ db, actor, params }) =>
  Response.json({ invitation: await revokeInvitation(db, actor, { projectId: params.id, invitationId: params.invitationId }) }),
);
