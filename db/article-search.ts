/**
 * Full-text search over articles, one definition for the index (db/schema.ts)
 * and the queries (server/articles.ts): the index is on this expression, and
 * Postgres uses it only for a query that repeats it exactly.
 *
 * - Each article is stemmed in its own language: German and English articles
 *   with Postgres's `german` and `english` configurations (so "Waffenruhen"
 *   finds "Waffenruhe", "negotiations" finds "negotiation"), any other
 *   language with `simple` (words as written, lower-cased). The language is
 *   the article's BCP 47 tag; its primary subtag decides ("de-AT" is German).
 * - A query is read with the configuration of each article it is matched
 *   against: searching "Waffenruhe -Gebühren" must stem "Gebühren" as German
 *   does for a German article, or the exclusion would miss the word it means.
 *   Each configuration is its own indexed condition, so the index still serves.
 * - The title weighs more than the text (weights A and B), for ranking.
 * - Only the first {@link INDEXED_TEXT_LENGTH} characters of the text are
 *   indexed: a tsvector holds at most 1 MB, which a 2 MB article (the import
 *   limit) of distinct words could pass, failing the import.
 */
import { type SQL, sql } from "drizzle-orm";

export const INDEXED_TEXT_LENGTH = 500_000;

/** Postgres's text search configuration per primary language subtag; any other language is read as written. */
const CONFIG_BY_LANGUAGE = { de: "german", en: "english" } as const;
const FALLBACK_CONFIG = "simple";
const CONFIGS = [...Object.values(CONFIG_BY_LANGUAGE), FALLBACK_CONFIG];

type ArticleColumns = { title: SQL; text: SQL; language: SQL };

function configOf(language: SQL): SQL {
  const cases = Object.entries(CONFIG_BY_LANGUAGE).map(([tag, config]) => sql.raw(`when '${tag}' then '${config}'::regconfig`));
  return sql`(case split_part(lower(coalesce(${language}, '')), '-', 1) ${sql.join(cases, sql` `)} else '${sql.raw(FALLBACK_CONFIG)}'::regconfig end)`;
}

/** The indexed document of an article, over its columns (unqualified in the index, qualified in queries). */
export function articleSearchDocument(columns: ArticleColumns): SQL {
  const config = configOf(columns.language);
  return sql`(setweight(to_tsvector(${config}, ${columns.title}), 'A') || setweight(to_tsvector(${config}, left(${columns.text}, ${sql.raw(String(INDEXED_TEXT_LENGTH))})), 'B'))`;
}

/** Whether an article matches a search box's words (web-search syntax: "quoted phrases", -excluded, or). */
export function articleSearchMatches(columns: ArticleColumns, words: string): SQL {
  const document = articleSearchDocument(columns);
  const config = configOf(columns.language);
  const arms = CONFIGS.map(
    (name) => sql`(${config} = '${sql.raw(name)}'::regconfig and ${document} @@ websearch_to_tsquery('${sql.raw(name)}', ${words}))`,
  );
  return sql`(${sql.join(arms, sql` or `)})`;
}

/** How well an article matches (title words count more), for ordering by relevance. */
export function articleSearchRank(columns: ArticleColumns, words: string): SQL {
  return sql`ts_rank(${articleSearchDocument(columns)}, websearch_to_tsquery(${configOf(columns.language)}, ${words}))`;
}
