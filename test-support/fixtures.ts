/**
 * Article texts and claim saves for integration tests.
 */
import crypto from "node:crypto";
import type { Db } from "@/db/client";
import { makeTarget } from "@/lib/anchoring";
import type { ClaimSave } from "@/lib/claim-schema";
import { emptyClaimFields } from "@/lib/fields";
import { insertArticleFromFile } from "@/server/articles";

/**
 * An article file with CRLF line endings and characters that break naive
 * offset code: emoji (incl. a ZWJ family and a skin tone), a flag (two
 * regional indicators), a combining accent (e + U+0301) and non-BMP letters
 * (Fraktur, CJK extension B). Its sentences (0 = title line) are listed in
 * {@link UNICODE_SENTENCES}.
 */
export const UNICODE_ARTICLE_RAW =
  "Emoji-Test 😀 Überschrift\r\n\r\n" +
  "Der Bürgermeister 👨‍👩‍👧 sagte: „Wir haben 🇩🇪 4 Mio. Euro ausgegeben.“ " +
  "Die Kosten für Cafe\u0301s stiegen um 12 Prozent. " +
  "In 𝔘𝔫𝔦𝔠𝔬𝔡𝔢 und 𠜎字 schreibt niemand 👍🏽. " +
  "Kritiker nannten den Plan Verschwendung.\r\n";

/** The canonical text of {@link UNICODE_ARTICLE_RAW}: LF line endings, trailing whitespace dropped. */
export const UNICODE_ARTICLE_TEXT = UNICODE_ARTICLE_RAW.replace(/\r\n/g, "\n").trimEnd();

export const UNICODE_SENTENCES = [
  "Emoji-Test 😀 Überschrift",
  "Der Bürgermeister 👨‍👩‍👧 sagte: „Wir haben 🇩🇪 4 Mio. Euro ausgegeben.“",
  "Die Kosten für Cafe\u0301s stiegen um 12 Prozent.",
  "In 𝔘𝔫𝔦𝔠𝔬𝔡𝔢 und 𠜎字 schreibt niemand 👍🏽.",
  "Kritiker nannten den Plan Verschwendung.",
] as const;

/** Import an article file into a project through the real import path (in its own transaction). */
export async function seedArticle(db: Db, projectId: string, raw: string, options: { fileName?: string | null; actorId?: string | null } = {}) {
  return db.transaction((tx) => insertArticleFromFile(tx, { projectId, raw, fileName: options.fileName ?? null, actorId: options.actorId ?? null }));
}

/**
 * A create-save for the first occurrence of `exact` in `articleText` (the
 * canonical text), with a target made the way the browser makes it.
 */
export function claimSaveFor(articleId: string, articleText: string, exact: string, overrides: Partial<ClaimSave> = {}): ClaimSave {
  const at = articleText.indexOf(exact);
  if (at < 0) throw new Error(`"${exact}" is not in the article text`);
  return {
    id: crypto.randomUUID(),
    articleId,
    mutationId: crypto.randomUUID(),
    baseVersion: null,
    target: makeTarget(articleText, at, at + exact.length),
    ...emptyClaimFields(),
    claimType: "statistic",
    checkWorthiness: 2,
    ...overrides,
  };
}

/** The next save of an existing claim: a new mutation id against `baseVersion`. */
export function nextSave(previous: ClaimSave, baseVersion: number, changes: Partial<ClaimSave> = {}): ClaimSave {
  return { ...previous, mutationId: crypto.randomUUID(), baseVersion, ...changes };
}

export { sourceInput } from "@/test-support/records";
