/**
 * What a history entry changed, field by field, read from the before/after
 * snapshots the events table stores (server/events.ts recordEvent). Pure and
 * defensive: snapshots are stored data written by every version of the app,
 * so an older one may lack fields a newer one has, and a value of a shape
 * this code does not know is reported as an "unknown" change, never thrown.
 *
 * The claim's fields come from their one description (lib/fields.ts): a
 * field added there is compared here by its kind, with no list to update.
 */
import { CLAIM_RECORD_FIELDS, type ClaimRecordKey, SOURCE_FIELDS, type SourceKey } from "./fields";
import { DEFAULT_TAXONOMY, type Taxonomy } from "./taxonomy";
import { PROJECT_ROLES, type ProjectRole } from "./vocabularies";

/** A single value as the history shows it; null (and "") reads as "nothing". */
export type Scalar = string | number | boolean | null;

/**
 * Record fields a history does not word: identity, authorship and the
 * bookkeeping every save changes (version, times, the sentence indexes that
 * follow from the span), and the deletion time, which the entry's action
 * ("deleted", "restored") already says.
 */
const UNWORDED_KEYS = [
  "id",
  "articleId",
  "projectId",
  "authorId",
  "authorName",
  "sentenceIndexes",
  "version",
  "createdAt",
  "updatedAt",
  "deletedAt",
] as const satisfies readonly ClaimRecordKey[];

type Fields = typeof CLAIM_RECORD_FIELDS;
/** The claim fields a history words. */
export type WordedClaimKey = Exclude<ClaimRecordKey, (typeof UNWORDED_KEYS)[number]>;
type KeysOfKind<Kind> = { [K in WordedClaimKey]: Fields[K]["kind"] extends Kind ? K : never }[WordedClaimKey];
/** Fields whose value is one scalar (verdict, speaker, status, …). */
export type ValueClaimKey = Exclude<WordedClaimKey, KeysOfKind<"text[]" | "sources" | "target">>;
/** Fields that hold a list of words (tags). */
export type ListClaimKey = KeysOfKind<"text[]">;
/** A source's fields a history words (its id only tells sources apart). */
export type WordedSourceKey = Exclude<SourceKey, "id">;

/** What names a source in a history line. */
export type SourceSummary = { url: string; title: string };
/** What names a span in a history line. */
export type SpanSummary = { start: number; end: number; exact: string };

export type ClaimChange =
  | { kind: "value"; field: ValueClaimKey; before: Scalar; after: Scalar }
  | { kind: "list"; field: ListClaimKey; added: string[]; removed: string[] }
  | { kind: "sourceAdded"; source: SourceSummary }
  | { kind: "sourceRemoved"; source: SourceSummary }
  | { kind: "sourceChanged"; source: SourceSummary; field: WordedSourceKey; before: Scalar; after: Scalar }
  | { kind: "span"; before: SpanSummary; after: SpanSummary }
  | UnknownChange;

/** A change this code cannot word: `field` names what changed ("" when the snapshot itself is not a record). */
export type UnknownChange = { kind: "unknown"; field: string };

export type TaxonomyList = keyof Taxonomy;
export type TaxonomyChange =
  | { kind: "entryAdded"; list: TaxonomyList; key: string; label: string }
  | { kind: "entryRemoved"; list: TaxonomyList; key: string; label: string }
  | { kind: "entryRenamed"; list: TaxonomyList; key: string; before: string; after: string }
  | { kind: "ratingChanged"; key: string; before: number | null; after: number | null }
  | UnknownChange;

/** A project setting or a member's standing: a role (null: none, as for a member added or removed) or blind mode. */
export type SettingChange =
  | { kind: "role"; before: ProjectRole | null; after: ProjectRole | null }
  | { kind: "blindMode"; before: boolean | null; after: boolean | null };

export type HistoryChange = ClaimChange | TaxonomyChange | SettingChange;

type Snapshot = Readonly<Record<string, unknown>>;

