import "server-only";
import { type SQL, sql } from "drizzle-orm";
import { articleRevisions, articles, claims, sentenceDecisions, sentenceExclusions, sources, users } from "@/db/schema";
import { CSV_COLUMNS, CSV_TAG_SEPARATOR, type CsvCell } from "@/lib/export/csv";
import {
  ARTICLE_REVISION_RECORD_FIELDS,
  CLAIM_ANCHOR_FIELDS,
  CLAIM_PROVENANCE_FIELDS,
  EXPORT_CLAIM_FIELDS,
  normalizeBaseUrl,
  SENTENCE_DECISION_RECORD_FIELDS,
  SENTENCE_EXCLUSION_RECORD_FIELDS,
} from "@/lib/export/records";
import { DERIVED_FROM_TERM, W3C_BODIES } from "@/lib/export/w3c";
import {
  ARTICLE_RECORD_FIELDS,
  type ArticleRecordKey,
  CLAIM_RECORD_FIELDS,
  type ClaimContentKey,
  type FieldKind,
  STORED_CLAIM_KEYS,
  type StoredClaimKey,
  TARGET_FIELD_KINDS,
} from "@/lib/fields";
import type { Taxonomy, TaxonomyEntry } from "@/lib/taxonomy";
import { TARGET_KEYS } from "@/lib/value-schemas";

/**
 * The JSONL, CSV, W3C and ClaimReview exports rendered by Postgres: each page query returns the
 * finished text of up to a few thousand claims as one value, byte for byte
 * what lib/export's formatters write for the same records (those formatters
 * are the specification; server/export-sql.test.ts compares the two on
 * hostile data, on PGlite and on the Postgres server).
 *
 * Why in SQL: at a million claims the Node thread, not the database, was the
 * limit — decoding every column of every row and building and stringifying
 * objects. Rendered in the database, Node
 * receives one string per page and the pages can be rendered by several
 * backends at once (see `renderedPages` in server/export.ts). A claim's
 * sources come already rendered for JSONL and CSV (db/schema.ts
 * `sourcesJson`), which saves a lookup per claim.
 *
 * Escaping: `to_json(text)` escapes `"`, `\`, \b \f \n \r \t and other
 * control characters as \u00xx (lower-case hex), exactly as JSON.stringify
 * does; Postgres text cannot hold the lone surrogates JSON.stringify would
 * also escape. U+0085/U+2028/U+2029, which the JSONL writer escapes on top
 * (stringifyJsonLine), are escaped by the caller on the whole page string,
 * where a scan is much cheaper than three replace() calls per row in SQL.
 * The same holds for the W3C and ClaimReview
 * pages, which may be embedded in a `<script>` element: their `<`, `>`, `&`,
 * U+2028 and U+2029 are escaped by the caller with lib/export's
 * escapeForScript on the finished page (server/export.ts), not here.
 * Five replace() calls in SQL cost several times what one escapeForScript
 * scan of the finished page costs in Node, and both write the same bytes
 * (figures in BENCHMARKS.md).
 */

/** `Date.prototype.toISOString()` of a timestamptz: UTC, milliseconds (truncated, as the driver's Date is), `Z`. */
const isoTime = (expr: SQL) => sql`to_char(${expr} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/** Literal text and SQL expressions, concatenated with `||`; adjacent literals are merged into one SQL string literal. */
type Part = string | SQL;
function concat(parts: readonly Part[]): SQL {
  const merged: Part[] = [];
  for (const part of parts) {
    const last = merged[merged.length - 1];
    if (typeof part === "string" && typeof last === "string") merged[merged.length - 1] = last + part;
    else merged.push(part);
  }
  // The literals are this module's own constants (keys and punctuation), quoted as SQL string literals.
  return sql.join(
    merged.map((part) => (typeof part === "string" ? sql.raw(`'${part.replaceAll("'", "''")}'`) : part)),
    sql` || `,
  );
}

