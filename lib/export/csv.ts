import { stringify } from "csv-stringify/sync";
import { CLAIM_RECORD_FIELDS, type ClaimContentKey, type ClaimRecordKey, type FieldKind } from "@/lib/fields";
import { labelOf } from "@/lib/taxonomy";
import type { ClaimTarget } from "@/lib/value-schemas";
import { type ExportArticle, type ExportClaim, type ExportContext, isLiveClaim, pickSource } from "./records";

/**
 * Spreadsheet CSV: one row per claim, RFC 4180 (comma, `"` quoting, CRLF
 * record ends, UTF-8). Columns never change order or name within a format
 * version; add new ones at the end.
 *
 * Not lossless by design: list columns are joined for reading, and text cells
 * are neutralised against formula injection (see {@link neutralizeCell}), so a
 * quote that begins with "-" or "=" gains a leading apostrophe. `source_json`
 * keeps the sources losslessly; the JSONL export is the lossless format.
 */

/** Where a column's value comes from. */
export type CsvCell =
  /** A claim field, written as its kind says (see {@link fieldCell}). */
  | { field: ClaimRecordKey }
  | { target: keyof ClaimTarget }
  /** The taxonomy label of a field's key. */
  | { label: "claimTypes" | "verdicts"; of: "claimType" | "verdict" }
  | { article: "title" }
  /** The four summary cells of the sources (count, URLs, stances, titles), always together and in this order, and the lossless JSON. */
  | { sources: "count" | "urls" | "stances" | "titles" | "json" };
export type CsvColumnSpec = { header: string; cell: CsvCell };

/**
 * The columns, in order: the one list both the TypeScript writer (below) and
 * the database renderer (server/export-sql.ts) are derived from.
 */
export const CSV_COLUMNS = [
  { header: "claim_id", cell: { field: "id" } },
  { header: "article_id", cell: { field: "articleId" } },
  { header: "article_title", cell: { article: "title" } },
  { header: "author", cell: { field: "authorName" } },
  { header: "status", cell: { field: "status" } },
  { header: "is_gold", cell: { field: "isGold" } },
  { header: "start", cell: { target: "start" } },
  { header: "end", cell: { target: "end" } },
  { header: "exact", cell: { target: "exact" } },
  { header: "prefix", cell: { target: "prefix" } },
  { header: "suffix", cell: { target: "suffix" } },
  { header: "sentence_indexes", cell: { field: "sentenceIndexes" } },
  { header: "claim_type", cell: { field: "claimType" } },
  { header: "claim_type_label", cell: { label: "claimTypes", of: "claimType" } },
  { header: "check_worthiness", cell: { field: "checkWorthiness" } },
  { header: "speaker", cell: { field: "speaker" } },
  { header: "normalized_claim", cell: { field: "normalizedClaim" } },
  { header: "verdict", cell: { field: "verdict" } },
  { header: "verdict_label", cell: { label: "verdicts", of: "verdict" } },
  { header: "rationale", cell: { field: "rationale" } },
  { header: "tags", cell: { field: "tags" } },
  { header: "source_count", cell: { sources: "count" } },
  { header: "source_urls", cell: { sources: "urls" } },
  { header: "source_stances", cell: { sources: "stances" } },
  { header: "source_titles", cell: { sources: "titles" } },
  { header: "source_json", cell: { sources: "json" } },
  { header: "created_at", cell: { field: "createdAt" } },
  { header: "updated_at", cell: { field: "updatedAt" } },
  { header: "language", cell: { field: "language" } },
] as const satisfies readonly CsvColumnSpec[];
export type CsvColumn = (typeof CSV_COLUMNS)[number]["header"];
export type CsvRow = Record<CsvColumn, string | number>;

/**
 * Every field a person edits has a column: a new content field that is not in
 * CSV_COLUMNS fails to compile here, naming it. (Add its column at the end:
 * columns never change order within a format version.)
 */
type FieldsWithAColumn = Extract<(typeof CSV_COLUMNS)[number]["cell"], { field: string }>["field"];
type ContentFieldsWithoutAColumn = Exclude<ClaimContentKey, FieldsWithAColumn>;
const everyContentFieldHasAColumn: [ContentFieldsWithoutAColumn] extends [never] ? true : { missing: ContentFieldsWithoutAColumn } = true;
void everyContentFieldHasAColumn;

/** Separators for list cells; chosen to be rare inside the joined values (URLs never contain " | "). */
export const CSV_TAG_SEPARATOR = "; ";
export const CSV_LIST_SEPARATOR = " | ";

