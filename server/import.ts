import "server-only";
import crypto from "node:crypto";
import { and, eq } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import { articles, claims, sentences, sources, users } from "@/db/schema";
import { anchorTarget, makeTarget, verifyTarget } from "@/lib/anchoring";
import { contentHash } from "@/lib/content-hash";
import { jsonl, w3c, checkTargetAgainstText, type ExportArticle, type ExportClaim, type ImportError } from "@/lib/export";
import { createOffsetIndex } from "@/lib/offsets";
import { segmentSentences } from "@/lib/segmentation";
import { requireProjectRole, type Actor } from "./authz";
import { AppError } from "./errors";
import { targetColumns } from "./claims";
import { recordEvent } from "./events";

/**
 * Imports of exported data. Each import is one transaction: all or nothing,
 * unless the caller asks to skip invalid lines — then the valid ones land and
 * every skipped line is reported (line number, field, message), never dropped
 * silently. Ids are kept, so importing the same file twice changes nothing.
 */

export type ImportSummary = {
  articles: { created: number; existing: number };
  claims: { created: number; existing: number };
  skipped: ImportError[];
};

const MAX_REPORTED_ERRORS = 50;

function failWith(errors: ImportError[]): never {
  const shown = errors.slice(0, 10).map((e) => `line ${e.line}${e.field ? ` (${e.field})` : ""}: ${e.message}`);
  throw new AppError(
    "unprocessable:import",
    `Nothing was imported: ${errors.length} invalid line${errors.length === 1 ? "" : "s"}. ${shown.join(" · ")}${errors.length > 10 ? " · …" : ""}`,
    { detail: { errors: errors.slice(0, MAX_REPORTED_ERRORS) } },
  );
}

/**
 * Restore a lossless JSONL export into a project. Articles and claims keep
 * their ids, versions, statuses and timestamps; their project becomes the
 * target project. Authors missing from this database are created as
 * placeholder accounts (no password: they cannot sign in) so every claim
 * keeps its author. Restoring others' work is a project admin's action.
 */
export async function importJsonl(
  db: Db,
  actor: Actor,
  options: { projectId: string; lines: AsyncIterable<string> | Iterable<string>; skipInvalid: boolean },
): Promise<ImportSummary> {
  return db.transaction(async (tx) => {
    await requireProjectRole(tx, options.projectId, actor, "manage_members");
    const summary: ImportSummary = { articles: { created: 0, existing: 0 }, claims: { created: 0, existing: 0 }, skipped: [] };
    const errors: ImportError[] = [];
    const articleTexts = new Map<string, string>();
    let lineNo = 0;
    let sawHeader = false;
    for await (const line of options.lines) {
      lineNo++;
      const parsed = jsonl.parseJsonlLine(line, lineNo);
      if (!parsed.ok) {
        errors.push(parsed.error);
        continue;
      }
      const record = parsed.record;
      if (!record) continue;
      if (!sawHeader) {
        sawHeader = true;
        if (record.type !== "header") {
          errors.push({ line: lineNo, field: "type", message: 'the first line must be the "header" record' });
          break; // not a Claimwork export: do not try to read the rest
        }
        continue;
      }
      if (record.type === "header") {
        errors.push({ line: lineNo, field: "type", message: "a second header record" });
      } else if (record.type === "article") {
        const problem = await restoreArticle(tx, options.projectId, actor.id, record, articleTexts, summary);
        if (problem) errors.push({ line: lineNo, ...problem });
      } else {
        const problem = await restoreClaim(tx, options.projectId, record, articleTexts, summary);
        if (problem) errors.push({ line: lineNo, ...problem });
      }
    }
    if (!sawHeader && errors.length === 0) errors.push({ line: 1, field: "", message: "the file is empty" });
    if (errors.length && !options.skipInvalid) failWith(errors);
    summary.skipped = errors;
    await recordEvent(tx, {
      projectId: options.projectId,
      actorId: actor.id,
      entityType: "project",
      entityId: options.projectId,
      action: "import.jsonl",
      after: { articles: summary.articles, claims: summary.claims, skipped: errors.length },
    });
    return summary;
  });
}

type Problem = { field: string; message: string } | null;

