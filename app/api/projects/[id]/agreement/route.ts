import { idParams, route } from "@/server/route";
import { getProjectAgreement } from "@/server/team/agreement";

export const GET = route({ params: idParams }, async ({ db, actor, params }) => Response.json(await getProjectAgreement(db, actor, params.id)));
