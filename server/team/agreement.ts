import "server-only";
import { and, asc, eq, inArray, sql } from "drizzle-orm";
import { z } from "zod";
import { type Db, rowsOf, type Tx } from "@/db/client";
import { articles, assignments, claims, events, sentenceExclusions, sentences, users } from "@/db/schema";
import {
  type AgreementArticle,
  type AgreementClaim,
  type AgreementResult,
  alphaClaimFromCounts,
  computeArticleAgreement,
  computeProjectAgreement,
} from "@/lib/agreement";
import { countByKind, type DisagreementKind, findDisagreements } from "@/lib/agreement-disagreements";
import { createOffsetIndex } from "@/lib/offsets";
import type { Actor } from "../authz";
import { claimIsPlaced } from "../claim-rows";
import { AppError } from "../errors";
import { type ProjectViewer, requireArticleViewer, requireProjectViewer, visibleClaims } from "../visibility";

/**
 * Agreement is computed on independent work only: for each article, the
 * annotators whose assignment is submitted, and their live, non-gold claims.
 * An article counts only with at least two of them (one annotator agrees with
 * nobody); the reports say how many were left out. Sentences marked not
 * annotatable (server/sentence-decisions.ts) count for nobody. Reviewers and
 * admins only (it shows everyone's work side by side), through the
 * visibility module's viewer and claim condition.
 */

/** Fewer submitted annotators than this and an article is left out. */
export const MIN_CODERS = 2;

export type Person = { id: string; name: string };

/** Articles of the scope that do not count, by why: none has two submitted annotators. */
export type LeftOut = { oneSubmitted: number; noneSubmitted: number };

export type AgreementReport = {
  result: AgreementResult;
  /** Annotators who count (submitted on an article that counts), in the order `result.pairs` uses. */
  annotators: Person[];
  /** Articles that count: two or more submitted annotators. */
  articleCount: number;
  leftOut: LeftOut;
};

/**
 * The project's figures, pooled over the articles that count. Loads every
 * counted claim (the per-article page does not use it), so the report is
 * kept per project like the ranking keys (see {@link projectState}).
 */
export async function getProjectAgreement(db: Db, actor: Actor, projectId: string): Promise<AgreementReport> {
  const viewer = await requireProjectViewer(db, actor, projectId, "review");
  return keptForState(pooledCache, db, viewer.projectId, () => buildProjectReport(db, viewer));
}

async function buildProjectReport(db: Db, viewer: ProjectViewer): Promise<AgreementReport> {
  const loaded = await loadInputs(db, viewer, {});
  const ids = loaded.annotators.map((a) => a.id);
  const result = computeProjectAgreement({
    annotators: ids,
    articles: loaded.articles.map((a) => a.input),
    annotatorsByArticle: Object.fromEntries(loaded.articles.map((a) => [a.input.articleId, a.coders.map((c) => c.id)])),
  });
  return { result, annotators: loaded.annotators, articleCount: loaded.articles.length, leftOut: await countLeftOut(db, viewer.projectId, {}) };
}

/** The same figures for one article (it counts, or the result is empty and `leftOut` says why). */
export async function getArticleAgreement(db: Db, actor: Actor, articleId: string): Promise<AgreementReport> {
  const { viewer } = await requireArticleViewer(db, actor, articleId, "review");
  const loaded = await loadInputs(db, viewer, { articleIds: [articleId] });
  const article = loaded.articles[0];
  const result = computeArticleAgreement({
    annotators: article?.coders.map((c) => c.id) ?? [],
    article: article?.input ?? { articleId, sentenceCount: 0, claims: [] },
  });
  return {
    result,
    annotators: article?.coders ?? [],
    articleCount: loaded.articles.length,
    leftOut: await countLeftOut(db, viewer.projectId, { articleId }),
  };
}

// ── Per article, a page at a time ───────────────────────────────────────────

export const ARTICLE_SORTS = ["agreement", "title"] as const;
export type ArticleSort = (typeof ARTICLE_SORTS)[number];
export const ARTICLE_PAGE_LIMIT = 100;

/** The per-article list's query: lowest agreement first (or by title), a page by offset. */
export const articleAgreementQuerySchema = z.object({
  sort: z.enum(ARTICLE_SORTS).default("agreement"),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
  limit: z.coerce.number().int().min(1).max(ARTICLE_PAGE_LIMIT).default(25),
});
export type ArticleAgreementQuery = z.infer<typeof articleAgreementQuerySchema>;

