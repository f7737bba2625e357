import { idParams, route } from "@/server/route";
import { taxonomySchema, updateTaxonomy } from "@/server/team/projects";

/** Replace the taxonomy (project admin). 409 when a removed key is still used by claims. */
export const PUT = route({ params: idParams, body: { kind: "json", schema: taxonomySchema } }, async ({ db, actor, params, body }) =>
  Response.json({ taxonomy: await updateTaxonomy(db, actor, { projectId: params.id, taxonomy: body }) }),
);
