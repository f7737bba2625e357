import "server-only";
import { and, asc, desc, eq, isNotNull, isNull, sql } from "drizzle-orm";
import { stringify as toYaml } from "yaml";
import { z } from "zod";
import { articleSearchMatches, articleSearchRank } from "@/db/article-search";
import { type Db, rowsOf, type Tx } from "@/db/client";
import { type Article, articles, assignments, type ProjectRole, projectMembers, projects, sentences, users } from "@/db/schema";
import { ARTICLE_PAGE_SIZES, type ArticleListQuery, DEFAULT_ARTICLE_PAGE_SIZE, primaryLanguage } from "@/lib/article-list";
import { ArticleFileError, type ArticleFileErrorCode, type ParsedArticle, parseArticleFile } from "@/lib/article-text";
import { contentHash } from "@/lib/content-hash";
import { findUnstorableField } from "@/lib/export";
import type { ChangeNotice } from "@/lib/live-notice";
import { createOffsetIndex } from "@/lib/offsets";
import { segmentSentences } from "@/lib/segmentation";
import { describeUnstorable, unstorableProblem } from "@/lib/storable-text";
import type { Taxonomy } from "@/lib/taxonomy";
import { decodeText, type TextEncodingName, type UndecodableText } from "@/lib/text-encoding";
import type { AssignmentStatus } from "@/lib/vocabularies";
import { type Actor, requireProjectRole } from "./authz";
import { AppError } from "./errors";
import { historyStatementParts } from "./events";
import { articleRevisedByFile, type ReanchorCounts, reviseInTx } from "./revisions";
import { visibleAcrossProjects } from "./visibility";

/** Largest article file accepted (stated in the UI and in errors). */
export const ARTICLE_FILE_LIMIT = 2 * 1024 * 1024;
export const ARTICLE_FILE_LIMIT_LABEL = "2 MB";

export type ImportedArticle = { id: string; title: string; isNew: boolean };

/**
 * Why a file was not imported. `problem` is what the interface puts in the
 * reader's words; `invalid` covers what it shows as the server says it (bad
 * front matter, a bad JSONL line, a name or text Postgres cannot store).
 */
export type ArticleRefusal = {
  problem: "empty" | "binary" | "too_large" | "file_type" | "invalid" | "broken_encoding" | "unsupported_encoding" | "unknown_encoding";
  /** In English and naming the file (and line): what the API, the command line and a 422 say. */
  reason: string;
  /** broken_encoding: the encoding the bytes declare or resemble; unsupported_encoding: the one they seem to be in. */
  suspectedEncoding?: string;
  /** broken_encoding: the line holding the first broken character. */
  brokenLine?: number;
};

/** What became of one file of an import, in the order the files came. */
export type ArticleFileOutcome =
  | { name: string | null; status: "imported" | "existing"; id: string; title: string; encoding?: TextEncodingName }
  /** A new revision of the article with the file's source URL (server/revisions.ts): its number and what became of the claims. */
  | { name: string | null; status: "revised"; id: string; title: string; revision: number; claims: ReanchorCounts; encoding?: TextEncodingName }
  | ({ name: string | null; status: "refused"; encoding?: TextEncodingName } & ArticleRefusal);

/**
 * An article file: pasted text (a string already, nothing to detect), an
 * uploaded file's bytes (decoded here, see lib/text-encoding.ts), or a file
 * refused before it got here (the wrong type, a JSONL line that is no article).
 */
export type ArticleFileInput =
  | { name: string | null; content: string }
  | { name: string | null; bytes: Uint8Array }
  | { name: string | null; refused: ArticleRefusal };

const DECODE_PROBLEM: Record<UndecodableText["problem"], ArticleRefusal["problem"]> = {
  binary: "binary",
  broken: "broken_encoding",
  unsupported: "unsupported_encoding",
  unknown: "unknown_encoding",
};

const PARSE_PROBLEM: Record<ArticleFileErrorCode, ArticleRefusal["problem"]> = {
  empty: "empty",
  binary: "binary",
  front_matter: "invalid",
  source_url: "invalid",
};

const prefixed = (fileName: string | null, message: string) => (fileName ? `${fileName}: ${message}` : message);

