/**
 * Hypothesis annotation JSON: the rows of its API (`GET /api/search` →
 * `{ total, rows }`), the client's JSON export (`{ export_date, …,
 * annotations }`), a bare array of annotations, or one annotation
 * (hypothesis/h docs/_extra/api-reference/schemas/annotation.yaml).
 *
 * The file names a page (`uri`) without carrying its text, so documents have
 * `text: null`, keyed by `uri`. Each annotation's target selectors give:
 * - TextPositionSelector start/end — offset unit: UTF-16 CODE UNITS of the
 *   page's text content. hypothesis/client src/annotator/anchoring/
 *   text-range.ts counts `textNode.data.length` (JS string lengths) and
 *   types.ts TextPositionAnchor stores those offsets. They are returned AS
 *   GIVEN (`offsetUnit: "utf16"`): without the page's text they cannot be
 *   converted, and the page's text content is rarely the article text anyway.
 * - TextQuoteSelector exact → the span's `text`; prefix/suffix → `quoteContext`.
 * - RangeSelector (XPaths into the page's DOM) is not used to read.
 * Placing a span on the article is {@link anchorHypothesisSpan}'s job, once
 * the article text is known: the position when the quote is there, else the
 * quote found with its context (lib/anchoring.ts anchorTarget), else a problem.
 *
 * Labels: Hypothesis has none; teams tag. The first tag is the label
 * (`options.defaultLabel`, "annotation", when there is none) and every
 * other tag an attribute set to true. The annotation's `text` (its body, the
 * note) is a note. Replies (`references`) and page notes (no quote) are not
 * spans: they are counted in `skipped`.
 *
 * CRLF: positions count the DOM's text, which the file does not carry, so no
 * conversion applies to them; a quote or context containing "\r\n" is
 * matched against the article as "\n" (the article stores "\n" only,
 * lib/article-text.ts).
 */

import { anchorTarget, withContextAtMost } from "@/lib/anchoring";
import { normalizeArticleText } from "@/lib/article-text";
import { createOffsetIndex, isInsideSurrogatePair } from "@/lib/offsets";
import { MAX_QUOTE_CONTEXT } from "@/lib/value-schemas";
import type { InterchangeDocument, InterchangeParse, InterchangeProblem, InterchangeSpan } from "./model";
import { InterchangeWriteError, isRecord, parseJson, unwritable } from "./text-frame";

export type HypothesisOptions = {
  /** The label of an annotation without tags. */
  defaultLabel?: string;
};

const DEFAULT_LABEL = "annotation";

/** What one annotation of the file gives: a span on a page, or why not. */
export type HypothesisRecord =
  | { kind: "span"; uri: string; title: string | null; span: InterchangeSpan }
  | { kind: "skipped"; reason: string }
  | { kind: "problem"; problem: InterchangeProblem };

function selectorOf(target: unknown, type: string): Record<string, unknown> | undefined {
  if (!isRecord(target) || !Array.isArray(target.selector)) return undefined;
  return target.selector.find((s): s is Record<string, unknown> => isRecord(s) && s.type === type);
}

/**
 * Reads one annotation (`record` is its 1-based place in the file, `item`
 * how the file names it, as in "rows[3]"). Never throws on bad input.
 */
