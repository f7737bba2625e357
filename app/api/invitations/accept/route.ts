import { z } from "zod";
import { acceptInvitation } from "@/server/accounts";
import { route } from "@/server/route";

/** A signed-in person joins the project an invitation to their e-mail names: `{ token }`. */
export const POST = route({ body: { kind: "json", schema: z.object({ token: z.string().min(1).max(200) }) } }, async ({ db, actor, body }) =>
  Response.json(await acceptInvitation(db, actor, body.token)),
);
