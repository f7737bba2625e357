import { createTranslator, type useTranslations } from "next-intl";
import enClaim from "@/messages/en/claim.json";
import {
  CLAIM_CONTENT_FIELDS,
  CLAIM_FIELD_KEYS,
  type ClaimDto,
  type ClaimFieldKey,
  type ClaimFields,
  claimFieldsSchema,
  emptyClaimFields,
  pickClaimFields,
  type SourceKey,
} from "../fields";
import { unstorableProblem } from "../storable-text";
import type { ClaimTarget } from "../value-schemas";

/** What the editor wants a claim to be; the sync adds mutation ids and versions. */
export type ClaimDraft = ClaimFields & { id: string; articleId: string; target: ClaimTarget };

/** The `claim` messages, as a component gets them (`useTranslations("claim")`). */
export type ClaimTranslator = ReturnType<typeof useTranslations<"claim">>;

// Every field the editor or the server can name has its words (a field added to lib/fields.ts fails to compile until it has).
type FieldName = keyof typeof enClaim.fields;
type SourceFieldName = keyof typeof enClaim.sourceFields;
enClaim.fields satisfies Record<ClaimFieldKey | "target", string>;
enClaim.sourceFields satisfies Record<SourceKey, string>;

/**
 * Where in a claim a problem is, as the editor names it. Sources and tags are
 * numbered from 1 as the editor shows them, while field paths (ours and the
 * server's) count from 0.
 */
export type FieldPlace =
  | { field: FieldName }
  | { source: number; field?: SourceFieldName }
  | { tag: number }
  /** A path the editor has no name for, said as it is. */
  | { path: string };

/** What is wrong with a field: one of the editor's own problems, or one in the words it came with. */
export type FieldProblem =
  | { key: "missing" | "notHttp" | "outOfRange" | "notADate" | "invalid" | "nul" | "loneSurrogate" }
  | { key: "tooLong" | "tooMany"; max: number }
  /** The server's words (shown as they come), or the schema's for a check the editor has no words of its own for. */
  | { key: "said"; text: string };

/** A field that cannot be saved as it is, said where it is. */
export type FieldIssue = {
  /** Where in the draft: `speaker`, `tags.1`, `sources.0.url` (indexes from 0, like the server's field paths). */
  path: string;
  place: FieldPlace;
  problem: FieldProblem;
  /**
   * The field's short name in English ("Source 1 URL"): what the sync tells
   * held fields apart by. The interface words it with {@link fieldIssueWords}.
   */
  field: string;
  /** The sentence in English ("Source 1: URL must start with http:// or https://"); the interface words it with {@link fieldIssueWords}. */
  message: string;
  /** Found by the editor's own check, or refused by the server (422). */
  from: "client" | "server";
};

/**
 * An issue in the interface's words: `field`, its short name for a status
 * line ("Quelle 1 URL"), and `message`, the sentence shown at the field.
 */
export function fieldIssueWords(t: ClaimTranslator, issue: Pick<FieldIssue, "place" | "problem">): { field: string; message: string } {
  const { place, problem } = issue;
  const say = (field: string) => {
    switch (problem.key) {
      case "said":
        return t("problems.said", { field, problem: problem.text });
      case "tooLong":
      case "tooMany":
        return t(`problems.${problem.key}`, { field, max: problem.max });
      default:
        return t(`problems.${problem.key}`, { field });
    }
  };
  if ("source" in place) {
    const source = t("place.source", { number: place.source });
    if (place.field === undefined) return { field: source, message: say(source) };
    const name = t(`sourceFields.${place.field}`);
    return {
      field: t("place.sourceField", { number: place.source, field: name }),
      message: t("place.within", { place: source, problem: say(name) }),
    };
  }
  if ("tag" in place) {
    const tags = t("fields.tags");
    return { field: tags, message: t("place.within", { place: tags, problem: say(t("place.tag", { number: place.tag })) }) };
  }
  const name = "field" in place ? t(`fields.${place.field}`) : place.path;
  return { field: name, message: say(name) };
}