export type ArticleAgreementRow = {
  articleId: string;
  title: string;
  annotatorCount: number;
  /** Annotatable sentences. */
  sentences: number;
  alphaClaim: number | null;
  alphaClaimType: number | null;
  alphaUnitizing: number | null;
  /** Mean over the article's pairs of annotators (null without a pair). */
  meanF1Exact: number | null;
  meanF1Overlap: number | null;
  disagreements: Record<DisagreementKind, number>;
};

export type ArticleAgreementPage = {
  rows: ArticleAgreementRow[];
  /** Articles that count, over all pages. */
  total: number;
  sort: ArticleSort;
  offset: number;
  limit: number;
  leftOut: LeftOut;
};

/**
 * The articles that count, with their own figures, a page at a time.
 *
 * Design, for desk scale (dozens of annotators on a thousand articles): the
 * full figures need every claim, so they are computed only for the page
 * shown. Ranking by agreement still has to see every article, so the order
 * comes from one aggregate in the database (how many submitted annotators
 * claim each sentence: a few rows per article, not every claim) turned into
 * alpha on claim / not claim by lib/agreement's alphaClaimFromCounts, the
 * figure the row shows first. Articles where it is undefined sort last.
 */
export async function listArticleAgreement(db: Db, actor: Actor, projectId: string, query: ArticleAgreementQuery): Promise<ArticleAgreementPage> {
  const viewer = await requireProjectViewer(db, actor, projectId, "review");
  const summaries = await db
    .select({
      id: articles.id,
      title: articles.title,
      sentenceCount: articles.sentenceCount,
      submitted:
        sql<number>`(select count(*) from ${assignments} where ${assignments.articleId} = ${articles.id} and ${assignments.status} = 'submitted')`.mapWith(
          Number,
        ),
    })
    .from(articles)
    .where(eq(articles.projectId, viewer.projectId));
  const counted = summaries.filter((a) => a.submitted >= MIN_CODERS);
  const leftOut = leftOutOf(summaries.map((a) => a.submitted));
  const byTitle = (a: { title: string; id: string }, b: { title: string; id: string }) => a.title.localeCompare(b.title) || (a.id < b.id ? -1 : 1);

  let ordered = counted;
  if (query.sort === "title") ordered = [...counted].sort(byTitle);
  else {
    const keys = await rankingAlphas(db, viewer, counted);
    ordered = [...counted].sort((a, b) => {
      const x = keys.get(a.id) ?? null;
      const y = keys.get(b.id) ?? null;
      if (x === null || y === null) return x === y ? byTitle(a, b) : x === null ? 1 : -1;
      return x - y || byTitle(a, b);
    });
  }
  // An offset past the end (a stale link after articles left the count) answers the last page, and says so in `offset`.
  const offset = query.offset < ordered.length ? query.offset : Math.max(0, Math.ceil(ordered.length / query.limit) - 1) * query.limit;
  const page = ordered.slice(offset, offset + query.limit);
  const loaded = await loadInputs(db, viewer, { articleIds: page.map((a) => a.id) });
  const byId = new Map(loaded.articles.map((a) => [a.input.articleId, a]));
  const rows = page.map((summary): ArticleAgreementRow => {
    const article = byId.get(summary.id);
    const coders = article?.coders.map((c) => c.id) ?? [];
    const input = article?.input ?? { articleId: summary.id, sentenceCount: 0, claims: [] };
    const result = computeArticleAgreement({ annotators: coders, article: input });
    const mean = (values: number[]) => (values.length === 0 ? null : values.reduce((a, b) => a + b, 0) / values.length);
    return {
      articleId: summary.id,
      title: summary.title,
      annotatorCount: coders.length,
      sentences: result.units,
      alphaClaim: result.alphaClaim,
      alphaClaimType: result.alphaClaimType,
      alphaUnitizing: result.alphaUnitizing,
      meanF1Exact: mean(result.pairs.map((p) => p.spanF1Exact.f1)),
      meanF1Overlap: mean(result.pairs.map((p) => p.spanF1Overlap.f1)),
      disagreements: countByKind(
        findDisagreements({
          annotators: coders,
          sentenceCount: input.sentenceCount,
          claims: input.claims,
          excludedSentences: input.excludedSentences,
        }),
      ),
    };
  });
  return { rows, total: counted.length, sort: query.sort, offset, limit: query.limit, leftOut };
}