async function restoreArticle(
  tx: Tx,
  projectId: string,
  actorId: string,
  record: ExportArticle,
  articleTexts: Map<string, string>,
  summary: ImportSummary,
): Promise<Problem> {
  if (contentHash(record.text) !== record.contentHash) return { field: "contentHash", message: "does not match the sha256 of text" };
  const [existing] = await tx.select({ projectId: articles.projectId, contentHash: articles.contentHash }).from(articles).where(eq(articles.id, record.id));
  if (existing) {
    if (existing.projectId !== projectId) return { field: "id", message: "this article id belongs to another project" };
    if (existing.contentHash !== record.contentHash) return { field: "text", message: "an article with this id exists with a different text" };
    articleTexts.set(record.id, record.text);
    summary.articles.existing++;
    return null;
  }
  const [sameText] = await tx
    .select({ id: articles.id })
    .from(articles)
    .where(and(eq(articles.projectId, projectId), eq(articles.contentHash, record.contentHash)));
  if (sameText) return { field: "id", message: `the same text is already in this project as article ${sameText.id}` };
  const spans = segmentSentences(record.text, record.language ?? undefined);
  const index = createOffsetIndex(record.text);
  await tx.insert(articles).values({
    id: record.id,
    projectId,
    title: record.title,
    text: record.text,
    language: record.language,
    sourceUrl: record.sourceUrl,
    publisher: record.publisher,
    publishedAt: record.publishedAt,
    contentHash: record.contentHash,
    originFile: record.originFile,
    sentenceCount: spans.length,
    createdBy: actorId,
    createdAt: new Date(record.createdAt),
  });
  const rows = spans.map((s) => ({ articleId: record.id, index: s.index, start: index.toCodePoint(s.start), end: index.toCodePoint(s.end) }));
  for (let i = 0; i < rows.length; i += 1000) await tx.insert(sentences).values(rows.slice(i, i + 1000));
  articleTexts.set(record.id, record.text);
  summary.articles.created++;
  return null;
}

async function articleText(tx: Tx, projectId: string, articleId: string, cache: Map<string, string>): Promise<string | null> {
  const cached = cache.get(articleId);
  if (cached !== undefined) return cached;
  const [row] = await tx.select({ text: articles.text }).from(articles).where(and(eq(articles.id, articleId), eq(articles.projectId, projectId)));
  if (!row) return null;
  cache.set(articleId, row.text);
  return row.text;
}

async function ensureAuthor(tx: Tx, authorId: string, authorName: string): Promise<void> {
  await tx
    .insert(users)
    .values({ id: authorId, name: authorName || "Imported author", email: `${authorId.toLowerCase()}@imported.claimwork.invalid` })
    .onConflictDoNothing();
}

async function restoreClaim(
  tx: Tx,
  projectId: string,
  record: ExportClaim,
  articleTexts: Map<string, string>,
  summary: ImportSummary,
): Promise<Problem> {
  const text = await articleText(tx, projectId, record.articleId, articleTexts);
  if (text === null) return { field: "articleId", message: "no such article in this project (articles must come before their claims)" };
  const mismatch = checkTargetAgainstText(text, record.target);
  if (mismatch) return mismatch;
  const [existing] = await tx.select({ projectId: claims.projectId }).from(claims).where(eq(claims.id, record.id));
  if (existing) {
    if (existing.projectId !== projectId) return { field: "id", message: "this claim id belongs to another project" };
    summary.claims.existing++;
    return null;
  }
  await ensureAuthor(tx, record.authorId, record.authorName);
  await tx.insert(claims).values({
    id: record.id,
    articleId: record.articleId,
    projectId,
    authorId: record.authorId,
    start: record.target.start,
    end: record.target.end,
    exact: record.target.exact,
    prefix: record.target.prefix,
    suffix: record.target.suffix,
    sentenceIndexes: record.sentenceIndexes,
    claimType: record.claimType,
    checkWorthiness: record.checkWorthiness,
    speaker: record.speaker,
    normalizedClaim: record.normalizedClaim,
    verdict: record.verdict,
    rationale: record.rationale,
    tags: record.tags,
    status: record.status as (typeof claims.status.enumValues)[number],
    version: record.version,
    isGold: record.isGold,
    createdAt: new Date(record.createdAt),
    updatedAt: new Date(record.updatedAt),
    deletedAt: record.deletedAt ? new Date(record.deletedAt) : null,
  });
  if (record.sources.length) {
    const inserted = await tx
      .insert(sources)
      .values(record.sources.map((s, position) => ({ ...s, claimId: record.id, position })))
      .onConflictDoNothing()
      .returning({ id: sources.id });
    if (inserted.length !== record.sources.length) {
      // A source id already used by another claim: refuse rather than re-point someone else's evidence.
      throw new AppError("conflict:source", `A source id of claim ${record.id} belongs to another claim.`);
    }
  }
  summary.claims.created++;
  return null;
}

