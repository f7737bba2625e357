import type { SuggestionField } from "../suggestions";

/** The wait after the last keystroke before asking: one request per pause in typing, not per key. */
export const SUGGESTION_DEBOUNCE_MS = 250;

/**
 * Values the project already uses for a field that contain `q`, as the
 * person may see them (server/suggestions.ts); empty when the server cannot
 * be asked. `signal` drops an answer a later keystroke made stale.
 */
export async function fetchSuggestions(projectId: string, field: SuggestionField, q: string, signal?: AbortSignal): Promise<string[]> {
  const params = new URLSearchParams({ field, q: q.trim().slice(0, 100) });
  const response = await fetch(`/api/projects/${projectId}/suggestions?${params.toString()}`, { signal }).catch(() => null);
  if (!response?.ok) return [];
  const body = (await response.json().catch(() => null)) as { suggestions?: unknown } | null;
  return Array.isArray(body?.suggestions) ? body.suggestions.filter((s): s is string => typeof s === "string") : [];
}

/** The tag being typed in a comma-separated list: the text after the last comma, and what comes before it. */
export function tagBeingTyped(text: string): { done: string; typing: string } {
  const comma = text.lastIndexOf(",");
  return comma < 0 ? { done: "", typing: text.trim() } : { done: text.slice(0, comma + 1), typing: text.slice(comma + 1).trim() };
}

/**
 * The whole values a datalist offers for a tag suggestion: the tags typed so
 * far with the suggestion in place of the one being typed (a datalist
 * completes the input's whole value). Tags already in the list are not offered again.
 */
export function tagCompletions(text: string, suggestions: readonly string[]): string[] {
  const { done } = tagBeingTyped(text);
  const present = new Set(
    done
      .split(",")
      .map((t) => t.trim())
      .filter(Boolean),
  );
  const prefix = done === "" ? "" : `${done.trimEnd()} `;
  return suggestions.filter((s) => !present.has(s)).map((s) => `${prefix}${s}`);
}
