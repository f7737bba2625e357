import { z } from "zod";
import { type ClaimTarget, calendarDate, httpUrl, isoDateTime, languageTag, MAX_STORED_INT, storedInt, targetSchema } from "./value-schemas";
import { REVIEW_STATUSES } from "./vocabularies";

/**
 * The fields of Claimwork's three records — article, claim, source — each
 * described once: its key, its kind (how it is stored, copied and written),
 * the schema a save or an import checks it with, and the words the editor
 * uses for it. Everything else derives from these descriptions:
 *
 * - the API's and the import's zod schemas and their types (this file);
 * - the record copies every format writes from (`pickClaim`, `pickSource`,
 *   `pickArticle`), and records made from stored rows (`claimFromRow`);
 * - the JSONL lines, the page rows and the CSV cells the database renders
 *   (server/export-sql.ts renders each kind; db/schema.ts holds the columns,
 *   and server/claim-rows.ts makes the compiler check that every stored field
 *   has a column of the right type);
 * - the insert and update columns of a save and of a restore
 *   (server/claim-rows.ts), and the editor's field list (lib/client/claim-fields.ts);
 * - CSV, W3C and ClaimReview name, for every content field, how they carry it
 *   or that they do not (lib/export/csv.ts, w3c.ts, claim-review.ts, each
 *   checked by the compiler to be exhaustive).
 *
 * Adding a field a person edits is one entry in CLAIM_CONTENT_FIELDS, its
 * column in db/schema.ts (with a generated migration), and one line in each
 * format that must say how it carries it; the compiler lists the places.
 */

/**
 * How a value is stored and written. Each kind is copied, read from a row and
 * rendered to JSON and CSV one way (server/export-sql.ts, lib/export/csv.ts).
 * `uuid`: a UUID, which never needs escaping; `id`: an opaque id (a user's);
 * `status`: a review status (a Postgres enum); `target` and `sources` are the
 * claim's nested quote and its list of sources.
 */
export type FieldKind =
  | "uuid"
  | "id"
  | "text"
  | "text?"
  | "int"
  | "int?"
  | "bool"
  | "int[]"
  | "text[]"
  | "status"
  | "date?"
  | "time"
  | "time?"
  | "target"
  | "sources";

export type Field = {
  readonly kind: FieldKind;
  readonly schema: z.ZodType;
  // A field's name as people read it is in the message catalogues (claim.fields, claim.sourceFields), in their language.
};
type Fields = Readonly<Record<string, Field>>;

type ShapeOf<F extends Fields> = { -readonly [K in keyof F]: F[K]["schema"] };
function shapeOf<F extends Fields>(fields: F): ShapeOf<F> {
  return Object.fromEntries(Object.entries(fields).map(([key, field]) => [key, field.schema])) as ShapeOf<F>;
}

// ── Source ──

export const SOURCE_FIELDS = {
  id: { kind: "uuid", schema: z.uuid() },
  url: { kind: "text", schema: httpUrl },
  title: { kind: "text", schema: z.string().trim().max(500).default("") },
  publisher: { kind: "text", schema: z.string().trim().max(200).default("") },
  stance: { kind: "text", schema: z.string().min(1).max(64) },
  excerpt: { kind: "text", schema: z.string().max(5_000).default("") },
  accessedOn: { kind: "date?", schema: calendarDate.nullable().default(null) },
  archiveUrl: { kind: "text?", schema: httpUrl.nullable().default(null) },
} as const satisfies Fields;
export type SourceKey = keyof typeof SOURCE_FIELDS;

/** A source as the API accepts and returns it, and as every format exports it. */
export const sourceSchema = z.object(shapeOf(SOURCE_FIELDS));
export type SourceRecord = z.infer<typeof sourceSchema>;

const MAX_SOURCES = 100;
const sourcesSchema = z.array(sourceSchema).max(MAX_SOURCES).default([]);

// ── Claim ──

/** What an annotator writes about a claim besides its quote and sources, in the editor's order. */
export const CLAIM_CONTENT_FIELDS = {
  claimType: { kind: "text?", schema: z.string().min(1).max(64).nullable().default(null) },
  checkWorthiness: { kind: "int?", schema: z.number().int().min(0).max(3).nullable().default(null) },
  speaker: { kind: "text", schema: z.string().trim().max(300).default("") },
  normalizedClaim: { kind: "text", schema: z.string().trim().max(1_000).default("") },
  verdict: { kind: "text", schema: z.string().min(1).max(64).default("unverified") },
  rationale: { kind: "text", schema: z.string().max(10_000).default("") },
  tags: { kind: "text[]", schema: z.array(z.string().trim().min(1).max(64)).max(50).default([]) },
  language: { kind: "text?", schema: languageTag.nullable().default(null) },
} as const satisfies Fields;
export type ClaimContentKey = keyof typeof CLAIM_CONTENT_FIELDS;
export const CLAIM_CONTENT_KEYS = Object.keys(CLAIM_CONTENT_FIELDS) as ClaimContentKey[];