/** A value of `kind` as the JSON text JSON.stringify writes for it (the writers' value, see lib/fields.ts). */
function jsonOf(kind: FieldKind, x: SQL): Part[] {
  switch (kind) {
    case "uuid":
      return ['"', x, '"'];
    case "id":
    case "text":
      return [sql`to_json(${x})::text`];
    case "status":
      return [sql`to_json(${x}::text)::text`];
    case "text?":
    case "date?":
      return [sql`coalesce(to_json(${x})::text, 'null')`];
    case "int":
      return [x];
    case "int?":
      return [sql`coalesce(${x}::text, 'null')`];
    case "bool":
      return [sql`${x}::text`];
    case "int[]":
    case "text[]":
      return [sql`array_to_json(${x})::text`];
    case "time":
      return ['"', isoTime(x), '"'];
    case "time?":
      return [sql`coalesce('"' || ${isoTime(x)} || '"', 'null')`];
    case "target":
    case "sources":
      throw new Error(`a ${kind} field is rendered from columns of its own`);
  }
}

/** A column of the page row `p` (or any alias): `p."claim_type"`. */
const columnOf = (alias: string, name: string): SQL => sql.raw(`${alias}.${JSON.stringify(name)}`);

/** The export-only claim fields (lib/export/records.ts), each a column of the claim row. */
/** The claim fields only exports carry (a gold claim's provenance, where a waiting claim's target counts), each a column of its own. */
type ProvenanceKey = keyof typeof CLAIM_PROVENANCE_FIELDS | keyof typeof CLAIM_ANCHOR_FIELDS;

/** The page row's column of a stored claim field (or a target field); the author's name is joined as `author_name`. */
function claimColumn(key: StoredClaimKey | ProvenanceKey | keyof typeof TARGET_FIELD_KINDS | "authorName"): SQL {
  return columnOf("p", key === "authorName" ? "author_name" : claims[key].name);
}

/** A JSON object line: `{"type":"<type>"`, then every field of the record description in order, then `}` and a newline. */
function recordLine(type: string, fields: Readonly<Record<string, { kind: FieldKind }>>, render: (key: string, kind: FieldKind) => Part[]): SQL {
  const parts: Part[] = [`{"type":${JSON.stringify(type)}`];
  for (const [key, field] of Object.entries(fields)) parts.push(`,${JSON.stringify(key)}:`, ...render(key, field.kind));
  parts.push("}", sql`chr(10)`);
  return concat(parts);
}

/** The article's JSONL line, as jsonl.formatArticle writes it; `a` is the article's row. */
const articleRecordLine = recordLine("article", ARTICLE_RECORD_FIELDS, (key, kind) =>
  jsonOf(kind, columnOf("a", articles[key as ArticleRecordKey].name)),
);

const revisionLine = recordLine("article_revision", ARTICLE_REVISION_RECORD_FIELDS, (key, kind) =>
  jsonOf(kind, columnOf("r", articleRevisions[key as keyof typeof ARTICLE_REVISION_RECORD_FIELDS].name)),
);

/** An article's line and, for an article ever revised, its revisions' lines after it, oldest first (lib/export/jsonl.ts). */
const articleLine = sql`${articleRecordLine} || coalesce((select string_agg(${revisionLine}, '' order by r.number) from ${articleRevisions} r where r.article_id = a.id), '')`;

/** A claim's JSONL line, as jsonl.formatClaim writes it; `p` is the page row (its sources come rendered, see db/schema.ts `sourcesJson`). */
const claimLine = recordLine("claim", EXPORT_CLAIM_FIELDS, (key, kind) => {
  if (kind === "sources") return [columnOf("p", claims.sourcesJson.name)];
  if (kind !== "target") return jsonOf(kind, claimColumn(key as StoredClaimKey | ProvenanceKey | "authorName"));
  const parts: Part[] = ["{"];
  for (const [i, [field, fieldKind]] of Object.entries(TARGET_FIELD_KINDS).entries()) {
    parts.push(`${i ? "," : ""}${JSON.stringify(field)}:`, ...jsonOf(fieldKind, claimColumn(field as keyof typeof TARGET_FIELD_KINDS)));
  }
  return [...parts, "}"];
});

/**
 * One CSV cell as lib/export/csv.ts writes a text value: `csv_cell`, defined
 * in migration 0002 beside the sources' rendering, which needs it too. A
 * one-expression SQL function, inlined by the planner; `x` must be cheap to
 * repeat (a column of the page's inner select).
 */
