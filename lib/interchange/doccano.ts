/**
 * doccano sequence-labelling JSONL, as doccano exports and imports it
 * (doccano/doccano backend/data_export/pipeline/examples/sequence_labeling and
 * relation_extraction; ExportedSpan.to_tuple / to_dict in data_export/models.py):
 *
 *   {"id": 1, "text": "…", "label": [[0, 2, "ORG"], …], …meta}           (older files: "labels")
 *   {"id": 1, "text": "…", "entities": [{"id", "label", "start_offset", "end_offset"}],
 *    "relations": [{"id", "from_id", "to_id", "type"}]}                      (projects with relations)
 *
 * Offset unit: doccano's own annotation screen counts UTF-16 CODE UNITS — the
 * offsets come from the browser's selection (doccano/v-annotator
 * TextSelectionHandler: `startLine.startOffset + selection.anchorOffset`), and
 * doccano/doccano#2290 shows "firetrucks" after "👨🏻‍🚒 " at 22…32 where Python
 * says 19…29 (projects with "Count grapheme clusters as one character" count
 * graphemes instead — not supported here). Files written by Python scripts for
 * doccano count CODE POINTS. The file carries no span text, so nothing can be
 * verified by quote; the unit is taken from `options.offsetUnit`, else from
 * the file's own evidence (an offset past the last code point can only be
 * UTF-16; an offset between the halves of a surrogate pair can only be code
 * points). Where neither settles it and the two readings put a span on
 * different characters, that span is a problem asking for the unit — never a
 * guess. Where the readings agree (no astral character before the span's end),
 * the unit does not matter.
 *
 * Relations are counted in `skipped.relations`, not imported: Claimwork's
 * claims have no links between them, and an attribute naming another span's
 * file-local id would mean nothing once the spans are claims with new ids.
 * Document-level labels (a `label` list of strings: text classification) are
 * counted in `skipped.document_labels`. Line endings inside `text`: see
 * text-frame.ts (converted to "\n").
 */
import { createOffsetIndex } from "@/lib/offsets";
import type { InterchangeDocument, InterchangeParse, InterchangeProblem, InterchangeSpan, OffsetUnit } from "./model";
import {
  countSkipped,
  InterchangeWriteError,
  isRecord,
  mergeSkipped,
  numberedLines,
  openText,
  parseJson,
  type TextFrame,
  unitWords,
  unwritable,
} from "./text-frame";

export type DoccanoOptions = {
  /** The unit the file counts in, when the user knows it; else read from the file's evidence. */
  offsetUnit?: OffsetUnit;
};

/** What one line says about the unit: offsets only one reading can hold. */
export type DoccanoEvidence = { codePoints: boolean; utf16: boolean };

export type DoccanoLine = {
  document?: InterchangeDocument;
  problems: InterchangeProblem[];
  skipped: Record<string, number>;
  evidence: DoccanoEvidence;
};

type RawSpan = { item: string; start: unknown; end: unknown; label: unknown; fields: { start: string; end: string; label: string } };

/** The spans of one record, in whichever of the three shapes it uses, with the field names for problems. */
function rawSpansOf(record: Record<string, unknown>, skipped: Record<string, number>): RawSpan[] | string {
  if (Array.isArray(record.entities)) {
    if (Array.isArray(record.relations)) countSkipped(skipped, "relations", record.relations.length);
    return record.entities.map((e, i) => {
      const entity = isRecord(e) ? e : {};
      return {
        item: `entities[${i}]`,
        start: entity.start_offset,
        end: entity.end_offset,
        label: entity.label,
        fields: { start: "start_offset", end: "end_offset", label: "label" },
      };
    });
  }
  const key = record.label !== undefined ? "label" : record.labels !== undefined ? "labels" : null;
  if (key === null) return [];
  const list = record[key];
  if (!Array.isArray(list)) return `${key} must be a list of [start, end, label]`;
  if (list.length > 0 && list.every((x) => typeof x === "string")) {
    countSkipped(skipped, "document_labels", list.length);
    return [];
  }
  return list.map((tuple, i) => {
    const t = Array.isArray(tuple) ? tuple : [];
    return {
      item: `${key}[${i}]`,
      start: t[0],
      end: t[1],
      label: t[2],
      fields: { start: `${key}[${i}][0]`, end: `${key}[${i}][1]`, label: `${key}[${i}][2]` },
    };
  });
}

