/**
 * Prodigy JSONL spans (the `ner`, `ner.manual`, `spans.manual` tasks and what
 * `prodigy db-out` writes): one example per line,
 *
 *   {"text": "…", "spans": [{"start": 0, "end": 5, "label": "ORG", "token_start": 0, "token_end": 0, "text"?: "…"}],
 *    "answer": "accept" | "reject" | "ignore", "meta"?: {…}, "_input_hash"?: n, "_task_hash"?: n}
 *
 * Offset unit: CODE POINTS. Prodigy is Python and its span offsets are
 * character offsets into `text` as Python indexes it (spaCy's `Token.idx` /
 * `Span.start_char`, which `token_start`/`token_end` are aligned with) —
 * Prodigy's "Annotation task formats" documentation (prodi.gy/docs/api-interfaces,
 * "ner" and "spans": `start` / `end` are "character offsets"). No UTF-16
 * reading is tried: a span whose `text` only fits UTF-16 offsets is reported
 * as a problem that says so, never moved.
 *
 * Only accepted examples are people's spans: `reject` and `ignore` examples
 * are counted in `skipped.rejected` / `skipped.ignored`, examples without an
 * answer (an input stream, not annotations) in `skipped.unanswered`.
 * Relations (`relations`, from `rel.manual`) are counted in
 * `skipped.relations`: Claimwork's claims do not link to each other.
 *
 * A document's key is `meta.key` (what Claimwork writes), else Prodigy's
 * `_task_hash`, else the line number; a repeated key (the same task answered
 * in two sessions) gets "@<line>" appended so keys stay unique in a file.
 * Line endings inside `text`: see text-frame.ts (converted to "\n").
 */
import { createOffsetIndex } from "@/lib/offsets";
import type { InterchangeDocument, InterchangeParse, InterchangeProblem, InterchangeSpan } from "./model";
import { countSkipped, InterchangeWriteError, isRecord, mergeSkipped, numberedLines, openText, parseJson, unwritable } from "./text-frame";

export type ProdigyLine = {
  /** The accepted example as a document; absent when the line is skipped or unreadable. */
  document?: InterchangeDocument;
  problems: InterchangeProblem[];
  skipped: Record<string, number>;
};

const SKIP_REASON: Record<string, string> = { reject: "rejected", ignore: "ignored" };