/**
 * Figures that read every counted claim of a project (the ranking keys, the
 * pooled report: the slow part at desk scale) are kept per process while the
 * project's state is unchanged, where reading the state takes a few index
 * lookups. The state is the project's last history entry (every write
 * of claims, submissions and sentence marks writes one in its transaction)
 * and, should a path ever write without one, the submitted assignments and
 * the sentence exclusions themselves; entries also expire, so nothing can lag
 * for long. One entry serves every viewer: only reviewers and admins get
 * these figures, and they see all work. The per-article rows are always
 * computed afresh; only their order comes from here.
 */
const KEPT_PROJECTS = 20;
const KEPT_MS = 60_000;
/** Per database (a process may hold several: tests, benches), per project. */
type Kept<T> = WeakMap<Db, Map<string, { state: string; at: number; value: T }>>;
const rankingCache: Kept<Map<string, number | null>> = new WeakMap();
const pooledCache: Kept<AgreementReport> = new WeakMap();

async function keptForState<T>(kept: Kept<T>, db: Db, projectId: string, compute: () => Promise<T>): Promise<T> {
  let cache = kept.get(db);
  if (!cache) {
    cache = new Map();
    kept.set(db, cache);
  }
  const state = await projectState(db, projectId);
  const entry = cache.get(projectId);
  if (entry && entry.state === state && Date.now() - entry.at < KEPT_MS) return entry.value;
  const value = await compute();
  cache.delete(projectId);
  if (cache.size >= KEPT_PROJECTS) cache.delete(cache.keys().next().value!);
  cache.set(projectId, { state, at: Date.now(), value });
  return value;
}

async function projectState(db: Db, projectId: string): Promise<string> {
  const [row] = rowsOf<{ state: string }>(
    await db.execute(sql`select concat_ws(':',
      (select max(${events.id}) from ${events} where ${events.projectId} = ${projectId}),
      (select concat_ws(',', count(*), max(${assignments.submittedAt})) from ${assignments}
        where ${assignments.projectId} = ${projectId} and ${assignments.status} = 'submitted'),
      (select concat_ws(',', count(*), max(${sentenceExclusions.updatedAt})) from ${sentenceExclusions}
        where ${sentenceExclusions.projectId} = ${projectId})) as state`),
  );
  return row?.state ?? "";
}

async function rankingAlphas(
  db: Db,
  viewer: ProjectViewer,
  counted: ReadonlyArray<{ id: string; sentenceCount: number; submitted: number }>,
): Promise<Map<string, number | null>> {
  return keptForState(rankingCache, db, viewer.projectId, () => computeRankingAlphas(db, viewer, counted));
}

