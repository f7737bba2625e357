import { z } from "zod";
import {
  type ExportArticle,
  type ExportArticleRevision,
  type ExportClaim,
  type ExportContext,
  type ExportSentenceDecision,
  type ExportSentenceExclusion,
  exportArticleRevisionSchema,
  exportArticleSchema,
  exportClaimSchema,
  exportSentenceDecisionSchema,
  exportSentenceExclusionSchema,
  type ImportError,
  importErrorFromZod,
  pickArticle,
  pickArticleRevision,
  pickClaim,
  pickSentenceDecision,
  pickSentenceExclusion,
  stringifyJsonLine,
  unstorableTextError,
} from "./records";

/**
 * Native, lossless Claimwork JSONL: one JSON object per line, `\n`-terminated.
 *
 *   line 1   {"type":"header","format":"claimwork-jsonl","format_version":1,"generated_at":"…","taxonomy":{…}}
 *   then     {"type":"article", …ExportArticle}, its {"type":"article_revision", …} if it was ever revised,
 *            and {"type":"claim", …ExportClaim}
 *   then     {"type":"sentence_exclusion", …}   and   {"type":"sentence_decision", …}
 *
 * Writers emit each article before its claims, so an importer can resolve and
 * check claim targets as it reads, and the sentence records after every
 * article; the parser itself is per line and does not depend on that order.
 * The sentence records (added without a new format_version: a file without
 * them reads as before) name a sentence by article and index: "not
 * annotatable" for everyone, and a person's "no claim here". A claim's
 * `derivedFrom` (a gold claim's provenance, EXPORT_CLAIM_FIELDS in
 * ./records.ts) came the same way: a file without it reads as having none;
 * so did revisions — an article's `article_revision` records right after it
 * (before any claim, so a waiting claim's `anchorRevision` text is known when
 * its target is checked) and a claim's `anchorState` / `anchorRevision`.
 *
 * Volatile fields: `generated_at` (the export clock) is the only value that
 * changes between two exports of unchanged data; compare exports without it.
 * The header's `taxonomy` records the labels as they were at export time
 * (claims store only keys), so the file can be read without the project.
 */

export const JSONL_FORMAT = "claimwork-jsonl";
export const JSONL_FORMAT_VERSION = 1;

export type JsonlHeader = {
  type: "header";
  format: typeof JSONL_FORMAT;
  format_version: typeof JSONL_FORMAT_VERSION;
  generated_at: string;
  taxonomy?: ExportContext["taxonomy"];
};
export type JsonlArticleRecord = { type: "article" } & ExportArticle;
export type JsonlArticleRevisionRecord = { type: "article_revision" } & ExportArticleRevision;
export type JsonlClaimRecord = { type: "claim" } & ExportClaim;
export type JsonlSentenceDecisionRecord = { type: "sentence_decision" } & ExportSentenceDecision;
export type JsonlSentenceExclusionRecord = { type: "sentence_exclusion" } & ExportSentenceExclusion;
export type JsonlRecord =
  | JsonlHeader
  | JsonlArticleRecord
  | JsonlArticleRevisionRecord
  | JsonlClaimRecord
  | JsonlSentenceDecisionRecord
  | JsonlSentenceExclusionRecord;

/** The header line (with its `\n`). `generated_at` comes from the injected clock. */
export function header(ctx: Pick<ExportContext, "generatedAt" | "taxonomy">): string {
  const record: JsonlHeader = {
    type: "header",
    format: JSONL_FORMAT,
    format_version: JSONL_FORMAT_VERSION,
    generated_at: ctx.generatedAt.toISOString(),
    taxonomy: ctx.taxonomy,
  };
  return `${stringifyJsonLine(record)}\n`;
}

/** One `{"type":"article",…}` line (with its `\n`). */
export function formatArticle(article: ExportArticle): string {
  return `${stringifyJsonLine({ type: "article", ...pickArticle(article) })}\n`;
}

/** One `{"type":"article_revision",…}` line (with its `\n`). */
export function formatArticleRevision(revision: ExportArticleRevision): string {
  return `${stringifyJsonLine({ type: "article_revision", ...pickArticleRevision(revision) })}\n`;
}

/** One `{"type":"claim",…}` line (with its `\n`). */
export function formatClaim(claim: ExportClaim): string {
  return `${stringifyJsonLine({ type: "claim", ...pickClaim(claim) })}\n`;
}

/** One `{"type":"sentence_decision",…}` line (with its `\n`). */
export function formatSentenceDecision(record: ExportSentenceDecision): string {
  return `${stringifyJsonLine({ type: "sentence_decision", ...pickSentenceDecision(record) })}\n`;
}

/** One `{"type":"sentence_exclusion",…}` line (with its `\n`). */
export function formatSentenceExclusion(record: ExportSentenceExclusion): string {
  return `${stringifyJsonLine({ type: "sentence_exclusion", ...pickSentenceExclusion(record) })}\n`;
}

