/**
 * Text Postgres cannot store as given. A `text` or `jsonb` value cannot hold
 * U+0000, and a lone UTF-16 surrogate has no UTF-8 encoding: the driver would
 * either fail (a 500) or write U+FFFD in its place (a silent change). Both are
 * refused at the boundary instead, naming where they were found.
 */

export type UnstorableText = {
  /** Where in the value: `sources.0.url`, `(body)` for a bare string. */
  path: string;
  problem: "nul" | "lone_surrogate" | "too_deep";
};

// A high surrogate not followed by a low one, or a low one not preceded by a high one.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** The problem with one string, or null when Postgres stores it exactly. */
export function unstorableProblem(value: string): "nul" | "lone_surrogate" | null {
  if (value.includes("\u0000")) return "nul";
  // String#isWellFormed (Node 20) is a native scan; the regex only runs to confirm.
  const wellFormed = (value as string & { isWellFormed?: () => boolean }).isWellFormed?.() ?? !LONE_SURROGATE.test(value);
  return wellFormed ? null : "lone_surrogate";
}

/** Deeper than any record this app reads: a value nested further is refused rather than walked. */
export const MAX_JSON_DEPTH = 64;

/**
 * The first string (object keys included) in a parsed JSON value or a
 * record of parameters that Postgres cannot store, or null. Walked with an
 * explicit stack, so a body of 20,000 nested arrays is a 422, not a stack
 * overflow (a 500).
 */
export function findUnstorableText(value: unknown, path: string[] = []): UnstorableText | null {
  const stack: Array<{ value: unknown; path: string[] }> = [{ value, path }];
  const where = (p: string[]) => p.join(".") || "(body)";
  while (stack.length) {
    const item = stack.pop()!;
    if (typeof item.value === "string") {
      const problem = unstorableProblem(item.value);
      if (problem) return { path: where(item.path), problem };
      continue;
    }
    if (item.value === null || typeof item.value !== "object") continue;
    if (item.path.length >= MAX_JSON_DEPTH) return { path: where(item.path), problem: "too_deep" };
    // Pushed in reverse, so the first problem in reading order is the one reported.
    const entries = Array.isArray(item.value) ? item.value.map((v, i) => [String(i), v] as const) : Object.entries(item.value);
    for (let i = entries.length - 1; i >= 0; i--) {
      const [key, child] = entries[i]!;
      if (!Array.isArray(item.value)) {
        const keyProblem = unstorableProblem(key);
        if (keyProblem) return { path: where([...item.path, key]), problem: keyProblem };
      }
      stack.push({ value: child, path: [...item.path, key] });
    }
  }
  return null;
}

/** The message a user reads for an unstorable field. */
export function describeUnstorable(problem: UnstorableText["problem"]): string {
  if (problem === "too_deep") return `is nested more than ${MAX_JSON_DEPTH} levels deep`;
  return problem === "nul"
    ? "contains a NUL character (U+0000), which cannot be stored"
    : "contains a broken character (a lone UTF-16 surrogate), which cannot be stored";
}