type Record1 = { lineNumber: number; record: Record<string, unknown>; frame: TextFrame; spans: RawSpan[] };

function readRecord(line: string, lineNumber: number, out: DoccanoLine): Record1 | null {
  if (line.trim() === "") return null;
  const problem = (field: string | undefined, message: string) =>
    out.problems.push({ line: lineNumber, ...(field === undefined ? {} : { field }), message });
  const parsed = parseJson(line);
  if (!parsed.ok) {
    problem(undefined, `line is ${parsed.message}`);
    return null;
  }
  const record = parsed.value;
  if (!isRecord(record)) {
    problem(undefined, "line is not a JSON object");
    return null;
  }
  if (typeof record.text !== "string") {
    problem("text", "the record has no text in `text`");
    return null;
  }
  const spans = rawSpansOf(record, out.skipped);
  if (typeof spans === "string") {
    problem(undefined, spans);
    return null;
  }
  const frame = openText(record.text);
  for (const span of spans) {
    const cp = frame.check("code_points", span.start, span.end, span.fields).ok;
    const u16 = frame.check("utf16", span.start, span.end, span.fields).ok;
    if (cp && !u16) out.evidence.codePoints = true;
    if (u16 && !cp) out.evidence.utf16 = true;
  }
  return { lineNumber, record, frame, spans };
}

function finish(r: Record1, unit: OffsetUnit | undefined, out: DoccanoLine): void {
  const { lineNumber, record, frame } = r;
  const spans: InterchangeSpan[] = [];
  for (const raw of r.spans) {
    const problem = (field: string, message: string) => out.problems.push({ line: lineNumber, item: raw.item, field, message });
    if (typeof raw.label !== "string" || raw.label === "") {
      problem(raw.fields.label, "span has no label");
      continue;
    }
    let read: OffsetUnit;
    if (unit !== undefined) {
      read = unit;
    } else {
      // Unit unknown: fine where the readings agree, a problem where they do not.
      const cp = frame.check("code_points", raw.start, raw.end, raw.fields);
      if (cp.ok && frame.unitsDisagree(cp.start, cp.end)) {
        problem(
          raw.fields.start,
          "this span lands on different characters depending on whether the file counts code points (Python) or UTF-16 code units (doccano's annotation screen); choose the unit to import it",
        );
        continue;
      }
      read = "code_points";
    }
    const checked = frame.check(read, raw.start, raw.end, raw.fields);
    if (!checked.ok) {
      problem(checked.field, `${checked.message} (reading the offsets as ${unitWords(read)})`);
      continue;
    }
    const placed = frame.place(read, checked.start, checked.end, raw.fields);
    if (!placed.ok) {
      problem(placed.field, placed.message);
      continue;
    }
    spans.push({ start: placed.start, end: placed.end, label: raw.label, attributes: {}, notes: [], at: { line: lineNumber, item: raw.item } });
  }
  const id = record.id;
  const key = typeof id === "number" || (typeof id === "string" && id !== "") ? String(id) : String(lineNumber);
  out.document = { key, text: frame.text, spans, at: { line: lineNumber } };
}

/** The unit a file's evidence settles on, or undefined when it settles nothing (or contradicts itself). */
function settle(evidence: DoccanoEvidence): OffsetUnit | undefined {
  if (evidence.codePoints === evidence.utf16) return undefined;
  return evidence.codePoints ? "code_points" : "utf16";
}

/**
 * Reads one line. With `options.offsetUnit` this is all a streaming reader
 * needs; without it, only the line's own evidence settles the unit (run
 * {@link doccanoEvidence} over the file first to use the whole file's).
 */
