/**
 * brat standoff (https://brat.nlplab.org/standoff.html): one `<key>.txt` with
 * the document's text and one `<key>.ann` beside it, a line per annotation.
 *
 *   T1<TAB>Claim 0 5;16 23<TAB>North America      text-bound, fragments joined by ";"
 *   A1<TAB>Checkworthy T1 Yes                      attribute with a value (multi-valued)
 *   A2<TAB>Negated T1                              binary attribute (true)
 *   #1<TAB>AnnotatorNotes T1<TAB>free-text note
 *
 * Offset unit: CODE POINTS. brat's server is Python 3 and counts characters
 * of the .txt as Python reads it (nlplab/brat server/src/annotation.py,
 * `open_textfile`: `codecs.open(..., encoding='utf8')`, then
 * `len(self._document_text)` and `self._document_text[start:end]`): str
 * indices, i.e. code points.
 *
 * CRLF and BOM: `codecs.open` always opens the file in binary mode, so brat
 * does NOT translate line endings (the 'U' it adds does nothing there) and
 * the 'utf8' codec keeps a leading byte-order mark as U+FEFF: "\r\n" counts
 * as two characters and a BOM as one, before every offset after them. We
 * CONVERT rather than refuse (lib/interchange/text-frame.ts, shared with the
 * other codecs): spans are verified against the .txt exactly as brat read it,
 * then moved onto the text Claimwork stores (normalizeArticleText: "\n" only,
 * no BOM). An offset between the CR and the LF of one line break is a
 * problem, never nudged. A decoder that already dropped the file's BOM
 * (lib/text-encoding.ts reports "UTF-8 (BOM)") must say so with
 * `byteOrderMarkRemoved`, or every offset would be one off (and fail the
 * text check, loudly).
 *
 * The text column of a T line is the fragments' texts joined by one space
 * (brat's DISCONT_SEP); brat refuses a line whose text differs from the
 * document's, and so do we (a problem naming the line and the T id). A T line
 * without text is accepted, as brat accepts it (it fills the text in).
 * Relations (R), events (E), normalisations (N) and equivalences (*) are not
 * imported: they are counted in `skipped`, as are attributes and notes on
 * them. `M` lines are brat's old binary attributes and read as such
 * (annotation.py `_parse_modifier_annotation`).
 */
import { codePointLength, createOffsetIndex, type OffsetIndex, sliceCodePoints } from "@/lib/offsets";
import type { InterchangeDocument, InterchangeFragment, InterchangeParse, InterchangeProblem, InterchangeSpan } from "./model";
import { InterchangeWriteError, numberedLines, openText, unwritable } from "./text-frame";

/** One document as brat stores it: the two files' contents and the base name they share. */
export type BratFiles = { txt: string; ann: string; key: string };

export type BratOptions = {
  /** The .txt began with a byte-order mark that the decoder removed; brat counted it as character 0. */
  byteOrderMarkRemoved?: boolean;
};

/** brat's separator between the texts of a discontinuous annotation's fragments (annotation.py DISCONT_SEP). */
const DISCONT_SEP = " ";