/** Alpha on claim / not claim for each counted article, from per-sentence counts the database aggregates. */
async function computeRankingAlphas(
  db: Db,
  viewer: ProjectViewer,
  counted: ReadonlyArray<{ id: string; sentenceCount: number; submitted: number }>,
): Promise<Map<string, number | null>> {
  const countedIds = new Set(counted.map((a) => a.id));
  // Measured on the Postgres server at desk scale (scripts/bench-agreement-desk.ts): joining every claim to its
  // assignment by hash and de-duplicating (article, sentence, author) before counting is the cheapest plan,
  // and the sort under it fits in memory only with more than the default work_mem, so the read runs in a
  // transaction of its own that raises it for this statement alone.
  const covered = await db.transaction(async (tx) => {
    await tx.execute(sql`set local work_mem = '32MB'`);
    return tx.execute(sql`
      with covered as (
        select distinct ${claims.articleId} as article_id, covered.sentence, ${claims.authorId} as author_id
        from ${claims}
        join ${assignments} on ${assignments.articleId} = ${claims.articleId} and ${assignments.userId} = ${claims.authorId}
          and ${assignments.status} = 'submitted'
        cross join lateral unnest(${claims.sentenceIndexes}) as covered(sentence)
        where ${visibleClaims(viewer)} and ${claimIsPlaced()} and ${claims.isGold} = false
      )
      select covered.article_id, covered.sentence, count(*)::int as coders
      from covered
      where not exists (
        select 1 from ${sentenceExclusions}
        where ${sentenceExclusions.articleId} = covered.article_id and ${sentenceExclusions.sentenceIndex} = covered.sentence
      )
      group by covered.article_id, covered.sentence`);
  });
  const exclusions = await db
    .select({ articleId: sentenceExclusions.articleId, sentenceIndex: sentenceExclusions.sentenceIndex })
    .from(sentenceExclusions)
    .where(eq(sentenceExclusions.projectId, viewer.projectId));
  const sentenceCounts = new Map(counted.map((a) => [a.id, a.sentenceCount]));
  const excludedCount = new Map<string, number>();
  for (const e of exclusions) {
    const n = sentenceCounts.get(e.articleId);
    if (n !== undefined && e.sentenceIndex >= 0 && e.sentenceIndex < n) excludedCount.set(e.articleId, (excludedCount.get(e.articleId) ?? 0) + 1);
  }
  const claimedBy = new Map<string, number[]>();
  for (const row of rowsOf<{ article_id: string; sentence: number; coders: number }>(covered)) {
    const n = sentenceCounts.get(row.article_id);
    if (n === undefined || !countedIds.has(row.article_id) || row.sentence < 0 || row.sentence >= n) continue;
    const list = claimedBy.get(row.article_id);
    if (list) list.push(Number(row.coders));
    else claimedBy.set(row.article_id, [Number(row.coders)]);
  }
  return new Map(
    counted.map((a) => [a.id, alphaClaimFromCounts(a.submitted, a.sentenceCount - (excludedCount.get(a.id) ?? 0), claimedBy.get(a.id) ?? [])]),
  );
}

// ── The drill-down: where annotators disagree on one article ─────────────────

/** Two annotators to compare on their own (both must have submitted the article). */
export const disagreementQuerySchema = z
  .object({ a: z.string().min(1).max(200).optional(), b: z.string().min(1).max(200).optional() })
  .refine((q) => (q.a === undefined) === (q.b === undefined), { message: "a pair needs both a and b", path: ["b"] })
  .refine((q) => q.a === undefined || q.a !== q.b, { message: "must differ from a", path: ["b"] });
export type DisagreementQuery = z.infer<typeof disagreementQuerySchema>;

export type DisagreementClaim = { id: string; exact: string; claimType: string | null; start: number; end: number };

export type DisagreementSentence = {
  /** The sentence's stored index, counted from 0 as in the exports. */
  index: number;
  text: string;
  kind: DisagreementKind;
  values: Array<{ annotatorId: string; claimType: string | null; claims: DisagreementClaim[] }>;
};

export type ArticleDisagreements = {
  article: { id: string; title: string; projectId: string };
  /** The article's submitted annotators. */
  annotators: Person[];
  /** The pair compared, when one was asked for. */
  pair: { a: Person; b: Person } | null;
  /** False when fewer than two annotators submitted: nothing to compare. */
  isCounted: boolean;
  /** The article's figures among the annotators compared. */
  result: AgreementResult;
  sentences: DisagreementSentence[];
  counts: Record<DisagreementKind, number>;
};

/**
 * The sentences of one article where its submitted annotators (or one pair of
 * them) disagree, with each one's claims there (lib/agreement-disagreements.ts
 * for the kinds). `projectId`, when given, must be the article's project
 * (404 otherwise), so a project's page cannot show another's article.
 */
