import "server-only";
import { and, asc, count, eq, gt, gte, inArray, lte, type SQL, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { z } from "zod";
import { type Db, rowsOf } from "@/db/client";
import { articleRevisions, articles, claims, projects, sentenceDecisions, sentenceExclusions, sentences, sources, users } from "@/db/schema";
import {
  claimReview,
  csv,
  EXPORT_FORMAT_INFO,
  EXPORT_FORMATS,
  type ExportArticle,
  type ExportClaim,
  type ExportContext,
  type ExportFormat,
  type ExportSentence,
  type ExportSentenceDecision,
  type ExportSentenceExclusion,
  jsonl,
  sentenceTsv,
  w3c,
} from "@/lib/export";
import { type ExportArticleRevision, escapeForScript, escapeLineSeparators } from "@/lib/export/records";
import { articleFromRow, type ClaimRow, claimFromRow, pickSource, STORED_CLAIM_KEYS } from "@/lib/fields";
import { createOffsetIndex } from "@/lib/offsets";
import { TARGET_KEYS } from "@/lib/value-schemas";
import { REVIEW_STATUSES } from "@/lib/vocabularies";
import { type Actor, roleCan } from "./authz";
import { claimIsPlaced } from "./claim-rows";
import { AppError } from "./errors";
import {
  afterKey,
  claimReviewPageQuery,
  csvPageQuery,
  EXPORT_ORDER,
  type ExportKey,
  jsonlPageQuery,
  type PageRange,
  pageSpeakersQuery,
  type SentenceKey,
  type SentenceRecordKind,
  sentenceRecordsPageQuery,
  w3cPageQuery,
} from "./export-sql";
import { listProjects } from "./team/projects";
import { type ProjectViewer, requireProjectViewer, seesAllWork, visibleAcrossProjects, visibleClaims } from "./visibility";

/**
 * One implementation of exports for the UI, the HTTP endpoint and the CLI:
 * the same filters, the same authorization check, the same streaming.
 * Rows are read in keyset-paginated batches (article by article, claims in
 * text order), so memory stays flat however large the project is.
 */

/** Claims per page formatted in Node (the sentence TSV): smaller pages were both faster and leaner (BENCHMARKS.md, "Figures moved out of code comments"). */
const CLAIM_BATCH = 2_000;
/**
 * Claims per page rendered by the database, per format: larger pages mean
 * fewer page queries to plan and bound, until a page's text grows so large
 * that building it costs more (W3C and ClaimReview write more bytes a claim).
 * Chosen by measurement (BENCHMARKS.md).
 */
const RENDERED_PAGE = { jsonl: 5_000, csv: 5_000, w3c: 2_000, claimreview: 2_000 } as const;
const ARTICLE_BATCH = 20;

/** A list given as an array (JSON, CLI) or comma-separated (query string). */
const csvList = <T extends z.ZodType>(schema: T) =>
  z.preprocess(
    (value) =>
      typeof value === "string"
        ? value
            .split(",")
            .map((s) => s.trim())
            .filter(Boolean)
        : value,
    z.array(schema),
  );

export const exportRequestSchema = z.object({
  format: z.enum(EXPORT_FORMATS),
  projectId: z.uuid(),
  articleIds: csvList(z.uuid()).optional(),
  authorId: z.string().min(1).max(255).optional(),
  statuses: csvList(z.enum(REVIEW_STATUSES)).optional(),
  goldOnly: z.preprocess((v) => v === true || v === "1" || v === "true", z.boolean()).default(false),
  from: z.iso.date().optional(),
  to: z.iso.date().optional(),
});
export type ExportRequest = z.infer<typeof exportRequestSchema>;

/** A project as the Export and Import pages offer it. */
export type TransferProject = { id: string; name: string };

/**
 * The projects the actor may export from, by name: every project where
 * their role allows exporting (server/authz.ts), site admins' included. The
 * Export page offers these and nothing else; the export itself checks again.
 */
export async function listExportProjects(db: Db, actor: Actor): Promise<TransferProject[]> {
  return (await listProjects(db, actor)).filter((p) => roleCan(p.role, "export")).map(({ id, name }) => ({ id, name }));
}

/**
 * `conditions` select the claims; `sentences` the sentence records, each over
 * its alias in server/export-sql.ts (`d` for decisions, `x` for exclusions).
 * `pageSize` overrides CLAIM_BATCH and RENDERED_PAGE; tests use tiny pages to cross boundaries.
 */
type Scope = { projectId: string; conditions: SQL[]; sentences: Record<SentenceRecordKind, SQL>; ctx: ExportContext; pageSize?: number };

/** Sentence records per page rendered by the database (a record is a short line). */
const SENTENCE_PAGE = 10_000;

/**
 * Which "no claim here" decisions an export carries: those the actor may see
 * (server/visibility.ts, as for claims), of the requested articles and
 * author, changed in the date range; with gold only, those of the people
 * who wrote the article's gold claims (the adjudicators). Review statuses
 * belong to claims and do not filter decisions. Every exclusion of the
 * project goes with its article, whatever the filters.
 */
function sentenceScope(actor: Actor, viewer: ProjectViewer, request: ExportRequest): Record<SentenceRecordKind, SQL> {
  const decisions: SQL[] = [sql`d.project_id = ${request.projectId}`];
  if (!seesAllWork(viewer)) {
    decisions.push(
      visibleAcrossProjects(actor, {
        isBlind: sql`${viewer.isBlind}::boolean`,
        memberRole: sql`${viewer.role}::text`,
        authorId: sql`d.author_id`,
        articleClosedAt: sql`(select a.closed_at from ${articles} a where a.id = d.article_id)`,
      }),
    );
  }
  if (request.articleIds?.length) decisions.push(sql`d.article_id = any(${`{${request.articleIds.join(",")}}`}::uuid[])`);
  if (request.authorId) decisions.push(sql`d.author_id = ${request.authorId}`);
  if (request.from) decisions.push(sql`d.updated_at >= ${new Date(`${request.from}T00:00:00Z`).toISOString()}::timestamptz`);
  if (request.to) decisions.push(sql`d.updated_at <= ${new Date(`${request.to}T23:59:59.999Z`).toISOString()}::timestamptz`);
  if (request.goldOnly) {
    decisions.push(
      sql`exists (select 1 from ${claims} g where g.article_id = d.article_id and g.author_id = d.author_id and g.is_gold and ${claimIsPlaced("g")})`,
    );
  }
  return { decision: and(...decisions)!, exclusion: sql`x.project_id = ${request.projectId}` };
}

async function resolveScope(db: Db, actor: Actor, request: ExportRequest, baseUrl: string, now: Date): Promise<Scope> {
  const viewer = await requireProjectViewer(db, actor, request.projectId, "export");
  const [project] = await db.select().from(projects).where(eq(projects.id, request.projectId));
  if (!project) throw new AppError("not_found:project", "No such project.");
  // The project's claims the actor may see (server/visibility.ts). For reviewers, admins and open projects this
  // is `project_id = …` alone, the leading column of claims_export_idx; in a blind project an annotator's or
  // viewer's export adds their own claims or the closed articles' (one hashed set, no per-claim lookup).
  const conditions: SQL[] = [visibleClaims(viewer)];
  if (request.articleIds?.length) conditions.push(inArray(claims.articleId, request.articleIds));
  if (request.authorId) conditions.push(eq(claims.authorId, request.authorId));
  if (request.statuses?.length) conditions.push(inArray(claims.status, request.statuses));
  if (request.goldOnly) conditions.push(eq(claims.isGold, true));
  if (request.from) conditions.push(gte(claims.updatedAt, new Date(`${request.from}T00:00:00Z`)));
  if (request.to) conditions.push(lte(claims.updatedAt, new Date(`${request.to}T23:59:59.999Z`)));
  // Only the lossless format carries soft-deleted claims (with their deletedAt), so an import restores them too,
  // and claims that wait on an earlier revision (with their anchorRevision, whose text it carries): every other
  // format is written on the current text.
  if (request.format !== "jsonl") conditions.push(claimIsPlaced());
  // ClaimReview only carries claims whose verdict is a rating; count and stream the same set.
  if (request.format === "claimreview") {
    const rated = project.taxonomy.verdicts.filter((v) => v.rating !== null).map((v) => v.key);
    conditions.push(rated.length ? inArray(claims.verdict, rated) : sql`false`);
  }
  const ctx: ExportContext = {
    baseUrl,
    generatedAt: now,
    taxonomy: project.taxonomy,
    publisher: { name: project.publisherName || "Claimwork", ...(project.publisherUrl ? { url: project.publisherUrl } : {}) },
  };
  return { projectId: request.projectId, conditions, sentences: sentenceScope(actor, viewer, request), ctx };
}

/** How many claims an export will hold (shown before download; the W3C collection's `total`). */
export async function countExportClaims(db: Db, actor: Actor, request: ExportRequest, baseUrl: string): Promise<number> {
  const scope = await resolveScope(db, actor, request, baseUrl, new Date());
  return countWithin(db, scope);
}

async function countWithin(db: Db, scope: Scope): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(claims)
    .where(and(...scope.conditions));
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
  options: {
    baseUrl: string;
    now?: Date;
    /** Claims per database page (tests use tiny pages to cross boundaries). */
    pageSize?: number;
  },
): Promise<PreparedExport> {
  const now = options.now ?? new Date();
  const scope: Scope = {
    ...(await resolveScope(db, actor, request, options.baseUrl, now)),
    pageSize: options.pageSize,
  };
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

/**
 * JSONL, CSV, W3C and ClaimReview pages are rendered by the database
 * (server/export-sql.ts), byte for byte what lib/export's formatters write —
 * the specification, which server/export-sql.test.ts formats the same records
 * with (exportRecords) and compares. The sentence TSV labels sentences rather
 * than writing claims, and is formatted here.
 */
async function* generate(db: Db, scope: Scope, request: ExportRequest, claimCount: number): AsyncGenerator<string> {
  const { ctx } = scope;
  switch (request.format) {
    case "jsonl": {
      yield jsonl.header(ctx);
      for await (const page of renderedPages(db, scope, RENDERED_PAGE.jsonl, jsonlPageQuery)) yield escapeLineSeparators(page);
      for await (const { article } of articlesWithoutClaims(db, scope)) yield jsonl.formatArticle(article) + revisionLines(article);
      // After every article, so a restore always has the article a sentence record names.
      for (const kind of ["exclusion", "decision"] as const)
        for await (const page of sentencePages(db, scope, kind)) yield escapeLineSeparators(page);
      return;
    }
    case "csv": {
      yield csv.header();
      for await (const page of renderedPages(db, scope, RENDERED_PAGE.csv, (range) => csvPageQuery(range, ctx.taxonomy))) yield page;
      yield csv.footer();
      return;
    }
    case "w3c":
    case "claimreview": {
      const meta = collectionMeta(ctx, claimCount);
      yield request.format === "w3c" ? w3c.collectionHeader(ctx, meta) : claimReview.header();
      const pageQuery =
        request.format === "w3c"
          ? (range: PageRange) => w3cPageQuery(range, ctx)
          : async (range: PageRange) => claimReviewPageQuery(range, ctx, await speakerAgents(db, range));
      // Every element comes with its leading separator; the export's first one must not. Made safe for a
      // <script> element here, on the whole page, as the writers do per element (server/export-sql.ts says why).
      let first = true;
      for await (const page of renderedPages(db, scope, RENDERED_PAGE[request.format], pageQuery)) {
        const text = escapeForScript(page);
        yield first ? text.slice(w3c.ITEM_SEPARATOR.length) : text;
        first = false;
      }
      yield request.format === "w3c" ? w3c.collectionFooter() : claimReview.footer();
      return;
    }
    case "tsv": {
      yield sentenceTsv.header();
      // Sentence rows need all of an article's claims at once; one article is the unit of memory.
      let current: { article: ArticleWithRevisions; claims: ExportClaim[] } | null = null;
      for await (const { article, batch, isFirstBatch } of claimBatches(db, scope, { withEmptyArticles: !request.goldOnly })) {
        if (isFirstBatch && current) yield await tsvRows(db, scope, current.article, current.claims);
        if (isFirstBatch) current = { article, claims: [] };
        current!.claims.push(...batch);
      }
      if (current) yield await tsvRows(db, scope, current.article, current.claims);
      yield sentenceTsv.footer();
      return;
    }
  }
}

/** The W3C collection's (and a ClaimReview export's) identity: a fresh id, a label with the export time, the claim count. */
function collectionMeta(ctx: ExportContext, claimCount: number) {
  return { id: crypto.randomUUID(), label: `Claimwork export ${ctx.generatedAt.toISOString()}`, total: claimCount };
}

export type ExportRecords = {
  ctx: ExportContext;
  claimCount: number;
  /** The scope's claims as records, article by article in export order; articles without a claim in scope follow at the end. */
  batches: AsyncGenerator<Batch>;
  /** The scope's sentence records in export order (article, sentence, author): what JSONL writes after the articles. */
  sentenceExclusions: () => Promise<ExportSentenceExclusion[]>;
  sentenceDecisions: () => Promise<ExportSentenceDecision[]>;
};

/**
 * An export's records, with the same scope, authorization and order as
 * {@link prepareExport}: what the sentence TSV is formatted from, and what
 * the database renderer's test formats with lib/export's writers (the
 * specification) to compare with the rendered text.
 */
export async function exportRecords(
  db: Db,
  actor: Actor,
  request: ExportRequest,
  options: { baseUrl: string; now: Date; pageSize?: number },
): Promise<ExportRecords> {
  const scope: Scope = { ...(await resolveScope(db, actor, request, options.baseUrl, options.now)), pageSize: options.pageSize };
  return {
    ctx: scope.ctx,
    claimCount: await countWithin(db, scope),
    batches: claimBatches(db, scope, { withEmptyArticles: true }),
    sentenceExclusions: () => loadSentenceExclusions(db, scope.sentences.exclusion),
    sentenceDecisions: () => loadSentenceDecisions(db, scope.sentences.decision),
  };
}

/** The scope's exclusions as records, read through Drizzle (the reference path the database renderer is compared with). */
async function loadSentenceExclusions(db: Db, where: SQL): Promise<ExportSentenceExclusion[]> {
  const x = alias(sentenceExclusions, "x");
  const u = alias(users, "u");
  const rows = await db
    .select({ row: x, authorName: u.name })
    .from(x)
    .leftJoin(u, eq(u.id, x.createdBy))
    .where(where)
    .orderBy(asc(x.articleId), asc(x.sentenceIndex));
  return rows.map(({ row, authorName }) => ({
    articleId: row.articleId,
    sentenceIndex: row.sentenceIndex,
    reason: row.reason,
    authorId: row.createdBy,
    authorName,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  }));
}

/** The scope's no-claim decisions as records, like {@link loadSentenceExclusions}. */
async function loadSentenceDecisions(db: Db, where: SQL): Promise<ExportSentenceDecision[]> {
  const d = alias(sentenceDecisions, "d");
  const u = alias(users, "u");
  const rows = await db
    .select({ row: d, authorName: u.name })
    .from(d)
    .innerJoin(u, eq(u.id, d.authorId))
    .where(where)
    .orderBy(asc(d.articleId), asc(d.sentenceIndex), asc(d.authorId));
  return rows.map(({ row, authorName }) => ({
    articleId: row.articleId,
    sentenceIndex: row.sentenceIndex,
    decision: row.decision,
    authorId: row.authorId,
    authorName,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  }));
}

type SentencePage = { text: string; n: number; last_article: string | null; last_index: number | null; last_author: string | null };

/** The scope's sentence records of one kind, rendered by the database page by page in export order. */
async function* sentencePages(db: Db, scope: Scope, kind: SentenceRecordKind): AsyncGenerator<string> {
  const limit = scope.pageSize ?? SENTENCE_PAGE;
  let after: SentenceKey | null = null;
  for (;;) {
    const query: SQL = sentenceRecordsPageQuery(kind, { conditions: scope.sentences[kind], after, limit });
    const page: SentencePage | undefined = rowsOf<SentencePage>(await db.execute(query))[0];
    if (!page || Number(page.n) === 0) return;
    if (page.text) yield page.text;
    if (Number(page.n) < limit || page.last_article === null) return;
    after = { articleId: page.last_article, sentenceIndex: Number(page.last_index), authorId: page.last_author ?? "" };
  }
}

/**
 * One article's sentence rows: its sentences, the scope's claims on it, the
 * scope's "no claim here" decisions on it (what makes a `not_claim`), and its
 * exclusions (left out).
 */
async function tsvRows(db: Db, scope: Scope, article: ArticleWithRevisions, articleClaims: ExportClaim[]): Promise<string> {
  const rows = await db
    .select({ index: sentences.index, start: sentences.start, end: sentences.end })
    .from(sentences)
    .where(eq(sentences.articleId, article.id))
    .orderBy(sentences.index);
  const index = createOffsetIndex(article.text);
  const list: ExportSentence[] = rows.map((s) => ({
    articleId: article.id,
    index: s.index,
    start: s.start,
    end: s.end,
    text: index.slice(s.start, s.end),
  }));
  const [decided, excluded] = await Promise.all([
    db.execute(sql`select distinct d.sentence_index from ${sentenceDecisions} d where ${scope.sentences.decision} and d.article_id = ${article.id}`),
    db.execute(sql`select x.sentence_index from ${sentenceExclusions} x where ${scope.sentences.exclusion} and x.article_id = ${article.id}`),
  ]);
  const indexes = (result: unknown) =>
    rowsOf<{ sentence_index: number }>(result as Parameters<typeof rowsOf>[0]).map((r) => Number(r.sentence_index));
  return sentenceTsv.formatSentenceRows(article, list, articleClaims, { noClaim: indexes(decided), excluded: indexes(excluded) });
}

/** An article as exports read it, with its revisions when it was ever revised (the lossless JSONL writes them after it). */
export type ArticleWithRevisions = ExportArticle & { revisions: ExportArticleRevision[] };

/** An article's revision lines, as the database renders them after its line (server/export-sql.ts). */
export function revisionLines(article: ArticleWithRevisions): string {
  return article.revisions.map((revision) => jsonl.formatArticleRevision(revision)).join("");
}

type Batch = { article: ArticleWithRevisions; batch: ExportClaim[]; isFirstBatch: boolean };
type Cursor = ExportKey;

/**
 * The scope's claims in (article, text position) order, in keyset-paginated
 * batches across the whole project, each batch cut at article boundaries and
 * paired with its article. The next page is requested while the current one
 * is being formatted, so the database and the formatter work at the same time.
 * With `withEmptyArticles`, articles without a matching claim follow at the
 * end (the lossless export keeps every article; the sentence TSV labels every
 * sentence).
 */
async function* claimBatches(db: Db, scope: Scope, options: { withEmptyArticles?: boolean } = {}): AsyncGenerator<Batch> {
  const articleCache = new Map<string, ArticleWithRevisions>();
  let current: string | null = null;
  let next: Promise<ClaimPage> | null = loadClaimPage(db, scope, null);
  while (next) {
    const page: ClaimPage = await next;
    next = page.claims.length === (scope.pageSize ?? CLAIM_BATCH) ? loadClaimPage(db, scope, page.cursor) : null;
    const missing = [...new Set(page.claims.map((c) => c.articleId))].filter((id) => !articleCache.has(id));
    if (missing.length) for (const a of await loadArticles(db, inArray(articles.id, missing))) articleCache.set(a.id, a);
    let from = 0;
    while (from < page.claims.length) {
      const articleId = page.claims[from]!.articleId;
      let to = from;
      while (to < page.claims.length && page.claims[to]!.articleId === articleId) to++;
      const article = articleCache.get(articleId)!;
      const isFirstBatch = articleId !== current;
      if (isFirstBatch && current) articleCache.delete(current); // done with it: keep memory flat
      current = articleId;
      yield { article, batch: page.claims.slice(from, to), isFirstBatch };
      from = to;
    }
  }
  if (options.withEmptyArticles) yield* articlesWithoutClaims(db, scope);
}

/** Articles of the project without a claim in scope, after all the others (the lossless export keeps every article). */
async function* articlesWithoutClaims(db: Db, scope: Scope): AsyncGenerator<Batch> {
  const withoutClaims = and(
    eq(articles.projectId, scope.projectId),
    sql`not exists (select 1 from ${claims} where ${claims.articleId} = ${articles.id} and ${and(...scope.conditions)})`,
  );
  let after: string | null = null;
  for (;;) {
    const list = await loadArticles(db, and(withoutClaims, after ? gt(articles.id, after) : undefined), ARTICLE_BATCH);
    for (const article of list) yield { article, batch: [], isFirstBatch: true };
    if (list.length < ARTICLE_BATCH) return;
    after = list[list.length - 1]!.id;
  }
}

async function loadArticles(db: Db, where: SQL | undefined, limit?: number): Promise<ArticleWithRevisions[]> {
  const query = db.select().from(articles).where(where).orderBy(asc(articles.id));
  const rows = limit ? await query.limit(limit) : await query;
  const revised = rows.filter((row) => row.revision > 1).map((row) => row.id);
  const revisions = revised.length
    ? await db
        .select()
        .from(articleRevisions)
        .where(inArray(articleRevisions.articleId, revised))
        .orderBy(asc(articleRevisions.articleId), asc(articleRevisions.number))
    : [];
  const byArticle = new Map<string, ExportArticleRevision[]>();
  for (const r of revisions) {
    const list = byArticle.get(r.articleId) ?? [];
    list.push({
      articleId: r.articleId,
      number: r.number,
      text: r.text,
      contentHash: r.contentHash,
      sourceUrl: r.sourceUrl,
      publishedAt: r.publishedAt,
      createdAt: r.createdAt.toISOString(),
    });
    byArticle.set(r.articleId, list);
  }
  return rows.map((row) => ({ ...articleFromRow(row), revisions: byArticle.get(row.id) ?? [] }));
}

/**
 * Pages rendered at once: more than one keeps both database backends
 * rendering while Node takes in a finished page (measured, BENCHMARKS.md).
 */
const PAGES_IN_FLIGHT = 3;

/**
 * The scope's claims rendered by the database, page by page in export order.
 * A page's bounds come from a cheap keyset query (the key of the claim
 * `pageSize` further on, read from the export index), so the next page can be
 * rendered while this one is: up to {@link PAGES_IN_FLIGHT} page queries run
 * at once on the pool, and pages are yielded strictly in order. Memory is a
 * few rendered pages, whatever the export's size.
 */
async function* renderedPages(
  db: Db,
  scope: Scope,
  defaultPageSize: number,
  pageQuery: (range: PageRange) => SQL | Promise<SQL>,
): AsyncGenerator<string> {
  const conditions = and(...scope.conditions)!;
  const pageSize = scope.pageSize ?? defaultPageSize;
  const inFlight: Array<Promise<string>> = [];
  let after: Cursor | null = null;
  let exhausted = false;
  for (;;) {
    while (!exhausted && inFlight.length < PAGES_IN_FLIGHT) {
      const until = await pageEnd(db, conditions, after, pageSize);
      const range: PageRange = { conditions, after, until, limit: pageSize };
      const page = Promise.resolve(pageQuery(range))
        .then((query) => db.execute(query))
        .then((result) => rowsOf<{ text: string }>(result)[0]?.text ?? "");
      page.catch(() => {}); // awaited in order below; this only keeps a failure of a later page from going unhandled meanwhile
      inFlight.push(page);
      if (until) after = until;
      else exhausted = true;
    }
    const next = inFlight.shift();
    if (!next) return;
    const text = await next;
    if (text) yield text;
  }
}

/** schema.org agents (as JSON) of the page's speakers, by speakerAgent's heuristics; empty speakers have none. */
async function speakerAgents(db: Db, range: PageRange): Promise<Record<string, string>> {
  const agents: Record<string, string> = {};
  for (const { speaker } of rowsOf<{ speaker: string }>(await db.execute(pageSpeakersQuery(range)))) {
    const agent = claimReview.speakerAgent(speaker);
    if (agent) agents[speaker] = JSON.stringify(agent);
  }
  return agents;
}

/** The key of the `pageSize`-th claim after `after` in export order, or null when fewer remain (the last page runs to the end). */
async function pageEnd(db: Db, conditions: SQL, after: Cursor | null, pageSize: number): Promise<Cursor | null> {
  const result = await db.execute(sql`
    select ${claims.articleId} as article_id, ${claims.start} as start, ${claims.id} as id from ${claims}
    where ${conditions} ${afterKey(after)}
    order by ${EXPORT_ORDER}
    offset ${pageSize - 1} limit 1`);
  const row = rowsOf<{ article_id: string; start: number; id: string }>(result)[0];
  return row ? { articleId: row.article_id, start: row.start, id: row.id } : null;
}

type ClaimPage = { claims: ExportClaim[]; cursor: Cursor | null };

/**
 * The sources of a page of claims in one query. One array parameter, not
 * thousands of bind parameters, and no per-claim JSON building in the
 * database (json_agg was several times slower, BENCHMARKS.md).
 */
async function loadSources(db: Db, claimIds: string[]): Promise<Map<string, ExportClaim["sources"]>> {
  const byClaim = new Map<string, ExportClaim["sources"]>();
  if (claimIds.length === 0) return byClaim;
  const rows = await db
    .select()
    .from(sources)
    // A Postgres array literal as one text parameter (drizzle would expand a JS array into a list); ids are UUIDs.
    .where(sql`${sources.claimId} = any(${`{${claimIds.join(",")}}`}::uuid[])`)
    .orderBy(asc(sources.claimId), asc(sources.position));
  for (const s of rows) {
    let list = byClaim.get(s.claimId);
    if (!list) {
      list = [];
      byClaim.set(s.claimId, list);
    }
    list.push(pickSource(s));
  }
  return byClaim;
}

/**
 * The page query's columns: every stored claim field and the target's under their record keys (so a row is a
 * ClaimRow), then the export-only provenance (as text[], read like any text list by both drivers).
 */
const CLAIM_ROW_COLUMNS = sql.join(
  [
    ...[...STORED_CLAIM_KEYS, ...TARGET_KEYS].map((key) => sql`${claims[key]} as ${sql.identifier(key)}`),
    sql`${claims.derivedFrom}::text[] as "derivedFrom"`,
    sql`${claims.anchorState}::text as "anchorState"`,
    sql`${claims.anchorRevision} as "anchorRevision"`,
  ],
  sql`, `,
);

/**
 * One page of claims in export order, as records: a plain SQL query whose
 * columns are named as the record's keys, mapped by lib/fields.ts (Drizzle's
 * row mapping on top was a measurable part of an export's time, see
 * BENCHMARKS.md). The scope's filters are the same SQL conditions.
 */
async function loadClaimPage(db: Db, scope: Scope, after: Cursor | null): Promise<ClaimPage> {
  const result = await db.execute(sql`
    select ${CLAIM_ROW_COLUMNS}, ${users.name} as "authorName"
    from ${claims} join ${users} on ${users.id} = ${claims.authorId}
    where ${and(...scope.conditions)} ${afterKey(after)}
    order by ${EXPORT_ORDER}
    limit ${scope.pageSize ?? CLAIM_BATCH}`);
  const rows = rowsOf<ClaimRow & Pick<ExportClaim, "authorName" | "derivedFrom" | "anchorState" | "anchorRevision">>(result);
  const sourcesByClaim = await loadSources(
    db,
    rows.map((r) => r.id),
  );
  const list: ExportClaim[] = rows.map((row) => ({
    ...claimFromRow(row, { authorName: row.authorName, sources: sourcesByClaim.get(row.id) ?? [] }),
    derivedFrom: row.derivedFrom,
    anchorState: row.anchorState,
    anchorRevision: row.anchorRevision,
  }));
  const last = list[list.length - 1];
  return { claims: list, cursor: last ? { articleId: last.articleId, start: last.target.start, id: last.id } : null };
}

/** Turn the chunk generator into a web stream (HTTP body); errors end the stream rather than hang it. */
export function toReadableStream(chunks: AsyncGenerator<string>): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  // The client may go away while a page is being rendered: then the page is dropped, not enqueued into a closed stream.
  let isCancelled = false;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const { value, done } = await chunks.next();
        if (isCancelled) return;
        if (done) controller.close();
        else controller.enqueue(encoder.encode(value));
      } catch (error) {
        console.error("[claimwork] export failed mid-stream", error);
        controller.error(error);
      }
    },
    async cancel() {
      isCancelled = true;
      await chunks.return(undefined);
    },
  });
}
