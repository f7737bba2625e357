/**
 * Text Postgres cannot store as given. A `text` or `jsonb` value cannot hold
 * U+0000, and a lone UTF-16 surrogate has no UTF-8 encoding: the driver would
 * either fail (a 500) or write U+FFFD in its place (a silent change). Both are
 * refused at the boundary instead, naming where they were found.
 */

export type UnstorableText = {
  /** Where in the value: `sources.0.url`, `(body)` for a bare string. */
  path: string;
  problem: "nul" | "lone_surrogate";
};

// A high surrogate not followed by a low one, or a low one not preceded by a high one.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** The problem with one string, or null when Postgres stores it exactly. */
export function unstorableProblem(value: string): UnstorableText["problem"] | null {
  if (value.includes("\u0000")) return "nul";
  // String#isWellFormed (Node 20) is a native scan; the regex only runs to confirm.
  const wellFormed = (value as string & { isWellFormed?: () => boolean }).isWellFormed?.() ?? !LONE_SURROGATE.test(value);
  return wellFormed ? null : "lone_surrogate";
}

/**
 * The first string (object keys included) in a parsed JSON value or a
 * record of parameters that Postgres cannot store, or null.
 */
export function findUnstorableText(value: unknown, path: string[] = []): UnstorableText | null {
  if (typeof value === "string") {
    const problem = unstorableProblem(value);
    return problem ? { path: path.join(".") || "(body)", problem } : null;
  }
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = findUnstorableText(value[i], [...path, String(i)]);
      if (found) return found;
    }
    return null;
  }
  if (value !== null && typeof value === "object") {
    for (const [key, item] of Object.entries(value)) {
      const keyProblem = unstorableProblem(key);
      if (keyProblem) return { path: [...path, key].join(".") || "(body)", problem: keyProblem };
      const found = findUnstorableText(item, [...path, key]);
      if (found) return found;
    }
  }
  return null;
}

/** The message a user reads for an unstorable field. */
export function describeUnstorable(problem: UnstorableText["problem"]): string {
  return problem === "nul"
    ? "contains a NUL character (U+0000), which cannot be stored"
    : "contains a broken character (a lone UTF-16 surrogate), which cannot be stored";
}