/** The checks and parsing that make an article of a file's text, before anything touches the database. */
function prepareArticle(raw: string, fileName: string | null): { parsed: ParsedArticle } | { refusal: ArticleRefusal } {
  // Postgres cannot store a lone surrogate: it would arrive as U+FFFD, the text silently changed.
  // (A NUL in the text is refused by the parser, as the mark of a binary file.)
  const nameProblem = fileName ? unstorableProblem(fileName) : null;
  if (nameProblem) return { refusal: { problem: "invalid", reason: `The file name ${describeUnstorable(nameProblem)}.` } };
  if (unstorableProblem(raw) === "lone_surrogate") {
    return { refusal: { problem: "invalid", reason: prefixed(fileName, `the text ${describeUnstorable("lone_surrogate")}`) } };
  }
  try {
    return { parsed: parseArticleFile(raw, fileName ?? undefined) };
  } catch (error) {
    if (error instanceof ArticleFileError) return { refusal: { problem: PARSE_PROBLEM[error.code], reason: prefixed(fileName, error.message) } };
    throw error;
  }
}

/** A refusal as the error an all-or-nothing caller throws: 413 for size, else 422. */
export function refusalError(refusal: ArticleRefusal): AppError {
  return new AppError(refusal.problem === "too_large" ? "payload_too_large:article" : "unprocessable:article", refusal.reason);
}

/**
 * Parse, segment and store one article file. Idempotent per project: the same
 * text (by content hash) imported again returns the existing article.
 * `actorId` null is the seed loader.
 * @throws AppError (422) for a file that is no article, naming the file.
 */
export async function insertArticleFromFile(
  tx: Tx,
  options: { projectId: string; raw: string; fileName: string | null; actorId: string | null },
): Promise<ImportedArticle> {
  const prepared = prepareArticle(options.raw, options.fileName);
  if ("refusal" in prepared) throw refusalError(prepared.refusal);
  return storeArticle(tx, { projectId: options.projectId, parsed: prepared.parsed, fileName: options.fileName, actorId: options.actorId });
}

export async function storeArticle(
  tx: Tx,
  options: { projectId: string; parsed: ParsedArticle; fileName: string | null; actorId: string | null },
): Promise<ImportedArticle> {
  const { parsed } = options;
  const hash = contentHash(parsed.text);
  const spans = segmentSentences(parsed.text, parsed.language ?? undefined);
  const offsets = createOffsetIndex(parsed.text);

  // One statement: the article, its sentences (stored in code points, like every offset that leaves the
  // system) and the history entry with its notice — one round trip per article, which is what a bulk
  // import of thousands of articles pays. The id is made here so the notice can name it.
  const id = crypto.randomUUID();
  const sentenceRows = JSON.stringify(spans.map((span) => [span.index, offsets.toCodePoint(span.start), offsets.toCodePoint(span.end)]));
  const notice: ChangeNotice = {
    projectId: options.projectId,
    articleId: id,
    entityType: "article",
    entityId: id,
    action: "article.imported",
    actorId: options.actorId,
  };
  const history = historyStatementParts(notice, {
    after: sql`${JSON.stringify({ title: parsed.title, originFile: options.fileName, contentHash: hash })}::jsonb`,
    forEachRowOf: sql`inserted`,
  });
  const [inserted] = rowsOf<{ id: string; title: string }>(
    await tx.execute(sql`
      with inserted as (
        insert into ${articles} ("id", "project_id", "title", "text", "language", "source_url", "publisher", "published_at",
                                 "content_hash", "origin_file", "sentence_count", "created_by")
        values (${id}, ${options.projectId}, ${parsed.title}, ${parsed.text}, ${parsed.language}, ${parsed.sourceUrl}, ${parsed.publisher},
                ${parsed.publishedAt}, ${hash}, ${options.fileName}, ${spans.length}, ${options.actorId})
        on conflict ("project_id", "content_hash") do nothing
        returning "id", "title"
      ),
      inserted_sentences as (
        insert into ${sentences} ("article_id", "index", "start", "end")
        select inserted.id, (s->>0)::int, (s->>1)::int, (s->>2)::int from inserted, jsonb_array_elements(${sentenceRows}::jsonb) as s
      ),
      ${history.entry}
      select inserted.id, inserted.title, ${history.notify} as notified
      from inserted`),
  );
  if (inserted) return { id: inserted.id, title: inserted.title, isNew: true };

  const [existing] = await tx
    .select({ id: articles.id, title: articles.title })
    .from(articles)
    .where(and(eq(articles.projectId, options.projectId), eq(articles.contentHash, hash)));
  if (!existing) throw new AppError("conflict:article", "The article was imported concurrently; try again.");
  return { ...existing, isNew: false };
}

