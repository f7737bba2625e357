/**
 * Content hash of canonical article text. Server-only (node:crypto), kept out
 * of `article-text.ts` so that module stays importable from the browser.
 */
import { createHash } from "node:crypto";

/**
 * Lowercase hex SHA-256 of the UTF-8 bytes of `text`. Pass canonical text
 * (see `normalizeArticleText`): the hash identifies an article's exact
 * offsets space, so it deliberately changes when any character does.
 */
export function contentHash(text: string): string {
  return createHash("sha256").update(text, "utf8").digest("hex");
}