/**
 * Import W3C Web Annotations: each annotation whose selectors anchor in an
 * article of the project becomes a claim of the importing user (position
 * first, verified by the quote; else the quote with its context). Claim ids
 * come from our own claim IRIs, or are derived from the annotation id, so a
 * second import of the same file changes nothing.
 */
export async function importW3c(
  db: Db,
  actor: Actor,
  options: { projectId: string; json: string; baseUrl: string; skipInvalid: boolean },
): Promise<ImportSummary> {
  const parsed = w3c.parseW3cAnnotations(options.json, { baseUrl: options.baseUrl });
  return db.transaction(async (tx) => {
    await requireProjectRole(tx, options.projectId, actor, "annotate");
    const summary: ImportSummary = { articles: { created: 0, existing: 0 }, claims: { created: 0, existing: 0 }, skipped: [] };
    const errors: ImportError[] = [...parsed.errors];
    const texts = new Map<string, string>();
    for (const item of parsed.annotations) {
      const text = await articleText(tx, options.projectId, item.articleId, texts);
      if (text === null) {
        errors.push({ line: item.index, field: "target.source", message: `no article ${item.articleId} in this project` });
        continue;
      }
      const index = createOffsetIndex(text);
      let span: { start: number; end: number } | null = null;
      if (item.position && item.position.end <= index.codePointLength) {
        const exact = index.slice(item.position.start, item.position.end);
        if (!item.quote || item.quote.exact === exact) span = item.position;
      }
      if (!span && item.quote) {
        span = anchorTarget(index, { start: item.position?.start ?? 0, end: item.position?.end ?? 1, ...item.quote });
      }
      if (!span || span.end <= span.start) {
        errors.push({ line: item.index, field: "target.selector", message: "the selectors do not anchor in the article text" });
        continue;
      }
      const target = makeTarget(index, index.toUtf16(span.start), index.toUtf16(span.end));
      if (!verifyTarget(index, target).ok) {
        errors.push({ line: item.index, field: "target.selector", message: "the anchored text could not be verified" });
        continue;
      }
      const claimId = item.claimId ?? uuidFromName(`${options.projectId}:${item.annotationId ?? `${item.articleId}:${span.start}:${span.end}`}`);
      const [existing] = await tx.select({ id: claims.id }).from(claims).where(eq(claims.id, claimId));
      if (existing) {
        summary.claims.existing++;
        continue;
      }
      await tx.insert(claims).values({
        id: claimId,
        articleId: item.articleId,
        projectId: options.projectId,
        authorId: actor.id,
        ...targetColumns(item.articleId, target),
      });
      summary.claims.created++;
    }
    if (parsed.annotations.length === 0 && errors.length === 0) errors.push({ line: -1, field: "", message: "no annotations found" });
    if (errors.length && !options.skipInvalid) failWith(errors);
    summary.skipped = errors;
    await recordEvent(tx, {
      projectId: options.projectId,
      actorId: actor.id,
      entityType: "project",
      entityId: options.projectId,
      action: "import.w3c",
      after: { claims: summary.claims, skipped: errors.length },
    });
    return summary;
  });
}

/** A stable UUID (version 5 layout) from a name, so re-imports map to the same claim. */
function uuidFromName(name: string): string {
  const hash = crypto.createHash("sha1").update(name).digest();
  hash[6] = (hash[6]! & 0x0f) | 0x50;
  hash[8] = (hash[8]! & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
