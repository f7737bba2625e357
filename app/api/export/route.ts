import { getEnv } from "@/server/env";
import { exportRequestSchema, prepareExport, toReadableStream } from "@/server/export";
import { route } from "@/server/route";

/**
 * GET /api/export?format=jsonl&projectId=…[&articleIds=a,b][&authorId=…][&statuses=accepted,submitted][&goldOnly=1][&from=YYYY-MM-DD][&to=…]
 * Streams the file as a download; nothing is buffered on the server.
 */
export const GET = route({ query: exportRequestSchema }, async ({ db, actor, query, request }) => {
  const prepared = await prepareExport(db, actor, query, { baseUrl: getEnv().baseUrl ?? new URL(request.url).origin });
  return new Response(toReadableStream(prepared.chunks), {
    headers: {
      "content-type": prepared.contentType,
      "content-disposition": `attachment; filename="${prepared.fileName}"`,
      "x-claim-count": String(prepared.claimCount),
      "cache-control": "no-store",
    },
  });
});