/**
 * A field the server refused (422), remembered by value: it is held back while
 * it still has that value and sent again once the user changes it. `at` names
 * a source by id (`sources#<id>.title`), not by position, so removing another
 * source does not move the refusal onto the wrong one.
 */
export type RefusedField = { at: string; value: string; message: string };

const SOURCES_AT = "sources#";

/** The English words an issue carries (see {@link FieldIssue}), from the English catalogue like every other. */
const ENGLISH: ClaimTranslator = createTranslator({ locale: "en", messages: { claim: enClaim }, namespace: "claim" });

function isName<T extends object>(names: T, key: string | undefined): key is Extract<keyof T, string> {
  return key !== undefined && Object.hasOwn(names, key);
}

function segmentsOf(path: string): string[] {
  return path.split(".");
}

function indexOf(segment: string | undefined): number | null {
  return segment !== undefined && /^\d+$/.test(segment) ? Number(segment) : null;
}

function placeOf(path: string): FieldPlace {
  const [head, second, key] = segmentsOf(path);
  const index = indexOf(second);
  if (head === "sources" && index !== null) {
    if (key === undefined) return { source: index + 1 };
    return isName(enClaim.sourceFields, key) ? { source: index + 1, field: key } : { path };
  }
  if (head === "tags" && index !== null) return { tag: index + 1 };
  return isName(enClaim.fields, head) ? { field: head } : { path };
}

/** Name a field path in the editor's words. */
export function describeField(path: string, problem: FieldProblem, from: FieldIssue["from"] = "client"): FieldIssue {
  const place = placeOf(path);
  return { path, place, problem, ...fieldIssueWords(ENGLISH, { place, problem }), from };
}

function valueAt(value: unknown, segments: string[]): unknown {
  let at = value;
  for (const segment of segments) {
    if (at === null || typeof at !== "object") return undefined;
    at = (at as Record<string, unknown>)[segment];
  }
  return at;
}

type ZodIssueLike = { code: string; path: PropertyKey[]; message: string; origin?: string; maximum?: unknown; format?: string };

function problemOf(issue: ZodIssueLike, value: unknown): FieldProblem {
  const last = String(issue.path.at(-1));
  if (last === "url" || last === "archiveUrl") {
    return { key: typeof value === "string" && value.trim() === "" ? "missing" : "notHttp" };
  }
  const max = typeof issue.maximum === "number" || typeof issue.maximum === "bigint" ? Number(issue.maximum) : null;
  switch (issue.code) {
    case "too_big":
      if (issue.origin === "string" && max !== null) return { key: "tooLong", max };
      if (issue.origin === "array" && max !== null) return { key: "tooMany", max };
      return { key: "outOfRange" };
    case "too_small":
      return { key: issue.origin === "string" ? "missing" : "outOfRange" };
    case "invalid_format":
      return { key: last === "accessedOn" ? "notADate" : "invalid" };
    case "invalid_type":
    case "invalid_value":
      return { key: "invalid" };
    default:
      return { key: "said", text: issue.message };
  }
}

function isRealDate(value: string): boolean {
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}

function collectStrings(value: unknown, path: string[], out: Array<{ path: string; value: string }>) {
  if (typeof value === "string") out.push({ path: path.join("."), value });
  else if (Array.isArray(value)) {
    for (const [i, item] of value.entries()) collectStrings(item, [...path, String(i)], out);
  } else if (value !== null && typeof value === "object") for (const [k, v] of Object.entries(value)) collectStrings(v, [...path, k], out);
}

/**
 * The editor's own check of a draft, with the API's schema (so the two agree)
 * and in the editor's words. One issue per field, in the editor's order.
 */
