import { idParams, route } from "@/server/route";
import { claimHistory } from "@/server/team/history";

export const GET = route({ params: idParams }, async ({ db, actor, params }) => Response.json({ events: await claimHistory(db, actor, params.id) }));