// RFC 4180 requires quoting any field with a line break; csv-stringify only
// quotes the full record delimiter (CRLF), so a lone \n or \r must be forced.
const STRINGIFY_OPTIONS = { record_delimiter: "windows", quoted_match: /[\r\n]/ } as const;

const FORMULA_TRIGGERS = new Set(["=", "+", "-", "@", "\t", "\r"]);

/**
 * Neutralises spreadsheet formula injection (OWASP "CSV Injection"): a cell
 * that begins with `=`, `+`, `-`, `@`, tab or carriage return gets a leading
 * apostrophe, so Excel/LibreOffice/Sheets show it as text instead of
 * evaluating it. Other cells are returned unchanged.
 */
export function neutralizeCell(value: string): string {
  return value.length > 0 && FORMULA_TRIGGERS.has(value[0] ?? "") ? `'${value}` : value;
}

/**
 * The header record (with its CRLF). `bom: true` prepends U+FEFF, which Excel
 * needs to read the file as UTF-8 rather than the system code page.
 */
export function header(options: { bom?: boolean } = {}): string {
  return (options.bom ? "\uFEFF" : "") + stringify([CSV_COLUMNS.map((column) => column.header)], STRINGIFY_OPTIONS);
}

/** A claim field's cell, by the field's kind: absent values are empty cells, lists are joined with {@link CSV_TAG_SEPARATOR}. */
export function fieldCell(kind: FieldKind, value: unknown): string | number {
  switch (kind) {
    case "int":
      return value as number;
    case "int?":
      return value === null ? "" : (value as number);
    case "bool":
      return value ? "true" : "false";
    case "int[]":
    case "text[]":
      return (value as Array<string | number>).join(CSV_TAG_SEPARATOR);
    case "text?":
    case "time?":
    case "date?":
      return (value as string | null) ?? "";
    case "uuid":
    case "id":
    case "text":
    case "status":
    case "time":
      return value as string;
    case "target":
    case "sources":
      throw new Error(`a ${kind} field has cells of its own, not one`);
  }
}

function cellOf(cell: CsvCell, claim: ExportClaim, article: ExportArticle, ctx: Pick<ExportContext, "taxonomy">): string | number {
  if ("field" in cell) return fieldCell(CLAIM_RECORD_FIELDS[cell.field].kind, claim[cell.field]);
  if ("target" in cell) return claim.target[cell.target];
  if ("label" in cell) return labelOf(ctx.taxonomy[cell.label], claim[cell.of]);
  if ("article" in cell) return article[cell.article];
  switch (cell.sources) {
    case "count":
      return claim.sources.length;
    case "urls":
      return claim.sources.map((s) => s.url).join(CSV_LIST_SEPARATOR);
    case "stances":
      return claim.sources.map((s) => s.stance).join(CSV_LIST_SEPARATOR);
    case "titles":
      return claim.sources.map((s) => s.title).join(CSV_LIST_SEPARATOR);
    case "json":
      return JSON.stringify(claim.sources.map(pickSource));
  }
}

/** The cells of one claim before neutralisation (numbers stay numbers; they can never start a formula). */
export function claimRow(claim: ExportClaim, article: ExportArticle, ctx: Pick<ExportContext, "taxonomy">): CsvRow {
  const row = {} as CsvRow;
  for (const column of CSV_COLUMNS) row[column.header] = cellOf(column.cell, claim, article, ctx);
  return row;
}

/**
 * One CSV record (with its CRLF) for `claim`; every text cell is neutralised.
 * A deleted claim gives "" (the columns have no way to mark it deleted).
 */
export function formatClaim(claim: ExportClaim, article: ExportArticle, ctx: Pick<ExportContext, "taxonomy">): string {
  return formatClaims([claim], article, ctx);
}

/**
 * The records of several claims of one article, in one csv-stringify call:
 * the same text as {@link formatClaim} for each in turn, without paying the
 * library's per-call set-up for every row (exports write pages of thousands).
 */
export function formatClaims(claims: readonly ExportClaim[], article: ExportArticle, ctx: Pick<ExportContext, "taxonomy">): string {
  const records: Array<Array<string | number>> = [];
  for (const claim of claims) {
    if (!isLiveClaim(claim)) continue;
    const row = claimRow(claim, article, ctx);
    records.push(
      CSV_COLUMNS.map(({ header: column }) => {
        const value = row[column];
        return typeof value === "string" ? neutralizeCell(value) : value;
      }),
    );
  }
  return records.length ? stringify(records, STRINGIFY_OPTIONS) : "";
}

/** CSV has no trailer; present so every format streams as header → rows → footer. */
export function footer(): string {
  return "";
}