const csvCell = (x: SQL): SQL => sql`csv_cell(${x})`;

/** A claim's place in export order: its article, its start in the text, its id (the claims_export_idx index). */
export type ExportKey = { articleId: string; start: number; id: string };

/** Export order, for ORDER BY, and the key as a row value for keyset comparisons. */
export const EXPORT_ORDER = sql`${claims.articleId}, ${claims.start}, ${claims.id}`;
const EXPORT_KEY = sql`(${EXPORT_ORDER})`;

/** `and key > after` (or nothing for the start of the export): the keyset condition of every export page. */
export function afterKey(after: ExportKey | null): SQL {
  return after ? sql`and ${EXPORT_KEY} > (${after.articleId}::uuid, ${after.start}::int, ${after.id}::uuid)` : sql``;
}

/** The claims of one page: the scope's filters and a keyset range. */
export type PageRange = {
  conditions: SQL;
  /** Exclusive lower bound (the previous page's last claim), or null for the first page. */
  after: ExportKey | null;
  /** Inclusive upper bound, or null for "to the end". */
  until: ExportKey | null;
  /**
   * The page size. Redundant with `until` except on the last page, but it
   * gives the planner a true row estimate: without it Postgres guesses a
   * quarter of the table, and the page query's cost crosses jit_above_cost
   * (JIT compilation then costs a large part of the page, BENCHMARKS.md).
   */
  limit: number;
};

/**
 * The page row's columns: every stored claim field, the export-only ones and the target's, under their column
 * names, and the sources rendered for JSONL and CSV.
 */
const PAGE_ROW_KEYS = [
  ...STORED_CLAIM_KEYS,
  ...(Object.keys(CLAIM_PROVENANCE_FIELDS) as ProvenanceKey[]),
  ...(Object.keys(CLAIM_ANCHOR_FIELDS) as ProvenanceKey[]),
  ...TARGET_KEYS,
  "sourcesJson",
  "sourcesCsv",
] as const;
const PAGE_ROW_COLUMNS = sql.join(
  PAGE_ROW_KEYS.map((key) => sql`${claims[key]} as ${sql.identifier(claims[key].name)}`),
  sql`, `,
);

/**
 * The page's claims as a subquery `p`, in export order. Not a CTE: as a
 * subquery the planner knows its rows come sorted from the export index, so
 * the lateral joins keep that order and no Sort of rendered lines is needed.
 * `opens_article` marks the first claim of its article in the whole export
 * (the page's first row continues the previous page's article when the ids
 * match).
 */
function pageRows(range: PageRange): SQL {
  const until = range.until ? sql`and ${EXPORT_KEY} <= (${range.until.articleId}::uuid, ${range.until.start}::int, ${range.until.id}::uuid)` : sql``;
  return sql`(
    select ${PAGE_ROW_COLUMNS},
           author.name as author_name,
           lag(${claims.articleId}, 1, ${range.after?.articleId ?? null}::uuid) over (order by ${EXPORT_ORDER})
             is distinct from ${claims.articleId} as opens_article
    from ${claims}
    -- A join, not a scalar subquery per claim, so the planner can read the page's few authors once.
    left join lateral (select ${users.name} as name from ${users} where ${users.id} = ${claims.authorId}) author on true
    where ${range.conditions} ${afterKey(range.after)} ${until}
    order by ${EXPORT_ORDER}
    limit ${range.limit}) p`;
}

/** A claim's sources (correlated with `p`), in `position` order, as the columns given. */
function claimSources(columns: SQL): SQL {
  return sql`left join lateral (select ${columns} from ${sources} where ${sources.claimId} = p.id) src on true`;
}

/**
 * The text of one page: its lines concatenated in export order. The lines
 * come from a subquery sorted by the export key (rows of the index scan, in
 * nested-loop joins), and a plain aggregate reads its input in that order.
 */
function concatenated(lines: SQL): SQL {
  return sql`select coalesce(string_agg(line, ''), '') as text from (${lines}) lines`;
}

/** JSONL lines of one page: each article's record right before its first claim, then the claims. */
export function jsonlPageQuery(range: PageRange): SQL {
  return concatenated(sql`
    select case when p.opens_article then (select ${articleLine} from ${articles} a where a.id = p.article_id) else '' end || ${claimLine} as line
    from ${pageRows(range)}
    order by p.article_id, p.start, p.id`);
}

