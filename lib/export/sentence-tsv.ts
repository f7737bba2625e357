import { type ExportArticle, type ExportClaim, type ExportSentence, isLiveClaim } from "./records";

/**
 * Sentence-level TSV for check-worthiness / claim-detection datasets (the
 * CheckThat!-style layout): one row per sentence of every exported article.
 *
 *   article_id  sentence_index  sentence_text  label  claim_type
 *
 * - `label` is `claim` when at least one (non-deleted) claim covers the
 *   sentence, else `not_claim`. Which claims count (gold only, accepted only,
 *   one annotator, …) is the caller's choice: pass exactly those claims.
 * - A claim covers the sentences listed in its `sentenceIndexes`; a claim
 *   without any (data from before sentence splitting) covers the sentences
 *   its code point range overlaps.
 * - `claim_type` is the taxonomy key of the first covering claim (earliest
 *   start, then earliest createdAt, then id, for a stable answer), or empty.
 * - Fields are escaped so a row is always one line with exactly five
 *   fields: `\` → `\\`, tab → `\t`, LF → `\n`, CR → `\r` (backslash first, so
 *   {@link unescapeTsvField} restores the text exactly). No quoting is used:
 *   TSV readers (pandas with `quoting=3`, `cut`, …) do not agree on quotes.
 * - Rows end with `\n`. No field depends on the export clock.
 */

export const TSV_COLUMNS = ["article_id", "sentence_index", "sentence_text", "label", "claim_type"] as const;

/** Escapes backslash, tab, LF and CR as `\\`, `\t`, `\n`, `\r`. */
export function escapeTsvField(value: string): string {
  return value.replace(/[\\\t\n\r]/g, (c) => (c === "\\" ? "\\\\" : c === "\t" ? "\\t" : c === "\n" ? "\\n" : "\\r"));
}

/** Inverse of {@link escapeTsvField}; an unknown escape keeps its character (`\x` → `x`). */
export function unescapeTsvField(value: string): string {
  return value.replace(/\\(.)/gsu, (_, c: string) => (c === "t" ? "\t" : c === "n" ? "\n" : c === "r" ? "\r" : c));
}

/** The header line (with its `\n`). */
export function header(): string {
  return `${TSV_COLUMNS.join("\t")}\n`;
}

function covers(claim: ExportClaim, sentence: ExportSentence): boolean {
  if (claim.sentenceIndexes.length > 0) return claim.sentenceIndexes.includes(sentence.index);
  return claim.target.start < sentence.end && sentence.start < claim.target.end;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function byPosition(a: ExportClaim, b: ExportClaim): number {
  // Plain code unit comparison, not localeCompare: the order must not depend on the server's locale.
  return a.target.start - b.target.start || compare(a.createdAt, b.createdAt) || compare(a.id, b.id);
}

/**
 * The rows of one article (each with its `\n`), in sentence order. Claims of
 * other articles and deleted claims are ignored, so a caller may pass a
 * batch without filtering it first.
 */
export function formatSentenceRows(article: ExportArticle, sentences: readonly ExportSentence[], claims: readonly ExportClaim[]): string {
  const relevant = claims.filter((c) => c.articleId === article.id && isLiveClaim(c)).sort(byPosition);
  return [...sentences]
    .sort((a, b) => a.index - b.index)
    .map((sentence) => {
      const first = relevant.find((c) => covers(c, sentence));
      const cells = [article.id, String(sentence.index), sentence.text, first ? "claim" : "not_claim", first?.claimType ?? ""];
      return `${cells.map(escapeTsvField).join("\t")}\n`;
    })
    .join("");
}

/** TSV has no trailer; present so every format streams as header → rows → footer. */
export function footer(): string {
  return "";
}