export function parseHypothesisAnnotation(value: unknown, record: number, item: string, options: HypothesisOptions = {}): HypothesisRecord {
  const problem = (field: string, message: string): HypothesisRecord => ({ kind: "problem", problem: { line: record, item, field, message } });
  if (!isRecord(value)) return problem("", "an annotation must be a JSON object");
  if (Array.isArray(value.references) && value.references.length > 0) return { kind: "skipped", reason: "replies" };
  if (!Array.isArray(value.target) || value.target.length === 0) return { kind: "skipped", reason: "page notes" };
  const target = value.target[0];
  // The annotation's uri names the page; the target's source is the same page, and some files carry only that.
  const uri =
    typeof value.uri === "string" && value.uri !== "" ? value.uri : isRecord(target) && typeof target.source === "string" ? target.source : "";
  if (uri === "") return problem("uri", "uri must be the address of the annotated page");
  const quote = selectorOf(target, "TextQuoteSelector");
  if (quote === undefined) return { kind: "skipped", reason: "page notes" };
  if (typeof quote.exact !== "string" || quote.exact === "")
    return problem("target[0].selector.TextQuoteSelector.exact", "exact must be the quoted text");
  for (const key of ["prefix", "suffix"] as const) {
    if (quote[key] !== undefined && typeof quote[key] !== "string")
      return problem(`target[0].selector.TextQuoteSelector.${key}`, `${key} must be text`);
  }
  const position = selectorOf(target, "TextPositionSelector");
  if (position === undefined) return problem("target[0].selector.TextPositionSelector", "the annotation has no TextPositionSelector");
  const { start, end } = position;
  for (const [name, v] of [
    ["start", start],
    ["end", end],
  ] as const) {
    if (typeof v !== "number" || !Number.isInteger(v) || v < 0) {
      return problem(
        `target[0].selector.TextPositionSelector.${name}`,
        `${name} must be a whole number of 0 or more (got ${JSON.stringify(v) ?? "nothing"})`,
      );
    }
  }
  if ((end as number) < (start as number))
    return problem("target[0].selector.TextPositionSelector.end", `end ${end as number} is before start ${start as number}`);
  if (value.tags !== undefined && (!Array.isArray(value.tags) || value.tags.some((t) => typeof t !== "string")))
    return problem("tags", "tags must be a list of texts");
  if (value.text !== undefined && value.text !== null && typeof value.text !== "string") return problem("text", "text must be text");
  const tags = (value.tags ?? []) as string[];
  const attributes: Record<string, boolean> = {};
  for (const tag of tags.slice(1)) attributes[tag] = true;
  const note = typeof value.text === "string" ? value.text : "";
  const titles = isRecord(value.document) && Array.isArray(value.document.title) ? value.document.title : [];
  const title = typeof titles[0] === "string" ? titles[0] : null;
  const span: InterchangeSpan = {
    start: start as number,
    end: end as number,
    text: quote.exact,
    quoteContext: { prefix: (quote.prefix as string | undefined) ?? "", suffix: (quote.suffix as string | undefined) ?? "" },
    label: tags[0] ?? options.defaultLabel ?? DEFAULT_LABEL,
    attributes,
    notes: note === "" ? [] : [note],
    at: { line: record, item },
  };
  return { kind: "span", uri, title, span };
}

/** Reads a Hypothesis file (see the module comment for the shapes). Never throws on bad input. */
export function parseHypothesis(input: string, options: HypothesisOptions = {}): InterchangeParse {
  const result: InterchangeParse = { documents: [], problems: [], skipped: {}, offsetUnit: "utf16" };
  const json = parseJson(input);
  if (!json.ok) {
    result.problems.push({ line: 1, message: json.message });
    return result;
  }
  let list: unknown[];
  let name: string;
  const v = json.value;
  if (Array.isArray(v)) [list, name] = [v, ""];
  else if (isRecord(v) && Array.isArray(v.rows)) [list, name] = [v.rows, "rows"];
  else if (isRecord(v) && Array.isArray(v.annotations)) [list, name] = [v.annotations, "annotations"];
  else if (isRecord(v) && v.target !== undefined) [list, name] = [[v], ""];
  else {
    result.problems.push({
      line: 1,
      message: "not a Hypothesis file: expected { rows: [...] }, { annotations: [...] }, a list of annotations or one annotation",
    });
    return result;
  }
  const byUri = new Map<string, InterchangeDocument>();
  list.forEach((annotation, i) => {
    const read = parseHypothesisAnnotation(annotation, i + 1, `${name}[${i}]`, options);
    if (read.kind === "problem") result.problems.push(read.problem);
    else if (read.kind === "skipped") result.skipped[read.reason] = (result.skipped[read.reason] ?? 0) + 1;
    else {
      let document = byUri.get(read.uri);
      if (document === undefined) {
        document = { key: read.uri, text: null, sourceUrl: read.uri, spans: [], at: { line: i + 1, item: `${name}[${i}]` } };
        if (read.title !== null) document.title = read.title;
        byUri.set(read.uri, document);
        result.documents.push(document);
      }
      document.spans.push(read.span);
    }
  });
  return result;
}

export type HypothesisAnchor = { ok: true; start: number; end: number } | { ok: false; problem: InterchangeProblem };

