import { z } from "zod";
import {
  type ArticleRecord,
  articleRecordSchema,
  CLAIM_RECORD_FIELDS,
  type ClaimRecord,
  type Field,
  pickClaim as pickClaimRecord,
  type SourceRecord,
} from "@/lib/fields";
import { describeUnstorable, findUnstorableText } from "@/lib/storable-text";
import type { Taxonomy } from "@/lib/taxonomy";
import { isoDateTime, storedInt } from "@/lib/value-schemas";
import { ANCHOR_STATES, SENTENCE_DECISIONS } from "@/lib/vocabularies";

/**
 * The records every export format is written from, and the zod schemas an
 * import validates them with: the records of lib/fields.ts, where each field
 * is described once. The formatters take plain records (not DB rows) so they
 * stay framework-free and can be fed row by row from a cursor.
 *
 * Offsets (`target.start`/`end`, sentence `start`/`end`) count Unicode code
 * points of `ExportArticle.text`, never UTF-16 code units.
 *
 * The import schemas accept only what the database can store, so a bad line
 * is a 422 naming its field, never a database error (a 500): integers fit a
 * Postgres `integer`, dates are real calendar dates in years 1–9999, and a
 * status is one of the review statuses.
 */

export { pickArticle, pickSource } from "@/lib/fields";
export { MAX_STORED_INT } from "@/lib/value-schemas";

export type ExportSource = SourceRecord;
export const exportArticleSchema = articleRecordSchema;
export type ExportArticle = ArticleRecord;

// ── Claims as exports carry them ──
// The claim record of lib/fields.ts (what the API returns and a save writes) plus what only exports carry: a gold
// claim's provenance. It is written by adjudication alone (server/team/adjudication.ts), never edited, so it has no
// place in the API's record; the lossless JSONL must keep it all the same, and W3C names it (`prov:wasDerivedFrom`).

/**
 * The claims a gold claim was adjudicated from (promoted or merged), by id;
 * empty for every other claim and for a gold claim written from scratch.
 * Optional on import, so exports made before it existed still restore.
 * Kind `text[]`: a UUID list is rendered and read like a text list (a UUID
 * never needs escaping); the database column is `uuid[]` (db/schema.ts).
 */
export const CLAIM_PROVENANCE_FIELDS = {
  derivedFrom: { kind: "text[]", schema: z.array(z.uuid()).max(10_000).default([]) },
} as const satisfies Readonly<Record<string, Field>>;

/**
 * Where a claim's target counts once its article has revisions (server/revisions.ts): `placed` on the
 * article's current text (`anchorRevision` null), or waiting — `needs_confirmation` or `orphaned` — with
 * its target on revision `anchorRevision`, whose text the file carries in an `article_revision` record
 * before the claim. Only the lossless JSONL carries waiting claims; every other format writes the
 * placed ones. Optional on import: a file from before revisions reads as all placed.
 */
export const CLAIM_ANCHOR_FIELDS = {
  anchorState: { kind: "status", schema: z.enum(ANCHOR_STATES, `must be one of ${ANCHOR_STATES.join(", ")}`).default("placed") },
  anchorRevision: { kind: "int?", schema: storedInt().min(1, "must be a revision number, from 1").nullable().default(null) },
} as const satisfies Readonly<Record<string, Field>>;

const { createdAt: CREATED_AT, updatedAt: UPDATED_AT, deletedAt: DELETED_AT, ...CLAIM_LEADING_FIELDS } = CLAIM_RECORD_FIELDS;

/**
 * A claim as every export is written from and the lossless JSONL is read
 * back, in the order its keys are written: the record of lib/fields.ts with
 * the provenance beside the gold flag. The JSONL writer, its reader (the
 * schema below) and the database renderer (server/export-sql.ts) take the
 * fields from here; the README's JSONL section describes this list.
 */
