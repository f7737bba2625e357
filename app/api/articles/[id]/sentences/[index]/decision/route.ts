import { route } from "@/server/route";
import { sentenceDecisionSchema, sentenceParams, setSentenceDecision } from "@/server/sentence-decisions";

/** Set (`{"decision":"no_claim"}`) or clear (`{"decision":null}`) the actor's own decision on a sentence; idempotent. */
export const PUT = route(
  { params: sentenceParams, body: { kind: "json", schema: sentenceDecisionSchema }, isIdempotent: true },
  async ({ db, actor, params, body }) =>
    Response.json({ decision: await setSentenceDecision(db, actor, { articleId: params.id, sentenceIndex: params.index, decision: body.decision }) }),
);