export async function getArticleDisagreements(
  db: Db,
  actor: Actor,
  articleId: string,
  options: { projectId?: string; pair?: { a: string; b: string } } = {},
): Promise<ArticleDisagreements> {
  const { viewer } = await requireArticleViewer(db, actor, articleId, "review");
  if (options.projectId !== undefined && options.projectId !== viewer.projectId) throw new AppError("not_found:article", "No such article.");
  const [[article], loaded, sentenceRows] = await Promise.all([
    db
      .select({ id: articles.id, title: articles.title, text: articles.text, projectId: articles.projectId })
      .from(articles)
      .where(eq(articles.id, articleId)),
    loadInputs(db, viewer, { articleIds: [articleId], withQuotes: true, includeUncounted: true }),
    db.select({ index: sentences.index, start: sentences.start, end: sentences.end }).from(sentences).where(eq(sentences.articleId, articleId)),
  ]);
  if (!article) throw new AppError("not_found:article", "No such article.");
  const entry = loaded.articles[0];
  const annotators = entry?.coders ?? [];
  let compared = annotators;
  let pair: ArticleDisagreements["pair"] = null;
  if (options.pair) {
    const a = annotators.find((p) => p.id === options.pair!.a);
    const b = annotators.find((p) => p.id === options.pair!.b);
    if (!a || !b || a.id === b.id) throw new AppError("not_found:pair", "These two did not both submit this article.");
    pair = { a, b };
    compared = [a, b];
  }
  const isCounted = annotators.length >= MIN_CODERS;
  const input = entry?.input ?? { articleId, sentenceCount: 0, claims: [] };
  const ids = isCounted ? compared.map((c) => c.id) : [];
  const result = computeArticleAgreement({ annotators: ids, article: input });
  const found = findDisagreements({
    annotators: ids,
    sentenceCount: input.sentenceCount,
    claims: input.claims,
    excludedSentences: input.excludedSentences,
  });
  const index = createOffsetIndex(article.text);
  const textOf = new Map(sentenceRows.map((s) => [s.index, index.slice(s.start, s.end)]));
  return {
    article: { id: article.id, title: article.title, projectId: article.projectId },
    annotators,
    pair,
    isCounted,
    result,
    sentences: found.map((d) => ({
      index: d.sentenceIndex,
      text: textOf.get(d.sentenceIndex) ?? "",
      kind: d.kind,
      values: d.values.map((v) => ({
        annotatorId: v.annotatorId,
        claimType: v.claimType,
        claims: v.claims.map((c) => ({ id: c.id, exact: c.exact, claimType: c.claimType, start: c.start, end: c.end })),
      })),
    })),
    counts: countByKind(found),
  };
}

// ── Loading ─────────────────────────────────────────────────────────────────

type LoadedClaim = AgreementClaim & { id: string; exact: string };
export type LoadedArticle = { input: AgreementArticle & { claims: LoadedClaim[] }; coders: Person[] };

/**
 * One article's agreement input, whether it counts or not (adjudication's
 * disputed and agreed sentences read it, so they are judged on exactly what
 * the drill-down judges); null when the article is not the viewer's project's.
 */
export async function loadArticleAgreementInput(db: Db | Tx, viewer: ProjectViewer, articleId: string): Promise<LoadedArticle | null> {
  const { articles: loaded } = await loadInputs(db, viewer, { articleIds: [articleId], includeUncounted: true });
  return loaded[0] ?? null;
}

/**
 * The agreement input of the scope's articles (the project's, or the listed
 * ones): submitted annotators in order of name, their claims as the viewer may
 * see them, excluded sentences with their code point ranges, and each
 * article's length in code points (`char_length` counts code points in a
 * UTF-8 database). Only articles that count, unless `includeUncounted`.
 */
