import "server-only";
import { type SQL, sql } from "drizzle-orm";
import { type Db, rowsOf, type Tx } from "@/db/client";
import { type Article, type Claim, claims, type Source, sources } from "@/db/schema";
import { verifyTarget } from "@/lib/anchoring";
import {
  type ArticleRow,
  CLAIM_CONTENT_FIELDS,
  CLAIM_CONTENT_KEYS,
  CLAIM_RECORD_FIELDS,
  type ClaimContentKey,
  type ClaimDto,
  type ClaimFields,
  type ClaimRecord,
  type ClaimRow,
  claimFromRow,
  type FieldKind,
  pickSource,
  SOURCE_FIELDS,
  type SourceRecord,
  type StoredClaimKey,
} from "@/lib/fields";
import type { Taxonomy } from "@/lib/taxonomy";
import type { ClaimTarget } from "@/lib/value-schemas";
import { AppError } from "./errors";

/**
 * The pieces of a claim row that saves (server/claims.ts), restores
 * (server/import.ts) and gold claims (server/team/adjudication.ts) share:
 * the columns a claim's fields are written to, derived from lib/fields.ts;
 * the one way sources are written; the checks every write makes; and a
 * stored row as the API's DTO.
 */

// The compiler checks that db/schema.ts has a column of the record's type for
// every stored field lib/fields.ts describes: a field without its column, or
// with a column of another type, fails here.
const claimRowFits = (row: Claim): ClaimRow => row;
const articleRowFits = (row: Article): ArticleRow => row;
void claimRowFits;
void articleRowFits;

type ContentValues = Pick<ClaimFields, ClaimContentKey>;

/** The content fields of `fields` as claim columns (Drizzle insert and update values); `overrides` wins where it has a value. */
export function contentValues(fields: ContentValues, overrides: Partial<ContentValues> = {}): ContentValues {
  const out: Record<string, unknown> = {};
  for (const key of CLAIM_CONTENT_KEYS) out[key] = overrides[key] !== undefined ? overrides[key] : fields[key];
  return out as ContentValues;
}

/** The content columns for a Drizzle select: each content field under its own key. */
export const CONTENT_SELECT = Object.fromEntries(CLAIM_CONTENT_KEYS.map((key) => [key, claims[key]])) as {
  [K in ClaimContentKey]: (typeof claims)[K];
};

/** A value as a bind parameter of its kind (Drizzle's sql`` would spread a JS array into a list of parameters). */
function parameter(kind: FieldKind, value: unknown): SQL {
  if (kind === "text[]") return sql`array(select jsonb_array_elements_text(${JSON.stringify(value)}::jsonb))`;
  if (kind === "int[]") return sql`array(select jsonb_array_elements_text(${JSON.stringify(value)}::jsonb)::integer)`;
  return sql`${value}`;
}

/** The content columns, for a raw INSERT's column list: in CLAIM_CONTENT_FIELDS order, as {@link contentParameters}. */
export const CONTENT_COLUMNS: SQL = sql.join(
  CLAIM_CONTENT_KEYS.map((key) => sql.identifier(claims[key].name)),
  sql`, `,
);

/** The content fields of `fields` as a raw INSERT's values, in {@link CONTENT_COLUMNS} order. */
export function contentParameters(fields: ClaimFields): SQL {
  return sql.join(
    CLAIM_CONTENT_KEYS.map((key) => parameter(CLAIM_CONTENT_FIELDS[key].kind, fields[key])),
    sql`, `,
  );
}

/** Every stored field of a record as claim columns (a restore writes them all; the caller overrides what it may not keep). */
export function recordValues(record: ClaimRecord) {
  const out: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(CLAIM_RECORD_FIELDS) as Array<[keyof typeof CLAIM_RECORD_FIELDS, { kind: FieldKind }]>) {
    if (key === "authorName" || key === "sources" || key === "target") continue;
    const value = record[key];
    out[key] = field.kind === "time" || (field.kind === "time?" && value !== null) ? new Date(value as string) : value;
  }
  return { ...(out as { [K in StoredClaimKey]: Claim[K] }), ...targetValues(record.target) };
}

function targetValues(target: ClaimTarget) {
  return { start: target.start, end: target.end, exact: target.exact, prefix: target.prefix, suffix: target.suffix };
}

/**
 * A claim that stands on its article's current text: not deleted, and placed — not one still counting on
 * an earlier revision while it waits for a person (server/revisions.ts). Every read that puts claims on
 * the text (the article page, review in context, agreement, adjudication, coverage, exports) asks this;
 * counts of a person's work do not.
 */
export function claimIsPlaced(alias?: string): SQL {
  if (alias === undefined) return sql`(${claims.deletedAt} is null and ${claims.anchorState} = 'placed')`;
  const a = sql.identifier(alias);
  return sql`(${a}."deleted_at" is null and ${a}."anchor_state" = 'placed')`;
}

/** A target as claim columns, with the sentences it covers computed by the database in the same statement. */
export function targetColumns(articleId: string, target: ClaimTarget) {
  return { ...targetValues(target), sentenceIndexes: sentenceIndexesSql(articleId, target.start, target.end) };
}

/**
 * The sentences a target covers, computed by the database inside the insert or
 * update itself: one round trip fewer per save, and always consistent with the
 * stored sentences.
 */
export function sentenceIndexesSql(articleId: string, start: number, end: number) {
  return sql<number[]>`(select coalesce(array_agg(s."index" order by s."index"), '{}'::integer[]) from "sentences" s
    where s."article_id" = ${articleId} and s."start" < ${end} and s."end" > ${start})`;
}