// ── Sentence records (JSONL) ──

/** A sentence record's place in export order: its article, its sentence, and for a decision its author ("" for an exclusion). */
export type SentenceKey = { articleId: string; sentenceIndex: number; authorId: string };

/**
 * The two kinds of sentence record: the table (under the alias the caller's
 * conditions use), the page row's columns named as the record's fields are
 * written (snake case), the JSONL line, and the key columns of export order.
 */
const SENTENCE_RECORDS = {
  exclusion: {
    from: sql`${sentenceExclusions} x left join ${users} u on u.id = x.created_by`,
    columns: sql`x.article_id, x.sentence_index, x.reason, x.created_by as author_id, u.name as author_name, x.created_at, x.updated_at`,
    line: recordLine("sentence_exclusion", SENTENCE_EXCLUSION_RECORD_FIELDS, (key, kind) => jsonOf(kind, columnOf("p", snakeCase(key)))),
    key: ["x.article_id", "x.sentence_index"],
    pageKey: ["article_id", "sentence_index"],
  },
  decision: {
    from: sql`${sentenceDecisions} d join ${users} u on u.id = d.author_id`,
    columns: sql`d.article_id, d.sentence_index, d.decision::text as decision, d.author_id, u.name as author_name, d.created_at, d.updated_at`,
    line: recordLine("sentence_decision", SENTENCE_DECISION_RECORD_FIELDS, (key, kind) => jsonOf(kind, columnOf("p", snakeCase(key)))),
    key: ["d.article_id", "d.sentence_index", "d.author_id"],
    pageKey: ["article_id", "sentence_index", "author_id"],
  },
} as const;
export type SentenceRecordKind = keyof typeof SENTENCE_RECORDS;

function snakeCase(key: string): string {
  return key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}

/** The alias the conditions of each kind's page query name their table by (`d.author_id`, `x.project_id`). */
export const SENTENCE_RECORD_ALIAS = { exclusion: "x", decision: "d" } as const satisfies Record<SentenceRecordKind, string>;

/**
 * One page of sentence records as JSONL lines, as jsonl.formatSentenceExclusion
 * and formatSentenceDecision write them, in export order (article, sentence,
 * author), with the page's row count and its last key for the next page.
 * `conditions` are over the kind's alias ({@link SENTENCE_RECORD_ALIAS}).
 */
export function sentenceRecordsPageQuery(kind: SentenceRecordKind, range: { conditions: SQL; after: SentenceKey | null; limit: number }): SQL {
  const record = SENTENCE_RECORDS[kind];
  const keyOf = (columns: readonly string[]) => sql.raw(columns.join(", "));
  const afterValues =
    kind === "decision"
      ? sql`(${range.after?.articleId}::uuid, ${range.after?.sentenceIndex}::int, ${range.after?.authorId}::text)`
      : sql`(${range.after?.articleId}::uuid, ${range.after?.sentenceIndex}::int)`;
  const after = range.after ? sql`and (${keyOf(record.key)}) > ${afterValues}` : sql``;
  const descending = sql.raw(record.pageKey.map((column) => `${column} desc`).join(", "));
  return sql`
    with p as (
      select ${record.columns} from ${record.from}
      where ${range.conditions} ${after}
      order by ${keyOf(record.key)}
      limit ${range.limit})
    select coalesce((select string_agg(${record.line}, '' order by ${keyOf(record.pageKey.map((c) => `p.${c}`))}) from p), '') as text,
           (select count(*)::int from p) as n,
           last.article_id as last_article, last.sentence_index as last_index, ${kind === "decision" ? sql`last.author_id` : sql`''::text`} as last_author
    from (select 1) one
    left join (select * from p order by ${descending} limit 1) last on true`;
}

/** `labelOf` as a CASE over the taxonomy's entries (first entry wins for a duplicated key; an unknown key stands for itself). */
function labelCase(entries: readonly TaxonomyEntry[], key: SQL): SQL {
  if (entries.length === 0) return sql`coalesce(${key}, '')`;
  const seen = new Set<string>();
  const branches = entries.filter((e) => !seen.has(e.key) && seen.add(e.key)).map((e) => sql`when ${e.key}::text then ${e.label}::text`);
  return sql`coalesce(case ${key} ${sql.join(branches, sql` `)} else ${key} end, '')`;
}

