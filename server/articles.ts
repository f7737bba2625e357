import "server-only";
import { and, desc, eq, isNotNull, sql } from "drizzle-orm";
import { stringify as toYaml } from "yaml";
import { z } from "zod";
import { type Db, rowsOf, type Tx } from "@/db/client";
import { type Article, articles, type ProjectRole, projectMembers, projects, sentences, users } from "@/db/schema";
import { ArticleFileError, parseArticleFile } from "@/lib/article-text";
import { contentHash } from "@/lib/content-hash";
import { findUnstorableField } from "@/lib/export";
import type { ChangeNotice } from "@/lib/live-notice";
import { createOffsetIndex } from "@/lib/offsets";
import { segmentSentences } from "@/lib/segmentation";
import { describeUnstorable, unstorableProblem } from "@/lib/storable-text";
import type { Taxonomy } from "@/lib/taxonomy";
import { type Actor, requireProjectRole } from "./authz";
import { AppError } from "./errors";
import { historyStatementParts } from "./events";
import { visibleAcrossProjects } from "./visibility";

/** Largest article file accepted (stated in the UI and in errors). */
export const ARTICLE_FILE_LIMIT = 2 * 1024 * 1024;
export const ARTICLE_FILE_LIMIT_LABEL = "2 MB";

export type ImportedArticle = { id: string; title: string; isNew: boolean };

/**
 * Parse, segment and store one article file. Idempotent per project: the same
 * text (by content hash) imported again returns the existing article.
 * `actorId` null is the seed loader.
 */
export async function insertArticleFromFile(
  tx: Tx,
  options: { projectId: string; raw: string; fileName: string | null; actorId: string | null },
): Promise<ImportedArticle> {
  // Postgres cannot store a lone surrogate: it would arrive as U+FFFD, the text silently changed.
  // (A NUL in the text is refused below, as the mark of a binary file.)
  const nameProblem = options.fileName ? unstorableProblem(options.fileName) : null;
  if (nameProblem) throw new AppError("unprocessable:article", `The file name ${describeUnstorable(nameProblem)}.`);
  if (unstorableProblem(options.raw) === "lone_surrogate") {
    throw new AppError("unprocessable:article", `${options.fileName ? `${options.fileName}: ` : ""}the text ${describeUnstorable("lone_surrogate")}`);
  }
  let parsed: ReturnType<typeof parseArticleFile>;
  try {
    parsed = parseArticleFile(options.raw, options.fileName ?? undefined);
  } catch (error) {
    if (error instanceof ArticleFileError) {
      const where = options.fileName ? `${options.fileName}: ` : "";
      throw new AppError("unprocessable:article", `${where}${error.message}`);
    }
    throw error;
  }
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

export type ArticleFileInput = { name: string | null; content: string };

/** Import one or more article files into a project, all-or-nothing. */
export async function importArticles(db: Db, actor: Actor, options: { projectId: string; files: ArticleFileInput[] }): Promise<ImportedArticle[]> {
  return db.transaction(async (tx) => {
    await requireProjectRole(tx, options.projectId, actor, "import_articles");
    const results: ImportedArticle[] = [];
    for (const file of options.files) {
      results.push(await insertArticleFromFile(tx, { projectId: options.projectId, raw: file.content, fileName: file.name, actorId: actor.id }));
    }
    return results;
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
 * Articles of every project the actor belongs to (site admins: all), newest
 * activity first. The claim count and last activity count only the claims the
 * actor may see (server/visibility.ts): in a blind project an annotator's
 * list must not show when, or how much, a fellow annotator has worked.
 */
export async function listArticles(db: Db, actor: Actor, options: { projectId?: string } = {}): Promise<ArticleListItem[]> {
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

export type ArticleForReading = Pick<Article, "id" | "projectId" | "title" | "text" | "language" | "sourceUrl" | "publisher" | "publishedAt"> & {
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

export type BulkImportResult = { created: number; existing: number; skipped: Array<{ item: string; line?: number; message: string }> };

/** An article to import, or a line that could not be read as one (reported, or skipped and listed). */
export type ArticleImportItem = ArticleFileInput & { problem?: string; line?: number };

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
 * reads, so both paths validate it the same way. A bad line becomes an item
 * with a `problem` naming the line, so the import can refuse or skip it.
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
      yield { name, line: lineNo, content: "", problem: `${name}: not valid JSON` };
      continue;
    }
    const unstorable = findUnstorableField(value);
    if (unstorable) {
      yield { name, line: lineNo, content: "", problem: `${name}: ${unstorable.field || "(line)"}: ${unstorable.message}` };
      continue;
    }
    const parsed = articleLineSchema.safeParse(value);
    if (!parsed.success) {
      yield {
        name,
        line: lineNo,
        content: "",
        problem: `${name}: ${parsed.error.issues.map((i) => `${i.path.join(".") || "(line)"}: ${i.message}`).join("; ")}`,
      };
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
 * `skipInvalid`, which lists what it skipped), reporting progress as it goes.
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
  },
): Promise<BulkImportResult> {
  return db.transaction(async (tx) => {
    await requireProjectRole(tx, options.projectId, actor, "import_articles");
    const result: BulkImportResult = { created: 0, existing: 0, skipped: [] };
    let done = 0;
    for await (const item of options.items) {
      try {
        if (item.problem) throw new AppError("unprocessable:article", item.problem);
        if (Buffer.byteLength(item.content, "utf8") > ARTICLE_FILE_LIMIT) {
          throw new AppError("payload_too_large:article", `${item.name ?? "article"} is larger than ${ARTICLE_FILE_LIMIT_LABEL}.`);
        }
        // No savepoint per article: everything that makes an item bad (empty, binary, too large, bad front
        // matter) is found in Node before its one statement runs, so a skipped item leaves nothing to undo.
        const imported = await insertArticleFromFile(tx, { projectId: options.projectId, raw: item.content, fileName: item.name, actorId: actor.id });
        if (imported.isNew) result.created++;
        else result.existing++;
      } catch (error) {
        if (!(error instanceof AppError) || !options.skipInvalid) throw error;
        result.skipped.push({ item: item.name ?? `#${done + 1}`, line: item.line, message: error.message });
      }
      done++;
      options.onProgress?.(done);
    }
    return result;
  });
}