const RECORDSET_TYPES: Partial<Record<FieldKind, string>> = { uuid: "uuid", text: "text", "text?": "text", "date?": "date" };
const SOURCE_KEYS = Object.keys(SOURCE_FIELDS) as Array<keyof typeof SOURCE_FIELDS>;

/**
 * A claim's sources as rows of a `select` (claim id, position, then every
 * source field), from one JSON parameter however many there are: the one
 * shape every write of sources goes through.
 */
export function sourceRowsSql(claimId: string, list: readonly SourceRecord[]): SQL {
  const rows = JSON.stringify(list.map((s, position) => ({ ...pickSource(s), position })));
  const columns = SOURCE_KEYS.map((key) => sql.raw(`${JSON.stringify(key)} ${RECORDSET_TYPES[SOURCE_FIELDS[key].kind]}`));
  const values = SOURCE_KEYS.map((key) => sql.raw(`s.${JSON.stringify(key)}`));
  return sql`select ${claimId}::uuid, s.position, ${sql.join(values, sql`, `)}
    from jsonb_to_recordset(${rows}::jsonb) as s(position int, ${sql.join(columns, sql`, `)})`;
}

/** The columns {@link sourceRowsSql} fills, for the INSERT around it. */
export const SOURCE_COLUMNS: SQL = sql.join(
  [sql.identifier("claim_id"), sql.identifier("position"), ...SOURCE_KEYS.map((key) => sql.identifier(sources[key].name))],
  sql`, `,
);

/**
 * Writes a claim's sources in their order and returns the ids stored. A
 * source id already used by another claim is not stored (and not re-pointed):
 * the caller decides — a save refuses it ({@link idInUseError}), a restore
 * derives another id.
 */
export async function insertSources(tx: Db | Tx, claimId: string, list: readonly SourceRecord[]): Promise<Set<string>> {
  if (list.length === 0) return new Set();
  const result = await tx.execute(sql`insert into ${sources} (${SOURCE_COLUMNS}) ${sourceRowsSql(claimId, list)}
    on conflict ("id") do nothing returning "id"`);
  return new Set(rowsOf<{ id: string }>(result).map((row) => row.id));
}

/** {@link insertSources}, refusing the whole write (the transaction rolls back) when any id is taken. */
export async function insertSourcesOrRefuse(tx: Tx, claimId: string, list: readonly SourceRecord[]): Promise<void> {
  const stored = await insertSources(tx, claimId, list);
  if (stored.size !== list.length) throw idInUseError();
}

/**
 * The one answer for a client-generated id (a claim's or a source's) that is
 * already taken by something the save may not take over. It is the same
 * whether the row is the actor's to see or in a project they have never
 * belonged to, and it does not say which id clashed: so a clash with a claim
 * id of another project cannot be told apart from a free claim id whose
 * source id clashes with one of the actor's own project — the same 409 "id
 * free but something else is wrong" gets. (A free id is saved, so some answer
 * must differ from success; this keeps it to "some id in this save is used
 * somewhere", which client-generated UUIDs never hit by chance.) The actor's
 * own claim under the id is answered as before: a retry, or a 409 with the
 * current version.
 */
export function idInUseError(): AppError {
  return new AppError("conflict:id", "An id in this request is already in use; send it again with new ids.");
}

/**
 * Labels must exist in the project's taxonomy (keys are compared, so renamed
 * labels still validate) and a claim's source ids must be distinct. Throws a
 * 422 naming every bad field. Used by saves, adjudication and gold writing.
 */
export function assertLabels(
  taxonomy: Taxonomy,
  claim: { claimType: string | null; verdict: string; sources?: ReadonlyArray<{ id: string; stance: string }> },
): void {
  const fields: Record<string, string> = {};
  if (claim.claimType !== null && !taxonomy.claimTypes.some((t) => t.key === claim.claimType)) {
    fields.claimType = `unknown claim type "${claim.claimType}"`;
  }
  if (!taxonomy.verdicts.some((v) => v.key === claim.verdict)) fields.verdict = `unknown verdict "${claim.verdict}"`;
  const claimSources = claim.sources ?? [];
  claimSources.forEach((source, i) => {
    if (!taxonomy.stances.some((s) => s.key === source.stance)) fields[`sources.${i}.stance`] = `unknown stance "${source.stance}"`;
  });
  if (new Set(claimSources.map((s) => s.id)).size !== claimSources.length) fields.sources = "source ids must be unique";
  if (Object.keys(fields).length) {
    throw new AppError(
      "unprocessable:validation",
      `Invalid input — ${Object.entries(fields)
        .map(([k, v]) => `${k}: ${v}`)
        .join("; ")}`,
      {
        fields,
      },
    );
  }
}

/** The quote must be the article text at the target's offsets (lib/anchoring's verifyTarget, the one check): a 422 naming why not. */
export function assertTargetMatches(articleText: string, target: ClaimTarget): void {
  const verdict = verifyTarget(articleText, target);
  if (!verdict.ok) {
    throw new AppError("unprocessable:target", `The quote does not match the article text at these offsets: ${verdict.reason}`, {
      fields: { target: verdict.reason },
    });
  }
}

/** A stored claim as the API shows it; `claimSources` already in position order. */
export function toClaimDto(row: ClaimRow, claimSources: SourceRecord[], authorName: string): ClaimDto {
  const { projectId: _projectId, ...dto } = claimFromRow(row, { authorName, sources: claimSources });
  return dto;
}

/** {@link toClaimDto} of a row and its sources in any order. */
export function claimDtoOf(claim: Claim, claimSources: Source[], authorName: string): ClaimDto {
  return toClaimDto(claim, [...claimSources].sort((a, b) => a.position - b.position).map(pickSource), authorName);
}
