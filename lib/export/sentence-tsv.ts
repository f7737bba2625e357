import { currentRevisionOf, type ExportArticleOfClaim, type ExportClaim, type ExportSentence, isLiveClaim } from "./records";

/**
 * Sentence-level TSV for check-worthiness / claim-detection datasets (the
 * CheckThat!-style layout): one row per annotatable sentence of every
 * exported article.
 *
 *   article_id  sentence_index  sentence_text  label  claim_type  revision
 *
 * - `label` is `claim` when at least one (non-deleted) claim covers the
 *   sentence; else `not_claim` when someone decided "no claim here" on it;
 *   else empty: nobody labelled it, and a dataset must not read that as a
 *   negative. Which claims and decisions count (gold only, one annotator, …)
 *   is the caller's choice: pass exactly those.
 * - Sentences marked not annotatable (boilerplate) are left out, so no
 *   reading of the file can take them for negatives; the gap in
 *   `sentence_index` shows where they were.
 * - A claim covers the sentences listed in its `sentenceIndexes`; a claim
 *   without any (data from before sentence splitting) covers the sentences
 *   its code point range overlaps.
 * - `claim_type` is the taxonomy key of the first covering claim (earliest
 *   start, then earliest createdAt, then id, for a stable answer), or empty.
 * - `revision` is the number of the article's revision the sentences are
 *   of (its current one: every other revision's claims wait to be placed on
 *   it, server/revisions.ts); 1 for an article never revised. Last, so
 *   readers of the first five columns read on as before.
 * - Fields are escaped so a row is always one line with exactly six
 *   fields: `\` → `\\`, tab → `\t`, LF → `\n`, CR → `\r` (backslash first, so
 *   {@link unescapeTsvField} restores the text exactly). No quoting is used:
 *   TSV readers (pandas with `quoting=3`, `cut`, …) do not agree on quotes.
 * - Rows end with `\n`. No field depends on the export clock.
 */

export const TSV_COLUMNS = ["article_id", "sentence_index", "sentence_text", "label", "claim_type", "revision"] as const;

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

/** The article's sentence decisions, by sentence index: decided "no claim here" (by anyone counted), and not annotatable. */
export type SentenceMarks = { noClaim?: Iterable<number>; excluded?: Iterable<number> };

/**
 * The rows of one article (each with its `\n`), in sentence order. Claims of
 * other articles and deleted claims are ignored, so a caller may pass a
 * batch without filtering it first.
 */
export function formatSentenceRows(
  article: ExportArticleOfClaim,
  sentences: readonly ExportSentence[],
  claims: readonly ExportClaim[],
  marks: SentenceMarks = {},
): string {
  const relevant = claims.filter((c) => c.articleId === article.id && isLiveClaim(c)).sort(byPosition);
  const noClaim = new Set(marks.noClaim ?? []);
  const excluded = new Set(marks.excluded ?? []);
  const revision = String(currentRevisionOf(article).number);
  return [...sentences]
    .filter((sentence) => !excluded.has(sentence.index))
    .sort((a, b) => a.index - b.index)
    .map((sentence) => {
      const first = relevant.find((c) => covers(c, sentence));
      const label = first ? "claim" : noClaim.has(sentence.index) ? "not_claim" : "";
      const cells = [article.id, String(sentence.index), sentence.text, label, first?.claimType ?? "", revision];
      return `${cells.map(escapeTsvField).join("\t")}\n`;
    })
    .join("");
}

/** TSV has no trailer; present so every format streams as header → rows → footer. */
export function footer(): string {
  return "";
}
