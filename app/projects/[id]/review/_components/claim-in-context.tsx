import { sliceCodePoints } from "@/lib/offsets";
import type { QueueContext } from "@/server/team/decisions";

/** The context cut in three at the claim's code-point offsets (the server's; JavaScript strings count UTF-16 units). */
export function splitContext(context: Pick<QueueContext, "text" | "claimStart" | "claimEnd">): { before: string; claim: string; after: string } {
  const length = [...context.text].length;
  const start = Math.min(Math.max(context.claimStart, 0), length);
  const end = Math.min(Math.max(context.claimEnd, start), length);
  return {
    before: sliceCodePoints(context.text, 0, start),
    claim: sliceCodePoints(context.text, start, end),
    after: sliceCodePoints(context.text, end, length),
  };
}

/**
 * A claim in the text around it, the claim marked. The article text is data:
 * it is rendered as text nodes (never as HTML), in the article's language.
 */
export function ClaimInContext({ context, language, label }: { context: QueueContext; language: string | null; label: string }) {
  const { before, claim, after } = splitContext(context);
  return (
    <blockquote className="claim-context" lang={language ?? undefined} aria-label={label}>
      <p>
        {context.isCutBefore && <span aria-hidden="true">… </span>}
        {before}
        <mark>{claim}</mark>
        {after}
        {context.isCutAfter && <span aria-hidden="true"> …</span>}
      </p>
    </blockquote>
  );
}