/** Everything a person edits about a claim but its quote: the content fields, then its sources. */
export const claimFieldsSchema = z.object({ ...shapeOf(CLAIM_CONTENT_FIELDS), sources: sourcesSchema });
export type ClaimFields = z.infer<typeof claimFieldsSchema>;
export type ClaimFieldKey = keyof ClaimFields;

/** Whether two claims say the same in every content field (their sources and quotes aside). */
export function sameContentFields(a: Pick<ClaimFields, ClaimContentKey>, b: Pick<ClaimFields, ClaimContentKey>): boolean {
  return CLAIM_CONTENT_KEYS.every((key) => JSON.stringify(a[key]) === JSON.stringify(b[key]));
}

/** The fields of a new claim: every field's default (an unverified claim with nothing else said). */
export function emptyClaimFields(): ClaimFields {
  return claimFieldsSchema.parse({});
}
export const CLAIM_FIELD_KEYS = [...CLAIM_CONTENT_KEYS, "sources"] as const satisfies readonly ClaimFieldKey[];

/**
 * A claim as the lossless export writes it and a restore reads it, in the
 * order its keys are written. The content fields keep the API's schemas, so
 * import limits never drift from what the editor accepts (fields the API
 * defaults are optional on import and get the API's defaults).
 */
export const CLAIM_RECORD_FIELDS = {
  id: { kind: "uuid", schema: z.uuid() },
  articleId: { kind: "uuid", schema: z.uuid() },
  projectId: { kind: "uuid", schema: z.uuid() },
  authorId: { kind: "id", schema: z.string().min(1).max(255) },
  authorName: { kind: "text", schema: z.string().max(500) },
  // end > start >= 0, so bounding end bounds both.
  target: {
    kind: "target",
    schema: targetSchema.refine((t) => t.end <= MAX_STORED_INT, { message: `must be at most ${MAX_STORED_INT}`, path: ["end"] }),
  },
  sentenceIndexes: { kind: "int[]", schema: z.array(storedInt().nonnegative()).max(10_000) },
  ...CLAIM_CONTENT_FIELDS,
  sources: { kind: "sources", schema: sourcesSchema },
  status: { kind: "status", schema: z.enum(REVIEW_STATUSES, `must be one of ${REVIEW_STATUSES.join(", ")}`) },
  version: { kind: "int", schema: storedInt().positive() },
  isGold: { kind: "bool", schema: z.boolean() },
  createdAt: { kind: "time", schema: isoDateTime },
  updatedAt: { kind: "time", schema: isoDateTime },
  deletedAt: { kind: "time?", schema: isoDateTime.nullable() },
} as const satisfies Fields;
export type ClaimRecordKey = keyof typeof CLAIM_RECORD_FIELDS;

export const claimRecordSchema = z.object(shapeOf(CLAIM_RECORD_FIELDS));
export type ClaimRecord = z.infer<typeof claimRecordSchema>;

/** The kinds of a target's fields (it is stored as five columns of these kinds). */
export const TARGET_FIELD_KINDS = { start: "int", end: "int", exact: "text", prefix: "text", suffix: "text" } as const satisfies Record<
  keyof ClaimTarget,
  FieldKind
>;

/** A claim as the API returns it: the record without its project (the caller knows it). */
export type ClaimDto = Omit<ClaimRecord, "projectId">;

/** The claim fields that are columns of their own (the author's name is joined, the target is five columns, sources a table). */
export type StoredClaimKey = Exclude<ClaimRecordKey, "authorName" | "target" | "sources">;
export const STORED_CLAIM_KEYS = (Object.keys(CLAIM_RECORD_FIELDS) as ClaimRecordKey[]).filter(
  (key): key is StoredClaimKey => key !== "authorName" && key !== "target" && key !== "sources",
);

type RowValue<F extends Field, V> = F["kind"] extends "time" ? Date | string : F["kind"] extends "time?" ? Date | string | null : V;

/** A stored claim as a row holds it (a Drizzle row, or a raw one aliased to these keys): times may come as Date or as text. */
export type ClaimRow = { [K in StoredClaimKey]: RowValue<(typeof CLAIM_RECORD_FIELDS)[K], ClaimRecord[K]> } & ClaimTarget;

// ── Article ──

export const ARTICLE_RECORD_FIELDS = {
  id: { kind: "uuid", schema: z.uuid() },
  projectId: { kind: "uuid", schema: z.uuid() },
  title: { kind: "text", schema: z.string().max(2_000) },
  text: { kind: "text", schema: z.string() },
  language: { kind: "text?", schema: z.string().min(1).max(35).nullable() },
  // Validated as http(s) on import so a `javascript:` URL can never reach a link in ClaimReview output.
  sourceUrl: { kind: "text?", schema: httpUrl.nullable() },
  publisher: { kind: "text?", schema: z.string().max(500).nullable() },
  publishedAt: { kind: "text?", schema: z.string().max(64).nullable() },
  contentHash: { kind: "text", schema: z.string().min(1).max(128) },
  originFile: { kind: "text?", schema: z.string().max(1_000).nullable() },
  createdAt: { kind: "time", schema: isoDateTime },
} as const satisfies Fields;
export type ArticleRecordKey = keyof typeof ARTICLE_RECORD_FIELDS;