/**
 * The article fields the CSV, W3C and ClaimReview renderers need, joined per
 * claim. A join, not a scalar subquery per claim: the planner may then read
 * the page's few articles once (merge join or memoized lookup) instead of one
 * index lookup per claim (a measurable part of a CSV page, BENCHMARKS.md).
 */
const articleOfClaim = sql`left join lateral (select a.title, a.language, a.source_url, a.published_at from ${articles} a where a.id = p.article_id) art on true`;

/**
 * The revision a placed claim counts on (W3C's target `state`): the article's current one, with the time its
 * text was taken — its revision row's, or the article's own for an article never revised (lib/export/w3c.ts).
 */
const revisionOfClaim = sql`left join lateral (
  select a.revision as number,
         coalesce((select r.created_at from ${articleRevisions} r where r.article_id = a.id and r.number = a.revision), a.created_at) as created_at
  from ${articles} a where a.id = p.article_id) rev on true`;

/**
 * One CSV cell's text before csv_cell (which quotes and neutralises), by the
 * column's source: what lib/export/csv.ts's cell writer produces for it, and
 * whether it is text that csv_cell must guard (numbers, ids, booleans and
 * timestamps never need it). The four source summary cells come as one
 * piece, rendered beside the claim (db/schema.ts `sourcesCsv`).
 */
function csvCellOf(cell: CsvCell, taxonomy: CsvTaxonomy): { text: SQL; isGuarded: boolean } | null {
  if ("field" in cell) {
    const kind = CLAIM_RECORD_FIELDS[cell.field].kind;
    const x = claimColumn(cell.field as StoredClaimKey | "authorName");
    switch (kind) {
      case "uuid":
      case "int":
        return { text: x, isGuarded: false };
      case "bool":
        return { text: sql`${x}::text`, isGuarded: false };
      case "int?":
        return { text: sql`coalesce(${x}::text, '')`, isGuarded: false };
      case "int[]":
        return { text: sql`array_to_string(${x}, ${CSV_TAG_SEPARATOR})`, isGuarded: false };
      case "time":
        return { text: isoTime(x), isGuarded: false };
      case "time?":
        return { text: sql`coalesce(${isoTime(x)}, '')`, isGuarded: false };
      case "id":
      case "text":
        return { text: x, isGuarded: true };
      case "status":
        return { text: sql`${x}::text`, isGuarded: true };
      case "text?":
        return { text: sql`coalesce(${x}, '')`, isGuarded: true };
      case "text[]":
        return { text: sql`array_to_string(${x}, ${CSV_TAG_SEPARATOR})`, isGuarded: true };
      case "target":
      case "sources":
        throw new Error(`a ${kind} field has cells of its own, not one`);
    }
  }
  if ("target" in cell) return { text: claimColumn(cell.target), isGuarded: TARGET_FIELD_KINDS[cell.target] === "text" };
  if ("label" in cell) return { text: labelCase(taxonomy[cell.label], claimColumn(cell.of)), isGuarded: true };
  if ("article" in cell) return { text: sql.raw(`art.${JSON.stringify(cell.article)}`), isGuarded: true };
  switch (cell.sources) {
    case "count":
      return { text: columnOf("p", claims.sourcesCsv.name), isGuarded: false };
    case "urls":
    case "stances":
    case "titles":
      return null; // part of the count's piece
    case "json":
      return { text: columnOf("p", claims.sourcesJson.name), isGuarded: true };
  }
}

type CsvTaxonomy = { claimTypes: readonly TaxonomyEntry[]; verdicts: readonly TaxonomyEntry[] };

/** The summary cells rendered as one piece must stand together, in this order, for the piece to line up with the header. */
const SOURCE_SUMMARY = ["count", "urls", "stances", "titles"] as const;
const summaryAt = CSV_COLUMNS.findIndex((column) => "sources" in column.cell && column.cell.sources === "count");
if (
  SOURCE_SUMMARY.some((part, i) => {
    const cell = CSV_COLUMNS[summaryAt + i]?.cell;
    return !(cell && "sources" in cell && cell.sources === part);
  })
) {
  throw new Error("CSV_COLUMNS: the source summary cells must stand together in the order count, urls, stances, titles");
}

