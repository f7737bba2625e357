/**
 * Offsets in every export count Unicode code points of the article's canonical
 * text (the unit the database and the API use, and the unit the W3C
 * TextPositionSelector is defined in). The conversions live in lib/offsets;
 * these wrappers add the clamping that export and import checks want (an
 * out-of-range offset in a file being imported is a reportable mismatch, not
 * an exception).
 */
import { codePointLength, codePointToUtf16 } from "../offsets";

export { codePointLength };

/** UTF-16 index of code point `offset` in `text`, or `text.length` past the end. */
export function codeUnitIndex(text: string, offset: number): number {
  if (offset <= 0) return 0;
  return offset >= codePointLength(text) ? text.length : codePointToUtf16(text, offset);
}

/**
 * The substring between code point offsets `start` (inclusive) and `end`
 * (exclusive), clamped to the text like `String.prototype.slice`.
 */
export function sliceCodePoints(text: string, start: number, end?: number): string {
  const from = codeUnitIndex(text, Math.max(0, start));
  const to = end === undefined ? text.length : codeUnitIndex(text, Math.max(start, end));
  return text.slice(from, to);
}