export const EXPORT_CLAIM_FIELDS = {
  ...CLAIM_LEADING_FIELDS,
  ...CLAIM_PROVENANCE_FIELDS,
  ...CLAIM_ANCHOR_FIELDS,
  createdAt: CREATED_AT,
  updatedAt: UPDATED_AT,
  deletedAt: DELETED_AT,
} as const satisfies Readonly<Record<string, Field>>;
export type ExportClaimKey = keyof typeof EXPORT_CLAIM_FIELDS;

// ── Revisions of an article (server/revisions.ts) ──

/**
 * A revision of an article as the lossless JSONL carries it, for an article revised at least once: every
 * revision, the current one included (its text is the article record's). Offsets of a waiting claim
 * (`anchorRevision`) count code points of its revision's `text`.
 */
export const ARTICLE_REVISION_RECORD_FIELDS = {
  articleId: { kind: "uuid", schema: z.uuid() },
  number: { kind: "int", schema: storedInt().min(1, "must be a revision number, from 1") },
  text: { kind: "text", schema: z.string() },
  contentHash: { kind: "text", schema: z.string().min(1).max(128) },
  sourceUrl: { kind: "text?", schema: articleRecordSchema.shape.sourceUrl },
  publishedAt: { kind: "text?", schema: z.string().max(64).nullable() },
  createdAt: { kind: "time", schema: isoDateTime },
} as const satisfies Readonly<Record<string, Field>>;

export const exportSentenceSchema = z
  .object({
    articleId: z.uuid(),
    index: storedInt().nonnegative(),
    start: storedInt().nonnegative(),
    end: storedInt().nonnegative(),
    text: z.string(),
  })
  .refine((s) => s.end >= s.start, { message: "end must not be less than start", path: ["end"] });
export type ExportSentence = z.infer<typeof exportSentenceSchema>;

// ── Decisions on sentences (server/sentence-decisions.ts) ──
// A sentence is named by its article and its index among the article's stored sentences: no offsets, so a
// record means the same sentence whatever the text's encoding. Each field has a kind, as in lib/fields.ts,
// which is how server/export-sql.ts renders it.

/** A person's "no claim here" on a sentence, in the order its keys are written. */
export const SENTENCE_DECISION_RECORD_FIELDS = {
  articleId: { kind: "uuid", schema: z.uuid() },
  sentenceIndex: { kind: "int", schema: storedInt().nonnegative() },
  decision: { kind: "text", schema: z.enum(SENTENCE_DECISIONS, `must be one of ${SENTENCE_DECISIONS.join(", ")}`) },
  authorId: { kind: "id", schema: z.string().min(1).max(255) },
  authorName: { kind: "text", schema: z.string().max(500) },
  createdAt: { kind: "time", schema: isoDateTime },
  updatedAt: { kind: "time", schema: isoDateTime },
} as const satisfies Readonly<Record<string, Field>>;

/** How long the reason for marking a sentence not annotatable may be, in characters (code points, as people count them). */
export const MAX_EXCLUSION_REASON = 200;
/** The reason's length rule, for the API and the import alike. */
export const exclusionReason = z
  .string()
  .refine((reason) => [...reason].length <= MAX_EXCLUSION_REASON, `must be at most ${MAX_EXCLUSION_REASON} characters`);

/** A sentence marked not annotatable; `authorId`/`authorName`: who marked it (null once that account is gone). */
export const SENTENCE_EXCLUSION_RECORD_FIELDS = {
  articleId: { kind: "uuid", schema: z.uuid() },
  sentenceIndex: { kind: "int", schema: storedInt().nonnegative() },
  reason: { kind: "text?", schema: exclusionReason.nullable() },
  authorId: { kind: "text?", schema: z.string().min(1).max(255).nullable() },
  authorName: { kind: "text?", schema: z.string().max(500).nullable() },
  createdAt: { kind: "time", schema: isoDateTime },
  updatedAt: { kind: "time", schema: isoDateTime },
} as const satisfies Readonly<Record<string, Field>>;

