"use client";

import { useEffect, useState } from "react";
import type { SyncState } from "@/lib/client/claim-sync";

/** The indicator's words, in one place (for translation). */
const TEXT = {
  idle: "All changes saved",
  saving: (n: number) => `Saving… (${n})`,
  saved: "Saved",
  offline: (n: number) => `Offline — ${n} waiting`,
  serverError: (status: number | null, message: string | null, n: number) =>
    `Server error${status ? ` (${status})` : ""}${message ? `: ${message}` : ""} — ${n} waiting`,
  held: (fields: string[]) =>
    `Not saved: ${fields.length > 3 ? `${fields.slice(0, 3).join(", ")} and ${fields.length - 3} more` : fields.join(", ")}`,
  failed: (message: string, status: number | null) =>
    `Save failed — ${message || "the server answered with an error"}${status !== null && status >= 500 ? ` (${status})` : ""}`,
  retryingIn: (seconds: number) => (seconds > 0 ? `retrying in ${seconds} s` : "retrying…"),
  retryNow: "Retry now",
};

function indicatorText(state: SyncState): string {
  switch (state.kind) {
    case "idle":
      return TEXT.idle;
    case "saved":
      return TEXT.saved;
    case "saving":
      return TEXT.saving(state.waiting);
    case "offline":
      return TEXT.offline(state.waiting);
    case "retrying":
      return TEXT.serverError(state.status, state.message, state.waiting);
    case "held":
      return TEXT.held(state.fields);
    case "failed":
      return TEXT.failed(state.message, state.status);
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

/**
 * The autosave state, announced politely. The countdown beside it is not in
 * the live region (a screen reader would read it out every second).
 */
export function SaveIndicator({ state, onRetry }: { state: SyncState; onRetry: () => void }) {
  const retryAt = "retryAt" in state ? state.retryAt : null;
  const seconds = useSecondsUntil(retryAt);
  const canRetry = retryAt !== null || (state.kind === "failed" && state.canRetry);
  return (
    <span className="save-state-wrap">
      <span className={`save-state ${state.kind}`} role="status" aria-live="polite" data-testid="save-state">
        {indicatorText(state)}
      </span>
      {seconds !== null && (
        <span className="muted" data-testid="retry-countdown">
          {" "}
          · {TEXT.retryingIn(seconds)}
        </span>
      )}
      {canRetry && (
        <>
          {" "}
          <button type="button" onClick={onRetry}>
            {TEXT.retryNow}
          </button>
        </>
      )}
    </span>
  );
}
