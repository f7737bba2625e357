import { getRevision, revisionParams } from "@/server/revisions";
import { route } from "@/server/route";

/** One revision's text and its sentences (offsets in code points). */
export const GET = route({ params: revisionParams }, async ({ db, actor, params }) =>
  Response.json({ revision: await getRevision(db, actor, params.id, params.number) }),
);
