import { route } from "@/server/route";
import { createProject, createProjectSchema, listProjects } from "@/server/team/projects";

/** The actor's projects, with their role in each. */
export const GET = route({}, async ({ db, actor }) => Response.json({ projects: await listProjects(db, actor) }));

/** Create a project (site admins): `{ name, isBlind?, publisherName?, publisherUrl?, taxonomy? }`. */
export const POST = route({ body: { kind: "json", schema: createProjectSchema } }, async ({ db, actor, body }) =>
  Response.json({ project: await createProject(db, actor, body) }, { status: 201 }),
);