/** An article file read and checked, or why it is no article; with the encoding an upload was read in. */
export type ReadArticleFile = ({ parsed: ParsedArticle } | { refusal: ArticleRefusal }) & { encoding?: TextEncodingName };

/**
 * An article file's text decoded (an upload), parsed and checked in Node, before anything touches the
 * database: what an import and a new revision (server/revisions.ts) both start from.
 */
export function readArticleFile(file: ArticleFileInput): ReadArticleFile {
  const name = file.name;
  if ("refused" in file) return { refusal: file.refused };
  const size = "bytes" in file ? file.bytes.byteLength : Buffer.byteLength(file.content, "utf8");
  if (size > ARTICLE_FILE_LIMIT) {
    return { refusal: { problem: "too_large", reason: `${name ?? "The article"} is larger than the limit of ${ARTICLE_FILE_LIMIT_LABEL}.` } };
  }
  if (!("bytes" in file)) return prepareArticle(file.content, name);
  const decoded = decodeText(file.bytes);
  if (!decoded.ok) {
    return {
      refusal: {
        problem: DECODE_PROBLEM[decoded.problem],
        reason: prefixed(name, decoded.message),
        ...("encoding" in decoded && { suspectedEncoding: decoded.encoding }),
        ...("line" in decoded && { brokenLine: decoded.line }),
      },
    };
  }
  return { ...prepareArticle(decoded.text, name), encoding: decoded.encoding };
}

/**
 * One file of an import, inside the caller's transaction. A file that is no
 * article is refused — reported, not thrown — and runs no statement, so the
 * transaction goes on without a savepoint: everything that makes a file bad
 * (too large, undecodable, empty, binary, bad front matter) is found in Node
 * before its one statement runs.
 */
async function importArticleFile(tx: Tx, options: { projectId: string; actor: Actor; file: ArticleFileInput }): Promise<ArticleFileOutcome> {
  const name = options.file.name;
  const read = readArticleFile(options.file);
  const encoding = read.encoding ? { encoding: read.encoding } : {};
  if ("refusal" in read) return { name, status: "refused", ...encoding, ...read.refusal };
  // A file with the source URL of an article here is that article's new revision, unless its text is one it had.
  const revised = await articleRevisedByFile(tx, options.projectId, read.parsed);
  if (revised?.isKnownText) return { name, status: "existing", id: revised.id, title: revised.title, ...encoding };
  if (revised) {
    const added = await reviseInTx(tx, options.actor, revised.id, read.parsed);
    return { name, status: "revised", id: revised.id, title: revised.title, revision: added.revision, claims: added.claims, ...encoding };
  }
  const stored = await storeArticle(tx, { projectId: options.projectId, parsed: read.parsed, fileName: name, actorId: options.actor.id });
  return { name, status: stored.isNew ? "imported" : "existing", id: stored.id, title: stored.title, ...encoding };
}

/**
 * Import one or more article files into a project, in one transaction: the
 * valid ones are imported (or found already there), the others refused, each
 * file's outcome in the order given. Only what is not about a file (no right
 * to import, the database) fails the whole import.
 */
export async function importArticles(db: Db, actor: Actor, options: { projectId: string; files: ArticleFileInput[] }): Promise<ArticleFileOutcome[]> {
  return db.transaction(async (tx) => {
    await requireProjectRole(tx, options.projectId, actor, "import_articles");
    const outcomes: ArticleFileOutcome[] = [];
    for (const file of options.files) outcomes.push(await importArticleFile(tx, { projectId: options.projectId, actor, file }));
    return outcomes;
  });
}

export type ArticleListItem = {
  id: string;
  projectId: string;
  title: string;
  language: string | null;
  sentenceCount: number;
  claimCount: number;
  lastActivityAt: Date;
};

/**
 * An article row's claim count and last activity, counting only the claims
 * the actor may see, for a query over articles joined with their project and
 * the actor's membership (as both lists are).
 */
