import type { Db } from "@/db/client";
import { claimReview, csv, jsonl, w3c } from "@/lib/export";
import type { Actor } from "@/server/authz";
import { type ExportRequest, exportRecords, revisionLines } from "@/server/export";

/**
 * An export written by lib/export's formatters — the specification of every
 * format — from the records server/export.ts reads for the same request:
 * what the database-rendered export (server/export-sql.ts) is compared with,
 * byte for byte. Test code: production exports are rendered by the database.
 */
export async function referenceExport(
  db: Db,
  actor: Actor,
  request: ExportRequest & { format: "jsonl" | "csv" | "w3c" | "claimreview" },
  options: { baseUrl: string; now: Date },
): Promise<string> {
  const { ctx, claimCount, batches, sentenceExclusions, sentenceDecisions } = await exportRecords(db, actor, request, options);
  let out = "";
  switch (request.format) {
    case "jsonl":
      out += jsonl.header(ctx);
      for await (const { article, batch, isFirstBatch } of batches) {
        if (isFirstBatch) out += jsonl.formatArticle(article) + revisionLines(article);
        for (const claim of batch) out += jsonl.formatClaim(claim);
      }
      for (const record of await sentenceExclusions()) out += jsonl.formatSentenceExclusion(record);
      for (const record of await sentenceDecisions()) out += jsonl.formatSentenceDecision(record);
      return out;
    case "csv":
      out += csv.header();
      for await (const { article, batch } of batches) out += csv.formatClaims(batch, article, ctx);
      return out + csv.footer();
    case "w3c":
    case "claimreview": {
      const meta = { id: crypto.randomUUID(), label: `Claimwork export ${ctx.generatedAt.toISOString()}`, total: claimCount };
      const writer = request.format === "w3c" ? w3c.createCollectionWriter(ctx, meta) : claimReview.createClaimReviewWriter(ctx);
      out += writer.header();
      for await (const { article, batch } of batches) for (const claim of batch) out += writer.formatClaim(claim, article);
      return out + writer.footer();
    }
  }
}
