import { route } from "@/server/route";
import { sentenceExclusionSchema, sentenceParams, setSentenceExclusion } from "@/server/sentence-decisions";

/** Mark a sentence not annotatable (`{"excluded":true,"reason"?:…}`) or annotatable again (`{"excluded":false}`); idempotent. */
export const PUT = route(
  { params: sentenceParams, body: { kind: "json", schema: sentenceExclusionSchema }, isIdempotent: true },
  async ({ db, actor, params, body }) =>
    Response.json({ exclusion: await setSentenceExclusion(db, actor, { articleId: params.id, sentenceIndex: params.index, ...body }) }),
);