function schemaOf<F extends Readonly<Record<string, Field>>>(fields: F) {
  return z.object(
    Object.fromEntries(Object.entries(fields).map(([key, field]) => [key, field.schema])) as { -readonly [K in keyof F]: F[K]["schema"] },
  );
}

export const exportClaimSchema = schemaOf(EXPORT_CLAIM_FIELDS).refine(
  (claim) => (claim.anchorState === "placed") === (claim.anchorRevision === null),
  {
    message: "must be null for a placed claim and the revision its target counts on for a waiting one",
    path: ["anchorRevision"],
  },
);
export type ExportClaim = z.infer<typeof exportClaimSchema>;

/** The export fields of `claim`, in canonical key order (a row with more columns leaks nothing into an export). */
export function pickClaim(claim: ExportClaim): ExportClaim {
  const record: ClaimRecord = pickClaimRecord(claim);
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(EXPORT_CLAIM_FIELDS) as ExportClaimKey[]) {
    out[key] = key === "derivedFrom" ? [...claim.derivedFrom] : key === "anchorState" || key === "anchorRevision" ? claim[key] : record[key];
  }
  return out as ExportClaim;
}

export const exportArticleRevisionSchema = schemaOf(ARTICLE_REVISION_RECORD_FIELDS);
export type ExportArticleRevision = z.infer<typeof exportArticleRevisionSchema>;

/** An article as formatters get it: with its revisions once it was ever revised (server/export.ts). */
export type ExportArticleOfClaim = ExportArticle & { revisions?: readonly ExportArticleRevision[] };

/** The revision every placed claim counts on: the latest (the current one), or the only one of an article never revised. */
export function currentRevisionOf(article: ExportArticleOfClaim): { number: number; createdAt: string } {
  const last = article.revisions?.at(-1);
  return last ? { number: last.number, createdAt: last.createdAt } : { number: 1, createdAt: article.createdAt };
}

export const exportSentenceDecisionSchema = schemaOf(SENTENCE_DECISION_RECORD_FIELDS);
export type ExportSentenceDecision = z.infer<typeof exportSentenceDecisionSchema>;
export const exportSentenceExclusionSchema = schemaOf(SENTENCE_EXCLUSION_RECORD_FIELDS);
export type ExportSentenceExclusion = z.infer<typeof exportSentenceExclusionSchema>;

/** The record's own fields in their written order, whatever else the value carries (a row with more columns). */
function pickFields<T>(fields: Readonly<Record<string, Field>>, value: T): T {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(fields)) out[key] = (value as Record<string, unknown>)[key];
  return out as T;
}

export function pickArticleRevision(record: ExportArticleRevision): ExportArticleRevision {
  return pickFields(ARTICLE_REVISION_RECORD_FIELDS, record);
}

export function pickSentenceDecision(record: ExportSentenceDecision): ExportSentenceDecision {
  return pickFields(SENTENCE_DECISION_RECORD_FIELDS, record);
}

export function pickSentenceExclusion(record: ExportSentenceExclusion): ExportSentenceExclusion {
  return pickFields(SENTENCE_EXCLUSION_RECORD_FIELDS, record);
}

/**
 * Whether a claim belongs in the formats that cannot mark a deletion (CSV,
 * W3C, ClaimReview, TSV): they skip deleted claims rather than present them
 * as live. Only the lossless JSONL carries deleted claims, with `deletedAt`.
 */
export function isLiveClaim(claim: Pick<ExportClaim, "deletedAt">): boolean {
  return claim.deletedAt === null;
}

/** Everything a formatter needs besides the records; `generatedAt` is injected so output is reproducible. */
export type ExportContext = {
  /** Public origin of this Claimwork instance, e.g. `https://claimwork.example` (a trailing slash is ignored). */
  baseUrl: string;
  generatedAt: Date;
  taxonomy: Taxonomy;
  /** The organisation named as ClaimReview author. */
  publisher: { name: string; url?: string };
};