export function checkDraft(draft: ClaimDraft): FieldIssue[] {
  const issues = new Map<string, FieldIssue>();
  const fields = pickClaimFields(draft);
  const result = claimFieldsSchema.safeParse(fields);
  if (!result.success) {
    for (const issue of result.error.issues as ZodIssueLike[]) {
      const path = issue.path.map(String).join(".");
      if (!issues.has(path)) issues.set(path, describeField(path, problemOf(issue, valueAt(fields, path.split(".")))));
    }
  }
  draft.sources.forEach((source, i) => {
    const path = `sources.${i}.accessedOn`;
    if (source.accessedOn && /^\d{4}-\d{2}-\d{2}$/.test(source.accessedOn) && !isRealDate(source.accessedOn) && !issues.has(path)) {
      issues.set(path, describeField(path, { key: "notADate" }));
    }
  });
  // Postgres cannot store NUL or a lone surrogate; the server refuses them, so say so before sending.
  const strings: Array<{ path: string; value: string }> = [];
  collectStrings(fields, [], strings);
  for (const { path, value } of strings) {
    const problem = unstorableProblem(value);
    if (problem && !issues.has(path)) issues.set(path, describeField(path, { key: problem === "nul" ? "nul" : "loneSurrogate" }));
  }
  return [...issues.values()].sort((a, b) => fieldOrder(a.path) - fieldOrder(b.path));
}

function fieldOrder(path: string): number {
  const [head, second] = segmentsOf(path);
  const key = CLAIM_FIELD_KEYS.indexOf(head as ClaimFieldKey);
  return (key < 0 ? CLAIM_FIELD_KEYS.length : key) * 1000 + (indexOf(second) ?? 0);
}

/** A server field error (its path counts sources from 0) in the editor's words; the editor's own wording wins where it has one. */
export function describeServerField(draft: ClaimDraft, path: string, message: string): FieldIssue {
  const own = checkDraft(draft).find((issue) => issue.path === path);
  return own ? { ...own, from: "server" } : describeField(path, { key: "said", text: message }, "server");
}

/** Which part of a claim a field path belongs to, if it is one the editor can hold back while the rest saves. */
function unitOf(path: string): { kind: "field"; key: ClaimFieldKey } | { kind: "source"; index: number } | null {
  const [head, second] = segmentsOf(path);
  if (head === "sources") {
    const index = indexOf(second);
    return index === null ? { kind: "field", key: "sources" } : { kind: "source", index };
  }
  return CLAIM_FIELD_KEYS.includes(head as ClaimFieldKey) ? { kind: "field", key: head as ClaimFieldKey } : null;
}

/** Whether a server field error names something the editor can hold back (claim fields), not the save itself (id, target). */
export function isHoldable(path: string): boolean {
  return unitOf(path) !== null;
}

/** A server field path as a refusal remembered by value (see {@link RefusedField}), resolved against the body that was sent. */
export function refusedField(body: ClaimDraft, path: string, message: string): RefusedField {
  const segments = segmentsOf(path);
  const index = segments[0] === "sources" ? indexOf(segments[1]) : null;
  const source = index === null ? undefined : body.sources[index];
  const at = source ? [`${SOURCES_AT}${source.id}`, ...segments.slice(2)].join(".") : path;
  return { at, value: JSON.stringify(valueAt(body, segments) ?? null), message };
}

/** The draft path a remembered refusal points at now, or null when that source is gone. */
function draftPathOf(draft: ClaimDraft, at: string): string | null {
  if (!at.startsWith(SOURCES_AT)) return at;
  const [sourcePart, ...rest] = segmentsOf(at);
  const id = sourcePart!.slice(SOURCES_AT.length);
  const index = draft.sources.findIndex((s) => s.id === id);
  return index < 0 ? null : ["sources", String(index), ...rest].join(".");
}

/** Refusals whose field still has the refused value (the others are worth sending again). */
export function stillRefused(draft: ClaimDraft, refused: readonly RefusedField[]): RefusedField[] {
  return refused.filter((r) => {
    const path = draftPathOf(draft, r.at);
    return path !== null && JSON.stringify(valueAt(draft, segmentsOf(path)) ?? null) === r.value;
  });
}

const EMPTY_FIELDS: ClaimFields = emptyClaimFields();

/**
 * What to send for a draft: the draft with every field that cannot be saved
 * held back — the server's copy of that field (`base`), or for a claim or
 * source the server does not have yet, nothing — so the rest of the claim
 * still saves. `held` says what was held back, where, in the editor's words:
 * the draft stays as typed in the editor, and nothing held counts as saved.
 */
