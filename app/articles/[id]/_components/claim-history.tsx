"use client";

import { useTranslations } from "next-intl";
import { useEffect, useState } from "react";
import { HistoryChanges, useActionWords } from "@/app/projects/[id]/activity/_components/history-changes";
import { DateTime } from "@/components/date-time";
import type { HistoryChange } from "@/lib/history-diff";
import type { Messages } from "@/lib/i18n/messages";
import type { Taxonomy } from "@/lib/taxonomy";

/** One entry of a claim's history as GET /api/reviews/claims/:id/history answers it (server/team/history.ts). */
export type ClaimHistoryEntry = { id: number; action: string; actorName: string | null; createdAt: string; changes?: HistoryChange[] };

type ClaimHistoryProps = {
  claimId: string;
  /** Changes when the page learns the claim changed (a live notice, a decision, a new version): the history loads again. */
  refreshKey: string | number;
  taxonomy?: Taxonomy;
};

/**
 * A claim's history, folded until opened (most reviews never open it, so it
 * is loaded only then): who did what when, and what each entry changed.
 */
export function ClaimHistory({ claimId, refreshKey, taxonomy }: ClaimHistoryProps) {
  const t = useTranslations("history.claim");
  const tc = useTranslations("claim.review");
  const feedWords = useActionWords();
  // Within a claim's history its own actions read shorter ("accepted", not "claim accepted"); any other, as the feed words it.
  const actionWords = (action: string) => {
    const key = `actions.${action.replace(/^claim\./, "")}` as `actions.${keyof Messages["claim"]["review"]["actions"]}`;
    return action.startsWith("claim.") && tc.has(key) ? tc(key) : feedWords(action);
  };
  const [isOpen, setIsOpen] = useState(false);
  const [history, setHistory] = useState<ClaimHistoryEntry[] | null>(null);
  const [hasFailed, setHasFailed] = useState(false);

  // biome-ignore lint/correctness/useExhaustiveDependencies: refreshKey is the signal to load again; the effect does not read it.
  useEffect(() => {
    if (!isOpen) return;
    let isCurrent = true;
    void (async () => {
      const response = await fetch(`/api/reviews/claims/${encodeURIComponent(claimId)}/history`).catch(() => null);
      if (!isCurrent) return;
      if (!response?.ok) {
        setHasFailed(true);
        return;
      }
      const body = (await response.json().catch(() => null)) as { events?: ClaimHistoryEntry[] } | null;
      if (!isCurrent) return;
      setHasFailed(!body?.events);
      if (body?.events) setHistory(body.events);
    })();
    return () => {
      isCurrent = false;
    };
  }, [claimId, isOpen, refreshKey]);

  return (
    <details onToggle={(e) => setIsOpen((e.currentTarget as HTMLDetailsElement).open)}>
      <summary>{t("title")}</summary>
      {hasFailed && (
        <p className="error" role="alert">
          {t("failed")}
        </p>
      )}
      {history === null ? (
        !hasFailed && <p className="muted">{t("loading")}</p>
      ) : history.length === 0 ? (
        <p className="muted">{t("empty")}</p>
      ) : (
        <ol aria-label={t("title")} style={{ paddingLeft: "1.2rem", fontSize: "0.85rem" }}>
          {history.map((h) => (
            <li key={h.id} data-testid="history-entry">
              {t.rich("entry", {
                time: () => <DateTime value={h.createdAt} precision="seconds" />,
                actor: h.actorName ?? t("system"),
                action: actionWords(h.action),
              })}
              {/* An answer from before changes were sent has none. */}
              <HistoryChanges changes={h.changes ?? []} taxonomy={taxonomy} />
            </li>
          ))}
        </ol>
      )}
    </details>
  );
}
