import { suggestionQuerySchema } from "@/lib/suggestions";
import { idParams, route } from "@/server/route";
import { fieldSuggestions } from "@/server/suggestions";

/** `?field=speaker|tag|publisher&q=…&limit=…`: values the project already uses, for the editor to complete (the actor's view only). */
export const GET = route({ params: idParams, query: suggestionQuerySchema }, async ({ db, actor, params, query }) =>
  Response.json({ suggestions: await fieldSuggestions(db, actor, params.id, query) }),
);
