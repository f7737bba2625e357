import { requireActor } from "@/server/auth";
import { getDatabase } from "@/server/db";
import { getEnv } from "@/server/env";
import { exportRequestSchema, prepareExport, toReadableStream } from "@/server/export";
import { handleRoute, parseWith } from "@/server/http";

/**
 * GET /api/export?format=jsonl&projectId=…[&articleIds=a,b][&authorId=…][&statuses=accepted,submitted][&goldOnly=1][&from=YYYY-MM-DD][&to=…]
 * Streams the file as a download; nothing is buffered on the server.
 */
export const GET = handleRoute(async (request: Request) => {
  const actor = await requireActor(request.headers);
  const url = new URL(request.url);
  const exportRequest = parseWith(exportRequestSchema, Object.fromEntries(url.searchParams));
  const { db } = await getDatabase();
  const prepared = await prepareExport(db, actor, exportRequest, { baseUrl: getEnv().baseUrl ?? url.origin });
  return new Response(toReadableStream(prepared.chunks), {
    headers: {
      "content-type": prepared.contentType,
      "content-disposition": `attachment; filename="${prepared.fileName}"`,
      "x-claim-count": String(prepared.claimCount),
      "cache-control": "no-store",
    },
  });
});