function visibleWorkColumns(actor: Actor) {
  // Written out with table names: in a single-table select Drizzle leaves columns unqualified,
  // and "article_id" = "id" inside the subquery would compare a claim with itself.
  const isVisible = visibleAcrossProjects(actor, {
    isBlind: sql`"projects"."is_blind"`,
    memberRole: sql`"project_members"."role"`,
    authorId: sql`c."author_id"`,
    articleClosedAt: sql`"articles"."closed_at"`,
  });
  const claimCount = sql<number>`(select count(*)::int from "claims" c where c."article_id" = "articles"."id" and c."deleted_at" is null and ${isVisible})`;
  // Derived, not stored: a "last activity" column on the article would be a row every save on that
  // article must lock, and concurrent annotators would queue behind it (BENCHMARKS.md, claim saves: what that cost).
  // Closing the article is activity too (greatest ignores nulls).
  const lastActivityAt =
    sql<Date>`greatest("articles"."created_at", "articles"."closed_at", (select max(c."updated_at") from "claims" c where c."article_id" = "articles"."id" and ${isVisible}))`.mapWith(
      articles.createdAt,
    );
  return { claimCount, lastActivityAt };
}

/**
 * Articles of every project the actor belongs to (site admins: all), newest
 * activity first. The claim count and last activity count only the claims the
 * actor may see (server/visibility.ts): in a blind project an annotator's
 * list must not show when, or how much, a fellow annotator has worked.
 */
export async function listArticles(db: Db, actor: Actor, options: { projectId?: string } = {}): Promise<ArticleListItem[]> {
  const { claimCount, lastActivityAt } = visibleWorkColumns(actor);
  return (
    db
      .select({
        id: articles.id,
        projectId: articles.projectId,
        title: articles.title,
        language: articles.language,
        sentenceCount: articles.sentenceCount,
        claimCount,
        lastActivityAt,
      })
      .from(articles)
      .innerJoin(projects, eq(projects.id, articles.projectId))
      .leftJoin(projectMembers, and(eq(projectMembers.projectId, articles.projectId), eq(projectMembers.userId, actor.id)))
      .where(
        and(actor.isAdmin ? undefined : isNotNull(projectMembers.role), options.projectId ? eq(articles.projectId, options.projectId) : undefined),
      )
      .orderBy(desc(lastActivityAt), articles.title)
      // Prepared: a handful of shapes (admin or member, one project or all), planned once per connection.
      .prepare("claimwork_article_list")
      .execute()
  );
}

export type ArticleSearchItem = ArticleListItem & {
  projectName: string;
  /** The actor's own assignment on the article, if any. */
  myAssignment: AssignmentStatus | null;
  closedAt: Date | null;
};

/**
 * One page of the article list as a person asks for it (lib/article-list.ts):
 * full-text search in each article's language (db/article-search.ts), filters
 * by project, language, own assignment and state, an order, and the total
 * that matched. Counts and last activity obey visibility as in
 * {@link listArticles}. Not prepared: the filters make many shapes.
 */
export async function searchArticles(db: Db, actor: Actor, query: ArticleListQuery): Promise<{ items: ArticleSearchItem[]; total: number }> {
  const { claimCount, lastActivityAt } = visibleWorkColumns(actor);
  const words = query.q ? query.q : null;
  const columns = { title: sql`${articles.title}`, text: sql`${articles.text}`, language: sql`${articles.language}` };
  const sort = query.sort ?? (words ? "relevance" : "activity");
  const order = {
    relevance: words ? [desc(articleSearchRank(columns, words)), desc(lastActivityAt)] : [desc(lastActivityAt)],
    activity: [desc(lastActivityAt)],
    title: [asc(articles.title)],
    created: [desc(articles.createdAt)],
    claims: [desc(claimCount)],
    sentences: [desc(articles.sentenceCount)],
  }[sort];
  const size = query.size ?? DEFAULT_ARTICLE_PAGE_SIZE;
  const page = query.page ?? 1;
  const rows = await db
    .select({
      id: articles.id,
      projectId: articles.projectId,
      projectName: projects.name,
      title: articles.title,
      language: articles.language,
      sentenceCount: articles.sentenceCount,
      claimCount,
      lastActivityAt,
      closedAt: articles.closedAt,
      myAssignment: assignments.status,
      total: sql<number>`(count(*) over ())::int`,
    })
    .from(articles)
    .innerJoin(projects, eq(projects.id, articles.projectId))
    .leftJoin(projectMembers, and(eq(projectMembers.projectId, articles.projectId), eq(projectMembers.userId, actor.id)))
    .leftJoin(assignments, and(eq(assignments.articleId, articles.id), eq(assignments.userId, actor.id)))
    .where(
      and(
        actor.isAdmin ? undefined : isNotNull(projectMembers.role),
        query.projectId ? eq(articles.projectId, query.projectId) : undefined,
        query.language ? sql`split_part(lower(coalesce(${articles.language}, '')), '-', 1) = ${primaryLanguage(query.language)}` : undefined,
        query.mine === "assigned" ? isNotNull(assignments.status) : undefined,
        query.state === "closed" ? isNotNull(articles.closedAt) : query.state === "open" ? isNull(articles.closedAt) : undefined,
        words ? articleSearchMatches(columns, words) : undefined,
      ),
    )
    // The id last: rows that tie on the order keep one order from page to page.
    .orderBy(...order, asc(articles.id))
    .limit(size)
    .offset((page - 1) * size);
  const total = rows[0]?.total ?? (page > 1 ? await countMatching(db, actor, query) : 0);
  return { items: rows.map(({ total: _total, ...item }) => item), total };
}

