import "server-only";
import { and, asc, count, eq, gt, gte, inArray, isNull, lte, or, sql, type SQL } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import { articles, assignments, claims, projects, reviewStatus, sentences, sources, users } from "@/db/schema";
import {
  EXPORT_FORMATS,
  EXPORT_FORMAT_INFO,
  claimReview,
  csv,
  jsonl,
  sentenceTsv,
  w3c,
  type ExportArticle,
  type ExportClaim,
  type ExportContext,
  type ExportFormat,
  type ExportSentence,
} from "@/lib/export";
import { createOffsetIndex } from "@/lib/offsets";
import { requireProjectRole, type Actor } from "./authz";
import { AppError } from "./errors";

/**
 * One implementation of exports for the UI, the HTTP endpoint and the CLI:
 * the same filters, the same authorization check, the same streaming.
 * Rows are read in keyset-paginated batches (article by article, claims in
 * text order), so memory stays flat however large the project is.
 */

const CLAIM_BATCH = 5_000;
const ARTICLE_BATCH = 20;

/** A list given as an array (JSON, CLI) or comma-separated (query string). */
const csvList = <T extends z.ZodType>(schema: T) =>
  z.preprocess((value) => (typeof value === "string" ? value.split(",").map((s) => s.trim()).filter(Boolean) : value), z.array(schema));

export const exportRequestSchema = z.object({
  format: z.enum(EXPORT_FORMATS),
  projectId: z.uuid(),
  articleIds: csvList(z.uuid()).optional(),
  authorId: z.string().min(1).max(255).optional(),
  statuses: csvList(z.enum(reviewStatus.enumValues)).optional(),
  goldOnly: z.preprocess((v) => v === true || v === "1" || v === "true", z.boolean()).default(false),
  from: z.iso.date().optional(),
  to: z.iso.date().optional(),
});
export type ExportRequest = z.infer<typeof exportRequestSchema>;

type Scope = { projectId: string; conditions: SQL[]; ctx: ExportContext };

async function resolveScope(db: Db, actor: Actor, request: ExportRequest, baseUrl: string, now: Date): Promise<Scope> {
  const role = await requireProjectRole(db, request.projectId, actor, "export");
  const [project] = await db.select().from(projects).where(eq(projects.id, request.projectId));
  if (!project) throw new AppError("not_found:project", "No such project.");
  const conditions: SQL[] = [eq(claims.projectId, request.projectId)];
  if (request.articleIds?.length) conditions.push(inArray(claims.articleId, request.articleIds));
  if (request.authorId) conditions.push(eq(claims.authorId, request.authorId));
  if (request.statuses?.length) conditions.push(inArray(claims.status, request.statuses));
  if (request.goldOnly) conditions.push(eq(claims.isGold, true));
  if (request.from) conditions.push(gte(claims.updatedAt, new Date(`${request.from}T00:00:00Z`)));
  if (request.to) conditions.push(lte(claims.updatedAt, new Date(`${request.to}T23:59:59.999Z`)));
  // Only the lossless format carries soft-deleted claims (with their deletedAt), so an import restores them too.
  if (request.format !== "jsonl") conditions.push(isNull(claims.deletedAt));
  // ClaimReview only carries claims whose verdict is a rating; count and stream the same set.
  if (request.format === "claimreview") {
    const rated = project.taxonomy.verdicts.filter((v) => v.rating !== null).map((v) => v.key);
    conditions.push(rated.length ? inArray(claims.verdict, rated) : sql`false`);
  }
  // Blind projects: an annotator's export holds only what they may see — their own claims on articles not yet submitted.
  if (project.isBlind && role === "annotator") {
    const submitted = db
      .select({ id: assignments.articleId })
      .from(assignments)
      .where(and(eq(assignments.userId, actor.id), eq(assignments.status, "submitted")));
    conditions.push(or(eq(claims.authorId, actor.id), inArray(claims.articleId, submitted))!);
  }
  const ctx: ExportContext = {
    baseUrl,
    generatedAt: now,
    taxonomy: project.taxonomy,
    publisher: { name: project.publisherName || "Claimwork", ...(project.publisherUrl ? { url: project.publisherUrl } : {}) },
  };
  return { projectId: request.projectId, conditions, ctx };
}

/** How many claims an export will hold (shown before download; the W3C collection's `total`). */
export async function countExportClaims(db: Db, actor: Actor, request: ExportRequest, baseUrl: string): Promise<number> {
  const scope = await resolveScope(db, actor, request, baseUrl, new Date());
  return countWithin(db, scope);
}

