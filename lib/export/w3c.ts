import type { ClaimContentKey } from "@/lib/fields";
import { codePointLength } from "@/lib/offsets";
import { labelOf } from "@/lib/taxonomy";
import {
  articleIri,
  claimIri,
  createElementWriter,
  currentRevisionOf,
  type ElementWriter,
  type ExportArticle,
  type ExportArticleOfClaim,
  type ExportClaim,
  type ExportContext,
  findUnstorableField,
  type ImportError,
  idFromIri,
  isLiveClaim,
  MAX_STORED_INT,
  normalizeBaseUrl,
  stringifyForScript,
  userIri,
} from "./records";

/**
 * W3C Web Annotation Data Model (JSON-LD) export: one AnnotationCollection
 * whose single embedded AnnotationPage holds one Annotation per claim.
 *
 * Modelling choices (all valid against the W3C suite's "must" assertions,
 * see tests/conformance/w3c-annotation-model and w3c.test.ts):
 * - `motivation: "assessing"`: a claim annotation exists to record an
 *   assessment of the quoted statement (type, verdict, evidence), which is
 *   what the model's "assessing" means; "tagging"/"commenting" would describe
 *   only one of its bodies.
 * - Bodies are TextualBody items whose `purpose` says what each one is:
 *   classifying (claim type label), describing (normalised claim), assessing
 *   (verdict label, then the rationale after a blank line), commenting
 *   ("Speaker: …"), tagging (one per tag).
 * - Each evidence source is a SpecificResource body with purpose "linking"
 *   whose `source` is the source URL. An External Web Resource may not carry
 *   `purpose` (model 3.3.5), hence the SpecificResource wrapper. The title is
 *   the resource's `label`, the excerpt (if any) a TextQuoteSelector on it,
 *   and the stance (a project taxonomy key) the extension property
 *   `claimwork:stance`. That prefix is declared in an extra @context entry,
 *   `{ "claimwork": "<baseUrl>/ns#" }`, after the Web Annotation context, as
 *   the model's extension rules prescribe (so the collection's @context is an
 *   array; the W3C context is always one of its values).
 * - The target's source is this instance's article IRI with
 *   `format: "text/plain"`, because the offsets count code points of our
 *   canonical text, not of the original web page; the original page, when
 *   known, is the source's `via`.
 * - The target's `state` says which revision of the article the positions
 *   count on (issue 14): a TimeState whose `sourceDate` is when Claimwork
 *   took that revision's text and whose `cached` is the revision's own IRI
 *   (`…/articles/<id>/revisions/<n>`, a page with exactly that text). The
 *   model's own way to say "this resource as it was at a time", so readers
 *   that know TimeState need nothing of ours.
 * - Selectors: a TextQuoteSelector (exact, and prefix/suffix when non-empty)
 *   plus a TextPositionSelector; positions are Unicode code points, which is
 *   also what the model prescribes for TextPositionSelector.
 * - The embedded page's `partOf` is an object ({id, label, total}): the
 *   suite's page assertions reject the IRI-string form.
 * - A gold claim's provenance (the annotators' claims it was adjudicated
 *   from) is `prov:wasDerivedFrom`, a list of those claims' IRIs: the
 *   W3C PROV-O term for "a resource made from another", which the Web
 *   Annotation vocabulary lacks. The `prov` prefix is declared in the same
 *   extra @context entry, with the term's values typed as IRIs
 *   (`"@type": "@id"`), so a JSON-LD processor reads links, not strings.
 *   Written only when the list is not empty; an import ignores it (imported
 *   annotations become drafts, never gold).
 *
 * Deleted claims are skipped by the writer (an annotation cannot say it was
 * deleted); count only live claims in `total`.
 *
 * The text is safe to embed in a `<script type="application/ld+json">`
 * element: `<`, `>`, `&`, U+2028 and U+2029 inside strings are written as
 * `\u003c` etc. (escapeForScript); any JSON parser reads the same values.
 *
 * Volatile field: the collection's `generated` (the export clock).
 */

