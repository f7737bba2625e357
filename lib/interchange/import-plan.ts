/**
 * From a file read into the interchange model to the claims an import would
 * write (issue 15, "labels map, and the user confirms it"): the labels and
 * attributes the file holds, for the preview the user maps them in; then,
 * with their mapping, each span as a claim's fields — a claim type, the
 * attributes that correspond to claim fields (check-worthiness, verdict),
 * the rest as tags, notes as the rationale — or a problem naming the span.
 * Pure: the database part is server/interchange.ts.
 */
import { CHECK_WORTHINESS, type Taxonomy } from "@/lib/taxonomy";
import type { InterchangeLocation, InterchangeParse, InterchangeProblem, InterchangeSpan } from "./model";

/** What one label of the file becomes: an existing claim type, a new one (admins), a tag on an untyped claim, or nothing. */
export type LabelChoice = { kind: "type"; key: string } | { kind: "create"; key: string; label: string } | { kind: "tag" } | { kind: "skip" };

/** The user's mapping, by the file's label. Every label of the file must have a choice. */
export type LabelMapping = Readonly<Record<string, LabelChoice>>;

/** A new claim type's key from the name a person gives it (the Import page and the command line alike). */
export function claimTypeKeyOf(name: string): string {
  return (
    name
      .toLowerCase()
      .replaceAll("ß", "ss")
      // Letters without their accents (ä → a), so a German name keeps its letters in the key.
      .normalize("NFKD")
      .replace(/\p{M}/gu, "")
      .replace(/[^a-z0-9]+/g, "_")
      .replace(/^_+|_+$/g, "")
      .slice(0, 64) || "type"
  );
}

export type LabelSummary = { label: string; spans: number; machineMade: number };
export type AttributeSummary = { name: string; values: number; field: "checkWorthiness" | "verdict" | null };

/** Tags are at most this long (lib/fields.ts); a longer attribute is reported, never cut. */
const MAX_TAG_LENGTH = 64;
const MAX_TAGS = 50;
/** A rationale's limit (lib/fields.ts). */
const MAX_RATIONALE_LENGTH = 10_000;

/** Attribute names that mean check-worthiness, as tools spell them (compared without case, spaces, dashes or underscores). */
const CHECK_WORTHINESS_NAMES = new Set(["checkworthiness", "checkworthy", "worthiness", "cw"]);
const VERDICT_NAMES = new Set(["verdict", "rating", "veracity", "truthfulness"]);

function normalName(name: string): string {
  return name.toLowerCase().replace(/[\s_-]+/g, "");
}

/** The claim field an attribute name corresponds to, if any. */
export function attributeField(name: string): AttributeSummary["field"] {
  const normal = normalName(name);
  if (CHECK_WORTHINESS_NAMES.has(normal)) return "checkWorthiness";
  if (VERDICT_NAMES.has(normal)) return "verdict";
  return null;
}

/** The labels the file's spans carry, most used first (then by name), with how many spans are machine-made. */
export function summarizeLabels(parse: InterchangeParse): LabelSummary[] {
  const byLabel = new Map<string, LabelSummary>();
  for (const document of parse.documents) {
    for (const span of document.spans) {
      const summary = byLabel.get(span.label) ?? { label: span.label, spans: 0, machineMade: 0 };
      summary.spans++;
      if (span.isMachineMade) summary.machineMade++;
      byLabel.set(span.label, summary);
    }
  }
  return [...byLabel.values()].sort((a, b) => b.spans - a.spans || a.label.localeCompare(b.label));
}

/** The attribute names the file's spans carry, with how many spans have each and the claim field it becomes. */
export function summarizeAttributes(parse: InterchangeParse): AttributeSummary[] {
  const counts = new Map<string, number>();
  for (const document of parse.documents) {
    for (const span of document.spans) for (const name of Object.keys(span.attributes)) counts.set(name, (counts.get(name) ?? 0) + 1);
  }
  return [...counts].map(([name, values]) => ({ name, values, field: attributeField(name) })).sort((a, b) => a.name.localeCompare(b.name));
}

/** The claim fields one span becomes. */
export type PlannedClaim = {
  start: number;
  end: number;
  claimType: string | null;
  checkWorthiness: number | null;
  verdict: string | null;
  tags: string[];
  rationale: string;
  isMachineMade: boolean;
  at: InterchangeLocation;
};

export type PlannedDocument = { key: string; claims: PlannedClaim[] };

export type ImportPlan = {
  documents: PlannedDocument[];
  problems: InterchangeProblem[];
  /** Spans left out on purpose, by reason (a label mapped to "skip"), added to the file's own skipped counts. */
  skipped: Record<string, number>;
  /** Claim types the mapping creates (an admin's choice), in the order first used. */
  createdTypes: Array<{ key: string; label: string }>;
};