/** CSV records of one page (live claims only: the caller's conditions exclude deleted ones), CRLF-terminated, columns as CSV_COLUMNS. */
export function csvPageQuery(range: PageRange, taxonomy: CsvTaxonomy): SQL {
  const cells = CSV_COLUMNS.flatMap((column) => {
    const cell = csvCellOf(column.cell, taxonomy);
    return cell ? [cell] : [];
  });
  // The inner select names every cell's raw text, so csv_cell can repeat a plain column reference;
  // `offset 0` keeps the planner from folding it back into the outer expressions.
  const inner = sql`
    select ${sql.join(
      cells.map((cell, i) => sql`${cell.text} as ${sql.identifier(`c${i}`)}`),
      sql`, `,
    )}
    from ${pageRows(range)}
    ${articleOfClaim}
    order by p.article_id, p.start, p.id
    offset 0`;
  const line: Part[] = [];
  cells.forEach((cell, i) => {
    if (i) line.push(",");
    const x = sql.raw(`r.c${i}`);
    line.push(cell.isGuarded ? csvCell(x) : x);
  });
  line.push(sql`chr(13)`, sql`chr(10)`);
  return concatenated(sql`select ${concat(line)} as line from (${inner}) r`);
}

// ── W3C Web Annotation and schema.org ClaimReview ──

/** Characters that may appear in encodeURIComponent's output unescaped. */
const URI_UNRESERVED = `A-Za-z0-9_.!~*'()-`;

/**
 * encodeURIComponent of a text expression. Ids made only of unreserved
 * characters (UUIDs, better-auth's ids) pass as they are; anything else is
 * percent-encoded as UTF-8 byte by byte, character by character.
 */
function uriComponent(x: SQL): SQL {
  return sql`(case when ${x} ~ ${`^[${URI_UNRESERVED}]*$`} then ${x} else (
    select string_agg(case when ch ~ ${`^[${URI_UNRESERVED}]$`} then ch else regexp_replace(upper(encode(convert_to(ch, 'UTF8'), 'hex')), '(..)', '%\\1', 'g') end, '' order by n)
    from regexp_split_to_table(${x}, '') with ordinality as chars(ch, n)) end)`;
}

/** `JSON.stringify(prefix)` without its closing quote: the opening of a JSON string whose rest (already JSON-safe) follows. */
function openJsonString(prefix: string): string {
  return JSON.stringify(prefix).slice(0, -1);
}

/** A TextualBody as claimToAnnotation writes it (key order type, purpose, value, format, language). */
function textualBody(purpose: string, value: SQL, language?: SQL): SQL {
  const lang = language ? sql` || case when coalesce(${language}, '') <> '' then ',"language":' || to_json(${language})::text else '' end` : sql``;
  return sql`'{"type":"TextualBody","purpose":"${sql.raw(purpose)}","value":' || to_json(${value})::text || ',"format":"text/plain"'${lang} || '}'`;
}

/**
 * The bodies of a claim's content fields, each preceded by a comma, as
 * W3C_BODIES writes them: the same keys (the compiler checks) in W3C_BODIES's
 * order; the byte-for-byte test checks the text. `p` is the page row, `art`
 * its article.
 */