export const W3C_ANNO_CONTEXT = "http://www.w3.org/ns/anno.jsonld";
/** Content type from the Web Annotation Protocol. */
export const W3C_CONTENT_TYPE = `application/ld+json; profile="${W3C_ANNO_CONTEXT}"`;

/** The W3C PROV-O namespace (https://www.w3.org/TR/prov-o/), for a gold claim's `prov:wasDerivedFrom`. */
export const PROV_NAMESPACE = "http://www.w3.org/ns/prov#";
/** The annotation property naming the claims a gold claim came from. */
export const DERIVED_FROM_TERM = "prov:wasDerivedFrom";

export type W3cContext = [
  typeof W3C_ANNO_CONTEXT,
  { claimwork: string; prov: typeof PROV_NAMESPACE; [DERIVED_FROM_TERM]: { "@type": "@id"; "@container": "@set" } },
];

export type W3cTextualBody = {
  type: "TextualBody";
  purpose: "classifying" | "describing" | "assessing" | "commenting" | "tagging";
  value: string;
  format: "text/plain";
  language?: string;
};
export type W3cTextQuoteSelector = { type: "TextQuoteSelector"; exact: string; prefix?: string; suffix?: string };
export type W3cTextPositionSelector = { type: "TextPositionSelector"; start: number; end: number };
export type W3cLinkBody = {
  type: "SpecificResource";
  purpose: "linking";
  "claimwork:stance": string;
  source: { id: string; type: "Text"; label?: string };
  selector?: W3cTextQuoteSelector;
};
export type W3cAnnotation = {
  id: string;
  type: "Annotation";
  motivation: "assessing";
  created: string;
  modified: string;
  creator: { id: string; type: "Person"; name: string };
  /** A gold claim's source claims, as claim IRIs (absent when it has none). */
  [DERIVED_FROM_TERM]?: string[];
  body: Array<W3cTextualBody | W3cLinkBody>;
  target: {
    type: "SpecificResource";
    source: { id: string; type: "Text"; format: "text/plain"; language?: string; via?: string };
    /** Which revision of the article the positions count on: the time Claimwork took that text, and the revision's own IRI. */
    state: W3cTimeState;
    selector: [W3cTextQuoteSelector, W3cTextPositionSelector];
  };
};
/** The model's TimeState (§ 4.3.1): the resource as it was at `sourceDate`, a copy of which is at `cached`. */
export type W3cTimeState = { type: "TimeState"; sourceDate: string; cached: string };

/** The IRI of one revision of an article: its page on this instance, which shows that revision's text. */
export function revisionIri(baseUrl: string, articleId: string, number: number): string {
  return `${articleIri(baseUrl, articleId)}/revisions/${number}`;
}

export type W3cCollectionMeta = {
  /** Identifies this export (e.g. an export job id); becomes `${baseUrl}/export/collections/<id>`. */
  id: string;
  label: string;
  /** Number of annotations that will be written (live claims only); count in the same snapshot as the rows you stream. */
  total: number;
};

/** The @context of an exported collection: the W3C context plus the `claimwork:` extension prefix and PROV's. */
export function w3cContext(baseUrl: string): W3cContext {
  return [
    W3C_ANNO_CONTEXT,
    { claimwork: `${normalizeBaseUrl(baseUrl)}/ns#`, prov: PROV_NAMESPACE, [DERIVED_FROM_TERM]: { "@type": "@id", "@container": "@set" } },
  ];
}

/** `${baseUrl}/export/collections/<id>`. */
export function collectionIri(baseUrl: string, id: string): string {
  return `${normalizeBaseUrl(baseUrl)}/export/collections/${encodeURIComponent(id)}`;
}

function isHttpUrl(value: string | null): value is string {
  return value !== null && /^https?:\/\//i.test(value);
}

