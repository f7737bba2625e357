/**
 * The bytes of an uploaded article file as text: which encoding they are in,
 * and the text they hold — or why they hold none.
 *
 * Detection is chardet's and conversion is TextDecoder's (the Unicode
 * encodings, strict) and iconv-lite's (Windows-1252: Node 20's TextDecoder
 * reads that label as Latin-1 and gives U+0080 where the file meant "€").
 * What no library decides is written here, each rule with its reason:
 *
 * 1. A byte-order mark is believed before anything else: a writer put it
 *    there to say which encoding follows, and no statistics beat that.
 * 2. Without one, a NUL byte marks a binary file: no text encoding read here
 *    writes 0x00 for a character (UTF-16 without a byte-order mark is NUL-rich
 *    too, and is refused with the binary files: nothing says its byte order).
 * 3. Bytes that are valid UTF-8 are UTF-8, whatever a statistical guess says:
 *    Western European text with any accented letter is almost never valid
 *    UTF-8 by chance (an "ä" would have to be followed by just the right
 *    symbols), while chardet ranks Windows-1252 high for plain UTF-8 German.
 * 4. Bytes that are mostly UTF-8 with a broken sequence are a damaged UTF-8
 *    file, refused naming the line: read as Windows-1252 they would become
 *    "MÃ¼nchen" and be stored as if that were the text.
 * 5. Otherwise the file is read as Windows-1252 (Western European), the
 *    encoding German and English newsrooms' older tools write (ISO-8859-1 is
 *    read the same way: the two differ only in 0x80–0x9F, which ISO-8859-1
 *    spends on control characters no text contains) — unless chardet is
 *    confident (see {@link TRUSTED_CONFIDENCE}) that it is another encoding
 *    and that encoding would give a different text. chardet never names
 *    ISO-8859-15 (its bytes differ from Latin-1 in eight rarely used places),
 *    so a Latin-9 "€" (0xA4) reads as "¤"; the import shows the encoding it
 *    assumed so that a person notices.
 * 6. Windows-1252 leaves five byte values undefined; and another script read
 *    as Western European does not look like Western European text (see
 *    {@link looksWestern}). Either way no encoding read here fits: the file is
 *    refused rather than stored garbled, naming chardet's best other guess
 *    when it has one.
 *
 * Never a U+FFFD in place of a byte that could not be read: the file is
 * refused instead, with a message a person can act on.
 *
 * Server-side only in practice: uploads are decoded where they are stored,
 * and the browser sends the bytes untouched. There are no node: imports, but
 * iconv-lite wants Node's Buffer, so this module is not meant for a browser bundle.
 */
import chardet from "chardet";
import iconv from "iconv-lite";

/** The encodings an article file is read in, as the import reports them. */
export type TextEncodingName = "UTF-8" | "UTF-8 (BOM)" | "UTF-16LE" | "UTF-16BE" | "windows-1252";

/** Why bytes could not be read as text. */
export type UndecodableText =
  /** NUL bytes without a UTF-16 byte-order mark. */
  | { problem: "binary" }
  /** The bytes say (byte-order mark) or look like (mostly UTF-8) this encoding, but `line` holds a broken sequence. */
  | { problem: "broken"; encoding: "UTF-8" | "UTF-16LE" | "UTF-16BE"; line: number }
  /** The bytes are in an encoding Claimwork does not read: a UTF-32 byte-order mark, chardet's confident guess, or its best guess once the Western reading failed. */
  | { problem: "unsupported"; encoding: string }
  /** Not UTF-8, and read as Windows-1252 they would not be text either. */
  | { problem: "unknown" };

export type DecodedText = { ok: true; text: string; encoding: TextEncodingName } | ({ ok: false; message: string } & UndecodableText);

/**
 * chardet's confidence (0–100) from which its guess of another encoding than
 * Western European is believed. Below it the guess is noise: on short German
 * Latin-1 text chardet says "UTF-32LE 80" for a lone "ä" and "ISO-8859-2 16"
 * for "Café résumé naïve", while a real Central European or Japanese text of
 * a few sentences scores 50 to 100.
 */
const TRUSTED_CONFIDENCE = 50;

/** Enough of a file for chardet's statistics, which settle within a few kilobytes; a whole 2 MB file would only cost time. */
const DETECTION_SAMPLE_BYTES = 64 * 1024;

/** Below this many letters the share of accented ones says nothing ("Öl" is half umlaut). */
const MIN_LETTERS_FOR_SHARE = 20;
/**
 * Western European text read right has a few per cent accented letters (German
 * about 2, French about 5; none comes near half). Cyrillic, Greek, Hebrew or
 * Arabic bytes read as Windows-1252 are nearly all accented letters.
 */