/** The total for a page past the last (no row to carry the window count). */
async function countMatching(db: Db, actor: Actor, query: ArticleListQuery): Promise<number> {
  const first = await searchArticles(db, actor, { ...query, page: 1, size: ARTICLE_PAGE_SIZES[0] });
  return first.total;
}

export type ArticleForReading = Pick<
  Article,
  "id" | "projectId" | "title" | "text" | "revision" | "language" | "sourceUrl" | "publisher" | "publishedAt"
> & {
  sentences: Array<{ index: number; start: number; end: number }>;
};

/** One article with its sentences, if the actor may read its project. */
export async function getArticle(db: Db | Tx, actor: Actor, articleId: string): Promise<ArticleForReading> {
  const [article] = await db
    .select({
      id: articles.id,
      projectId: articles.projectId,
      title: articles.title,
      text: articles.text,
      revision: articles.revision,
      language: articles.language,
      sourceUrl: articles.sourceUrl,
      publisher: articles.publisher,
      publishedAt: articles.publishedAt,
    })
    .from(articles)
    .where(eq(articles.id, articleId));
  if (!article) throw new AppError("not_found:article", "No such article.");
  await requireProjectRole(db, article.projectId, actor, "read", "article");
  const rows = await db
    .select({ index: sentences.index, start: sentences.start, end: sentences.end })
    .from(sentences)
    .where(eq(sentences.articleId, articleId))
    .orderBy(sentences.index);
  return { ...article, sentences: rows };
}

export type AnnotationWorkspace = {
  article: ArticleForReading;
  taxonomy: Taxonomy;
  role: ProjectRole;
  projectName: string;
  isBlind: boolean;
  /** Set when a reviewer closed the article (after adjudication); closing ends annotation and lifts blind mode. */
  closure: { closedAt: Date; closedByName: string | null } | null;
};

/** Everything the article page needs about the article's project, checked for the actor. */
export async function getAnnotationWorkspace(db: Db, actor: Actor, articleId: string): Promise<AnnotationWorkspace> {
  const article = await getArticle(db, actor, articleId);
  const role = await requireProjectRole(db, article.projectId, actor, "read", "article");
  const [project] = await db
    .select({ taxonomy: projects.taxonomy, name: projects.name, isBlind: projects.isBlind, closedAt: articles.closedAt, closedByName: users.name })
    .from(articles)
    .innerJoin(projects, eq(projects.id, articles.projectId))
    .leftJoin(users, eq(users.id, articles.closedBy))
    .where(eq(articles.id, articleId));
  if (!project) throw new AppError("not_found:project", "No such project.");
  return {
    article,
    taxonomy: project.taxonomy,
    role,
    projectName: project.name,
    isBlind: project.isBlind,
    closure: project.closedAt ? { closedAt: project.closedAt, closedByName: project.closedByName } : null,
  };
}

export type BulkImportResult = {
  created: number;
  existing: number;
  /** Files that became a new revision of the article with their source URL (server/revisions.ts). */
  revised: number;
  skipped: Array<{ item: string; line?: number; message: string }>;
};

/** An article to import, or a line that could not be read as one (reported, or skipped and listed); `line` is its JSONL line. */
export type ArticleImportItem = ArticleFileInput & { line?: number };