async function countWithin(db: Db, scope: Scope): Promise<number> {
  const [row] = await db.select({ n: count() }).from(claims).where(and(...scope.conditions));
  return row?.n ?? 0;
}

export type PreparedExport = {
  format: ExportFormat;
  claimCount: number;
  fileName: string;
  contentType: string;
  chunks: AsyncGenerator<string>;
};

/** Check access, count, and return the export as a lazy stream of text chunks. */
export async function prepareExport(
  db: Db,
  actor: Actor,
  request: ExportRequest,
  options: { baseUrl: string; now?: Date },
): Promise<PreparedExport> {
  const now = options.now ?? new Date();
  const scope = await resolveScope(db, actor, request, options.baseUrl, now);
  const claimCount = await countWithin(db, scope);
  const info = EXPORT_FORMAT_INFO[request.format];
  const stamp = now.toISOString().slice(0, 19).replace(/[:T]/g, "-");
  return {
    format: request.format,
    claimCount,
    fileName: `claimwork-${stamp}${info.extension}`,
    contentType: info.contentType,
    chunks: generate(db, scope, request, claimCount),
  };
}

async function* generate(db: Db, scope: Scope, request: ExportRequest, claimCount: number): AsyncGenerator<string> {
  const { ctx } = scope;
  switch (request.format) {
    case "jsonl": {
      yield jsonl.header(ctx);
      for await (const { article, batch, isFirstBatch } of claimBatches(db, scope, { withEmptyArticles: true })) {
        let out = isFirstBatch ? jsonl.formatArticle(article) : "";
        for (const claim of batch) out += jsonl.formatClaim(claim);
        yield out;
      }
      return;
    }
    case "csv": {
      yield csv.header();
      for await (const { article, batch } of claimBatches(db, scope)) {
        let out = "";
        for (const claim of batch) out += csv.formatClaim(claim, article, ctx);
        yield out;
      }
      yield csv.footer();
      return;
    }
    case "w3c": {
      const writer = w3c.createCollectionWriter(ctx, {
        id: crypto.randomUUID(),
        label: `Claimwork export ${ctx.generatedAt.toISOString()}`,
        total: claimCount,
      });
      yield writer.header();
      for await (const { article, batch } of claimBatches(db, scope)) {
        let out = "";
        for (const claim of batch) out += writer.formatClaim(claim, article);
        yield out;
      }
      yield writer.footer();
      return;
    }
    case "claimreview": {
      const writer = claimReview.createClaimReviewWriter(ctx);
      yield writer.header();
      for await (const { article, batch } of claimBatches(db, scope)) {
        let out = "";
        for (const claim of batch) out += writer.formatClaim(claim, article);
        yield out;
      }
      yield writer.footer();
      return;
    }
    case "tsv": {
      yield sentenceTsv.header();
      // Sentence rows need all of an article's claims at once; one article is the unit of memory.
      let current: { article: ExportArticle; claims: ExportClaim[] } | null = null;
      for await (const { article, batch, isFirstBatch } of claimBatches(db, scope, { withEmptyArticles: !request.goldOnly })) {
        if (isFirstBatch && current) yield await tsvRows(db, current.article, current.claims);
        if (isFirstBatch) current = { article, claims: [] };
        current!.claims.push(...batch);
      }
      if (current) yield await tsvRows(db, current.article, current.claims);
      yield sentenceTsv.footer();
      return;
    }
  }
}

async function tsvRows(db: Db, article: ExportArticle, articleClaims: ExportClaim[]): Promise<string> {
  const rows = await db
    .select({ index: sentences.index, start: sentences.start, end: sentences.end })
    .from(sentences)
    .where(eq(sentences.articleId, article.id))
    .orderBy(sentences.index);
  const index = createOffsetIndex(article.text);
  const list: ExportSentence[] = rows.map((s) => ({ articleId: article.id, index: s.index, start: s.start, end: s.end, text: index.slice(s.start, s.end) }));
  return sentenceTsv.formatSentenceRows(article, list, articleClaims);
}

type Batch = { article: ExportArticle; batch: ExportClaim[]; isFirstBatch: boolean };

/**
 * Articles of the scope in id order, each followed by its claims in text
 * order, in batches. Articles with no matching claim are skipped unless
 * `withEmptyArticles` (the lossless export keeps every article of the project,
 * the sentence TSV labels every sentence).
 */
