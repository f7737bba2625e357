import { requireActor } from "@/server/auth";
import { getDatabase } from "@/server/db";
import { handleRoute, parseJsonBody } from "@/server/http";
import { createProject, createProjectSchema, listProjects } from "@/server/team/projects";

/** The actor's projects, with their role in each. */
export const GET = handleRoute(async (request: Request) => {
  const actor = await requireActor(request.headers);
  const { db } = await getDatabase();
  return Response.json({ projects: await listProjects(db, actor) });
});

/** Create a project (site admins): `{ name, isBlind?, publisherName?, publisherUrl?, taxonomy? }`. */
export const POST = handleRoute(async (request: Request) => {
  const actor = await requireActor(request.headers);
  const body = await parseJsonBody(request, createProjectSchema);
  const { db } = await getDatabase();
  return Response.json({ project: await createProject(db, actor, body) }, { status: 201 });
});