function w3cContentBodies(taxonomy: Taxonomy): SQL {
  const p = (key: StoredClaimKey) => claimColumn(key);
  const verdictLabel = labelCase(taxonomy.verdicts, p("verdict"));
  const bodies = {
    claimType: sql`case when coalesce(${p("claimType")}, '') <> '' then ',' || ${textualBody("classifying", labelCase(taxonomy.claimTypes, p("claimType")))} else '' end`,
    normalizedClaim: sql`case when ${p("normalizedClaim")} <> '' then ',' || ${textualBody("describing", p("normalizedClaim"), sql`coalesce(${p("language")}, art.language)`)} else '' end`,
    verdict: sql`',' || ${textualBody("assessing", sql`case when ${p("rationale")} <> '' then ${verdictLabel} || chr(10) || chr(10) || ${p("rationale")} else ${verdictLabel} end`)}`,
    speaker: sql`case when ${p("speaker")} <> '' then ',' || ${textualBody("commenting", sql`'Speaker: ' || ${p("speaker")}`)} else '' end`,
    tags: sql`case when cardinality(${p("tags")}) > 0 then (
           select string_agg(',' || ${textualBody("tagging", sql`tag`)}, '' order by n) from unnest(${p("tags")}) with ordinality as t(tag, n)
         ) else '' end`,
    rationale: "verdict",
    language: "normalizedClaim",
    checkWorthiness: null,
  } satisfies Record<keyof typeof W3C_BODIES, SQL | ClaimContentKey | null>;
  const pieces = (Object.keys(W3C_BODIES) as Array<keyof typeof W3C_BODIES>).flatMap((key) => {
    const body = bodies[key];
    return typeof body === "object" && body !== null ? [body] : [];
  });
  return sql.join(pieces, sql` || `);
}

/**
 * A gold claim's `prov:wasDerivedFrom` as claimToAnnotation writes it — `,"prov:wasDerivedFrom":["<claim IRI>",…]`
 * in the list's order — or nothing when the list is empty. Claim ids are UUIDs, which encodeURIComponent leaves as
 * they are.
 */
