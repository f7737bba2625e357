import { useEffect, useRef, useState } from "react";
import type { ChangeNotice } from "@/lib/live-notice";

export type LiveScope = { projectId: string } | { articleId: string };
export type LiveStatus = "connecting" | "live" | "reconnecting" | "closed";

/** The SSE URL for a scope. */
export function liveUrl(scope: LiveScope): string {
  const params = new URLSearchParams("articleId" in scope ? { articleId: scope.articleId } : { projectId: scope.projectId });
  return `/api/live?${params.toString()}`;
}

/**
 * Subscribe to live change notices of a project or an article while the
 * component is mounted. `onNotice` always sees the latest closure (no need to
 * memoise it). Pass `null` as scope to stay disconnected. The browser's
 * EventSource reconnects by itself (the server asks for 3 s); a 401/404 at
 * subscribe time closes the stream for good (status "closed").
 */
export function useLiveUpdates(
  scope: LiveScope | null,
  onNotice: (notice: ChangeNotice) => void,
  /** Change it to resubscribe: what the stream may show is decided when subscribing (e.g. blind mode before and after submitting). */
  epoch: string | number = 0,
): LiveStatus {
  const [status, setStatus] = useState<LiveStatus>("connecting");
  const handler = useRef(onNotice);
  useEffect(() => {
    handler.current = onNotice;
  });
  const url = scope ? `${liveUrl(scope)}&epoch=${encodeURIComponent(String(epoch))}` : null;

  useEffect(() => {
    if (url === null || typeof EventSource === "undefined") {
      setStatus("closed");
      return;
    }
    setStatus("connecting");
    const source = new EventSource(url);
    source.addEventListener("ready", () => setStatus("live"));
    source.addEventListener("change", (event) => {
      try {
        handler.current(JSON.parse((event as MessageEvent<string>).data) as ChangeNotice);
      } catch {
        // a malformed notice is ignored
      }
    });
    source.onerror = () => setStatus(source.readyState === EventSource.CLOSED ? "closed" : "reconnecting");
    return () => {
      source.close();
    };
  }, [url]);

  return status;
}
