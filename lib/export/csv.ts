import { stringify } from "csv-stringify/sync";
import { labelOf } from "@/lib/taxonomy";
import { isLiveClaim, pickSource, type ExportArticle, type ExportClaim, type ExportContext } from "./records";

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

export const CSV_COLUMNS = [
  "claim_id",
  "article_id",
  "article_title",
  "author",
  "status",
  "is_gold",
  "start",
  "end",
  "exact",
  "prefix",
  "suffix",
  "sentence_indexes",
  "claim_type",
  "claim_type_label",
  "check_worthiness",
  "speaker",
  "normalized_claim",
  "verdict",
  "verdict_label",
  "rationale",
  "tags",
  "source_count",
  "source_urls",
  "source_stances",
  "source_titles",
  "source_json",
  "created_at",
  "updated_at",
] as const;
export type CsvColumn = (typeof CSV_COLUMNS)[number];
export type CsvRow = Record<CsvColumn, string | number>;

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
  return (options.bom ? "\uFEFF" : "") + stringify([[...CSV_COLUMNS]], STRINGIFY_OPTIONS);
}

/** The cells of one claim before neutralisation (numbers stay numbers; they can never start a formula). */
export function claimRow(claim: ExportClaim, article: ExportArticle, ctx: Pick<ExportContext, "taxonomy">): CsvRow {
  return {
    claim_id: claim.id,
    article_id: claim.articleId,
    article_title: article.title,
    author: claim.authorName,
    status: claim.status,
    is_gold: claim.isGold ? "true" : "false",
    start: claim.target.start,
    end: claim.target.end,
    exact: claim.target.exact,
    prefix: claim.target.prefix,
    suffix: claim.target.suffix,
    sentence_indexes: claim.sentenceIndexes.join(CSV_TAG_SEPARATOR),
    claim_type: claim.claimType ?? "",
    claim_type_label: labelOf(ctx.taxonomy.claimTypes, claim.claimType),
    check_worthiness: claim.checkWorthiness ?? "",
    speaker: claim.speaker,
    normalized_claim: claim.normalizedClaim,
    verdict: claim.verdict,
    verdict_label: labelOf(ctx.taxonomy.verdicts, claim.verdict),
    rationale: claim.rationale,
    tags: claim.tags.join(CSV_TAG_SEPARATOR),
    source_count: claim.sources.length,
    source_urls: claim.sources.map((s) => s.url).join(CSV_LIST_SEPARATOR),
    source_stances: claim.sources.map((s) => s.stance).join(CSV_LIST_SEPARATOR),
    source_titles: claim.sources.map((s) => s.title).join(CSV_LIST_SEPARATOR),
    source_json: JSON.stringify(claim.sources.map(pickSource)),
    created_at: claim.createdAt,
    updated_at: claim.updatedAt,
  };
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
      CSV_COLUMNS.map((column) => {
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
