"use client";

import { useTranslations } from "next-intl";
import { useEffect, useState } from "react";
import type { SyncState } from "@/lib/client/claim-sync";

type Translator = ReturnType<typeof useTranslations<"annotator">>;

/** How many held fields the indicator names before it counts the rest. */
const NAMED_FIELDS = 3;

function serverErrorText(t: Translator, status: number | null, message: string | null, count: number): string {
  if (status && message) return t("save.serverError.statusMessage", { status, message, count });
  if (status) return t("save.serverError.status", { status, count });
  if (message) return t("save.serverError.message", { message, count });
  return t("save.serverError.plain", { count });
}

function indicatorText(t: Translator, state: SyncState, nameOf: (field: string) => string): string {
  switch (state.kind) {
    case "idle":
      return t("save.idle");
    case "saved":
      return t("save.saved");
    case "saving":
      return t("save.saving", { count: state.waiting });
    case "offline":
      return t("save.offline", { count: state.waiting });
    case "retrying":
      return serverErrorText(t, state.status, state.message, state.waiting);
    case "held": {
      const names = state.fields.map(nameOf);
      return names.length > NAMED_FIELDS
        ? t("save.heldMore", { fields: names.slice(0, NAMED_FIELDS).join(", "), count: names.length - NAMED_FIELDS })
        : t("save.held", { fields: names.join(", ") });
    }
    case "failed": {
      const message = state.message || t("save.failedUnknown");
      return state.status !== null && state.status >= 500 ? t("save.failedStatus", { message, status: state.status }) : t("save.failed", { message });
    }
  }
}

/** Seconds until `at`, ticking while there is one. */
function useSecondsUntil(at: number | null): number | null {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (at === null) return;
    setNow(Date.now());
    const timer = setInterval(() => setNow(Date.now()), 1_000);
    return () => clearInterval(timer);
  }, [at]);
  return at === null ? null : Math.max(0, Math.ceil((at - now) / 1_000));
}

type Props = {
  state: SyncState;
  onRetry: () => void;
  /** A held field in the interface's words: the sync names them in English (see FieldIssue in lib/client/claim-fields.ts). */
  nameOfField?: (field: string) => string;
};

/**
 * The autosave state, announced politely. The countdown beside it is not in
 * the live region (a screen reader would read it out every second).
 */
export function SaveIndicator({ state, onRetry, nameOfField = (field) => field }: Props) {
  const t = useTranslations("annotator");
  const retryAt = "retryAt" in state ? state.retryAt : null;
  const seconds = useSecondsUntil(retryAt);
  const canRetry = retryAt !== null || (state.kind === "failed" && state.canRetry);
  return (
    <span className="save-state-wrap">
      <span className={`save-state ${state.kind}`} role="status" aria-live="polite" data-testid="save-state">
        {indicatorText(t, state, nameOfField)}
      </span>
      {seconds !== null && (
        <span className="muted" data-testid="retry-countdown">
          {" "}
          · {t("save.retryingIn", { seconds })}
        </span>
      )}
      {canRetry && (
        <>
          {" "}
          <button type="button" onClick={onRetry}>
            {t("save.retryNow")}
          </button>
        </>
      )}
    </span>
  );
}
