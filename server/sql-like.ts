import "server-only";

/**
 * The ILIKE pattern "contains `text`", matched literally: the text's own %
 * and _ (and the escape character) are not wildcards, so a title search for
 * "50%" finds "50%" and not every title with "50" in it. Postgres's default
 * LIKE escape is the backslash.
 */
export function containsPattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}
