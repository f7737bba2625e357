"use client";

import { useEffect, useState } from "react";
import { fetchSuggestions, SUGGESTION_DEBOUNCE_MS } from "@/lib/client/suggestions";
import type { SuggestionField } from "@/lib/suggestions";

/** What the person is typing into that can be completed: the field, the input, and the text to complete. */
export type SuggestionAsk = { field: SuggestionField; inputId: string; q: string };

/**
 * The project's values for the input being typed in, asked once typing
 * pauses; an answer that arrives after a later keystroke is dropped. Null
 * until there is one, and for no project (nothing to ask).
 */
export function useSuggestions(projectId: string | undefined, ask: SuggestionAsk | null): { inputId: string; values: string[] } | null {
  const [answer, setAnswer] = useState<{ inputId: string; values: string[] } | null>(null);
  const field = ask?.field;
  const inputId = ask?.inputId;
  const q = ask?.q;
  useEffect(() => {
    if (!projectId || field === undefined || inputId === undefined || q === undefined) return;
    const controller = new AbortController();
    const timer = setTimeout(() => {
      void fetchSuggestions(projectId, field, q, controller.signal).then((values) => {
        if (!controller.signal.aborted) setAnswer({ inputId, values });
      });
    }, SUGGESTION_DEBOUNCE_MS);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [projectId, field, inputId, q]);
  return answer;
}
