import { z } from "zod";

/**
 * The claim fields the editor completes from a project's own values: who is
 * quoted, the tags in use, the sources' publishers. One list for the API's
 * query and the editor.
 */
export const SUGGESTION_FIELDS = ["speaker", "tag", "publisher"] as const;
export type SuggestionField = (typeof SUGGESTION_FIELDS)[number];

export const MAX_SUGGESTIONS = 20;

export const suggestionQuerySchema = z.object({
  field: z.enum(SUGGESTION_FIELDS, { error: `must be one of ${SUGGESTION_FIELDS.join(", ")}` }),
  q: z.string().trim().max(100, "at most 100 characters").default(""),
  limit: z.coerce.number().int().min(1, "must be 1 or more").max(MAX_SUGGESTIONS, `must be at most ${MAX_SUGGESTIONS}`).default(10),
});
export type SuggestionQuery = z.infer<typeof suggestionQuerySchema>;
