import { idParams, route } from "@/server/route";
import { articleAgreementQuerySchema, listArticleAgreement } from "@/server/team/agreement";

/** A page of per-article agreement: ?sort=agreement|title&offset=&limit= (each checked, 422 naming the field). */
export const GET = route({ params: idParams, query: articleAgreementQuerySchema }, async ({ db, actor, params, query }) =>
  Response.json(await listArticleAgreement(db, actor, params.id, query)),
);
