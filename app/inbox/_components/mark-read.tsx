"use client";

import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { ErrorLine } from "@/components/error-line";

/**
 * "Mark as read" for one notification (`ids`) or "Mark all as read" (`all`):
 * posts to the inbox's route, then refreshes the page's server data (the
 * list, and the header's unread count). Marking is idempotent, so pressing
 * again after a lost answer does no harm. `describedBy`: the id of the
 * notification's sentence, so each row's button says which one it marks.
 */
export function MarkRead({ target, describedBy }: { target: { ids: number[] } | { all: true }; describedBy?: string }) {
  const t = useTranslations("notifications");
  const router = useRouter();
  const [isBusy, setIsBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function mark() {
    setIsBusy(true);
    setError(null);
    try {
      const response = await fetch("/api/notifications/read", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(target),
      });
      if (!response.ok) {
        setError(t("failed", { status: response.status }));
        return;
      }
      router.refresh();
    } catch {
      setError(t("networkError"));
    } finally {
      setIsBusy(false);
    }
  }

  return (
    <span className="mark-read">
      <button type="button" onClick={mark} disabled={isBusy} aria-describedby={describedBy}>
        {isBusy ? t("saving") : "all" in target ? t("markAllRead") : t("markRead")}
      </button>
      <ErrorLine error={error} />
    </span>
  );
}
