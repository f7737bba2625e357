import { idParams, route } from "@/server/route";
import { getArticleAgreement } from "@/server/team/agreement";

export const GET = route({ params: idParams }, async ({ db, actor, params }) => Response.json(await getArticleAgreement(db, actor, params.id)));