async function loadInputs(
  db: Db | Tx,
  viewer: ProjectViewer,
  options: { articleIds?: readonly string[]; withQuotes?: boolean; includeUncounted?: boolean },
): Promise<{ articles: LoadedArticle[]; annotators: Person[] }> {
  if (options.articleIds?.length === 0) return { articles: [], annotators: [] };
  const inScope = options.articleIds ? inArray(assignments.articleId, [...options.articleIds]) : undefined;
  const submitted = await db
    .select({ articleId: assignments.articleId, userId: assignments.userId, name: users.name })
    .from(assignments)
    .innerJoin(users, eq(users.id, assignments.userId))
    .where(and(eq(assignments.projectId, viewer.projectId), eq(assignments.status, "submitted"), inScope))
    .orderBy(asc(users.name), asc(users.id));
  const codersByArticle = new Map<string, Person[]>();
  for (const row of submitted) {
    const list = codersByArticle.get(row.articleId);
    const person = { id: row.userId, name: row.name };
    if (list) list.push(person);
    else codersByArticle.set(row.articleId, [person]);
  }
  const ids = options.includeUncounted
    ? [...(options.articleIds ?? [])]
    : [...codersByArticle].filter(([, coders]) => coders.length >= MIN_CODERS).map(([id]) => id);
  if (ids.length === 0) return { articles: [], annotators: [] };

  const [meta, exclusions, claimRows] = await Promise.all([
    db
      .select({ id: articles.id, sentenceCount: articles.sentenceCount, textLength: sql<number>`char_length(${articles.text})`.mapWith(Number) })
      .from(articles)
      .where(and(eq(articles.projectId, viewer.projectId), inArray(articles.id, ids))),
    db
      .select({
        articleId: sentenceExclusions.articleId,
        sentenceIndex: sentenceExclusions.sentenceIndex,
        start: sentences.start,
        end: sentences.end,
      })
      .from(sentenceExclusions)
      .innerJoin(sentences, and(eq(sentences.articleId, sentenceExclusions.articleId), eq(sentences.index, sentenceExclusions.sentenceIndex)))
      .where(and(eq(sentenceExclusions.projectId, viewer.projectId), inArray(sentenceExclusions.articleId, ids))),
    db
      .select({
        id: claims.id,
        articleId: claims.articleId,
        annotatorId: claims.authorId,
        start: claims.start,
        end: claims.end,
        claimType: claims.claimType,
        sentenceIndexes: claims.sentenceIndexes,
        exact: options.withQuotes ? claims.exact : sql<string>`''`,
      })
      .from(claims)
      .where(and(visibleClaims(viewer), inArray(claims.articleId, ids), claimIsPlaced(), eq(claims.isGold, false))),
  ]);
  const excluded = new Map<string, { indexes: number[]; ranges: Array<{ start: number; end: number }> }>();
  for (const e of exclusions) {
    const entry = excluded.get(e.articleId) ?? { indexes: [], ranges: [] };
    entry.indexes.push(e.sentenceIndex);
    entry.ranges.push({ start: e.start, end: e.end });
    excluded.set(e.articleId, entry);
  }
  const claimsByArticle = new Map<string, LoadedClaim[]>();
  for (const { articleId, ...claim } of claimRows) {
    // Only the work of the article's submitted annotators counts.
    if (!codersByArticle.get(articleId)?.some((c) => c.id === claim.annotatorId)) continue;
    const list = claimsByArticle.get(articleId);
    if (list) list.push(claim);
    else claimsByArticle.set(articleId, [claim]);
  }
  const metaById = new Map(meta.map((m) => [m.id, m]));
  const loaded: LoadedArticle[] = ids.flatMap((id) => {
    const m = metaById.get(id);
    if (!m) return [];
    return [
      {
        coders: codersByArticle.get(id) ?? [],
        input: {
          articleId: id,
          sentenceCount: m.sentenceCount,
          textLength: m.textLength,
          claims: claimsByArticle.get(id) ?? [],
          excludedSentences: excluded.get(id)?.indexes ?? [],
          excludedRanges: excluded.get(id)?.ranges ?? [],
        },
      },
    ];
  });
  // Annotators who count, in the submitted rows' order (name, then id).
  const countedIds = new Set(loaded.flatMap((a) => a.coders.map((c) => c.id)));
  const annotators: Person[] = [];
  const seen = new Set<string>();
  for (const row of submitted) {
    if (!countedIds.has(row.userId) || seen.has(row.userId) || !ids.includes(row.articleId)) continue;
    seen.add(row.userId);
    annotators.push({ id: row.userId, name: row.name });
  }
  return { articles: loaded, annotators };
}

/** Articles of the project (or the one article) with fewer than two submitted annotators. */
async function countLeftOut(db: Db, projectId: string, options: { articleId?: string }): Promise<LeftOut> {
  const rows = await db
    .select({
      submitted:
        sql<number>`(select count(*) from ${assignments} where ${assignments.articleId} = ${articles.id} and ${assignments.status} = 'submitted')`.mapWith(
          Number,
        ),
    })
    .from(articles)
    .where(and(eq(articles.projectId, projectId), options.articleId ? eq(articles.id, options.articleId) : undefined));
  return leftOutOf(rows.map((r) => r.submitted));
}

function leftOutOf(submittedCounts: readonly number[]): LeftOut {
  const leftOut: LeftOut = { oneSubmitted: 0, noneSubmitted: 0 };
  for (const n of submittedCounts) {
    if (n === 1) leftOut.oneSubmitted++;
    else if (n === 0) leftOut.noneSubmitted++;
  }
  return leftOut;
}
