/**
 * Zod's default problem texts in plain words, for every schema that has no
 * words of its own: an API answer (and the CLI's report) says "speaker: must
 * be text", not "Invalid input: expected string, received number". Installed
 * once per process by importing this module (server/http.ts for the door,
 * lib/fields.ts for everything that validates claims); a schema's own message
 * always wins over these. English, as the API speaks it: the interface words
 * problems in the person's language from the field and rule (lib/client/claim-fields.ts).
 */
import { z } from "zod";

const TYPE_WORDS: Record<string, string> = {
  string: "text",
  number: "a number",
  int: "a whole number",
  bigint: "a whole number",
  boolean: "true or false",
  array: "a list",
  object: "an object",
  date: "a date",
  null: "empty (null)",
};

const FORMAT_WORDS: Record<string, string> = {
  email: "an e-mail address",
  url: "a web address (http:// or https://)",
  uuid: "an id (a UUID)",
  guid: "an id (a UUID)",
  datetime: "a date and time (ISO 8601, e.g. 2025-03-01T14:05:00Z)",
  date: "a date (YYYY-MM-DD)",
  time: "a time (hh:mm)",
  ipv4: "an IPv4 address",
  ipv6: "an IPv6 address",
  cidrv4: "an IPv4 range (CIDR)",
  cidrv6: "an IPv6 range (CIDR)",
};

type Issue = Parameters<NonNullable<NonNullable<Parameters<typeof z.config>[0]>["customError"]>>[0];

function count(n: number | bigint, one: string, many: string): string {
  return `${n.toLocaleString("en")} ${n === 1 || n === 1n ? one : many}`;
}

/** The words for one problem, or undefined to keep zod's own (a case not listed here). */
export function validationWords(issue: Issue): string | undefined {
  switch (issue.code) {
    case "invalid_type":
      if (issue.input === undefined) return "is required";
      return `must be ${TYPE_WORDS[issue.expected] ?? issue.expected}`;
    case "too_big": {
      const max = issue.maximum as number;
      const bound = issue.inclusive === false ? "less than" : "at most";
      if (issue.origin === "string") return `must be ${bound} ${count(max, "character", "characters")} long`;
      if (issue.origin === "array" || issue.origin === "set") return `must have ${bound} ${count(max, "entry", "entries")}`;
      return `must be ${bound} ${max.toLocaleString("en")}`;
    }
    case "too_small": {
      const min = issue.minimum as number;
      const bound = issue.inclusive === false ? "more than" : "at least";
      if (issue.origin === "string")
        return min === 1 && issue.inclusive !== false ? "must not be empty" : `must be ${bound} ${count(min, "character", "characters")} long`;
      if (issue.origin === "array" || issue.origin === "set")
        return min === 1 ? "must have at least one entry" : `must have ${bound} ${count(min, "entry", "entries")}`;
      return `must be ${bound} ${min.toLocaleString("en")}`;
    }
    case "invalid_format":
      if (issue.format === "regex") return "is not in the expected form";
      return `must be ${FORMAT_WORDS[issue.format] ?? `a valid ${issue.format}`}`;
    case "invalid_value":
      return issue.values.length === 1
        ? `must be ${JSON.stringify(issue.values[0])}`
        : `must be one of ${issue.values.map((v: unknown) => JSON.stringify(v)).join(", ")}`;
    case "unrecognized_keys":
      return `${issue.keys.length === 1 ? "is not a field" : "are not fields"} of this request: ${issue.keys.join(", ")}`;
    case "invalid_union":
      return "has none of the accepted forms";
    case "not_multiple_of":
      return `must be a multiple of ${String(issue.divisor)}`;
    default:
      return undefined;
  }
}

z.config({ customError: validationWords });
