import { idParams, route } from "@/server/route";
import { projectActivity } from "@/server/team/history";

export const GET = route({ params: idParams }, async ({ db, actor, params }) =>
  Response.json({ events: await projectActivity(db, actor, params.id) }),
);
