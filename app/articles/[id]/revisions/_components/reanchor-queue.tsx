"use client";

import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useId, useState } from "react";
import { DiffChange } from "@/components/diff-change";
import { apiErrorOf, apiErrorText, ErrorLine } from "@/components/error-line";
import { ScriptForm } from "@/components/script-form";
import { codePointLength, sliceCodePoints } from "@/lib/offsets";
import { diffRevisionText } from "@/lib/revision-diff";
import type { QueueSnippet, ReanchorQueueItem, ReanchorResolution } from "@/server/revisions";

/** A snippet of text with its span marked (offsets in code points into the snippet). */
function Snippet({ snippet }: { snippet: QueueSnippet }) {
  const { text, start, end } = snippet;
  return (
    <blockquote className="reanchor-snippet">
      {sliceCodePoints(text, 0, start)}
      <mark>{sliceCodePoints(text, start, end)}</mark>
      {sliceCodePoints(text, end, codePointLength(text))}
    </blockquote>
  );
}

/** The word-level diff between where a claim was and a place proposed for it (lib/revision-diff.ts, as the revisions page diffs). */
function SnippetDiff({ before, after }: { before: QueueSnippet; after: QueueSnippet }) {
  const t = useTranslations("revisions");
  const segments = diffRevisionText(before.text, after.text);
  if (segments.every((segment) => segment.kind === "same")) return null;
  return (
    <>
      <p className="muted">{t("queue.changes")}</p>
      <p className="revision-diff reanchor-snippet" data-testid="reanchor-diff">
        {segments.map((segment, i) => {
          const key = `${i}:${segment.kind}`;
          if (segment.kind === "same") return <span key={key}>{segment.text}</span>;
          return <DiffChange key={key} kind={segment.kind} text={segment.text} word={t(`diff.${segment.kind}`)} />;
        })}
      </p>
    </>
  );
}

/**
 * The claims that wait to be placed on the current revision, each shown where
 * it was and where it may go: accept a proposal, place it by hand on offsets
 * of the current text (the words they give shown as they are typed), or
 * leave it orphaned. `currentText` is the current revision's text, for that
 * preview; the server checks every place again.
 */
export function ReanchorQueue({
  articleId,
  revision,
  items,
  currentText,
}: {
  articleId: string;
  revision: number;
  items: readonly ReanchorQueueItem[];
  currentText: string;
}) {
  const t = useTranslations("revisions.queue");
  const [said, setSaid] = useState<string | null>(null);
  if (items.length === 0) {
    return (
      <>
        <p className="empty" data-testid="reanchor-empty">
          {t("empty")}
        </p>
        <p role="status">{said}</p>
      </>
    );
  }
  return (
    <>
      <p role="status">{said}</p>
      <ol className="stack" data-testid="reanchor-queue" data-article={articleId}>
        {items.map((item) => (
          <QueueItem key={item.claimId} item={item} revision={revision} currentText={currentText} onDone={setSaid} />
        ))}
      </ol>
    </>
  );
}

function QueueItem({
  item,
  revision,
  currentText,
  onDone,
}: {
  item: ReanchorQueueItem;
  revision: number;
  currentText: string;
  onDone: (message: string) => void;
}) {
  const t = useTranslations("revisions.queue");
  const tVocab = useTranslations("vocab");
  const tErrors = useTranslations("errors");
  const router = useRouter();
  const id = useId();
  const [isBusy, setIsBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [isAdjusting, setIsAdjusting] = useState(false);
  const best = item.proposals[0];
  const [start, setStart] = useState(String(best?.start ?? item.before.start));
  const [end, setEnd] = useState(String(best?.end ?? item.before.end));
  // The words the offsets give, only while placing by hand; nothing for offsets outside the text (the server refuses those too).
  const isSpan = isAdjusting && /^\d+$/.test(start) && /^\d+$/.test(end) && Number(start) < Number(end);
  const preview = isSpan && Number(end) <= codePointLength(currentText) ? sliceCodePoints(currentText, Number(start), Number(end)) : "";

  async function resolve(resolution: ReanchorResolution) {
    setIsBusy(true);
    setError(null);
    try {
      const response = await fetch(`/api/claims/${encodeURIComponent(item.claimId)}/reanchor`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ version: item.version, resolution }),
      });
      const body: unknown = await response.json().catch(() => ({}));
      if (!response.ok) {
        setError(apiErrorText(tErrors, apiErrorOf(body), t("failed", { status: response.status })));
        return;
      }
      onDone(resolution.action === "orphan" ? t("orphaned") : t("done", { number: revision }));
      router.refresh();
    } catch {
      setError(t("network"));
    } finally {
      setIsBusy(false);
    }
  }

  const headingId = `${id}-heading`;
  return (
    <li className="card" aria-labelledby={headingId} data-testid="reanchor-item" data-claim={item.claimId}>
      <h3 id={headingId}>
        {t("claimBy", { name: item.authorName })} <span className="badge">{tVocab(`anchorState.${item.anchorState}`)}</span>
        {item.isGold && <span className="badge gold"> {t("gold")}</span>}
      </h3>
      <p>{t(`reason.${item.reason}`)}</p>
      <p className="muted">{t("before", { number: item.fromRevision })}</p>
      <Snippet snippet={item.before.snippet} />
      {item.proposals.length === 0 ? (
        <p className="muted">{t("noProposal")}</p>
      ) : (
        item.proposals.map((proposal, n) => (
          <div key={`${proposal.start}-${proposal.end}`}>
            <p className="muted">{t("after", { n: n + 1, score: Math.round(proposal.score * 100) / 100 })}</p>
            <Snippet snippet={proposal.snippet} />
            <SnippetDiff before={item.before.snippet} after={proposal.snippet} />
            {item.canResolve && (
              <button type="button" className="primary" disabled={isBusy} onClick={() => void resolve({ action: "accept", proposal: n })}>
                {t("accept", { n: n + 1 })}
              </button>
            )}
          </div>
        ))
      )}
      {item.canResolve ? (
        <div className="row">
          {item.anchorState !== "orphaned" && (
            <button type="button" disabled={isBusy} onClick={() => void resolve({ action: "orphan" })}>
              {t("orphan")}
            </button>
          )}
          <button type="button" aria-expanded={isAdjusting} disabled={isBusy} onClick={() => setIsAdjusting((open) => !open)}>
            {t("adjust")}
          </button>
        </div>
      ) : (
        <p className="muted">{t("notYours")}</p>
      )}
      {isAdjusting && (
        <ScriptForm
          className="row"
          aria-label={t("adjust")}
          onSubmit={() => void resolve({ action: "place", start: Number(start), end: Number(end) })}
        >
          <label htmlFor={`${id}-start`}>{t("start")}</label>
          <input id={`${id}-start`} inputMode="numeric" value={start} onChange={(e) => setStart(e.target.value.trim())} size={8} />
          <label htmlFor={`${id}-end`}>{t("end")}</label>
          <input id={`${id}-end`} inputMode="numeric" value={end} onChange={(e) => setEnd(e.target.value.trim())} size={8} />
          <button type="submit" disabled={isBusy || preview === ""}>
            {t("place")}
          </button>
          <p aria-live="polite">
            {t("preview")} <q data-testid="reanchor-preview">{preview === "" ? t("previewEmpty") : preview}</q>
          </p>
        </ScriptForm>
      )}
      {isBusy && <p role="status">{t("busy")}</p>}
      <ErrorLine error={error} />
    </li>
  );
}