/** One problem found while importing: `line` is the 1-based line (JSONL) or 0-based item index (W3C). */
export type ImportError = { line: number; field: string; message: string };

/** Renders a zod issue path the way people read it: `sources[0].url`. */
export function formatIssuePath(path: readonly PropertyKey[]): string {
  let out = "";
  for (const part of path) {
    if (typeof part === "number") out += `[${part}]`;
    else out += out === "" ? String(part) : `.${String(part)}`;
  }
  return out;
}

/**
 * Folds a zod error into one ImportError: `field` is the first issue's path
 * and the message names every failing path, so one bad line yields one error
 * that still says everything wrong with it.
 */
export function importErrorFromZod(error: z.ZodError, line: number, pathPrefix = ""): ImportError {
  const join = (p: string) => (pathPrefix && p ? `${pathPrefix}.${p}` : pathPrefix || p);
  const first = error.issues[0];
  const field = first ? join(formatIssuePath(first.path)) : pathPrefix;
  const message = error.issues.map((i) => `${join(formatIssuePath(i.path)) || "(record)"}: ${i.message}`).join("; ");
  return { line, field, message };
}

/**
 * The first string of a parsed record (keys included) that Postgres cannot
 * store — a NUL or a lone surrogate, which the driver would refuse (a 500) or
 * silently turn into U+FFFD — with its field named the way zod errors are
 * (`sources[0].title`; "" for the value itself), or null.
 */
export function findUnstorableField(value: unknown): { field: string; message: string } | null {
  const found = findUnstorableText(value);
  if (!found) return null;
  const field = found.path === "(body)" ? "" : found.path.replace(/(^|\.)(\d+)(?=\.|$)/g, "[$2]");
  return { field, message: describeUnstorable(found.problem) };
}

/** {@link findUnstorableField} as the ImportError of one line. */
export function unstorableTextError(value: unknown, line: number): ImportError | null {
  const found = findUnstorableField(value);
  return found ? { line, field: found.field, message: `${found.field || "(record)"}: ${found.message}` } : null;
}

// ── IRIs minted for exported resources ──

/** `baseUrl` without trailing slashes, so `${base}/claims/…` never doubles a slash. */
export function normalizeBaseUrl(baseUrl: string): string {
  return baseUrl.replace(/\/+$/, "");
}

/** Public IRI of a claim: `${baseUrl}/claims/<id>`. */
export function claimIri(baseUrl: string, claimId: string): string {
  return `${normalizeBaseUrl(baseUrl)}/claims/${encodeURIComponent(claimId)}`;
}

/** Public IRI of an article: `${baseUrl}/articles/<id>`. */
export function articleIri(baseUrl: string, articleId: string): string {
  return `${normalizeBaseUrl(baseUrl)}/articles/${encodeURIComponent(articleId)}`;
}

/** Public IRI of a user: `${baseUrl}/users/<id>` (user ids are opaque text, hence the encoding). */
export function userIri(baseUrl: string, userId: string): string {
  return `${normalizeBaseUrl(baseUrl)}/users/${encodeURIComponent(userId)}`;
}

/** Inverse of {@link articleIri}/{@link claimIri}: the id after `${baseUrl}/<segment>/`, or null if `iri` is not one of ours. */
export function idFromIri(baseUrl: string, segment: "articles" | "claims" | "users", iri: string): string | null {
  const prefix = `${normalizeBaseUrl(baseUrl)}/${segment}/`;
  if (!iri.startsWith(prefix)) return null;
  const rest = iri.slice(prefix.length);
  if (rest === "" || rest.includes("/") || rest.includes("?") || rest.includes("#")) return null;
  try {
    return decodeURIComponent(rest);
  } catch {
    return null;
  }
}

