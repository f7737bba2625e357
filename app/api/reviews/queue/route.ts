import { route } from "@/server/route";
import { myQueue } from "@/server/team/assignments";

/** The signed-in user's assignments across projects. */
export const GET = route({}, async ({ db, actor }) => Response.json({ assignments: await myQueue(db, actor) }));
