"use client";

import { useEffect } from "react";
import { FailureMessage } from "@/components/failure-message";

/**
 * A page that failed while rendering. It stays inside the root layout, so the header and
 * the language still work. `retry` asks the server again before rendering anew (`reset`
 * alone would only re-render what already failed, and most failures here are the server's).
 */
export default function ErrorPage({ error, retry }: { error: unknown; retry: () => void }) {
  useEffect(() => {
    // The details are for whoever runs the server; the page says only that it failed (the server's own log has the digest).
    console.error(error);
  }, [error]);
  return <FailureMessage retry={retry} />;
}
