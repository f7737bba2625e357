import { getEnv } from "@/server/env";
import { countExportClaims, exportRequestSchema } from "@/server/export";
import { route } from "@/server/route";

/** GET /api/export/count?… (same parameters as /api/export): how many claims the export will hold. */
export const GET = route({ query: exportRequestSchema }, async ({ db, actor, query, request }) =>
  Response.json({ count: await countExportClaims(db, actor, query, getEnv().baseUrl ?? new URL(request.url).origin) }),
);
