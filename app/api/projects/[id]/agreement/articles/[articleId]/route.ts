import { z } from "zod";
import { route } from "@/server/route";
import { disagreementQuerySchema, getArticleDisagreements } from "@/server/team/agreement";

const params = z.object({ id: z.uuid(), articleId: z.uuid() });

/** Where an article's submitted annotators disagree; ?a=&b= for one pair (both or neither). 404 for an article of another project. */
export const GET = route({ params, query: disagreementQuerySchema }, async ({ db, actor, params, query }) =>
  Response.json(
    await getArticleDisagreements(db, actor, params.articleId, {
      projectId: params.id,
      pair: query.a !== undefined && query.b !== undefined ? { a: query.a, b: query.b } : undefined,
    }),
  ),
);