function plain(purpose: W3cTextualBody["purpose"], value: string, language?: string | null): W3cTextualBody {
  return language
    ? { type: "TextualBody", purpose, value, format: "text/plain", language }
    : { type: "TextualBody", purpose, value, format: "text/plain" };
}

type BodiesOf = (claim: ExportClaim, article: ExportArticle, ctx: ExportContext) => W3cTextualBody[];

/**
 * How an annotation carries each content field of a claim, in body order: its
 * bodies, the field whose bodies carry it too, or `null` — not carried, with
 * the reason beside it.
 * Every content field of lib/fields.ts must be named here (the compiler
 * checks), and server/export-sql.ts renders the same bodies from its own
 * map of the same keys in the same order.
 */
export const W3C_BODIES = {
  claimType: (claim, _article, ctx) => (claim.claimType ? [plain("classifying", labelOf(ctx.taxonomy.claimTypes, claim.claimType))] : []),
  // The normalised claim restates the quoted statement, conventionally in the claim's language (the article's
  // unless the claim says otherwise); labels, rationale and tags are written in the team's working language,
  // which we do not know.
  normalizedClaim: (claim, article) =>
    claim.normalizedClaim ? [plain("describing", claim.normalizedClaim, claim.language ?? article.language)] : [],
  verdict: (claim, _article, ctx) => {
    const verdict = labelOf(ctx.taxonomy.verdicts, claim.verdict);
    return [plain("assessing", claim.rationale ? `${verdict}\n\n${claim.rationale}` : verdict)];
  },
  speaker: (claim) => (claim.speaker ? [plain("commenting", `Speaker: ${claim.speaker}`)] : []),
  tags: (claim) => claim.tags.map((tag) => plain("tagging", tag)),
  /** Inside the verdict's assessing body, after a blank line. */
  rationale: "verdict",
  /** The language of the normalised claim's describing body. */
  language: "normalizedClaim",
  /** The model has no purpose for a priority; JSONL and CSV carry it. */
  checkWorthiness: null,
} as const satisfies Record<ClaimContentKey, BodiesOf | ClaimContentKey | null>;

/** Builds the Annotation for one claim (no @context: it inherits the collection's). */
export function claimToAnnotation(claim: ExportClaim, article: ExportArticleOfClaim, ctx: ExportContext): W3cAnnotation {
  const body: W3cAnnotation["body"] = [];
  for (const bodiesOf of Object.values(W3C_BODIES)) if (typeof bodiesOf === "function") body.push(...bodiesOf(claim, article, ctx));
  for (const source of claim.sources) {
    const link: W3cLinkBody = {
      type: "SpecificResource",
      purpose: "linking",
      "claimwork:stance": source.stance,
      source: source.title ? { id: source.url, type: "Text", label: source.title } : { id: source.url, type: "Text" },
    };
    if (source.excerpt) link.selector = { type: "TextQuoteSelector", exact: source.excerpt };
    body.push(link);
  }

  const quote: W3cTextQuoteSelector = { type: "TextQuoteSelector", exact: claim.target.exact };
  if (claim.target.prefix) quote.prefix = claim.target.prefix;
  if (claim.target.suffix) quote.suffix = claim.target.suffix;

  const source: W3cAnnotation["target"]["source"] = { id: articleIri(ctx.baseUrl, article.id), type: "Text", format: "text/plain" };
  if (article.language) source.language = article.language;
  if (isHttpUrl(article.sourceUrl)) source.via = article.sourceUrl;
  const revision = currentRevisionOf(article);
  const state: W3cTimeState = { type: "TimeState", sourceDate: revision.createdAt, cached: revisionIri(ctx.baseUrl, article.id, revision.number) };

  return {
    id: claimIri(ctx.baseUrl, claim.id),
    type: "Annotation",
    motivation: "assessing",
    created: claim.createdAt,
    modified: claim.updatedAt,
    creator: { id: userIri(ctx.baseUrl, claim.authorId), type: "Person", name: claim.authorName },
    ...(claim.derivedFrom.length ? { [DERIVED_FROM_TERM]: claim.derivedFrom.map((id) => claimIri(ctx.baseUrl, id)) } : {}),
    body,
    target: {
      type: "SpecificResource",
      source,
      state,
      selector: [quote, { type: "TextPositionSelector", start: claim.target.start, end: claim.target.end }],
    },
  };
}

