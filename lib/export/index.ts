/**
 * Export formats of Claimwork. Every formatter is pure and incremental
 * (header → one piece per record → footer), so a route handler can stream
 * rows from a database cursor with constant memory.
 */

import { W3C_CONTENT_TYPE } from "./w3c";

export * as claimReview from "./claim-review";
export * as csv from "./csv";
export * as jsonl from "./jsonl";
export * from "./records";
export * as sentenceTsv from "./sentence-tsv";
export * as w3c from "./w3c";

export const EXPORT_FORMATS = ["jsonl", "csv", "w3c", "claimreview", "tsv"] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export type ExportFormatInfo = { label: string; contentType: string; extension: string };

export const EXPORT_FORMAT_INFO: Record<ExportFormat, ExportFormatInfo> = {
  jsonl: { label: "Claimwork JSONL (lossless)", contentType: "application/x-ndjson", extension: ".jsonl" },
  // header=present is the RFC 4180 parameter telling readers the first record is a header.
  csv: { label: "CSV (spreadsheet)", contentType: "text/csv; charset=utf-8; header=present", extension: ".csv" },
  // The media type the Web Annotation Protocol uses for annotation JSON-LD.
  w3c: { label: "W3C Web Annotation (JSON-LD)", contentType: W3C_CONTENT_TYPE, extension: ".jsonld" },
  claimreview: { label: "schema.org ClaimReview (JSON-LD)", contentType: "application/ld+json", extension: ".claimreview.jsonld" },
  tsv: { label: "Sentence TSV (check-worthiness)", contentType: "text/tab-separated-values; charset=utf-8", extension: ".tsv" },
};

/**
 * What an import reads: a Claimwork JSONL export (a restore), W3C Web
 * Annotations, or a JSONL of articles (one `{ "text", "title"?, … }` a line).
 * Which role each needs is the data layer's (server/import.ts).
 */
export const IMPORT_FORMATS = ["jsonl", "w3c", "articles"] as const;
export type ImportFormat = (typeof IMPORT_FORMATS)[number];

/** Narrows a query-string value to a known format. */
export function isExportFormat(value: unknown): value is ExportFormat {
  return typeof value === "string" && (EXPORT_FORMATS as readonly string[]).includes(value);
}
