import { listArticleClaims } from "@/server/claims";
import { idParams, route } from "@/server/route";

export const GET = route({ params: idParams }, async ({ db, actor, params }) =>
  Response.json({ claims: await listArticleClaims(db, actor, params.id) }),
);
