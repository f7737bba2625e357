import { idParams, route } from "@/server/route";
import { listSentenceDecisions } from "@/server/sentence-decisions";

/** The article's exclusions and the no-claim decisions the actor may see (server/sentence-decisions.ts). */
export const GET = route({ params: idParams }, async ({ db, actor, params }) => Response.json(await listSentenceDecisions(db, actor, params.id)));
