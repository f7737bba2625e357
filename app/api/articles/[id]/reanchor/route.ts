import { listReanchorQueue } from "@/server/revisions";
import { idParams, route } from "@/server/route";

/** The article's claims that wait on an earlier revision: where each was, and the places proposed on the current one. */
export const GET = route({ params: idParams }, async ({ db, actor, params }) => Response.json(await listReanchorQueue(db, actor, params.id)));
