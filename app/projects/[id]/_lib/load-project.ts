import "server-only";
import { cache } from "react";
import { loadForPage } from "@/app/_lib/page-guard";
import { getProject } from "@/server/team/projects";

/** The project a section page belongs to, loaded once per request for the layout, the title and the page. */
export const loadProject = cache(async (id: string) => loadForPage(id, ({ actor, db }) => getProject(db, actor, id)));