const MAX_ACCENTED_SHARE = 0.5;
/**
 * Latin-1 symbols that Central European letters become when their bytes are
 * read as Windows-1252 ("Zażółć" as "Za¿ó³æ", "žluťoučký" as "¾lu»ouèký").
 * Left out: what Western text puts next to letters — ª º (ordinals), soft
 * hyphen, ´ (an apostrophe in sloppy German), µ (a letter), · (Catalan).
 */
const SYMBOL_IN_WORD = /(?<=\p{L})[¡-©«¬®-³¶¸¹»-¿](?=\p{L})/gu;
/**
 * One symbol between letters is a typo ("m²Preis"); two or more, making one in
 * twenty non-ASCII characters, are another script. Central European text whose
 * letters land at word edges ("¾e" for "že") can still pass as Western
 * European: the import reports the encoding it assumed, so that a person sees it.
 */
const MIN_SYMBOLS_IN_WORDS = 2;
const MAX_SYMBOLS_IN_WORDS_SHARE = 0.05;

// chardet's names for what rule 5 reads as Windows-1252, and for guesses that mean nothing without a byte-order mark
// (rule 1 has already looked for one, and chardet's UTF-32 score for a few bytes of Latin-1 is noise).
const WESTERN = new Set<string>(["ISO-8859-1", "windows-1252"]);
const UNICODE_WITHOUT_BOM = new Set<string>(["UTF-8", "UTF-16LE", "UTF-16BE", "UTF-32", "UTF-32LE", "UTF-32BE", "ASCII"]);

type Bom = { encoding: "UTF-8" | "UTF-16LE" | "UTF-16BE"; length: number } | { unsupported: "UTF-32LE" | "UTF-32BE" };

function byteOrderMark(bytes: Uint8Array): Bom | null {
  const [b0, b1, b2, b3] = bytes;
  // UTF-32LE's mark begins with UTF-16LE's, so it is looked for first.
  if (b0 === 0xff && b1 === 0xfe && b2 === 0x00 && b3 === 0x00) return { unsupported: "UTF-32LE" };
  if (b0 === 0x00 && b1 === 0x00 && b2 === 0xfe && b3 === 0xff) return { unsupported: "UTF-32BE" };
  if (b0 === 0xef && b1 === 0xbb && b2 === 0xbf) return { encoding: "UTF-8", length: 3 };
  if (b0 === 0xff && b1 === 0xfe) return { encoding: "UTF-16LE", length: 2 };
  if (b0 === 0xfe && b1 === 0xff) return { encoding: "UTF-16BE", length: 2 };
  return null;
}

const DECODER_LABEL = { "UTF-8": "utf-8", "UTF-16LE": "utf-16le", "UTF-16BE": "utf-16be" } as const;

/** Strict decoding: null where a lenient decoder would have put U+FFFD. */
function decodeStrict(bytes: Uint8Array, encoding: keyof typeof DECODER_LABEL): string | null {
  try {
    // ignoreBOM: the mark was already taken off, and a second one would be text (normalizeArticleText drops it).
    return new TextDecoder(DECODER_LABEL[encoding], { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    return null;
  }
}

/** The line (from 1) of the first sequence that does not decode, found by letting a lenient decoder mark it. */
function lineOfFirstBreak(bytes: Uint8Array, encoding: keyof typeof DECODER_LABEL): number {
  const lenient = new TextDecoder(DECODER_LABEL[encoding], { ignoreBOM: true }).decode(bytes);
  const at = lenient.indexOf("\uFFFD");
  let line = 1;
  for (let i = lenient.indexOf("\n"); i !== -1 && i < at; i = lenient.indexOf("\n", i + 1)) line++;
  return line;
}

/**
 * Rule 4: at least as many multi-byte sequences shaped like UTF-8 (a lead
 * byte and its continuation bytes) as bytes that fit no such shape. Shape, not
 * validity: an encoded surrogate or an overlong form (CESU-8, Java's modified
 * UTF-8) is a UTF-8 writer's mistake, while Windows-1252 text puts an accented
 * letter before a space or another letter, which no UTF-8 sequence allows.
 */
function looksLikeBrokenUtf8(bytes: Uint8Array): boolean {
  let shaped = 0;
  let unshaped = 0;
  for (let i = 0; i < bytes.length; i++) {
    const lead = bytes[i]!;
    if (lead < 0x80) continue;
    const trail = lead >= 0xc0 && lead < 0xe0 ? 1 : lead >= 0xe0 && lead < 0xf0 ? 2 : lead >= 0xf0 && lead < 0xf8 ? 3 : 0;
    let continued = 0;
    while (continued < trail && ((bytes[i + 1 + continued] ?? 0) & 0xc0) === 0x80) continued++;
    if (trail > 0 && continued === trail) {
      shaped++;
      i += trail;
    } else {
      unshaped++;
    }
  }
  return shaped > 0 && shaped >= unshaped;
}

/** Rule 6's plausibility test for text read as Windows-1252. */
function looksWestern(text: string): boolean {
  let ascii = 0;
  let accented = 0;
  let nonAscii = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    const lower = code | 0x20;
    if (lower >= 0x61 && lower <= 0x7a) ascii++;
    else if (code >= 0x80) {
      nonAscii++;
      if (/\p{L}/u.test(text[i]!)) accented++;
    }
  }
  if (ascii + accented >= MIN_LETTERS_FOR_SHARE && accented / (ascii + accented) > MAX_ACCENTED_SHARE) return false;
  if (nonAscii === 0) return true;
  const symbolsInWords = text.match(SYMBOL_IN_WORD)?.length ?? 0;
  return symbolsInWords < MIN_SYMBOLS_IN_WORDS || symbolsInWords / nonAscii < MAX_SYMBOLS_IN_WORDS_SHARE;
}

function iconvDecode(bytes: Uint8Array, encoding: string): string | null {
  if (!iconv.encodingExists(encoding)) return null;
  return iconv.decode(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), encoding);
}

