import { idParams, route } from "@/server/route";
import { submitArticle } from "@/server/team/submission";

/** The assigned annotator hands in the article: their open claims go to review. */
export const POST = route({ params: idParams }, async ({ db, actor, params }) => Response.json(await submitArticle(db, actor, params.id)));