function checkWorthinessOf(value: string | number | boolean): number | null {
  const number = typeof value === "number" ? value : typeof value === "string" && /^\d+$/.test(value.trim()) ? Number(value) : Number.NaN;
  if (CHECK_WORTHINESS.some((c) => c.value === number)) return number;
  if (typeof value === "boolean") return value ? 3 : 0;
  const word = String(value).trim().toLowerCase();
  if (word === "yes" || word === "true") return 3;
  if (word === "no" || word === "false") return 0;
  const byLabel = CHECK_WORTHINESS.find((c) => c.label.toLowerCase() === word);
  return byLabel ? byLabel.value : null;
}

function verdictOf(value: string | number | boolean, taxonomy: Taxonomy): string | null {
  const word = String(value).trim().toLowerCase();
  return taxonomy.verdicts.find((v) => v.key.toLowerCase() === word || v.label.toLowerCase() === word)?.key ?? null;
}

function tagOf(name: string, value: string | number | boolean): string {
  return value === true ? name : `${name}=${String(value)}`;
}

/**
 * The claims `parse` becomes under `mapping`. A label without a choice, a
 * type key the project does not have, an attribute value a claim field
 * cannot take, or a tag too long to keep is a problem naming the span — the
 * span is still imported with what could be kept, except for an unmapped
 * label, which leaves its spans out (reported) until the user maps it.
 */
export function planImport(parse: InterchangeParse, mapping: LabelMapping, taxonomy: Taxonomy): ImportPlan {
  const typeKeys = new Set(taxonomy.claimTypes.map((t) => t.key));
  const createdTypes: ImportPlan["createdTypes"] = [];
  const problems: InterchangeProblem[] = [];
  const skipped: Record<string, number> = {};
  const documents: PlannedDocument[] = [];
  for (const choice of Object.values(mapping)) {
    if (choice.kind === "create" && !typeKeys.has(choice.key) && !createdTypes.some((t) => t.key === choice.key)) {
      createdTypes.push({ key: choice.key, label: choice.label });
    }
  }
  const knownType = (key: string) => typeKeys.has(key) || createdTypes.some((t) => t.key === key);
  for (const document of parse.documents) {
    const claims: PlannedClaim[] = [];
    for (const span of document.spans) {
      const planned = planSpan(span, mapping[span.label], taxonomy, knownType, problems);
      if (planned === "skip") skipped.label_skipped = (skipped.label_skipped ?? 0) + 1;
      else if (planned) claims.push(planned);
    }
    documents.push({ key: document.key, claims });
  }
  return { documents, problems, skipped, createdTypes };
}

function planSpan(
  span: InterchangeSpan,
  choice: LabelChoice | undefined,
  taxonomy: Taxonomy,
  knownType: (key: string) => boolean,
  problems: InterchangeProblem[],
): PlannedClaim | "skip" | null {
  const problem = (message: string, field?: string) => problems.push({ ...span.at, ...(field && { field }), message });
  if (!choice) {
    problem(`the label "${span.label}" is not mapped to a claim type, a tag or "skip"`, "label");
    return null;
  }
  if (choice.kind === "skip") return "skip";
  let claimType: string | null = null;
  const tags: string[] = [];
  if (choice.kind === "type" || choice.kind === "create") {
    if (!knownType(choice.key)) {
      problem(`the label "${span.label}" is mapped to "${choice.key}", which is no claim type of the project`, "label");
      return null;
    }
    claimType = choice.key;
  } else {
    tags.push(span.label);
  }
  let checkWorthiness: number | null = null;
  let verdict: string | null = null;
  for (const [name, value] of Object.entries(span.attributes)) {
    const field = attributeField(name);
    if (field === "checkWorthiness") {
      checkWorthiness = checkWorthinessOf(value);
      if (checkWorthiness === null) problem(`${name} "${String(value)}" is no check-worthiness (0–3, yes/no, or its label); kept as a tag`, name);
      else continue;
    } else if (field === "verdict") {
      verdict = verdictOf(value, taxonomy);
      if (verdict === null) problem(`${name} "${String(value)}" is no verdict of the project; kept as a tag`, name);
      else continue;
    }
    tags.push(tagOf(name, value));
  }
  if (span.isMachineMade) tags.push("machine-made");
  // The claim field's own rule (lib/fields.ts): trimmed, not empty, at most 64 UTF-16 units.
  const kept = tags
    .map((tag) => tag.trim())
    .filter((tag) => {
      if (tag === "") return false;
      if (tag.length <= MAX_TAG_LENGTH) return true;
      problem(`the tag "${tag.slice(0, 40)}…" is longer than ${MAX_TAG_LENGTH} characters: not kept`, "attributes");
      return false;
    });
  let rationale = span.notes.join("\n");
  if (rationale.length > MAX_RATIONALE_LENGTH) {
    problem(`the notes are longer than the ${MAX_RATIONALE_LENGTH} characters a rationale holds: not kept`, "notes");
    rationale = "";
  }
  const unique = [...new Set(kept)];
  if (unique.length > MAX_TAGS) problem(`more than ${MAX_TAGS} tags: the first ${MAX_TAGS} are kept`, "attributes");
  return {
    start: span.start,
    end: span.end,
    claimType,
    checkWorthiness,
    verdict,
    tags: unique.slice(0, MAX_TAGS),
    rationale,
    isMachineMade: span.isMachineMade ?? false,
    at: span.at,
  };
}