export function prepareSave(
  draft: ClaimDraft,
  base: ClaimDraft | null,
  refused: readonly RefusedField[] = [],
): { body: ClaimDraft; held: FieldIssue[] } {
  const held = checkDraft(draft);
  const paths = new Set(held.map((issue) => issue.path));
  for (const r of stillRefused(draft, refused)) {
    const path = draftPathOf(draft, r.at)!;
    if (paths.has(path)) continue;
    paths.add(path);
    held.push(describeServerField(draft, path, r.message));
  }
  if (held.length === 0) return { body: draft, held };

  const body: ClaimDraft = { ...draft };
  const heldSources = new Set<string>();
  for (const issue of held) {
    const unit = unitOf(issue.path);
    if (!unit) continue;
    if (unit.kind === "field") (body as Record<ClaimFieldKey, unknown>)[unit.key] = base ? base[unit.key] : EMPTY_FIELDS[unit.key];
    else {
      const source = draft.sources[unit.index];
      if (source) heldSources.add(source.id);
    }
  }
  if (body.sources === draft.sources && heldSources.size > 0) {
    body.sources = draft.sources.flatMap((s) => {
      if (!heldSources.has(s.id)) return [s];
      const saved = base?.sources.find((b) => b.id === s.id);
      return saved ? [saved] : [];
    });
  }
  return { body, held: held.sort((a, b) => fieldOrder(a.path) - fieldOrder(b.path)) };
}

/** Structural equality of JSON values (key order ignored: the server's objects are built in another order). */
export function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === null || b === null || typeof a !== "object" || typeof b !== "object") return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const other = b as unknown[];
    return a.length === other.length && a.every((item, i) => sameJson(item, other[i]));
  }
  const ka = Object.keys(a as object).filter((k) => (a as Record<string, unknown>)[k] !== undefined);
  const kb = Object.keys(b as object).filter((k) => (b as Record<string, unknown>)[k] !== undefined);
  return ka.length === kb.length && ka.every((k) => sameJson((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

/** Whether two versions of a claim say the same thing (what an annotator can change; versions and status aside). */
export function sameContent(a: ClaimDraft, b: ClaimDraft): boolean {
  return sameJson(a.target, b.target) && CLAIM_FIELD_KEYS.every((key) => sameJson(a[key], b[key]));
}

/** A server copy as a draft. */
export function draftOf(claim: ClaimDto | ClaimDraft): ClaimDraft {
  return { id: claim.id, articleId: claim.articleId, target: claim.target, ...pickClaimFields(claim) };
}

/**
 * The fields a refused (stale) edit changed that the current version does not
 * already have: what the user would lose by taking the current version.
 * `base` is the version the edit was made against (when known).
 */
export function refusedChanges(refused: ClaimDraft, base: ClaimDraft | null, current: ClaimDraft): ClaimFieldKey[] {
  return CLAIM_FIELD_KEYS.filter((key) => !sameJson(refused[key], current[key]) && (!base || !sameJson(refused[key], base[key])));
}

/** The longest a text field may be (its schema's maximum, through a default), for the editor's counter; null when it has none. */
export function maxLengthOf(schema: { unwrap?: () => unknown; maxLength?: number | null }): number | null {
  if (typeof schema.maxLength === "number") return schema.maxLength;
  const inner = schema.unwrap?.() as { maxLength?: number | null } | undefined;
  return typeof inner?.maxLength === "number" ? inner.maxLength : null;
}

/**
 * The one-line text fields' limits, from the API's schema: the editor counts
 * towards them instead of cutting what is typed (a `maxLength` would drop
 * pasted text silently); {@link checkDraft} says when a field is over.
 */
export const TEXT_LIMITS = {
  speaker: maxLengthOf(CLAIM_CONTENT_FIELDS.speaker.schema),
  normalizedClaim: maxLengthOf(CLAIM_CONTENT_FIELDS.normalizedClaim.schema),
} as const;
