import { z } from "zod";
// Plain words for zod's problems wherever records are validated (server, browser, scripts).
import "./validation-words";

/**
 * The value schemas every record is built from (lib/fields.ts), in one
 * place, so a limit — a URL's scheme, a date's range, an integer's size — is
 * the same for a save, an import and the editor's own check. They accept only
 * what the database stores exactly, so a bad value is a 422 naming its field,
 * never a database error.
 */

/** The most context a quote carries on each side, in code points (anchoring, and the wire schema's bound). */
export const MAX_QUOTE_CONTEXT = 32;

/** The largest Postgres `integer` (2³¹ − 1): offsets, versions and sentence indexes are stored as one. */
export const MAX_STORED_INT = 2_147_483_647;
export const storedInt = (message = `must be at most ${MAX_STORED_INT}`) => z.number().int().max(MAX_STORED_INT, message);

/** Only http(s) URLs: a `javascript:` or `data:` URL in a source must never reach a link. */
export const httpUrl = z
  .string()
  .trim()
  .max(2048)
  .refine((value) => {
    try {
      const url = new URL(value);
      return url.protocol === "http:" || url.protocol === "https:";
    } catch {
      return false;
    }
  }, "must be an http:// or https:// URL");

/**
 * A real calendar date as YYYY-MM-DD, in the years Postgres's `date` stores:
 * zod checks month lengths and leap years (2024-02-30 is refused), and year
 * 0000, which zod allows and Postgres does not, is refused here.
 */
export const calendarDate = z.iso
  .date("must be a real calendar date as YYYY-MM-DD")
  .refine((value) => !value.startsWith("0000"), "must be a date in the years 1 to 9999");

// Postgres has no year 0 (and zod's pattern allows "0000"): the first instant it stores is 0001-01-01 UTC.
const FIRST_STORABLE_INSTANT = Date.parse("0001-01-01T00:00:00Z");
/** An ISO 8601 instant with an offset, in the years a `timestamptz` stores. */
export const isoDateTime = z.iso
  .datetime({ offset: true })
  .refine((value) => Date.parse(value) >= FIRST_STORABLE_INSTANT, "must be a time in the years 1 to 9999");

/**
 * A BCP 47 language tag as people write them (`de`, `en-GB`, `zh-Hant-TW`):
 * a 2–3 letter language and subtags of 1–8 letters or digits. The shape, not
 * the registry: an unregistered but well-formed tag is kept as written.
 */
export const languageTag = z
  .string()
  .trim()
  .max(35)
  .regex(/^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$/, "must be a language tag such as de or en-GB");

/** Where a claim is: code-point offsets of the article's canonical text, with the quote and its context. */
export const targetSchema = z
  .object({
    start: z.number().int().nonnegative(),
    end: z.number().int().positive(),
    exact: z.string().min(1).max(20_000),
    prefix: z.string().max(MAX_QUOTE_CONTEXT * 4),
    suffix: z.string().max(MAX_QUOTE_CONTEXT * 4),
  })
  .refine((t) => t.end > t.start, { message: "end must be greater than start", path: ["end"] });
export type ClaimTarget = z.infer<typeof targetSchema>;

/** The keys of a target, in the order every format writes them. */
export const TARGET_KEYS = ["start", "end", "exact", "prefix", "suffix"] as const satisfies ReadonlyArray<keyof ClaimTarget>;
