/**
 * Offsets in every export count Unicode code points of the article's canonical
 * text (the unit the database and the API use, and the unit the W3C
 * TextPositionSelector is defined in). JavaScript strings index UTF-16 code
 * units, so `text.slice(start, end)` would be wrong as soon as an emoji or
 * other astral character precedes the range. These helpers walk code points
 * without materialising `Array.from(text)` for every claim of a long article.
 */

/** Number of Unicode code points in `text` (a lone surrogate counts as one, like `Array.from`). */
export function codePointLength(text: string): number {
  let count = 0;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (isHighSurrogate(unit) && i + 1 < text.length && isLowSurrogate(text.charCodeAt(i + 1))) i++;
    count++;
  }
  return count;
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

/** UTF-16 index of code point `offset` in `text`, or `text.length` past the end. */
export function codeUnitIndex(text: string, offset: number): number {
  let seen = 0;
  let i = 0;
  while (i < text.length && seen < offset) {
    const unit = text.charCodeAt(i);
    i += isHighSurrogate(unit) && i + 1 < text.length && isLowSurrogate(text.charCodeAt(i + 1)) ? 2 : 1;
    seen++;
  }
  return i;
}

function isHighSurrogate(unit: number): boolean {
  return unit >= 0xd800 && unit <= 0xdbff;
}

function isLowSurrogate(unit: number): boolean {
  return unit >= 0xdc00 && unit <= 0xdfff;
}