/**
 * Places a span read by {@link parseHypothesis} on the article text:
 * code points, or a problem. The recorded position (UTF-16) wins when the
 * quote is exactly there; otherwise the quote is searched with its prefix and
 * suffix (anchorTarget: best context match, then nearest the recorded
 * position); a quote that does not occur is a problem, never a guess.
 */
export function anchorHypothesisSpan(articleText: string, span: InterchangeSpan): HypothesisAnchor {
  const fail = (field: string, message: string): HypothesisAnchor => ({ ok: false, problem: { ...span.at, field, message } });
  if (typeof span.text !== "string" || span.text === "")
    return fail("target[0].selector.TextQuoteSelector.exact", "the annotation has no quote to anchor");
  const index = createOffsetIndex(articleText);
  const exact = normalizeArticleText(span.text);
  const { start, end } = span;
  const inText = Number.isInteger(start) && Number.isInteger(end) && start >= 0 && start <= end && end <= articleText.length;
  if (inText && !isInsideSurrogatePair(articleText, start) && !isInsideSurrogatePair(articleText, end) && articleText.slice(start, end) === exact) {
    return { ok: true, start: index.toCodePoint(start), end: index.toCodePoint(end) };
  }
  const hint = inText && !isInsideSurrogatePair(articleText, start) ? index.toCodePoint(start) : 0;
  const { target } = withContextAtMost({
    start: hint,
    end: hint,
    exact,
    prefix: normalizeArticleText(span.quoteContext?.prefix ?? ""),
    suffix: normalizeArticleText(span.quoteContext?.suffix ?? ""),
  });
  const found = anchorTarget(index, target);
  if (found === null) return fail("target[0].selector.TextQuoteSelector.exact", `the quote "${exact.slice(0, 60)}" does not occur in the article`);
  return { ok: true, start: found.start, end: found.end };
}

/**
 * Writes the documents as a search-API page `{ total, rows }` (2-space JSON,
 * a final "\n"). Each span is one annotation on `sourceUrl` (else the key):
 * tags = the label, then the attributes that are `true` (others as
 * "name:value"), text = the notes joined by a blank line, and all three
 * selectors in Hypothesis's unit, UTF-16 code units of the text:
 * RangeSelector on the root element (XPath "", which is how the client's
 * xpathFromNode names the root), TextPositionSelector, and TextQuoteSelector
 * with the span's recorded context or, without one, up to 32 code points
 * each side (Hypothesis takes 32). No ids, users or dates: the server assigns
 * them, and the output must not depend on a clock.
 * @throws InterchangeWriteError for a document without text or a span outside it.
 */
export function writeHypothesis(documents: readonly InterchangeDocument[]): string {
  const problems = documents.flatMap((doc, i) => unwritable(doc, i + 1));
  if (problems.length > 0) throw new InterchangeWriteError("Hypothesis", problems);
  const rows: unknown[] = [];
  for (const doc of documents) {
    const text = doc.text as string;
    const index = createOffsetIndex(text);
    const uri = doc.sourceUrl ?? doc.key;
    for (const span of doc.spans) {
      const s16 = index.toUtf16(span.start);
      const e16 = index.toUtf16(span.end);
      const context = span.quoteContext ?? {
        prefix: text.slice(index.toUtf16(Math.max(0, span.start - MAX_QUOTE_CONTEXT)), s16),
        suffix: text.slice(e16, index.toUtf16(Math.min(index.codePointLength, span.end + MAX_QUOTE_CONTEXT))),
      };
      const tags = [span.label];
      for (const [name, value] of Object.entries(span.attributes)) {
        if (value === true) tags.push(name);
        else if (value !== false) tags.push(`${name}:${String(value)}`);
      }
      rows.push({
        uri,
        text: span.notes.join("\n\n"),
        tags,
        target: [
          {
            source: uri,
            selector: [
              { type: "RangeSelector", startContainer: "", startOffset: s16, endContainer: "", endOffset: e16 },
              { type: "TextPositionSelector", start: s16, end: e16 },
              { type: "TextQuoteSelector", exact: text.slice(s16, e16), prefix: context.prefix, suffix: context.suffix },
            ],
          },
        ],
        document: { title: doc.title === undefined ? [] : [doc.title] },
      });
    }
  }
  return `${JSON.stringify({ total: rows.length, rows }, null, 2)}\n`;
}
