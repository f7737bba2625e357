import { idParams, route } from "@/server/route";
import { listReviewQueue, reviewQueueQuerySchema } from "@/server/team/decisions";

/**
 * GET /api/projects/:id/review-queue[?status=][&annotator=][&article=][&type=][&verdict=][&after=|before=][&limit=]:
 * one page (at most 50) of the review queue as the review page reads it — each claim in its context, with its
 * sources — and the cursors to page on (reviewers and admins). A malformed or unknown filter is a 422 naming it.
 */
export const GET = route({ params: idParams, query: reviewQueueQuerySchema }, async ({ db, actor, params, query }) =>
  Response.json(await listReviewQueue(db, actor, params.id, query)),
);