async function* claimBatches(db: Db, scope: Scope, options: { withEmptyArticles?: boolean } = {}): AsyncGenerator<Batch> {
  const articleFilter = and(
    eq(articles.projectId, scope.projectId),
    options.withEmptyArticles
      ? undefined
      : sql`exists (select 1 from ${claims} where ${claims.articleId} = ${articles.id} and ${and(...scope.conditions)})`,
  );
  let lastArticleId: string | null = null;
  for (;;) {
    const page = await db
      .select()
      .from(articles)
      .where(and(articleFilter, lastArticleId ? gt(articles.id, lastArticleId) : undefined))
      .orderBy(asc(articles.id))
      .limit(ARTICLE_BATCH);
    if (page.length === 0) return;
    for (const row of page) {
      lastArticleId = row.id;
      const article: ExportArticle = {
        id: row.id,
        projectId: row.projectId,
        title: row.title,
        text: row.text,
        language: row.language,
        sourceUrl: row.sourceUrl,
        publisher: row.publisher,
        publishedAt: row.publishedAt,
        contentHash: row.contentHash,
        originFile: row.originFile,
        createdAt: row.createdAt.toISOString(),
      };
      let isFirstBatch = true;
      let after: { start: number; id: string } | null = null;
      for (;;) {
        const batch = await loadClaimBatch(db, scope, article.id, after);
        if (batch.length === 0) break;
        yield { article, batch, isFirstBatch };
        isFirstBatch = false;
        const last = batch[batch.length - 1]!;
        after = { start: last.target.start, id: last.id };
        if (batch.length < CLAIM_BATCH) break;
      }
      if (isFirstBatch && options.withEmptyArticles) yield { article, batch: [], isFirstBatch: true };
    }
  }
}

async function loadClaimBatch(db: Db, scope: Scope, articleId: string, after: { start: number; id: string } | null): Promise<ExportClaim[]> {
  const rows = await db
    .select({ claim: claims, authorName: users.name })
    .from(claims)
    .innerJoin(users, eq(users.id, claims.authorId))
    .where(
      and(
        eq(claims.articleId, articleId),
        ...scope.conditions,
        after ? or(gt(claims.start, after.start), and(eq(claims.start, after.start), gt(claims.id, after.id))) : undefined,
      ),
    )
    .orderBy(asc(claims.start), asc(claims.id))
    .limit(CLAIM_BATCH);
  if (rows.length === 0) return [];
  const sourceRows = await db
    .select()
    .from(sources)
    .where(inArray(sources.claimId, rows.map((r) => r.claim.id)))
    .orderBy(asc(sources.claimId), asc(sources.position));
  const byClaim = new Map<string, ExportClaim["sources"]>();
  for (const s of sourceRows) {
    let list = byClaim.get(s.claimId);
    if (!list) byClaim.set(s.claimId, (list = []));
    list.push({
      id: s.id,
      url: s.url,
      title: s.title,
      publisher: s.publisher,
      stance: s.stance,
      excerpt: s.excerpt,
      accessedOn: s.accessedOn,
      archiveUrl: s.archiveUrl,
    });
  }
  return rows.map(({ claim: c, authorName }) => ({
    id: c.id,
    articleId: c.articleId,
    projectId: c.projectId,
    authorId: c.authorId,
    authorName,
    target: { start: c.start, end: c.end, exact: c.exact, prefix: c.prefix, suffix: c.suffix },
    sentenceIndexes: c.sentenceIndexes,
    claimType: c.claimType,
    checkWorthiness: c.checkWorthiness,
    speaker: c.speaker,
    normalizedClaim: c.normalizedClaim,
    verdict: c.verdict,
    rationale: c.rationale,
    tags: c.tags,
    sources: byClaim.get(c.id) ?? [],
    status: c.status,
    version: c.version,
    isGold: c.isGold,
    createdAt: c.createdAt.toISOString(),
    updatedAt: c.updatedAt.toISOString(),
    deletedAt: c.deletedAt ? c.deletedAt.toISOString() : null,
  }));
}

/** Turn the chunk generator into a web stream (HTTP body); errors end the stream rather than hang it. */
export function toReadableStream(chunks: AsyncGenerator<string>): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const { value, done } = await chunks.next();
        if (done) controller.close();
        else controller.enqueue(encoder.encode(value));
      } catch (error) {
        console.error("[claimwork] export failed mid-stream", error);
        controller.error(error);
      }
    },
    async cancel() {
      await chunks.return(undefined);
    },
  });
}