/**
 * JSON.stringify, but with U+0085, U+2028 and U+2029 escaped: they are legal
 * raw inside JSON strings, yet line splitters such as Python's
 * `str.splitlines()` break on them, which would corrupt a JSONL stream.
 */
export function stringifyJsonLine(value: unknown): string {
  return escapeLineSeparators(JSON.stringify(value));
}

/**
 * Escapes U+0085, U+2028 and U+2029 in serialised JSON as `\u0085` etc.
 * (JSON.stringify leaves them raw, and they can only occur inside strings).
 * Also used on whole pages of JSONL that the database rendered.
 */
export function escapeLineSeparators(json: string): string {
  // Most text holds none. Three includes() are far cheaper than one regular-expression scan on a
  // database-rendered page (BENCHMARKS.md): in a string without characters beyond Latin-1, V8
  // answers the first two at once.
  if (!json.includes("\u2028") && !json.includes("\u2029") && !json.includes("\u0085")) return json;
  return json.replace(LINE_SEPARATORS, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}
const LINE_SEPARATORS = /[\u0085\u2028\u2029]/g;

/**
 * JSON text that is also safe inside an HTML `<script type="application/ld+json">`
 * element: `<`, `>`, `&`, U+2028 and U+2029 written as `\u003c`, `\u003e`,
 * `\u0026`, `\u2028`, `\u2029`. JSON.stringify leaves them raw, so a title or
 * speaker holding `</script><img onerror=…>` would end the element and run as
 * markup; escaped, the HTML parser never sees a tag and every JSON parser reads
 * the same value back. They can only occur inside JSON strings, so the whole
 * serialisation can be rewritten. The W3C and ClaimReview writers use it (their
 * elements are meant to be embedded), and server/export.ts applies it to each
 * page the database renders (server/export-sql.ts says why there). JSONL is
 * not meant for embedding and stays as it is.
 */
export function escapeForScript(json: string): string {
  // One native scan per character (most text holds none of them), then a native replaceAll for those present:
  // about half of what one regular expression with a replacement callback costs, and far less when nothing
  // matches (BENCHMARKS.md).
  let out = json;
  for (const [character, escaped] of SCRIPT_ESCAPES) if (out.includes(character)) out = out.replaceAll(character, escaped);
  return out;
}
/** Each character script embedding forbids raw, and its JSON escape (lower-case hex, as JSON.stringify writes escapes). */
const SCRIPT_ESCAPES: ReadonlyArray<readonly [string, string]> = [
  ["<", "\\u003c"],
  [">", "\\u003e"],
  ["&", "\\u0026"],
  ["\u2028", "\\u2028"],
  ["\u2029", "\\u2029"],
];

/** JSON.stringify, escaped with {@link escapeForScript}: for JSON-LD that may be put in a `<script>` element. */
export function stringifyForScript(value: unknown): string {
  return escapeForScript(JSON.stringify(value));
}

/** What separates the elements of the JSON arrays the W3C and ClaimReview exports stream. */
export const ITEM_SEPARATOR = ",\n";

/** A JSON document streamed element by element: the separators kept right, the elements counted. */
export type ElementWriter = {
  header(): string;
  /** The next element, preceded by a separator unless it is the first; "" for a claim the format skips. */
  formatClaim(claim: ExportClaim, article: ExportArticle): string;
  footer(): string;
  /** Elements written so far. */
  readonly count: number;
};

/** An {@link ElementWriter} from a format's header, footer and element (null: the claim is skipped), with constant memory. */
export function createElementWriter(parts: {
  header: () => string;
  footer: () => string;
  element: (claim: ExportClaim, article: ExportArticle) => string | null;
}): ElementWriter {
  let count = 0;
  return {
    header: parts.header,
    formatClaim(claim, article) {
      const json = parts.element(claim, article);
      if (json === null) return "";
      return (count++ === 0 ? "" : ITEM_SEPARATOR) + json;
    },
    footer: parts.footer,
    get count() {
      return count;
    },
  };
}