const SAVE_AS_UTF8 = "save it as UTF-8 and import it again";

function refuse(failure: UndecodableText): DecodedText {
  switch (failure.problem) {
    case "binary":
      return { ok: false, ...failure, message: "the file looks binary (it contains NUL bytes), not like text" };
    case "broken":
      return {
        ok: false,
        ...failure,
        message: `the file is not valid ${failure.encoding}: line ${failure.line} has a broken character (is the file damaged or cut off?)`,
      };
    case "unsupported":
      return { ok: false, ...failure, message: `the file looks like ${failure.encoding}, an encoding Claimwork does not read: ${SAVE_AS_UTF8}` };
    case "unknown":
      return {
        ok: false,
        ...failure,
        message: `the file's encoding was not recognised (it is not UTF-8, and not Western European text either): ${SAVE_AS_UTF8}`,
      };
  }
}

/**
 * The text in an article file's bytes and the encoding it was read in, by the
 * rules in the module comment; or why the bytes are not text, with a message
 * in words a person can act on (it does not name the file: callers do).
 * An empty file is the empty text (the article parser refuses it as empty).
 */
export function decodeText(bytes: Uint8Array): DecodedText {
  const bom = byteOrderMark(bytes);
  if (bom && "unsupported" in bom) return refuse({ problem: "unsupported", encoding: bom.unsupported });
  if (bom) {
    const body = bytes.subarray(bom.length);
    const text = decodeStrict(body, bom.encoding);
    if (text === null) return refuse({ problem: "broken", encoding: bom.encoding, line: lineOfFirstBreak(body, bom.encoding) });
    return { ok: true, text, encoding: bom.encoding === "UTF-8" ? "UTF-8 (BOM)" : bom.encoding };
  }
  if (bytes.includes(0)) return refuse({ problem: "binary" });

  const utf8 = decodeStrict(bytes, "UTF-8");
  if (utf8 !== null) return { ok: true, text: utf8, encoding: "UTF-8" };
  if (looksLikeBrokenUtf8(bytes)) return refuse({ problem: "broken", encoding: "UTF-8", line: lineOfFirstBreak(bytes, "UTF-8") });

  const western = iconvDecode(bytes, "windows-1252")!;
  const guess = chardet.analyse(bytes.subarray(0, DETECTION_SAMPLE_BYTES)).find((match) => !UNICODE_WITHOUT_BOM.has(match.name));
  if (guess && !WESTERN.has(guess.name) && guess.confidence >= TRUSTED_CONFIDENCE && iconvDecode(bytes, guess.name) !== western) {
    return refuse({ problem: "unsupported", encoding: guess.name });
  }
  // iconv-lite gives U+FFFD for the byte values Windows-1252 leaves undefined (0x81, 0x8D, 0x8F, 0x90, 0x9D).
  if (western.includes("\uFFFD")) return refuse({ problem: "unknown" });
  if (!looksWestern(western)) {
    // Not Western European after all: chardet's best other guess, however unsure, is now the likelier reading.
    return guess && !WESTERN.has(guess.name) ? refuse({ problem: "unsupported", encoding: guess.name }) : refuse({ problem: "unknown" });
  }
  return { ok: true, text: western, encoding: "windows-1252" };
}
