import { idParams, route } from "@/server/route";
import { reviewQueue } from "@/server/team/decisions";

/** Submitted claims awaiting a decision, grouped by article (reviewer/admin). */
export const GET = route({ params: idParams }, async ({ db, actor, params }) => Response.json({ articles: await reviewQueue(db, actor, params.id) }));
