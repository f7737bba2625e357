/**
 * Turning an uploaded or seeded article file into canonical article text.
 *
 * The canonical text is what claim offsets count code points of, so it is
 * changed as little as possible: only the differences that depend on the
 * machine that wrote the file (line-ending style, a byte-order mark) are
 * removed. No Unicode normalisation (NFC would merge "e" + U+0301 into "é"
 * and shift every later offset), no whitespace collapsing: what the reader
 * sees and quotes must be exactly what the offsets count.
 *
 * Isomorphic on purpose (no node: imports): the browser uses it to preview
 * an upload with the same rules the server applies. Hashing lives in
 * `content-hash.ts` for that reason.
 */
import { parse as parseYaml } from "yaml";

export type ArticleFileErrorCode = "empty" | "binary" | "front_matter" | "source_url";

/**
 * An article file that cannot be imported; `message` says why in words a
 * user can act on. The message does not repeat the file name (callers that
 * report several files prefix it themselves); it is in `fileName`.
 */
export class ArticleFileError extends Error {
  override readonly name = "ArticleFileError";
  readonly code: ArticleFileErrorCode;
  /** The front-matter field at fault, when there is one. */
  readonly field: string | null;
  readonly fileName: string | null;

  constructor(code: ArticleFileErrorCode, message: string, options: { field?: string; fileName?: string } = {}) {
    super(message);
    this.code = code;
    this.field = options.field ?? null;
    this.fileName = options.fileName ?? null;
  }
}

export type ParsedArticle = {
  title: string;
  /** Canonical text; its first line is the title line of the body. */
  text: string;
  /** BCP 47 tag from the front matter, else a guess between "de" and "en", else null. */
  language: string | null;
  sourceUrl: string | null;
  publisher: string | null;
  /** "YYYY-MM-DD" or a full ISO 8601 date-time, as given. */
  publishedAt: string | null;
  /** Things worth telling the uploader that did not stop the import (ignored keys, guessed language). */
  warnings: string[];
};

/**
 * Canonical form of article text: CRLF and lone CR line endings become
 * "\n" and a leading byte-order mark is dropped. Nothing else changes (see
 * the module comment for why).
 */
export function normalizeArticleText(raw: string): string {
  // All leading BOMs, not just one: normalising canonical text again must be a no-op.
  return raw.replace(/^\uFEFF+/, "").replace(/\r\n?/g, "\n");
}

// Above this share of control characters / U+FFFD the "text" is a decoded binary
// file (or a different encoding); a real article has next to none of them.
const MAX_GARBAGE_RATIO = 0.1;

function looksBinary(raw: string): boolean {
  if (raw.includes("\u0000")) return true;
  let garbage = 0;
  for (let i = 0; i < raw.length; i++) {
    const c = raw.charCodeAt(i);
    // Tab, LF, VT, FF and CR are ordinary in text files.
    const control = (c < 0x20 && (c < 0x09 || c > 0x0d)) || c === 0x7f;
    if (control || c === 0xfffd) garbage++;
  }
  return garbage / raw.length > MAX_GARBAGE_RATIO;
}

const FRONT_MATTER_OPEN = /^---[ \t]*\n/;
const FRONT_MATTER_CLOSE = /^---[ \t]*$/m;

// A Map, not an object literal: a key such as "constructor" must not hit Object.prototype.
const KNOWN_KEYS: ReadonlyMap<string, keyof Meta> = new Map([
  ["source_url", "sourceUrl"],
  ["url", "sourceUrl"],
  ["publisher", "publisher"],
  ["language", "language"],
  ["lang", "language"],
  ["published", "publishedAt"],
  ["date", "publishedAt"],
  ["published_at", "publishedAt"],
  ["title", "title"],
]);

type Meta = {
  title: string | null;
  sourceUrl: string | null;
  publisher: string | null;
  language: string | null;
  publishedAt: string | null;
};

/**
 * An article body as canonical text keeps it: without leading blank lines and trailing whitespace (they hold
 * no words to annotate, and a final newline would make the same article hash differently depending on the
 * editor that saved it). `lead` is what was cut at the start, so offsets counted on the body can follow.
 */