export function parseDoccanoLine(line: string, lineNumber: number, options: DoccanoOptions = {}): DoccanoLine {
  const out: DoccanoLine = { problems: [], skipped: {}, evidence: { codePoints: false, utf16: false } };
  const record = readRecord(line, lineNumber, out);
  if (record) finish(record, options.offsetUnit ?? settle(out.evidence), out);
  return out;
}

/** What one line says about the file's unit (for a first streaming pass). */
export function doccanoEvidence(line: string): DoccanoEvidence {
  const out: DoccanoLine = { problems: [], skipped: {}, evidence: { codePoints: false, utf16: false } };
  readRecord(line, 0, out);
  return out.evidence;
}

/** Reads a doccano JSONL file: the unit from the option or the whole file's evidence, then each line. */
export function parseDoccano(input: string, options: DoccanoOptions = {}): InterchangeParse {
  let unit = options.offsetUnit;
  const evidence = { codePoints: false, utf16: false };
  if (unit === undefined) {
    for (const { line } of numberedLines(input)) {
      const e = doccanoEvidence(line);
      evidence.codePoints ||= e.codePoints;
      evidence.utf16 ||= e.utf16;
    }
    unit = settle(evidence);
  }
  const out: InterchangeParse = { documents: [], problems: [], skipped: {}, offsetUnit: unit ?? "utf16" };
  const seen = new Set<string>();
  for (const { line, lineNumber } of numberedLines(input)) {
    const read: DoccanoLine = { problems: [], skipped: {}, evidence: { codePoints: false, utf16: false } };
    const record = readRecord(line, lineNumber, read);
    if (record) finish(record, unit, read);
    out.problems.push(...read.problems);
    mergeSkipped(out.skipped, read.skipped);
    if (read.document) {
      if (seen.has(read.document.key)) {
        out.problems.push({
          line: lineNumber,
          field: "id",
          message: `id ${read.document.key} appears on an earlier line too; this line is not imported`,
        });
        continue;
      }
      seen.add(read.document.key);
      out.documents.push(read.document);
    }
  }
  return out;
}

export type DoccanoWriteOptions = {
  /** The unit to count in: "utf16" (default) is what doccano's annotation screen shows correctly; "code_points" is Python's. */
  offsetUnit?: OffsetUnit;
  /** "label" (default): `[[start, end, label]]`; "entities": the relation projects' `entities` objects. */
  shape?: "label" | "entities";
};

/**
 * Writes documents as doccano JSONL (`id` is the document key: doccano keeps
 * unknown columns as metadata, so it survives a round trip). Attributes,
 * notes and titles have no place in the format and are not written.
 * @throws InterchangeWriteError for documents without text, spans off the text, or discontinuous spans.
 */
export function writeDoccano(documents: readonly InterchangeDocument[], options: DoccanoWriteOptions = {}): string {
  const problems = documents.flatMap((doc, i) => unwritable(doc, i + 1));
  if (problems.length > 0) throw new InterchangeWriteError("doccano", problems);
  const unit = options.offsetUnit ?? "utf16";
  return documents
    .map((doc) => {
      const text = doc.text as string;
      // Spans arrive in code points; doccano's unit may be UTF-16.
      const index = createOffsetIndex(text);
      const at = (cp: number) => (unit === "utf16" ? index.toUtf16(cp) : cp);
      const id = /^(0|[1-9]\d{0,14})$/.test(doc.key) ? Number(doc.key) : doc.key;
      const record =
        options.shape === "entities"
          ? {
              id,
              text,
              entities: doc.spans.map((s, i) => ({ id: i, label: s.label, start_offset: at(s.start), end_offset: at(s.end) })),
              relations: [],
            }
          : { id, text, label: doc.spans.map((s) => [at(s.start), at(s.end), s.label]) };
      return `${JSON.stringify(record)}\n`;
    })
    .join("");
}
