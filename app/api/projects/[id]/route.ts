import { z } from "zod";
import { idParams, route } from "@/server/route";
import { getProject, setBlindMode } from "@/server/team/projects";

export const GET = route({ params: idParams }, async ({ db, actor, params }) => Response.json({ project: await getProject(db, actor, params.id) }));

/** Project settings (project admin): `{ isBlind }`. */
export const PATCH = route(
  { params: idParams, body: { kind: "json", schema: z.object({ isBlind: z.boolean() }) } },
  async ({ db, actor, params, body }) => Response.json(await setBlindMode(db, actor, { projectId: params.id, isBlind: body.isBlind })),
);
