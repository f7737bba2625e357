/**
 * What the Label Studio, doccano, Prodigy and CheckThat! codecs share: reading
 * a file's offsets against the text the file carries, in the file's own unit,
 * and placing them on the text Claimwork stores.
 *
 * Line endings: Claimwork stores article text with "\n" only and without a
 * byte-order mark (lib/article-text.ts, normalizeArticleText), but a file's
 * offsets count the text as the file carries it — Label Studio counts "\r\n"
 * as two characters (its Text tag documentation says so), and so does Python.
 * We CONVERT rather than refuse: the document's text is the normalised text,
 * and every offset is moved left by the characters removed before it (a BOM
 * at the start, the "\r" of each "\r\n"; a lone "\r" becomes "\n" one for
 * one). An offset that falls between the "\r" and the "\n" of one line break
 * has no place in the stored text: that span is a problem, never nudged.
 * Spans are verified against the file's own text in the file's own unit
 * before they are moved, so the check is the file's claim, not ours.
 */
import { normalizeArticleText } from "@/lib/article-text";
import { codePointLength, createOffsetIndex, isInsideSurrogatePair, type OffsetIndex } from "@/lib/offsets";
import type { InterchangeDocument, InterchangeProblem, OffsetUnit } from "./model";

/** How a unit is named in a problem message. */
export function unitWords(unit: OffsetUnit): string {
  return unit === "code_points" ? "code points" : "UTF-16 code units";
}

export type Checked = { ok: true; start: number; end: number } | { ok: false; field: string; message: string };

/** The text one document of a file carries, with its offsets readable in either unit. */
export type TextFrame = {
  /** The text as the file carries it. */
  readonly raw: string;
  /** The text as Claimwork stores it (normalizeArticleText of raw). */
  readonly text: string;
  /** Checks that (start, end) are integers addressing `raw` in `unit`; names the field at fault otherwise. */
  check(unit: OffsetUnit, start: unknown, end: unknown, fields: { start: string; end: string }): Checked;
  /** `raw` between two offsets that passed {@link TextFrame.check}. */
  sliceRaw(unit: OffsetUnit, start: number, end: number): string;
  /** Code points on `text` for offsets that passed {@link TextFrame.check}, or why they have no place there. */
  place(unit: OffsetUnit, start: number, end: number, fields: { start: string; end: string }): Checked;
  /** `text` (the stored text) between two code-point offsets that {@link TextFrame.place} returned. */
  sliceText(start: number, end: number): string;
  /** True when the two units put a checked code-point range on different characters (an astral character lies before its end). */
  unitsDisagree(start: number, end: number): boolean;
};

