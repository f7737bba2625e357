import { requireProjectRole } from "@/server/authz";
import { idParams, route } from "@/server/route";
import { transferArticles, transferSchema } from "@/server/team/article-transfer";

/**
 * Move or copy this project's articles to another: `{ articleIds, toProjectId, mode: "move" | "copy", withClaims? }`
 * (import and assign rights in both projects; server/team/article-transfer.ts says what goes along). 201 with
 * `{ articles: [{ fromId, toId, title, claimCount, claimsLeftCount }] }`.
 */
export const POST = route(
  {
    params: idParams,
    body: { kind: "json", schema: transferSchema },
    authorize: async ({ db, actor, params }) => {
      await requireProjectRole(db, params.id, actor, "import_articles");
    },
  },
  async ({ db, actor, params, body }) =>
    Response.json({ articles: await transferArticles(db, actor, { fromProjectId: params.id, ...body }) }, { status: 201 }),
);