/**
 * Opens the collection JSON up to and including `"items":[` plus a newline.
 * Follow with {@link formatAnnotation} pieces joined by {@link ITEM_SEPARATOR},
 * then {@link collectionFooter}; or use {@link createCollectionWriter}.
 */
export function collectionHeader(ctx: ExportContext, meta: W3cCollectionMeta): string {
  const id = collectionIri(ctx.baseUrl, meta.id);
  const skeleton = {
    "@context": w3cContext(ctx.baseUrl),
    id,
    type: "AnnotationCollection",
    label: meta.label,
    total: meta.total,
    generator: { id: normalizeBaseUrl(ctx.baseUrl), type: "Software", name: "Claimwork" },
    generated: ctx.generatedAt.toISOString(),
    first: {
      id: `${id}/pages/1`,
      type: "AnnotationPage",
      partOf: { id, label: meta.label, total: meta.total },
      startIndex: 0,
      items: [],
    },
  };
  // `items` is the last key of `first`, and `first` the last key of the
  // collection, so the serialisation ends in `[]}}`: cut it open there.
  const json = stringifyForScript(skeleton);
  if (!json.endsWith('"items":[]}}')) throw new Error("collection skeleton must end with first.items");
  return `${json.slice(0, -"]}}".length)}\n`;
}

/** Separator between two annotations inside `items`. */
export { ITEM_SEPARATOR } from "./records";

/**
 * One Annotation as a single-line JSON object, without separator (callers of
 * this stateless piece filter deleted claims themselves), safe to embed in a
 * `<script>` element (see escapeForScript).
 */
export function formatAnnotation(claim: ExportClaim, article: ExportArticleOfClaim, ctx: ExportContext): string {
  return stringifyForScript(claimToAnnotation(claim, article, ctx));
}

/** Closes what {@link collectionHeader} opened. */
export function collectionFooter(): string {
  return "\n]}}\n";
}

export type CollectionWriter = ElementWriter;

/** Streams a collection with constant memory, tracking only the separator state and count; deleted claims are skipped. */
export function createCollectionWriter(ctx: ExportContext, meta: W3cCollectionMeta): CollectionWriter {
  return createElementWriter({
    header: () => collectionHeader(ctx, meta),
    footer: collectionFooter,
    element: (claim, article) => (isLiveClaim(claim) ? formatAnnotation(claim, article, ctx) : null),
  });
}

// ── Import ──

/** What an import needs from one annotation: where it points and how. */
export type W3cImportTarget = {
  /** 0-based position in the items (or top-level array). */
  index: number;
  annotationId: string | null;
  /** Set when the annotation id is one of this instance's claim IRIs. */
  claimId: string | null;
  articleId: string;
  sourceIri: string;
  quote: { exact: string; prefix: string; suffix: string } | null;
  position: { start: number; end: number } | null;
  /**
   * The article revision the selectors count on, when the target's `state` names one of this instance's
   * revision IRIs (`…/articles/<id>/revisions/<n>`, as the export writes it); null when it names none.
   */
  revision: number | null;
};

/** The revision number a TimeState's `cached` IRI names for `articleIri`, or null (another IRI, or no state). */
function revisionOfState(state: unknown, articleIri: string): number | null {
  const states = Array.isArray(state) ? state : [state];
  for (const one of states) {
    if (!isObject(one) || typeof one.cached !== "string") continue;
    const match = /^\/revisions\/([1-9][0-9]{0,9})$/.exec(one.cached.startsWith(articleIri) ? one.cached.slice(articleIri.length) : "");
    if (match && Number(match[1]) <= MAX_STORED_INT) return Number(match[1]);
  }
  return null;
}