/** JSONL has no trailer; present so every format streams as header → rows → footer. */
export function footer(): string {
  return "";
}

const taxonomyEntry = z.object({ key: z.string().min(1), label: z.string() });
const headerSchema = z.object({
  type: z.literal("header"),
  format: z.literal(JSONL_FORMAT),
  format_version: z.literal(JSONL_FORMAT_VERSION),
  generated_at: z.iso.datetime({ offset: true }),
  taxonomy: z
    .object({
      claimTypes: z.array(taxonomyEntry),
      verdicts: z.array(taxonomyEntry.extend({ rating: z.number().int().nullable() })),
      stances: z.array(taxonomyEntry),
    })
    .optional(),
});
const articleRecordSchema = exportArticleSchema.extend({ type: z.literal("article") });
const articleRevisionRecordSchema = exportArticleRevisionSchema.extend({ type: z.literal("article_revision") });
const claimRecordSchema = z.intersection(exportClaimSchema, z.object({ type: z.literal("claim") }));
const sentenceDecisionRecordSchema = exportSentenceDecisionSchema.extend({ type: z.literal("sentence_decision") });
const sentenceExclusionRecordSchema = exportSentenceExclusionSchema.extend({ type: z.literal("sentence_exclusion") });
const RECORD_SCHEMAS: Record<JsonlRecord["type"], z.ZodType> = {
  header: headerSchema,
  article: articleRecordSchema,
  article_revision: articleRevisionRecordSchema,
  claim: claimRecordSchema,
  sentence_decision: sentenceDecisionRecordSchema,
  sentence_exclusion: sentenceExclusionRecordSchema,
};
const RECORD_TYPES = Object.keys(RECORD_SCHEMAS);

export type JsonlParseResult = { ok: true; record: JsonlRecord | null } | { ok: false; error: ImportError };

/**
 * Parses and validates one line. A blank line (e.g. after the final `\n`)
 * gives `record: null`. Errors name the 1-based `lineNo` and the field path
 * (`target.end`, `sources[0].url`, …); they never throw. A line holding text
 * Postgres cannot store (a NUL, a lone surrogate) is refused whole.
 */
export function parseJsonlLine(line: string, lineNo: number): JsonlParseResult {
  // A byte-order mark opens files some editors save; a stream decoded without dropping it leaves it on line 1.
  const trimmed = (lineNo === 1 ? line.replace(/^\uFEFF/, "") : line).replace(/\r$/, "");
  if (trimmed.trim() === "") return { ok: true, record: null };
  let value: unknown;
  try {
    value = JSON.parse(trimmed);
  } catch (e) {
    return { ok: false, error: { line: lineNo, field: "", message: `not valid JSON: ${(e as Error).message}` } };
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    return { ok: false, error: { line: lineNo, field: "", message: "a line must be a JSON object" } };
  }
  // Before the schema, so the message names the character rather than some other limit it trips.
  const unstorable = unstorableTextError(value, lineNo);
  if (unstorable) return { ok: false, error: unstorable };
  const type = (value as { type?: unknown }).type;
  const schema = typeof type === "string" && Object.hasOwn(RECORD_SCHEMAS, type) ? RECORD_SCHEMAS[type as JsonlRecord["type"]] : null;
  if (!schema) {
    const expected = `${RECORD_TYPES.slice(0, -1)
      .map((t) => JSON.stringify(t))
      .join(", ")} or ${JSON.stringify(RECORD_TYPES.at(-1))}`;
    return { ok: false, error: { line: lineNo, field: "type", message: `type: must be ${expected}, got ${JSON.stringify(type ?? null)}` } };
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success) return { ok: false, error: importErrorFromZod(parsed.error, lineNo) };
  return { ok: true, record: parsed.data as JsonlRecord };
}

/**
 * Parses a whole JSONL document (for small files and tests; stream large ones
 * through {@link parseJsonlLine}). Also enforces that the first record is a
 * supported header, which a single line cannot know.
 */
export function parseJsonl(text: string): { records: JsonlRecord[]; errors: ImportError[] } {
  const records: JsonlRecord[] = [];
  const errors: ImportError[] = [];
  const lines = text.split("\n");
  let sawRecord = false;
  lines.forEach((line, i) => {
    const result = parseJsonlLine(line, i + 1);
    if (!result.ok) {
      errors.push(result.error);
      sawRecord = true;
      return;
    }
    if (!result.record) return;
    if (!sawRecord && result.record.type !== "header") {
      errors.push({ line: i + 1, field: "type", message: 'type: the first line must be the "header" record' });
    } else if (sawRecord && result.record.type === "header") {
      errors.push({ line: i + 1, field: "type", message: "type: only the first line may be a header" });
    }
    sawRecord = true;
    records.push(result.record);
  });
  if (!sawRecord) errors.push({ line: 1, field: "", message: "empty file: expected a header line" });
  return { records, errors };
}