/** Reads one line of a Prodigy JSONL file (blank lines yield nothing). Never throws on bad input. */
export function parseProdigyLine(line: string, lineNumber: number): ProdigyLine {
  const result: ProdigyLine = { problems: [], skipped: {} };
  if (line.trim() === "") return result;
  const problem = (field: string | undefined, message: string, item?: string) =>
    result.problems.push({ line: lineNumber, ...(item === undefined ? {} : { item }), ...(field === undefined ? {} : { field }), message });
  const parsed = parseJson(line);
  if (!parsed.ok) {
    problem(undefined, `line is ${parsed.message}`);
    return result;
  }
  const example = parsed.value;
  if (!isRecord(example)) {
    problem(undefined, "line is not a JSON object");
    return result;
  }
  const { answer } = example;
  if (answer === undefined || answer === null) {
    countSkipped(result.skipped, "unanswered");
    return result;
  }
  if (answer !== "accept") {
    const reason = typeof answer === "string" ? SKIP_REASON[answer] : undefined;
    if (reason === undefined) problem("answer", `answer must be "accept", "reject" or "ignore" (got ${JSON.stringify(answer)})`);
    else countSkipped(result.skipped, reason);
    return result;
  }
  if (typeof example.text !== "string") {
    problem("text", "an accepted example needs its text in `text`");
    return result;
  }
  const frame = openText(example.text);
  const meta = isRecord(example.meta) ? example.meta : {};
  const key =
    typeof meta.key === "string" && meta.key !== ""
      ? meta.key
      : typeof example._task_hash === "number" || typeof example._task_hash === "string"
        ? String(example._task_hash)
        : String(lineNumber);
  if (Array.isArray(example.relations)) countSkipped(result.skipped, "relations", example.relations.length);

  const spans: InterchangeSpan[] = [];
  const rawSpans = example.spans ?? [];
  if (!Array.isArray(rawSpans)) {
    problem("spans", "spans must be a list");
  } else {
    rawSpans.forEach((raw, i) => {
      const item = `spans[${i}]`;
      if (!isRecord(raw)) {
        problem("spans", "span is not an object", item);
        return;
      }
      if (typeof raw.label !== "string" || raw.label === "") {
        problem("label", "span has no label", item);
        return;
      }
      const fields = { start: "start", end: "end" };
      const checked = frame.check("code_points", raw.start, raw.end, fields);
      if (!checked.ok) {
        problem(checked.field, checked.message, item);
        return;
      }
      if (raw.text !== undefined) {
        if (typeof raw.text !== "string") {
          problem("text", "span text must be a string", item);
          return;
        }
        if (frame.sliceRaw("code_points", checked.start, checked.end) !== raw.text) {
          const utf16 = frame.check("utf16", raw.start, raw.end, fields);
          const hint =
            utf16.ok && frame.sliceRaw("utf16", utf16.start, utf16.end) === raw.text
              ? " (it would fit if the offsets counted UTF-16 code units, which Prodigy does not)"
              : "";
          problem("text", `span text ${JSON.stringify(raw.text)} does not match the example's text at ${checked.start}…${checked.end}${hint}`, item);
          return;
        }
      }
      const placed = frame.place("code_points", checked.start, checked.end, fields);
      if (!placed.ok) {
        problem(placed.field, placed.message, item);
        return;
      }
      const span: InterchangeSpan = {
        start: placed.start,
        end: placed.end,
        label: raw.label,
        attributes: {},
        notes: [],
        at: { line: lineNumber, item },
      };
      if (raw.text !== undefined) span.text = frame.sliceText(placed.start, placed.end);
      spans.push(span);
    });
  }
  const document: InterchangeDocument = { key, text: frame.text, spans, at: { line: lineNumber } };
  if (typeof meta.title === "string") document.title = meta.title;
  if (typeof meta.url === "string") document.sourceUrl = meta.url;
  result.document = document;
  return result;
}

/** Reads a Prodigy JSONL file: a loop over {@link parseProdigyLine} that keeps document keys unique. */
export function parseProdigy(input: string): InterchangeParse {
  const out: InterchangeParse = { documents: [], problems: [], skipped: {}, offsetUnit: "code_points" };
  const seen = new Set<string>();
  for (const { line, lineNumber } of numberedLines(input)) {
    const read = parseProdigyLine(line, lineNumber);
    out.problems.push(...read.problems);
    mergeSkipped(out.skipped, read.skipped);
    if (read.document) {
      if (seen.has(read.document.key)) read.document.key = `${read.document.key}@${lineNumber}`;
      seen.add(read.document.key);
      out.documents.push(read.document);
    }
  }
  return out;
}

/**
 * Writes documents as Prodigy JSONL: one accepted example per document, spans
 * in code points with their text, the key (and title, source URL) in `meta`.
 * Prodigy computes `_input_hash` / `_task_hash` itself on import, so none are
 * written. Span attributes and notes have no place in Prodigy spans and are
 * not written. @throws InterchangeWriteError for documents without text,
 * spans off the text, or discontinuous spans.
 */
export function writeProdigy(documents: readonly InterchangeDocument[]): string {
  const problems = documents.flatMap((doc, i) => unwritable(doc, i + 1));
  if (problems.length > 0) throw new InterchangeWriteError("Prodigy", problems);
  return documents
    .map((doc) => {
      const index = createOffsetIndex(doc.text as string);
      const meta: Record<string, string> = { key: doc.key };
      if (doc.title !== undefined) meta.title = doc.title;
      if (doc.sourceUrl !== undefined) meta.url = doc.sourceUrl;
      const spans = doc.spans.map((s) => ({ start: s.start, end: s.end, text: index.slice(s.start, s.end), label: s.label }));
      return `${JSON.stringify({ text: doc.text, spans, answer: "accept", meta })}\n`;
    })
    .join("");
}
