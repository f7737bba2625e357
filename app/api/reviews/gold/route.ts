import { route } from "@/server/route";
import { promoteSchema, promoteToGold } from "@/server/team/adjudication";

/** Adjudicate: `{ id?, claimIds, target?, fields? }` → a new gold claim (reviewer/admin). */
export const POST = route({ body: { kind: "json", schema: promoteSchema } }, async ({ db, actor, body }) =>
  Response.json({ claim: await promoteToGold(db, actor, body) }, { status: 201 }),
);
