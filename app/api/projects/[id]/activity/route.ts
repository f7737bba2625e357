import { getEnv } from "@/server/env";
import { idParams, route } from "@/server/route";
import { activityQuerySchema, projectActivityPage } from "@/server/team/history";

/**
 * GET /api/projects/:id/activity[?before=|after=<event id>][&person=][&article=][&kind=][&from=YYYY-MM-DD][&to=YYYY-MM-DD]:
 * one page of the project's activity the caller may see, as the activity page reads it (its cursors page on);
 * a malformed parameter is a 422 naming it. Dates are days in the site's time zone.
 */
export const GET = route({ params: idParams, query: activityQuerySchema }, async ({ db, actor, params, query }) =>
  Response.json(await projectActivityPage(db, actor, params.id, query, { timeZone: getEnv().timeZone })),
);