export type W3cParseOptions = {
  baseUrl: string;
  /**
   * Maps a target source IRI to an article id. Defaults to recognising this
   * instance's `${baseUrl}/articles/<id>`; pass one to also accept, say, the
   * articles' original URLs.
   */
  resolveArticleId?: (sourceIri: string) => string | null;
};

type JsonObject = Record<string, unknown>;
const isObject = (v: unknown): v is JsonObject => typeof v === "object" && v !== null && !Array.isArray(v);
const typesOf = (v: JsonObject): unknown[] => (Array.isArray(v.type) ? v.type : [v.type]);
// Bounded like every stored offset, so a huge number is this item's error rather than a database error.
const isNonNegativeInt = (v: unknown): v is number => typeof v === "number" && Number.isInteger(v) && v >= 0 && v <= MAX_STORED_INT;

class ItemError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Reads annotations back for import: an AnnotationCollection with an
 * embedded first page, an AnnotationPage, an array of Annotations, a single
 * Annotation, or the JSON text of any of these. Every item yields either a
 * target or an error (`line` = its 0-based index; -1 for the document
 * itself), so nothing is dropped silently. Targets are checked for internal
 * consistency only (e.g. the quote's length against the positions); check
 * them against the article text with `checkTargetAgainstText`.
 */
export function parseW3cAnnotations(json: unknown, options: W3cParseOptions): { annotations: W3cImportTarget[]; errors: ImportError[] } {
  const annotations: W3cImportTarget[] = [];
  const errors: ImportError[] = [];
  const documentError = (field: string, message: string) => {
    errors.push({ line: -1, field, message });
    return { annotations, errors };
  };

  let doc = json;
  if (typeof json === "string") {
    try {
      // A byte-order mark (some editors save one) is not JSON whitespace.
      doc = JSON.parse(json.replace(/^\uFEFF/, ""));
    } catch (e) {
      return documentError("", `not valid JSON: ${(e as Error).message}`);
    }
  }

  let items: unknown[];
  let prefix: string;
  if (Array.isArray(doc)) {
    items = doc;
    prefix = "";
  } else if (isObject(doc) && typesOf(doc).includes("AnnotationCollection")) {
    if (!isObject(doc.first))
      return documentError("first", "first: the collection has no embedded AnnotationPage (only embedded pages can be imported)");
    if (doc.first.next !== undefined) return documentError("first.next", "first.next: multi-page collections are not supported; import each page");
    if (!Array.isArray(doc.first.items)) return documentError("first.items", "first.items: must be an array");
    items = doc.first.items;
    prefix = "first.items";
  } else if (isObject(doc) && typesOf(doc).includes("AnnotationPage")) {
    if (!Array.isArray(doc.items)) return documentError("items", "items: must be an array");
    items = doc.items;
    prefix = "items";
  } else if (isObject(doc)) {
    items = [doc];
    prefix = "";
  } else {
    return documentError("", "expected an Annotation, an array of Annotations, an AnnotationPage or an AnnotationCollection");
  }

  const resolve = options.resolveArticleId ?? ((iri: string) => idFromIri(options.baseUrl, "articles", iri));
  items.forEach((item, index) => {
    const where = prefix ? `${prefix}[${index}]` : Array.isArray(doc) ? `[${index}]` : "";
    const field = (f: string) => (where && f ? `${where}.${f}` : where || f);
    try {
      annotations.push(readAnnotation(item, index, options.baseUrl, resolve));
    } catch (e) {
      if (!(e instanceof ItemError)) throw e;
      errors.push({ line: index, field: field(e.field), message: `${field(e.field) || "(annotation)"}: ${e.message}` });
    }
  });
  return { annotations, errors };
}

function readAnnotation(item: unknown, index: number, baseUrl: string, resolve: (iri: string) => string | null): W3cImportTarget {
  if (!isObject(item)) throw new ItemError("", "must be an embedded Annotation object (a bare IRI cannot be imported)");
  // Anywhere in the item, not only in what the import stores: a NUL or lone surrogate means the item is not text as written.
  const unstorable = findUnstorableField(item);
  if (unstorable) throw new ItemError(unstorable.field, unstorable.message);
  if (!typesOf(item).includes("Annotation")) throw new ItemError("type", 'must be "Annotation"');
  const annotationId = typeof item.id === "string" ? item.id : null;

  let target = item.target;
  if (Array.isArray(target)) {
    if (target.length !== 1) throw new ItemError("target", `must be a single target, got ${target.length}`);
    target = target[0];
  }
  if (typeof target === "string") throw new ItemError("target", "is a bare IRI without selectors; nothing to anchor");
  if (!isObject(target)) throw new ItemError("target", "is missing or not an object");

  const sourceIri =
    typeof target.source === "string" ? target.source : isObject(target.source) && typeof target.source.id === "string" ? target.source.id : null;
  if (sourceIri === null) throw new ItemError("target.source", "must be an IRI or an object with an id");
  const articleId = resolve(sourceIri);
  if (articleId === null) throw new ItemError("target.source", `${sourceIri} is not an article of this instance`);

  const selectors = Array.isArray(target.selector) ? target.selector : target.selector === undefined ? [] : [target.selector];
  let quote: W3cImportTarget["quote"] = null;
  let position: W3cImportTarget["position"] = null;
  for (const [i, selector] of selectors.entries()) {
    const path = Array.isArray(target.selector) ? `target.selector[${i}]` : "target.selector";
    if (!isObject(selector)) throw new ItemError(path, "must be an object");
    if (selector.type === "TextQuoteSelector") {
      if (quote) throw new ItemError(path, "more than one TextQuoteSelector");
      if (typeof selector.exact !== "string" || selector.exact === "") throw new ItemError(`${path}.exact`, "must be a non-empty string");
      for (const key of ["prefix", "suffix"] as const) {
        if (selector[key] !== undefined && typeof selector[key] !== "string") throw new ItemError(`${path}.${key}`, "must be a string");
      }
      quote = { exact: selector.exact, prefix: (selector.prefix as string | undefined) ?? "", suffix: (selector.suffix as string | undefined) ?? "" };
    } else if (selector.type === "TextPositionSelector") {
      if (position) throw new ItemError(path, "more than one TextPositionSelector");
      if (!isNonNegativeInt(selector.start)) throw new ItemError(`${path}.start`, `must be an integer from 0 to ${MAX_STORED_INT}`);
      if (!isNonNegativeInt(selector.end)) throw new ItemError(`${path}.end`, `must be an integer from 0 to ${MAX_STORED_INT}`);
      if (selector.end <= selector.start) throw new ItemError(`${path}.end`, "must be greater than start");
      position = { start: selector.start, end: selector.end };
    }
    // Other selector kinds (XPath, Range, …) are alternatives a client may add; they are not needed when ours are present.
  }
  if (!quote && !position) throw new ItemError("target.selector", "needs a TextQuoteSelector or a TextPositionSelector");
  if (quote && position && codePointLength(quote.exact) !== position.end - position.start) {
    // The usual cause is a tool that counts UTF-16 code units instead of code points.
    throw new ItemError(
      "target.selector",
      `TextQuoteSelector.exact is ${codePointLength(quote.exact)} code points long but TextPositionSelector spans ${position.end - position.start}`,
    );
  }
  const revision = revisionOfState(target.state, articleIri(baseUrl, articleId));
  return {
    index,
    annotationId,
    claimId: annotationId ? idFromIri(baseUrl, "claims", annotationId) : null,
    articleId,
    sourceIri,
    quote,
    position,
    revision,
  };
}