export const articleRecordSchema = z.object(shapeOf(ARTICLE_RECORD_FIELDS));
export type ArticleRecord = z.infer<typeof articleRecordSchema>;

/** A stored article as a row holds it. */
export type ArticleRow = { [K in ArticleRecordKey]: RowValue<(typeof ARTICLE_RECORD_FIELDS)[K], ArticleRecord[K]> };

// ── Copies and rows ──
// Formats copy fields by name instead of spreading their input, so a row
// passed in with extra columns (sentenceCount, lastMutationId, …) never leaks
// into an export, and key order (hence golden files) is the description's.

function isoTime(value: Date | string): string {
  return (value instanceof Date ? value : new Date(value)).toISOString();
}

function copy(kind: FieldKind, value: unknown): unknown {
  switch (kind) {
    case "target": {
      const target = value as ClaimTarget;
      return { start: target.start, end: target.end, exact: target.exact, prefix: target.prefix, suffix: target.suffix };
    }
    case "sources":
      return (value as SourceRecord[]).map(pickSource);
    case "int[]":
    case "text[]":
      return [...(value as unknown[])];
    default:
      return value;
  }
}

function pickWith<T>(fields: Fields, value: T): T {
  const out: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(fields)) out[key] = copy(field.kind, (value as Record<string, unknown>)[key]);
  return out as T;
}

/** The source fields of `source`, in canonical key order. */
export function pickSource(source: SourceRecord): SourceRecord {
  return pickWith(SOURCE_FIELDS, source);
}

/** The claim record fields of `claim`, in canonical key order. */
export function pickClaim(claim: ClaimRecord): ClaimRecord {
  return pickWith(CLAIM_RECORD_FIELDS, claim);
}

/** The article record fields of `article`, in canonical key order. */
export function pickArticle(article: ArticleRecord): ArticleRecord {
  return pickWith(ARTICLE_RECORD_FIELDS, article);
}

let defaultFields: ClaimFields | undefined;

/**
 * What a person edits about a claim (content fields and sources), picked from
 * any claim-shaped value. A field the value lacks — a draft kept in a browser
 * before the field existed — gets its default, so it compares equal to the
 * server's copy instead of looking like an edit.
 */
export function pickClaimFields(claim: ClaimFields): ClaimFields {
  // Parsed once: every value is copied below (lists included), so the shared defaults are never handed out.
  defaultFields ??= emptyClaimFields();
  const defaults = defaultFields;
  const out: Record<string, unknown> = {};
  for (const key of CLAIM_FIELD_KEYS) {
    const value: unknown = claim[key] ?? (claim[key] === null ? null : defaults[key]);
    out[key] = key === "sources" ? (value as SourceRecord[]).map(pickSource) : copy(CLAIM_CONTENT_FIELDS[key].kind, value);
  }
  return out as ClaimFields;
}

/**
 * A change to some of a claim's fields: each field optional and without its
 * default, so a field left out means "keep it" (zod's partial() would fill
 * the defaults in and erase what was left out).
 */
export const claimFieldsPatchSchema: z.ZodType<Partial<ClaimFields>> = z.object({
  ...Object.fromEntries(Object.entries(CLAIM_CONTENT_FIELDS).map(([key, field]) => [key, withoutDefault(field.schema).optional()])),
  sources: z.array(sourceSchema).max(MAX_SOURCES).optional(),
}) as z.ZodType<Partial<ClaimFields>>;

function withoutDefault(schema: z.ZodType): z.ZodType {
  return schema instanceof z.ZodDefault ? (schema.unwrap() as z.ZodType) : schema;
}

function fromRow(kind: FieldKind, value: unknown): unknown {
  switch (kind) {
    case "time":
      return isoTime(value as Date | string);
    case "time?":
      return value === null ? null : isoTime(value as Date | string);
    default:
      return value;
  }
}

/** A stored claim as its record; `sources` already in position order. */
export function claimFromRow(row: ClaimRow, given: { authorName: string; sources: SourceRecord[] }): ClaimRecord {
  const out: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(CLAIM_RECORD_FIELDS) as Array<[ClaimRecordKey, Field]>) {
    if (key === "authorName") out[key] = given.authorName;
    else if (key === "sources") out[key] = given.sources;
    else if (key === "target") out[key] = { start: row.start, end: row.end, exact: row.exact, prefix: row.prefix, suffix: row.suffix };
    else out[key] = fromRow(field.kind, row[key]);
  }
  return out as ClaimRecord;
}

/** A stored article as its record. */
export function articleFromRow(row: ArticleRow): ArticleRecord {
  const out: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(ARTICLE_RECORD_FIELDS) as Array<[ArticleRecordKey, Field]>) out[key] = fromRow(field.kind, row[key]);
  return out as ArticleRecord;
}