function derivedFromProperty(base: string): SQL {
  const iri = sql`${openJsonString(`${base}/claims/`)} || source_id || '"'`;
  return sql`(case when cardinality(p.derived_from) > 0 then ${`,${JSON.stringify(DERIVED_FROM_TERM)}:[`}::text || (
    select string_agg(${iri}, ',' order by n) from unnest(p.derived_from) with ordinality as provenance(source_id, n)
  ) || ']' else '' end)`;
}

/**
 * W3C annotations of one page, each preceded by `,\n` (ITEM_SEPARATOR); the
 * caller drops the separator before the export's first annotation. Same
 * JSON as JSON.stringify(claimToAnnotation(…)). Live claims only (the
 * caller's conditions exclude deleted ones).
 */
export function w3cPageQuery(range: PageRange, ctx: { baseUrl: string; taxonomy: Taxonomy }): SQL {
  const base = normalizeBaseUrl(ctx.baseUrl);
  const linkBody = sql`',{"type":"SpecificResource","purpose":"linking","claimwork:stance":' || to_json(${sources.stance})::text
    || ',"source":{"id":' || to_json(${sources.url})::text || ',"type":"Text"'
    || case when ${sources.title} <> '' then ',"label":' || to_json(${sources.title})::text else '' end || '}'
    || case when ${sources.excerpt} <> '' then ',"selector":{"type":"TextQuoteSelector","exact":' || to_json(${sources.excerpt})::text || '}' else '' end || '}'`;
  return concatenated(sql`
    select ',' || chr(10) || '{"id":' || ${openJsonString(`${base}/claims/`)} || p.id || '","type":"Annotation","motivation":"assessing","created":"'
      || ${isoTime(sql`p.created_at`)} || '","modified":"' || ${isoTime(sql`p.updated_at`)}
      || '","creator":{"id":' || ${openJsonString(`${base}/users/`)} || ${uriComponent(sql`p.author_id`)} || '","type":"Person","name":' || to_json(p.author_name)::text
      || '}' || ${derivedFromProperty(base)}
      || ',"body":[' || substr(${w3cContentBodies(ctx.taxonomy)}, 2)
      || coalesce(src.bodies, '')
      || '],"target":{"type":"SpecificResource","source":{"id":' || ${openJsonString(`${base}/articles/`)} || p.article_id || '","type":"Text","format":"text/plain"'
      || case when coalesce(art.language, '') <> '' then ',"language":' || to_json(art.language)::text else '' end
      || case when art.source_url ~* '^https?://' then ',"via":' || to_json(art.source_url)::text else '' end
      || '},"state":{"type":"TimeState","sourceDate":"' || ${isoTime(sql`rev.created_at`)} || '","cached":' || ${openJsonString(`${base}/articles/`)} || p.article_id
      || '/revisions/' || rev.number || '"}'
      || ',"selector":[{"type":"TextQuoteSelector","exact":' || to_json(p.exact)::text
      || case when p.prefix <> '' then ',"prefix":' || to_json(p.prefix)::text else '' end
      || case when p.suffix <> '' then ',"suffix":' || to_json(p.suffix)::text else '' end
      || '},{"type":"TextPositionSelector","start":' || p.start || ',"end":' || p."end" || '}]}}' as line
    from ${pageRows(range)}
    ${articleOfClaim}
    ${revisionOfClaim}
    ${claimSources(sql`string_agg(${linkBody}, '' order by ${sources.position}) as bodies`)}
    order by p.article_id, p.start, p.id`);
}

/** What JavaScript's String.prototype.trim() removes (WhiteSpace and LineTerminator), for btrim(). */
const JS_TRIM_CHARACTERS =
  "\t\n\v\f\r \u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000\ufeff";

/**
 * ClaimReview elements of one page, each preceded by `,\n`; the caller drops
 * the separator before the first. Same JSON as
 * JSON.stringify(claimToClaimReview(…)). The caller's conditions keep only
 * live claims with a rated verdict. `agents` maps each speaker of the page
 * to its schema.org agent JSON (speakerAgent's heuristics stay in one place,
 * in lib/export), or to nothing for an empty speaker.
 */
export function claimReviewPageQuery(
  range: PageRange,
  ctx: { baseUrl: string; taxonomy: Taxonomy; publisher: { name: string; url?: string } },
  agents: Record<string, string>,
): SQL {
  const base = normalizeBaseUrl(ctx.baseUrl);
  const ratings = ctx.taxonomy.verdicts.flatMap((v) => (v.rating === null ? [] : [v.rating]));
  const seen = new Set<string>();
  const ratingBranches = ctx.taxonomy.verdicts
    .filter((v) => !seen.has(v.key) && seen.add(v.key))
    .filter((v) => v.rating !== null)
    .map((v) => {
      const rating = {
        "@type": "Rating",
        ratingValue: v.rating,
        bestRating: Math.max(...ratings),
        worstRating: Math.min(...ratings),
        alternateName: v.label,
      };
      return sql`when ${v.key}::text then ${JSON.stringify(rating)}::text`;
    });
  const author: { "@type": "Organization"; name: string; url?: string } = { "@type": "Organization", name: ctx.publisher.name };
  if (ctx.publisher.url) author.url = ctx.publisher.url;
  const rating = ratingBranches.length ? sql`case p.verdict ${sql.join(ratingBranches, sql` `)} end` : sql`null::text`;
  const normalized = sql`btrim(p.normalized_claim, ${JS_TRIM_CHARACTERS})`;
  return concatenated(sql`
    select ',' || chr(10) || '{"@context":"https://schema.org","@type":"ClaimReview","url":' || ${openJsonString(`${base}/claims/`)} || p.id
      || '","claimReviewed":' || to_json(case when ${normalized} <> '' then ${normalized} else p.exact end)::text
      || ',"datePublished":"' || to_char(p.updated_at at time zone 'UTC', 'YYYY-MM-DD')
      || '","author":' || ${JSON.stringify(author)}::text || ',"reviewRating":' || ${rating}
      || ',"itemReviewed":{"@type":"Claim","appearance":{"@type":"CreativeWork","url":'
      || case when art.source_url ~* '^https?://' then to_json(art.source_url)::text else ${openJsonString(`${base}/articles/`)} || p.article_id || '"' end
      || ',"headline":' || to_json(art.title)::text || '}'
      || coalesce(',"author":' || (agents.map ->> p.speaker), '')
      || case when art.published_at ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}' then ',"datePublished":' || to_json(art.published_at)::text else '' end
      || case when coalesce(p.language, '') <> '' then ',"inLanguage":' || to_json(p.language)::text else '' end
      || '}}' as line
    from ${pageRows(range)}
    cross join (select ${JSON.stringify(agents)}::jsonb as map) agents
    ${articleOfClaim}
    order by p.article_id, p.start, p.id`);
}

/** The distinct speakers of a page, for {@link claimReviewPageQuery}'s `agents`. */
export function pageSpeakersQuery(range: PageRange): SQL {
  return sql`select distinct p.speaker from ${pageRows(range)}`;
}