export function trimArticleBody(body: string): { text: string; lead: string } {
  const lead = /^(?:[^\S\n]*\n)+/.exec(body)?.[0] ?? "";
  return { text: body.slice(lead.length).replace(/\s+$/u, ""), lead };
}

/**
 * Parses an article file: optional YAML front matter between `---` lines
 * (keys `source_url`/`url`, `publisher`, `language`/`lang`,
 * `published`/`date`/`published_at`, `title`), then the article body whose
 * first line is the title. The canonical text is the whole body, title line
 * included, with leading blank lines and trailing whitespace removed (they
 * hold no words to annotate, and keeping a final newline would make the same
 * article hash differently depending on the editor that saved it).
 *
 * `title` in the front matter overrides the displayed title but not the text.
 * Without a language the text is guessed as "de" or "en" from stop words.
 * @throws ArticleFileError for an empty or binary file, invalid front matter
 * (naming the field) or a source URL that is not http(s).
 */
export function parseArticleFile(raw: string, fileName?: string): ParsedArticle {
  const opts = fileName === undefined ? {} : { fileName };
  if (raw.trim() === "") throw new ArticleFileError("empty", "the file is empty", opts);
  if (looksBinary(raw)) {
    throw new ArticleFileError(
      "binary",
      "the file looks binary or is not UTF-8 text (it contains NUL bytes, control characters or undecodable bytes)",
      opts,
    );
  }
  const normalized = normalizeArticleText(raw);
  const warnings: string[] = [];
  let meta: Meta = { title: null, sourceUrl: null, publisher: null, language: null, publishedAt: null };
  let body = normalized;

  const open = FRONT_MATTER_OPEN.exec(normalized);
  if (open) {
    const rest = normalized.slice(open[0].length);
    const close = FRONT_MATTER_CLOSE.exec(rest);
    if (!close) throw new ArticleFileError("front_matter", "the front matter starting with --- is never closed by a --- line", opts);
    meta = readFrontMatter(rest.slice(0, close.index), warnings, opts);
    body = rest.slice(close.index + close[0].length).replace(/^\n/, "");
  }

  const { text } = trimArticleBody(body);
  if (text === "") throw new ArticleFileError("empty", "the file has no article text after the front matter", opts);
  const firstLine = text.split("\n", 1)[0] ?? "";
  const title = meta.title ?? firstLine.trim();

  let language = meta.language;
  if (language === null) {
    language = guessLanguage(text);
    warnings.push(language === null ? "no language given and none could be guessed" : `no language given; guessed "${language}"`);
  }
  return { title, text, language, sourceUrl: meta.sourceUrl, publisher: meta.publisher, publishedAt: meta.publishedAt, warnings };
}

function readFrontMatter(source: string, warnings: string[], opts: { fileName?: string }): Meta {
  let data: unknown;
  try {
    data = parseYaml(source, { uniqueKeys: true });
  } catch (error) {
    const detail = error instanceof Error ? error.message.split("\n", 1)[0] : String(error);
    throw new ArticleFileError("front_matter", `the front matter is not valid YAML: ${detail}`, opts);
  }
  const meta: Meta = { title: null, sourceUrl: null, publisher: null, language: null, publishedAt: null };
  if (data === null || data === undefined) return meta;
  if (typeof data !== "object" || Array.isArray(data)) {
    throw new ArticleFileError("front_matter", "the front matter must be a list of key: value lines", opts);
  }
  const fieldOf: Partial<Record<keyof Meta, string>> = {};
  for (const [key, value] of Object.entries(data as Record<string, unknown>)) {
    const target = KNOWN_KEYS.get(key.toLowerCase());
    if (target === undefined) {
      warnings.push(`front matter key "${key}" is not used and was ignored`);
      continue;
    }
    if (value === null || value === undefined || value === "") continue;
    const parsed = readField(target, key, value, opts);
    const earlier = fieldOf[target];
    if (earlier !== undefined && meta[target] !== parsed) {
      throw new ArticleFileError("front_matter", `front matter fields "${earlier}" and "${key}" disagree`, { ...opts, field: key });
    }
    meta[target] = parsed;
    fieldOf[target] = key;
  }
  return meta;
}

