import { z } from "zod";
import { claimFieldsSchema, httpUrl, sourceInputSchema, targetSchema, type ClaimTarget } from "@/lib/claim-schema";
import { REVIEW_STATUSES } from "@/lib/review-state";
import { describeUnstorable, findUnstorableText } from "@/lib/storable-text";
import type { Taxonomy } from "@/lib/taxonomy";
import { codePointLength, sliceCodePoints } from "./code-points";

/**
 * The records every export format is written from, and the zod schemas an
 * import validates them with. The formatters take plain records (not DB rows)
 * so they stay framework-free and can be fed row by row from a cursor.
 *
 * Offsets (`target.start`/`end`, sentence `start`/`end`) count Unicode code
 * points of `ExportArticle.text`, never UTF-16 code units.
 *
 * The import schemas accept only what the database can store, so a bad line
 * is a 422 naming its field, never a database error (a 500): integers fit a
 * Postgres `integer`, dates are real calendar dates in years 1–9999, and a
 * status is one of the review statuses.
 */

/** The largest Postgres `integer` (2³¹ − 1): offsets, versions and sentence indexes are stored as one. */
export const MAX_STORED_INT = 2_147_483_647;
const storedInt = (message = `must be at most ${MAX_STORED_INT}`) => z.number().int().max(MAX_STORED_INT, message);

// Postgres has no year 0 (and zod's pattern allows "0000"): the first instant it stores is 0001-01-01 UTC.
const FIRST_STORABLE_INSTANT = Date.parse("0001-01-01T00:00:00Z");
const isoDateTime = z.iso
  .datetime({ offset: true })
  .refine((value) => Date.parse(value) >= FIRST_STORABLE_INSTANT, "must be a time in the years 1 to 9999");
/** A source as exported: the same shape and limits the API accepts (`accessedOn` a real calendar date, lib/claim-schema). */
export const exportSourceSchema = sourceInputSchema;
export type ExportSource = z.infer<typeof exportSourceSchema>;

export const exportArticleSchema = z.object({
  id: z.uuid(),
  projectId: z.uuid(),
  title: z.string().max(2_000),
  text: z.string(),
  language: z.string().min(1).max(35).nullable(),
  // Validated as http(s) on import so a `javascript:` URL can never reach a link in ClaimReview output.
  sourceUrl: httpUrl.nullable(),
  publisher: z.string().max(500).nullable(),
  publishedAt: z.string().max(64).nullable(),
  contentHash: z.string().min(1).max(128),
  originFile: z.string().max(1_000).nullable(),
  createdAt: isoDateTime,
});
export type ExportArticle = z.infer<typeof exportArticleSchema>;

/**
 * A claim as exported. Reuses the API's field schema so import limits never
 * drift from what the editor accepts; fields the API defaults (speaker, tags,
 * sources, …) are therefore optional on import and get the API's defaults,
 * and the API's trimming applies (a no-op for data that was saved through it).
 */
export const exportClaimSchema = claimFieldsSchema.extend({
  id: z.uuid(),
  articleId: z.uuid(),
  projectId: z.uuid(),
  authorId: z.string().min(1).max(255),
  authorName: z.string().max(500),
  // end > start >= 0, so bounding end bounds both.
  target: targetSchema.refine((t) => t.end <= MAX_STORED_INT, { message: `must be at most ${MAX_STORED_INT}`, path: ["end"] }),
  sentenceIndexes: z.array(storedInt().nonnegative()).max(10_000),
  sources: z.array(exportSourceSchema).max(100).default([]),
  status: z.enum(REVIEW_STATUSES, `must be one of ${REVIEW_STATUSES.join(", ")}`),
  version: storedInt().positive(),
  isGold: z.boolean(),
  createdAt: isoDateTime,
  updatedAt: isoDateTime,
  deletedAt: isoDateTime.nullable(),
});
export type ExportClaim = z.infer<typeof exportClaimSchema>;

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

/**
 * Checks a target against the article text it claims to quote: `exact` must
 * be the code point slice [start, end), and prefix/suffix must be the text
 * right before/after it. Returns the first mismatch, or null.
 */
export function checkTargetAgainstText(text: string, target: ClaimTarget): { field: string; message: string } | null {
  const length = codePointLength(text);
  if (target.end > length) return { field: "target.end", message: `end ${target.end} is past the end of the article text (${length} code points)` };
  if (sliceCodePoints(text, target.start, target.end) !== target.exact) {
    return { field: "target.exact", message: `exact does not match the article text at code points ${target.start}–${target.end}` };
  }
  const before = sliceCodePoints(text, Math.max(0, target.start - codePointLength(target.prefix)), target.start);
  if (before !== target.prefix) return { field: "target.prefix", message: "prefix does not match the text before the quote" };
  if (sliceCodePoints(text, target.end, target.end + codePointLength(target.suffix)) !== target.suffix) {
    return { field: "target.suffix", message: "suffix does not match the text after the quote" };
  }
  return null;
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

// ── Field selection ──
// The formatters copy fields by name instead of spreading the input, so a DB
// row passed in with extra columns (sentenceCount, lastMutationId, …) never
// leaks into an export, and key order (hence golden files) is stable.

/** The ExportArticle fields of `article`, in canonical key order. */
export function pickArticle(article: ExportArticle): ExportArticle {
  return {
    id: article.id,
    projectId: article.projectId,
    title: article.title,
    text: article.text,
    language: article.language,
    sourceUrl: article.sourceUrl,
    publisher: article.publisher,
    publishedAt: article.publishedAt,
    contentHash: article.contentHash,
    originFile: article.originFile,
    createdAt: article.createdAt,
  };
}

/** The ExportSource fields of `source`, in canonical key order. */
export function pickSource(source: ExportSource): ExportSource {
  return {
    id: source.id,
    url: source.url,
    title: source.title,
    publisher: source.publisher,
    stance: source.stance,
    excerpt: source.excerpt,
    accessedOn: source.accessedOn,
    archiveUrl: source.archiveUrl,
  };
}

/** The ExportClaim fields of `claim`, in canonical key order. */
export function pickClaim(claim: ExportClaim): ExportClaim {
  return {
    id: claim.id,
    articleId: claim.articleId,
    projectId: claim.projectId,
    authorId: claim.authorId,
    authorName: claim.authorName,
    target: {
      start: claim.target.start,
      end: claim.target.end,
      exact: claim.target.exact,
      prefix: claim.target.prefix,
      suffix: claim.target.suffix,
    },
    sentenceIndexes: [...claim.sentenceIndexes],
    claimType: claim.claimType,
    checkWorthiness: claim.checkWorthiness,
    speaker: claim.speaker,
    normalizedClaim: claim.normalizedClaim,
    verdict: claim.verdict,
    rationale: claim.rationale,
    tags: [...claim.tags],
    sources: claim.sources.map(pickSource),
    status: claim.status,
    version: claim.version,
    isGold: claim.isGold,
    createdAt: claim.createdAt,
    updatedAt: claim.updatedAt,
    deletedAt: claim.deletedAt,
  };
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
  // database-rendered page (measured on 1.8 MB: 0.04 ms for ASCII, 0.4 ms with other non-Latin-1
  // text, against 1.3 ms for the test): in a string without characters beyond Latin-1, V8
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
  // on a 2.5 MB page of 2,000 W3C annotations 0.2 ms without matches and 3.6–3.9 ms with an `&` in every
  // third claim, against ~7 ms for one regular expression with a replacement callback.
  let out = json;
  for (const [character, escape] of SCRIPT_ESCAPES) if (out.includes(character)) out = out.replaceAll(character, escape);
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