function countBelow(sorted: readonly number[], value: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((sorted[mid] as number) < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function describe(value: unknown): string {
  if (typeof value === "string") return `"${value.slice(0, 40)}"`;
  if (value === undefined) return "nothing";
  return JSON.stringify(value) ?? String(value);
}

/** Builds the frame for one document's text (O(n); build once per document). */
export function openText(raw: string): TextFrame {
  const rawIndex = createOffsetIndex(raw);
  let bom = 0;
  while (raw.charCodeAt(bom) === 0xfeff) bom++;
  // UTF-16 positions of the "\r" of every "\r\n": the characters normalisation removes.
  const removedCr: number[] = [];
  for (let i = raw.indexOf("\r"); i !== -1; i = raw.indexOf("\r", i + 1)) {
    if (raw.charCodeAt(i + 1) === 0x0a) removedCr.push(i);
  }
  const text = normalizeArticleText(raw);
  const identical = text === raw;
  if (!identical && text.length !== raw.length - bom - removedCr.length) {
    // normalizeArticleText changed more than this module accounts for: the offsets below would be wrong.
    throw new Error("text-frame: normalizeArticleText removed characters this module does not map");
  }
  const textIndex: OffsetIndex = identical ? rawIndex : createOffsetIndex(text);
  const length = (unit: OffsetUnit) => (unit === "utf16" ? rawIndex.utf16Length : rawIndex.codePointLength);
  const toRawUtf16 = (unit: OffsetUnit, offset: number) => (unit === "utf16" ? offset : rawIndex.toUtf16(offset));

  const checkOne = (unit: OffsetUnit, value: unknown, field: string): string | null => {
    if (typeof value !== "number" || !Number.isInteger(value) || value < 0)
      return `${field} must be a whole number of 0 or more (got ${describe(value)})`;
    if (value > length(unit)) return `${field} ${value} is beyond the end of the text (${length(unit)} ${unitWords(unit)})`;
    if (unit === "utf16" && isInsideSurrogatePair(raw, value))
      return `${field} ${value} falls between the two halves of one character (a UTF-16 surrogate pair)`;
    return null;
  };

  return {
    raw,
    text,
    check(unit, start, end, fields) {
      const startError = checkOne(unit, start, fields.start);
      if (startError) return { ok: false, field: fields.start, message: startError };
      const endError = checkOne(unit, end, fields.end);
      if (endError) return { ok: false, field: fields.end, message: endError };
      if ((end as number) < (start as number)) {
        return { ok: false, field: fields.end, message: `${fields.end} ${end as number} is before ${fields.start} ${start as number}` };
      }
      return { ok: true, start: start as number, end: end as number };
    },
    sliceRaw(unit, start, end) {
      return raw.slice(toRawUtf16(unit, start), toRawUtf16(unit, end));
    },
    place(unit, start, end, fields) {
      const s = toRawUtf16(unit, start);
      const e = toRawUtf16(unit, end);
      if (identical) return { ok: true, start: rawIndex.toCodePoint(s), end: rawIndex.toCodePoint(e) };
      for (const [u, field] of [
        [s, fields.start],
        [e, fields.end],
      ] as const) {
        if (u > 0 && raw.charCodeAt(u - 1) === 0x0d && raw.charCodeAt(u) === 0x0a) {
          return { ok: false, field, message: `${field} falls between the CR and the LF of a line break, which Claimwork stores as one character` };
        }
      }
      const moved = (u: number) => u - Math.min(u, bom) - countBelow(removedCr, u);
      return { ok: true, start: textIndex.toCodePoint(moved(s)), end: textIndex.toCodePoint(moved(e)) };
    },
    sliceText(start, end) {
      return textIndex.slice(start, end);
    },
    unitsDisagree(start, end) {
      return rawIndex.toUtf16(start) !== start || rawIndex.toUtf16(end) !== end;
    },
  };
}

/** Raised by a writer given documents its format cannot carry; `problems` names each one. */
export class InterchangeWriteError extends Error {
  override readonly name = "InterchangeWriteError";
  readonly problems: InterchangeProblem[];

  constructor(format: string, problems: InterchangeProblem[]) {
    super(`${format}: ${problems.length} document(s) or span(s) cannot be written: ${problems[0]?.message ?? ""}`);
    this.problems = problems;
  }
}

/** Parses one JSON value, or says why it is not JSON in words a user can act on. */
export function parseJson(source: string): { ok: true; value: unknown } | { ok: false; message: string } {
  try {
    return { ok: true, value: JSON.parse(source) };
  } catch (error) {
    return { ok: false, message: `not valid JSON: ${error instanceof Error ? error.message : String(error)}` };
  }
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * The lines of a JSONL (or TSV) file with their 1-based numbers; a final line
 * break does not make an extra line. Lines end at "\n"; a "\r" before it is
 * the line ending's, not the record's (JSON strings carry their own "\r" escaped).
 */
export function* numberedLines(input: string): Generator<{ line: string; lineNumber: number }> {
  let start = 0;
  let lineNumber = 0;
  const body = input.startsWith("\uFEFF") ? input.slice(1) : input;
  while (start < body.length) {
    let end = body.indexOf("\n", start);
    if (end === -1) end = body.length;
    lineNumber++;
    const line = body.slice(start, end);
    yield { line: line.endsWith("\r") ? line.slice(0, -1) : line, lineNumber };
    start = end + 1;
  }
}

/** Adds `n` to a skipped-count bucket. */
export function countSkipped(skipped: Record<string, number>, reason: string, n = 1): void {
  if (n > 0) skipped[reason] = (skipped[reason] ?? 0) + n;
}

/** Merges one record's skipped counts into the file's. */
export function mergeSkipped(into: Record<string, number>, from: Record<string, number>): void {
  for (const [reason, n] of Object.entries(from)) countSkipped(into, reason, n);
}

/**
 * Why a document cannot be written by a format that needs the text and
 * contiguous spans in code points on it (every format here): no text, a span
 * outside the text, no label, or several fragments. `line` is the document's
 * 1-based position in the list handed to the writer.
 */
export function unwritable(doc: InterchangeDocument, line: number, options: { allowFragments?: boolean } = {}): InterchangeProblem[] {
  const problems: InterchangeProblem[] = [];
  if (doc.text === null) return [{ line, item: doc.key, field: "text", message: `document "${doc.key}" carries no text, which this format needs` }];
  const length = codePointLength(doc.text);
  doc.spans.forEach((span, i) => {
    const item = `${doc.key} spans[${i}]`;
    if (!Number.isInteger(span.start) || !Number.isInteger(span.end) || span.start < 0 || span.end < span.start || span.end > length) {
      problems.push({ line, item, field: "start", message: `span ${span.start}…${span.end} is not a range within the text (${length} code points)` });
    }
    if (span.label === "") problems.push({ line, item, field: "label", message: "span has no label" });
    if (!options.allowFragments && span.fragments !== undefined && span.fragments.length > 1) {
      problems.push({ line, item, field: "fragments", message: "a discontinuous span cannot be written in this format" });
    }
  });
  return problems;
}
