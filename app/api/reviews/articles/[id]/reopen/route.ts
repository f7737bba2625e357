import { idParams, route } from "@/server/route";
import { reopenArticle } from "@/server/team/adjudication";

/** Reopen a closed article (reviewer/admin; idempotent). */
export const POST = route({ params: idParams }, async ({ db, actor, params }) => Response.json(await reopenArticle(db, actor, params.id)));
