/**
 * Conversions between UTF-16 code-unit offsets (what JS strings, the DOM and
 * `String.prototype.slice` use) and Unicode code-point offsets (what every
 * offset that leaves the system counts, as in W3C Web Annotation
 * TextPositionSelector). Mixing the two silently shifts every claim after
 * the first emoji or non-BMP letter, so all crossings go through here.
 *
 * Conventions shared by every function in this module:
 * - A high surrogate followed by a low surrogate is one code point; a lone
 *   surrogate (malformed text) counts as one code point of its own, exactly
 *   like `Array.from(text)` / `for…of` do, so the numbers agree with other
 *   code-point-aware tools.
 * - A UTF-16 offset between the two halves of a pair does not address a
 *   character boundary; it is rounded DOWN to the start of the pair, so the
 *   result never points into the middle of a character.
 * - Offsets must be integers within the text (0…length inclusive); anything
 *   else throws a RangeError instead of being clamped, because a clamped
 *   offset would quietly anchor a claim to the wrong words.
 */

function isHigh(unit: number): boolean {
  return unit >= 0xd800 && unit <= 0xdbff;
}

function isLow(unit: number): boolean {
  return unit >= 0xdc00 && unit <= 0xdfff;
}

/** True when `u16` sits between the high and low half of a surrogate pair in `text`. */
export function isInsideSurrogatePair(text: string, u16: number): boolean {
  return u16 > 0 && u16 < text.length && isLow(text.charCodeAt(u16)) && isHigh(text.charCodeAt(u16 - 1));
}

function checkOffset(name: string, value: number, max: number): void {
  if (!Number.isInteger(value) || value < 0 || value > max) {
    throw new RangeError(`${name} ${String(value)} is outside 0…${max}`);
  }
}

/** Number of Unicode code points in `s` (lone surrogates count as one each). */
export function codePointLength(s: string): number {
  let pairs = 0;
  const last = s.length - 1;
  for (let i = 0; i < last; i++) {
    if (isHigh(s.charCodeAt(i)) && isLow(s.charCodeAt(i + 1))) {
      pairs++;
      i++;
    }
  }
  return s.length - pairs;
}

/**
 * Code-point offset of the UTF-16 offset `utf16Offset` in `text`. An offset
 * inside a surrogate pair is rounded down to the pair's start.
 * O(offset); use {@link createOffsetIndex} for many conversions on one text.
 * @throws RangeError if the offset is not an integer in 0…text.length.
 */
export function utf16ToCodePoint(text: string, utf16Offset: number): number {
  checkOffset("UTF-16 offset", utf16Offset, text.length);
  let target = utf16Offset;
  if (isInsideSurrogatePair(text, target)) target--;
  let cp = 0;
  for (let i = 0; i < target; i++) {
    if (isHigh(text.charCodeAt(i)) && i + 1 < target && isLow(text.charCodeAt(i + 1))) i++;
    cp++;
  }
  return cp;
}

/**
 * UTF-16 offset of the code-point offset `cpOffset` in `text`.
 * O(offset); use {@link createOffsetIndex} for many conversions on one text.
 * @throws RangeError if the offset is not an integer in 0…codePointLength(text).
 */
export function codePointToUtf16(text: string, cpOffset: number): number {
  if (!Number.isInteger(cpOffset) || cpOffset < 0) {
    throw new RangeError(`code-point offset ${String(cpOffset)} is negative or not an integer`);
  }
  return advanceCodePoints(text, 0, cpOffset);
}

/** Walks `count` code points forward from the UTF-16 position `from`. */
function advanceCodePoints(text: string, from: number, count: number): number {
  let i = from;
  for (let n = 0; n < count; n++) {
    if (i >= text.length) {
      throw new RangeError(`code-point offset is beyond the end of the text (${codePointLength(text)} code points)`);
    }
    i += isHigh(text.charCodeAt(i)) && isLow(text.charCodeAt(i + 1)) ? 2 : 1;
  }
  return i;
}

/**
 * `text` between the code-point offsets `start` (inclusive) and `end`
 * (exclusive) — the code-point counterpart of `String.prototype.slice`,
 * but strict: no negative offsets, no clamping, no swapping.
 * @throws RangeError unless 0 ≤ start ≤ end ≤ codePointLength(text).
 */
export function sliceCodePoints(text: string, start: number, end: number): string {
  if (!Number.isInteger(start) || !Number.isInteger(end) || start < 0 || end < start) {
    throw new RangeError(`code-point range ${String(start)}…${String(end)} is not a valid range`);
  }
  const from = advanceCodePoints(text, 0, start);
  const to = advanceCodePoints(text, from, end - start);
  return text.slice(from, to);
}

/**
 * Precomputed offset conversions for one text. Build it once per article and
 * reuse it for every claim (exports convert millions of offsets).
 */
export interface OffsetIndex {
  /** The text the index was built for; kept so callers cannot pair an index with the wrong text. */
  readonly text: string;
  readonly utf16Length: number;
  readonly codePointLength: number;
  /** Like {@link utf16ToCodePoint}, in O(log p) for p astral characters. */
  toCodePoint(utf16Offset: number): number;
  /** Like {@link codePointToUtf16}, in O(log p) for p astral characters. */
  toUtf16(cpOffset: number): number;
  /** Like {@link sliceCodePoints}, in O(log p + length of the slice). */
  slice(start: number, end: number): string;
}

/** Number of entries in the sorted `arr` that are < `value`. */
function countBelow(arr: Uint32Array, value: number): number {
  let lo = 0;
  let hi = arr.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((arr[mid] as number) < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Builds an {@link OffsetIndex} for `text` in one O(n) pass. Only the
 * positions of surrogate pairs are stored (4 bytes each), so for the usual
 * mostly-BMP article the index is tiny and conversions are pure arithmetic.
 */
export function createOffsetIndex(text: string): OffsetIndex {
  const found: number[] = [];
  const last = text.length - 1;
  for (let i = 0; i < last; i++) {
    if (isHigh(text.charCodeAt(i)) && isLow(text.charCodeAt(i + 1))) {
      found.push(i);
      i++;
    }
  }
  // pairU16[j] is where the j-th pair starts in UTF-16; pairCp[j] where it starts in
  // code points (each earlier pair took one extra unit). Both are strictly increasing.
  const pairU16 = Uint32Array.from(found);
  const pairCp = Uint32Array.from(found, (u, j) => u - j);
  const utf16Length = text.length;
  const cpLength = utf16Length - pairU16.length;

  const toCodePoint = (utf16Offset: number): number => {
    checkOffset("UTF-16 offset", utf16Offset, utf16Length);
    if (pairU16.length === 0) return utf16Offset;
    const before = countBelow(pairU16, utf16Offset);
    // A pair starting just below the offset means the offset is between its halves.
    if (before > 0 && pairU16[before - 1] === utf16Offset - 1) return utf16Offset - 1 - (before - 1);
    return utf16Offset - before;
  };
  const toUtf16 = (cpOffset: number): number => {
    checkOffset("code-point offset", cpOffset, cpLength);
    if (pairCp.length === 0) return cpOffset;
    return cpOffset + countBelow(pairCp, cpOffset);
  };
  const slice = (start: number, end: number): string => {
    if (!Number.isInteger(start) || !Number.isInteger(end) || start > end) {
      throw new RangeError(`code-point range ${String(start)}…${String(end)} is not a valid range`);
    }
    return text.slice(toUtf16(start), toUtf16(end));
  };
  return { text, utf16Length, codePointLength: cpLength, toCodePoint, toUtf16, slice };
}