// brat ids: a letter prefix (or "#") and a number, then a free tail (annotation.py is_valid_id).
const ID = /^([A-Za-z]+|#[A-Za-z]*)([0-9]+)(.*)$/;
const OFFSET = /^[0-9]+$/;

/** One .ann line, read on its own (ids it refers to are resolved by {@link parseBrat}). */
export type BratLine =
  | { kind: "blank" }
  | { kind: "text"; id: string; type: string; fragments: InterchangeFragment[]; text: string | null }
  | { kind: "attribute"; id: string; type: string; target: string; value: string | true }
  | { kind: "note"; id: string; type: string; target: string; note: string }
  | { kind: "other"; id: string; reason: string }
  | { kind: "problem"; problem: InterchangeProblem };

const OTHER_KINDS: Record<string, string> = { R: "relations", E: "events", N: "normalisations", "*": "equivalences" };

/**
 * Reads one line of an .ann file (without its line break). Offsets are as
 * written (code points on the .txt as brat read it), not yet checked against
 * the text.
 */
export function parseBratLine(line: string, lineNumber: number): BratLine {
  if (line.trim() === "") return { kind: "blank" };
  const problem = (message: string, item?: string, field?: string): BratLine => ({
    kind: "problem",
    problem: { line: lineNumber, ...(item === undefined ? {} : { item }), ...(field === undefined ? {} : { field }), message },
  });
  const tab = line.indexOf("\t");
  if (tab === -1) return problem("not a brat annotation line: no tab after the annotation id");
  const id = line.slice(0, tab);
  const rest = line.slice(tab + 1);
  const dataEnd = rest.indexOf("\t");
  const data = dataEnd === -1 ? rest : rest.slice(0, dataEnd);
  const tail = dataEnd === -1 ? null : rest.slice(dataEnd + 1);
  if (id === "*") return { kind: "other", id, reason: "equivalences" };
  if (!ID.test(id)) return problem(`"${id.slice(0, 40)}" is not a brat annotation id (a letter or # and a number, as in T1)`, undefined, "id");
  const prefix = id[0] === "#" ? "#" : (id[0] as string);
  const other = OTHER_KINDS[prefix];
  if (other !== undefined) return { kind: "other", id, reason: other };

  if (prefix === "T") {
    const space = data.indexOf(" ");
    if (space <= 0) return problem("a text-bound annotation needs a type and offsets (T1<TAB>Type 0 5<TAB>text)", id, "offsets");
    const type = data.slice(0, space);
    const fragments: InterchangeFragment[] = [];
    for (const [i, part] of data
      .slice(space + 1)
      .split(";")
      .entries()) {
      const field = `offsets[${i}]`;
      const [startText, endText, ...extra] = part.trimEnd().split(" ");
      if (extra.length > 0)
        return problem(`fragment "${part}" has more than a start and an end (a space instead of a tab before the text?)`, id, field);
      if (startText === undefined || !OFFSET.test(startText))
        return problem(`start "${startText ?? ""}" is not a whole number of 0 or more`, id, `${field}.start`);
      if (endText === undefined || !OFFSET.test(endText))
        return problem(`end "${endText ?? ""}" is not a whole number of 0 or more`, id, `${field}.end`);
      const start = Number(startText);
      const end = Number(endText);
      if (!Number.isSafeInteger(start) || !Number.isSafeInteger(end)) return problem("offset is too large", id, field);
      if (end < start) return problem(`end ${end} is before start ${start}`, id, `${field}.end`);
      fragments.push({ start, end });
    }
    const sorted = [...fragments].sort((a, b) => a.start - b.start);
    for (let i = 1; i < sorted.length; i++) {
      if ((sorted[i] as InterchangeFragment).start < (sorted[i - 1] as InterchangeFragment).end) {
        return problem("the fragments of a text-bound annotation overlap", id, "offsets");
      }
    }
    return { kind: "text", id, type, fragments, text: tail === null || tail.trim() === "" ? null : tail };
  }

  if (prefix === "A" || prefix === "M") {
    const words = data.trimEnd().split(" ");
    const [type, target] = words;
    if (type === undefined || type === "" || target === undefined || target === "") {
      return problem("an attribute needs a name and the id it applies to (A1<TAB>Name T1 [value])", id, "target");
    }
    if (prefix === "M" || words.length === 2) return { kind: "attribute", id, type, target, value: true };
    // annotation.py: `(.+?) (.+?) (.+?)$` — the value is the rest of the field, spaces and all.
    return { kind: "attribute", id, type, target, value: data.slice(type.length + target.length + 2) };
  }

  if (prefix === "#") {
    const words = data.trim().split(/\s+/);
    if (words.length !== 2) return problem("a note needs a type and the id it applies to (#1<TAB>AnnotatorNotes T1<TAB>note)", id, "target");
    return { kind: "note", id, type: words[0] as string, target: words[1] as string, note: (tail ?? "").trim() };
  }
  return problem(`brat has no annotation kind "${prefix}"`, id, "id");
}

/**
 * Reads one brat document. Never throws on bad input: every line that cannot
 * be imported is a problem (line and id) or a skipped count.
 */
export function parseBrat(files: BratFiles, options: BratOptions = {}): InterchangeParse {
  const frame = openText(options.byteOrderMarkRemoved ? `\uFEFF${files.txt}` : files.txt);
  const problems: InterchangeProblem[] = [];
  const skipped: Record<string, number> = {};
  const count = (reason: string) => {
    skipped[reason] = (skipped[reason] ?? 0) + 1;
  };
  const spans: InterchangeSpan[] = [];
  const spanById = new Map<string, InterchangeSpan>();
  // Ids of lines that were read but are not spans (relations, events, …): what an attribute may point at without error.
  const otherIds = new Set<string>();
  const seenIds = new Set<string>();
  const later: Array<Extract<BratLine, { kind: "attribute" | "note" }> & { lineNumber: number }> = [];
  const rawIndex = createOffsetIndex(frame.raw);
  const textIndex = frame.text === frame.raw ? rawIndex : createOffsetIndex(frame.text);

  for (const { line, lineNumber } of numberedLines(files.ann)) {
    const read = parseBratLine(line, lineNumber);
    if (read.kind === "blank") continue;
    if (read.kind === "problem") {
      problems.push(read.problem);
      continue;
    }
    if (read.id !== "*") {
      if (seenIds.has(read.id)) {
        problems.push({ line: lineNumber, item: read.id, field: "id", message: `id ${read.id} is used by an earlier line` });
        continue;
      }
      seenIds.add(read.id);
    }
    if (read.kind === "other") {
      count(read.reason);
      otherIds.add(read.id);
      continue;
    }
    if (read.kind === "attribute" || read.kind === "note") {
      later.push({ ...read, lineNumber });
      continue;
    }
    const span = placeTextBound(read, lineNumber, frame, { raw: rawIndex, text: textIndex }, problems);
    if (span) {
      spans.push(span);
      spanById.set(read.id, span);
    } else {
      otherIds.add(read.id);
    }
  }

  for (const entry of later) {
    const span = spanById.get(entry.target);
    if (span === undefined) {
      if (otherIds.has(entry.target)) {
        count(entry.kind === "attribute" ? "attributes of annotations not imported" : "notes on annotations not imported");
      } else {
        problems.push({ line: entry.lineNumber, item: entry.id, field: "target", message: `${entry.target} is not an annotation in this file` });
      }
      continue;
    }
    if (entry.kind === "attribute") span.attributes[entry.type] = entry.value;
    else span.notes.push(entry.note);
  }

  const document: InterchangeDocument = { key: files.key, text: frame.text, spans, at: { line: 1, item: files.key } };
  return { documents: [document], problems, skipped, offsetUnit: "code_points" };
}

function placeTextBound(
  read: Extract<BratLine, { kind: "text" }>,
  lineNumber: number,
  frame: ReturnType<typeof openText>,
  indexes: { raw: OffsetIndex; text: OffsetIndex },
  problems: InterchangeProblem[],
): InterchangeSpan | null {
  const at = { line: lineNumber, item: read.id };
  const pieces: string[] = [];
  for (const [i, fragment] of read.fragments.entries()) {
    const fields = { start: `offsets[${i}].start`, end: `offsets[${i}].end` };
    const checked = frame.check("code_points", fragment.start, fragment.end, fields);
    if (!checked.ok) {
      problems.push({ ...at, field: checked.field, message: checked.message });
      return null;
    }
    pieces.push(indexes.raw.slice(fragment.start, fragment.end));
  }
  const expected = pieces.join(DISCONT_SEP);
  if (read.text !== null) {
    // brat takes as many characters of the text column as the fragments cover; anything after is a comment.
    const length = codePointLength(expected);
    const given = codePointLength(read.text) >= length ? sliceCodePoints(read.text, 0, length) : read.text;
    const after = given.length < read.text.length ? read.text.slice(given.length) : "";
    if (given !== expected || (after !== "" && !/^\s/u.test(after))) {
      problems.push({
        ...at,
        field: "text",
        message: `the text "${read.text.slice(0, 60)}" differs from the document's text at these offsets ("${expected.slice(0, 60)}")`,
      });
      return null;
    }
  }
  const placed: InterchangeFragment[] = [];
  for (const [i, fragment] of [...read.fragments].sort((a, b) => a.start - b.start).entries()) {
    const where = frame.place("code_points", fragment.start, fragment.end, { start: `offsets[${i}].start`, end: `offsets[${i}].end` });
    if (!where.ok) {
      problems.push({ ...at, field: where.field, message: where.message });
      return null;
    }
    placed.push({ start: where.start, end: where.end });
  }
  const first = placed[0] as InterchangeFragment;
  const last = placed[placed.length - 1] as InterchangeFragment;
  const span: InterchangeSpan = {
    start: first.start,
    end: last.end,
    // The text as Claimwork stores it: for one fragment the slice itself, for several their slices joined as brat joins them.
    text: placed.map((f) => indexes.text.slice(f.start, f.end)).join(DISCONT_SEP),
    label: read.type,
    attributes: {},
    notes: [],
    at,
  };
  if (placed.length > 1) span.fragments = placed;
  return span;
}

// Python's str.splitlines boundaries: brat reads .ann lines with it, so none of these may appear inside a line.
const PYTHON_LINE_BREAK_CODES = new Set([0x0a, 0x0d, 0x0b, 0x0c, 0x1c, 0x1d, 0x1e, 0x85, 0x2028, 0x2029]);

function hasPythonLineBreak(value: string): boolean {
  for (let i = 0; i < value.length; i++) if (PYTHON_LINE_BREAK_CODES.has(value.charCodeAt(i))) return true;
  return false;
}

function isPythonLineBreak(char: string): boolean {
  return char.length === 1 && PYTHON_LINE_BREAK_CODES.has(char.charCodeAt(0));
}

function withoutLineBreaks(value: string): string {
  return Array.from(value, (c) => (isPythonLineBreak(c) ? " " : c)).join("");
}

/**
 * A span's fragments as brat can write them: one per line of text, as brat
 * itself splits a selection that crosses a line break (annotator.py,
 * "creating discontinuous annotations for each span separated by newlines").
 */
function lineFragments(text: OffsetIndex, fragments: readonly InterchangeFragment[]): InterchangeFragment[] {
  const out: InterchangeFragment[] = [];
  for (const fragment of fragments) {
    let start = fragment.start;
    let cp = fragment.start;
    for (const char of text.slice(fragment.start, fragment.end)) {
      if (isPythonLineBreak(char)) {
        if (cp > start) out.push({ start, end: cp });
        start = cp + 1;
      }
      cp++;
    }
    if (fragment.end > start || fragment.start === fragment.end) out.push({ start, end: fragment.end });
  }
  return out;
}

const SAFE_KEY = /^(?!\.{1,2}$)[^/\\\0]+$/;

/**
 * Writes each document as `<key>.txt` (its text, "\n" line endings, no BOM)
 * and `<key>.ann`: a T line per span in the order given (T1, T2, …), then
 * its attributes (A lines: `true` as a binary attribute, `false` left out,
 * numbers in decimal) and notes (# AnnotatorNotes lines, line breaks in a
 * note written as spaces: brat notes are one line). A span whose text crosses
 * a line break is written as fragments, one per line, as brat writes it.
 * @throws InterchangeWriteError for what brat cannot carry: a document
 * without text, a label, attribute name or key brat cannot read back.
 */
export function writeBrat(documents: readonly InterchangeDocument[]): Array<{ path: string; content: string }> {
  const problems: InterchangeProblem[] = [];
  const files: Array<{ path: string; content: string }> = [];
  const keys = new Set<string>();
  documents.forEach((doc, d) => {
    const line = d + 1;
    const before = problems.length;
    problems.push(...unwritable(doc, line, { allowFragments: true }));
    if (!SAFE_KEY.test(doc.key)) problems.push({ line, item: doc.key, field: "key", message: `"${doc.key}" cannot be a file name` });
    if (keys.has(doc.key)) problems.push({ line, item: doc.key, field: "key", message: `two documents are both called "${doc.key}"` });
    keys.add(doc.key);
    const index = doc.text === null ? null : createOffsetIndex(doc.text);
    const written: InterchangeFragment[][] = [];
    doc.spans.forEach((span, i) => {
      const item = `${doc.key} spans[${i}]`;
      if (index !== null && problems.length === before) {
        const fragments = lineFragments(index, span.fragments ?? [{ start: span.start, end: span.end }]);
        if (fragments.length === 0) problems.push({ line, item, field: "start", message: "the span covers nothing but line breaks" });
        written.push(fragments);
      }
      if (/\s/u.test(span.label)) problems.push({ line, item, field: "label", message: `brat types cannot contain spaces ("${span.label}")` });
      for (const [name, value] of Object.entries(span.attributes)) {
        if (name === "" || /\s/u.test(name))
          problems.push({ line, item, field: `attributes.${name}`, message: `brat attribute names cannot be empty or contain spaces ("${name}")` });
        if (typeof value === "string" && (value === "" || /[\t]/u.test(value) || hasPythonLineBreak(value))) {
          problems.push({
            line,
            item,
            field: `attributes.${name}`,
            message: "a brat attribute value cannot be empty or contain a tab or line break",
          });
        }
      }
    });
    if (problems.length > before || doc.text === null || index === null) return;
    const lines: string[] = [];
    let a = 0;
    let n = 0;
    doc.spans.forEach((span, i) => {
      const id = `T${i + 1}`;
      const fragments = written[i] as InterchangeFragment[];
      const offsets = fragments.map((f) => `${f.start} ${f.end}`).join(";");
      const text = fragments.map((f) => index.slice(f.start, f.end)).join(DISCONT_SEP);
      lines.push(`${id}\t${span.label} ${offsets}\t${text}`);
      for (const [name, value] of Object.entries(span.attributes)) {
        if (value === false) continue;
        a++;
        lines.push(value === true ? `A${a}\t${name} ${id}` : `A${a}\t${name} ${id} ${String(value)}`);
      }
      for (const note of span.notes) {
        n++;
        lines.push(`#${n}\tAnnotatorNotes ${id}\t${withoutLineBreaks(note).trim()}`);
      }
    });
    files.push({ path: `${doc.key}.txt`, content: doc.text });
    files.push({ path: `${doc.key}.ann`, content: lines.map((l) => `${l}\n`).join("") });
  });
  if (problems.length > 0) throw new InterchangeWriteError("brat", problems);
  return files;
}