function readField(target: keyof Meta, key: string, value: unknown, opts: { fileName?: string }): string {
  const fail = (code: ArticleFileErrorCode, why: string): never => {
    throw new ArticleFileError(code, `front matter field "${key}" ${why}`, { ...opts, field: key });
  };
  if (target === "publishedAt" && value instanceof Date) {
    // Only reachable with a YAML 1.1 timestamp schema; keep the date-only form when there is no time.
    if (Number.isNaN(value.getTime())) fail("front_matter", "is not a valid date");
    const iso = value.toISOString();
    return iso.endsWith("T00:00:00.000Z") ? iso.slice(0, 10) : iso;
  }
  // An unquoted YAML number is a fine title ("1984"), but not a fine anything else.
  if (target === "title" && typeof value === "number") return String(value);
  if (typeof value !== "string") return fail("front_matter", "must be text");
  const s = value.trim();
  switch (target) {
    case "title":
    case "publisher":
      if (s === "") fail("front_matter", "is empty");
      return s;
    case "sourceUrl":
      if (!isHttpUrl(s)) fail("source_url", `must be an http:// or https:// URL (got "${s.slice(0, 100)}")`);
      return s;
    case "language":
      if (!/^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$/.test(s))
        fail("front_matter", `must be a language code such as "de" or "en-GB" (got "${s.slice(0, 40)}")`);
      return s.replace(/^[A-Za-z]+/, (primary) => primary.toLowerCase());
    case "publishedAt":
      if (!isIsoDate(s)) fail("front_matter", `must be an ISO date (YYYY-MM-DD) or date-time (got "${s.slice(0, 40)}")`);
      return s;
  }
}

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === "http:" || url.protocol === "https:";
  } catch {
    return false;
  }
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const ISO_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T([01]\d|2[0-3]):[0-5]\d(?::[0-5]\d(?:\.\d{1,9})?)?(?:Z|[+-](?:[01]\d|2[0-3]):?[0-5]\d)$/;

function isIsoDate(s: string): boolean {
  const m = ISO_DATE.exec(s) ?? ISO_DATE_TIME.exec(s);
  if (!m) return false;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  // Date.UTC rolls 2024-02-30 over to March; a round trip catches impossible days.
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

// Frequent function words that are rare in the other language ("die", "in",
// "an", "was" are words in both and left out where they would mislead).
const STOP_WORDS: Record<"de" | "en", ReadonlySet<string>> = {
  de: new Set([
    "der",
    "die",
    "das",
    "und",
    "ist",
    "nicht",
    "ein",
    "eine",
    "zu",
    "den",
    "von",
    "mit",
    "sich",
    "des",
    "auf",
    "für",
    "im",
    "dem",
    "auch",
    "es",
    "als",
    "nach",
    "wie",
    "bei",
    "aus",
    "dass",
    "wird",
    "sind",
    "werden",
    "oder",
  ]),
  en: new Set([
    "the",
    "and",
    "is",
    "of",
    "to",
    "that",
    "it",
    "for",
    "on",
    "are",
    "with",
    "as",
    "by",
    "this",
    "be",
    "at",
    "from",
    "have",
    "has",
    "not",
    "which",
    "will",
    "or",
    "were",
  ]),
};
// Enough of a text to tell two languages apart; scanning megabytes would add nothing.
const GUESS_SAMPLE = 20_000;

/** "de", "en" or null: a stop-word vote, only decided with a clear majority. */
export function guessLanguage(text: string): "de" | "en" | null {
  let de = 0;
  let en = 0;
  for (const match of text
    .slice(0, GUESS_SAMPLE)
    .toLowerCase()
    .matchAll(/\p{L}+/gu)) {
    const word = match[0];
    if (STOP_WORDS.de.has(word)) de++;
    if (STOP_WORDS.en.has(word)) en++;
  }
  if (de + en < 3) return null;
  if (de >= 2 * en) return "de";
  if (en >= 2 * de) return "en";
  return null;
}
