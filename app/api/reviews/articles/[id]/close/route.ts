import { idParams, route } from "@/server/route";
import { closeArticle } from "@/server/team/adjudication";

/** A reviewer closes the article after adjudication: in a blind project this lifts the blinds (idempotent). */
export const POST = route({ params: idParams }, async ({ db, actor, params }) => Response.json(await closeArticle(db, actor, params.id)));
