import { requireActor } from "@/server/auth";
import { getDatabase } from "@/server/db";
import { getEnv } from "@/server/env";
import { countExportClaims, exportRequestSchema } from "@/server/export";
import { handleRoute, parseWith } from "@/server/http";

/** GET /api/export/count?… (same parameters as /api/export): how many claims the export will hold. */
export const GET = handleRoute(async (request: Request) => {
  const actor = await requireActor(request.headers);
  const url = new URL(request.url);
  const exportRequest = parseWith(exportRequestSchema, Object.fromEntries(url.searchParams));
  const { db } = await getDatabase();
  return Response.json({ count: await countExportClaims(db, actor, exportRequest, getEnv().baseUrl ?? url.origin) });
});