const articleLineSchema = z.object({
  text: z.string().min(1),
  name: z.string().max(255).optional(),
  title: z.string().max(2_000).optional(),
  sourceUrl: z.string().max(2_048).optional(),
  publisher: z.string().max(500).optional(),
  language: z.string().max(35).optional(),
  publishedAt: z.string().max(64).optional(),
});

/**
 * Articles from a JSONL file, one object per line:
 * `{ "text", "name"?, "title"?, "sourceUrl"?, "publisher"?, "language"?, "publishedAt"? }`.
 * Metadata travels as front matter, the one article file format the importer
 * reads, so both paths validate it the same way. A bad line becomes a refused
 * item naming the line, so the import can refuse or skip it.
 */
export async function* articlesFromJsonLines(lines: AsyncIterable<string> | Iterable<string>, sourceName: string): AsyncGenerator<ArticleImportItem> {
  let lineNo = 0;
  for await (const line of lines) {
    lineNo++;
    if (!line.trim()) continue;
    const name = `${sourceName} line ${lineNo}`;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      yield { name, line: lineNo, refused: { problem: "invalid", reason: `${name}: not valid JSON` } };
      continue;
    }
    const unstorable = findUnstorableField(value);
    if (unstorable) {
      yield { name, line: lineNo, refused: { problem: "invalid", reason: `${name}: ${unstorable.field || "(line)"}: ${unstorable.message}` } };
      continue;
    }
    const parsed = articleLineSchema.safeParse(value);
    if (!parsed.success) {
      const issues = parsed.error.issues.map((i) => `${i.path.join(".") || "(line)"}: ${i.message}`).join("; ");
      yield { name, line: lineNo, refused: { problem: "invalid", reason: `${name}: ${issues}` } };
      continue;
    }
    const a = parsed.data;
    const meta = Object.fromEntries(
      Object.entries({ title: a.title, source_url: a.sourceUrl, publisher: a.publisher, language: a.language, published: a.publishedAt }).filter(
        ([, v]) => v,
      ),
    );
    yield { name: a.name ?? name, line: lineNo, content: Object.keys(meta).length ? `---\n${toYaml(meta)}---\n${a.text}` : a.text };
  }
}

/**
 * Import many article files in one transaction (all or nothing unless
 * `skipInvalid`, which lists what it skipped), reporting progress as it goes
 * and, to `onFile`, each file's outcome (with the encoding its bytes were read in).
 * Used by the CLI for folders and JSONL files of articles.
 */
export async function importArticleStream(
  db: Db,
  actor: Actor,
  options: {
    projectId: string;
    items: AsyncIterable<ArticleImportItem> | Iterable<ArticleImportItem>;
    skipInvalid: boolean;
    onProgress?: (done: number) => void;
    onFile?: (outcome: ArticleFileOutcome) => void;
  },
): Promise<BulkImportResult> {
  return db.transaction(async (tx) => {
    await requireProjectRole(tx, options.projectId, actor, "import_articles");
    const result: BulkImportResult = { created: 0, existing: 0, revised: 0, skipped: [] };
    let done = 0;
    for await (const item of options.items) {
      const outcome = await importArticleFile(tx, { projectId: options.projectId, actor, file: item });
      if (outcome.status === "refused") {
        if (!options.skipInvalid) throw refusalError(outcome);
        result.skipped.push({ item: item.name ?? `#${done + 1}`, line: item.line, message: outcome.reason });
      } else if (outcome.status === "imported") {
        result.created++;
      } else if (outcome.status === "revised") {
        result.revised++;
      } else {
        result.existing++;
      }
      options.onFile?.(outcome);
      done++;
      options.onProgress?.(done);
    }
    return result;
  });
}

/** The languages (primary subtags) of the articles the actor may list, for the list's language filter. */
export async function articleLanguages(db: Db, actor: Actor): Promise<string[]> {
  const language = sql<string>`split_part(lower(${articles.language}), '-', 1)`;
  const rows = await db
    .selectDistinct({ language })
    .from(articles)
    .leftJoin(projectMembers, and(eq(projectMembers.projectId, articles.projectId), eq(projectMembers.userId, actor.id)))
    .where(and(isNotNull(articles.language), actor.isAdmin ? undefined : isNotNull(projectMembers.role)))
    .orderBy(language);
  return rows.map((r) => r.language);
}