function isRecord(value: unknown): value is Snapshot {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function isScalar(value: unknown): value is Scalar {
  return value === null || typeof value === "string" || typeof value === "number" || typeof value === "boolean";
}

function isStringList(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((item) => typeof item === "string");
}

/** Stored JSON compares by its text: snapshots are written by JSON.stringify, so equal values serialise equally. */
function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** "" and null both read as nothing; a field that changes between them did not change for a reader. */
function isBlank(value: Scalar): boolean {
  return value === null || value === "";
}

const WORDED_SOURCE_KEYS = (Object.keys(SOURCE_FIELDS) as SourceKey[]).filter((key): key is WordedSourceKey => key !== "id");
const UNWORDED = new Set<string>(UNWORDED_KEYS);
const CLAIM_KEYS = new Set<string>(Object.keys(CLAIM_RECORD_FIELDS));

function spanOf(value: unknown): SpanSummary | null {
  if (!isRecord(value)) return null;
  const { start, end, exact } = value;
  return typeof start === "number" && typeof end === "number" && typeof exact === "string" ? { start, end, exact } : null;
}

function sourceSummary(source: Snapshot): SourceSummary {
  return { url: typeof source.url === "string" ? source.url : "", title: typeof source.title === "string" ? source.title : "" };
}

/** Sources are told apart by their id; an older snapshot without ids, by their URL. */
function sourceIdentity(source: Snapshot): string {
  return typeof source.id === "string" ? `id:${source.id}` : `url:${String(source.url)}`;
}

function diffSources(before: unknown, after: unknown): ClaimChange[] {
  const beforeList = before ?? [];
  const afterList = after ?? [];
  if (!Array.isArray(beforeList) || !Array.isArray(afterList) || ![...beforeList, ...afterList].every(isRecord)) {
    return [{ kind: "unknown", field: "sources" }];
  }
  const byIdentity = (list: Snapshot[]) => new Map(list.map((source) => [sourceIdentity(source), source]));
  const was = byIdentity(beforeList as Snapshot[]);
  const is = byIdentity(afterList as Snapshot[]);
  const changes: ClaimChange[] = [];
  for (const [identity, source] of was) if (!is.has(identity)) changes.push({ kind: "sourceRemoved", source: sourceSummary(source) });
  for (const [identity, source] of is) {
    const old = was.get(identity);
    if (!old) {
      changes.push({ kind: "sourceAdded", source: sourceSummary(source) });
      continue;
    }
    for (const field of WORDED_SOURCE_KEYS) {
      const [b, a] = [old[field] ?? null, source[field] ?? null];
      if (same(b, a)) continue;
      if (!isScalar(b) || !isScalar(a)) changes.push({ kind: "unknown", field: `sources.${field}` });
      else if (!(isBlank(b) && isBlank(a))) changes.push({ kind: "sourceChanged", source: sourceSummary(source), field, before: b, after: a });
    }
  }
  return changes;
}

function diffField(key: WordedClaimKey, before: unknown, after: unknown): ClaimChange[] {
  const kind = CLAIM_RECORD_FIELDS[key].kind;
  if (kind === "sources") return diffSources(before, after);
  if (kind === "target") {
    const [b, a] = [spanOf(before), spanOf(after)];
    if (!b || !a) return [{ kind: "unknown", field: key }];
    return b.start === a.start && b.end === a.end && b.exact === a.exact ? [] : [{ kind: "span", before: b, after: a }];
  }
  if (kind === "text[]") {
    const [b, a] = [before ?? [], after ?? []];
    if (!isStringList(b) || !isStringList(a)) return [{ kind: "unknown", field: key }];
    const added = a.filter((value) => !b.includes(value));
    const removed = b.filter((value) => !a.includes(value));
    // Reordering alone is not a change a reader would look for.
    return added.length || removed.length ? [{ kind: "list", field: key as ListClaimKey, added, removed }] : [];
  }
  const [b, a] = [before ?? null, after ?? null];
  if (!isScalar(b) || !isScalar(a)) return [{ kind: "unknown", field: key }];
  if (isBlank(b) && isBlank(a)) return [];
  return [{ kind: "value", field: key as ValueClaimKey, before: b, after: a }];
}

/**
 * The changes from one claim snapshot to the next, in the fields' order
 * (lib/fields.ts). A claim that did not exist before (`before` null: created,
 * imported, adjudicated) has no changes: its entry says it began. Keys the
 * field list does not know are compared only when both snapshots carry them:
 * one side alone is context an event adds (a decision's comment), both sides
 * differing is an unknown change (a field of another version of the app).
 */
export function diffClaim(before: unknown, after: unknown): ClaimChange[] {
  if (before === null || before === undefined || after === null || after === undefined) return [];
  if (!isRecord(before) || !isRecord(after)) return [{ kind: "unknown", field: "" }];
  const changes: ClaimChange[] = [];
  for (const key of Object.keys(CLAIM_RECORD_FIELDS) as ClaimRecordKey[]) {
    if (UNWORDED.has(key) || !(key in before || key in after)) continue;
    if (same(before[key], after[key])) continue;
    changes.push(...diffField(key as WordedClaimKey, before[key], after[key]));
  }
  for (const key of Object.keys(after)) {
    if (!CLAIM_KEYS.has(key) && key in before && !same(before[key], after[key])) changes.push({ kind: "unknown", field: key });
  }
  return changes;
}

const TAXONOMY_LISTS = Object.keys(DEFAULT_TAXONOMY) as TaxonomyList[];

type Entry = { key: string; label: string; rating?: unknown };
function entriesOf(value: unknown): Entry[] | null {
  if (!Array.isArray(value)) return null;
  const isEntry = (item: unknown): item is Entry => isRecord(item) && typeof item.key === "string" && typeof item.label === "string";
  return value.every(isEntry) ? value : null;
}

/** The changes from one project taxonomy to the next: entries added, removed, relabelled, and verdicts re-rated. */
export function diffTaxonomy(before: unknown, after: unknown): TaxonomyChange[] {
  if (!isRecord(before) || !isRecord(after)) return [{ kind: "unknown", field: "" }];
  const changes: TaxonomyChange[] = [];
  for (const list of TAXONOMY_LISTS) {
    if (same(before[list], after[list])) continue;
    const [was, is] = [entriesOf(before[list] ?? []), entriesOf(after[list] ?? [])];
    if (!was || !is) {
      changes.push({ kind: "unknown", field: list });
      continue;
    }
    for (const entry of was)
      if (!is.some((e) => e.key === entry.key)) changes.push({ kind: "entryRemoved", list, key: entry.key, label: entry.label });
    for (const entry of is) {
      const old = was.find((e) => e.key === entry.key);
      if (!old) {
        changes.push({ kind: "entryAdded", list, key: entry.key, label: entry.label });
        continue;
      }
      if (old.label !== entry.label) changes.push({ kind: "entryRenamed", list, key: entry.key, before: old.label, after: entry.label });
      const [b, a] = [old.rating ?? null, entry.rating ?? null];
      if (list === "verdicts" && b !== a) {
        if ((b === null || typeof b === "number") && (a === null || typeof a === "number")) {
          changes.push({ kind: "ratingChanged", key: entry.key, before: b, after: a });
        } else changes.push({ kind: "unknown", field: `${list}.${entry.key}.rating` });
      }
    }
  }
  return changes;
}

function roleOf(snapshot: unknown): ProjectRole | null | undefined {
  if (snapshot === null || snapshot === undefined) return null;
  if (!isRecord(snapshot)) return undefined;
  const role = snapshot.role;
  if (role === undefined || role === null) return null;
  return (PROJECT_ROLES as readonly unknown[]).includes(role) ? (role as ProjectRole) : undefined;
}

function blindOf(snapshot: unknown): boolean | null | undefined {
  if (snapshot === null || snapshot === undefined) return null;
  if (!isRecord(snapshot)) return undefined;
  const value = snapshot.isBlind;
  if (value === undefined || value === null) return null;
  return typeof value === "boolean" ? value : undefined;
}

/**
 * The changes one history entry records, by its action: a claim's fields, a
 * project's taxonomy, a member's or an invitation's role, blind mode. Other
 * actions (an assignment, an import, a sentence marked) say all there is in
 * their action and have no field changes.
 */
export function changesOf(action: string, before: unknown, after: unknown): HistoryChange[] {
  if (action.startsWith("claim.")) return diffClaim(before, after);
  if (action === "project.taxonomy_updated") return diffTaxonomy(before, after);
  if (action === "project.blind_mode_changed" || action === "project.created") {
    const [b, a] = [blindOf(before), blindOf(after)];
    if (b === undefined || a === undefined) return [{ kind: "unknown", field: "isBlind" }];
    return b === a || (action === "project.created" && a !== true) ? [] : [{ kind: "blindMode", before: b, after: a }];
  }
  if (action.startsWith("member.") || action.startsWith("invitation.")) {
    const [b, a] = [roleOf(before), roleOf(after)];
    if (b === undefined || a === undefined) return [{ kind: "unknown", field: "role" }];
    return b === a ? [] : [{ kind: "role", before: b, after: a }];
  }
  return [];
}
