"use client";

import { useTranslations } from "next-intl";
import { useEffect } from "react";

/**
 * A page that failed while rendering. It stays inside the root layout, so the header and
 * the language still work. `retry` asks the server again before rendering anew (`reset`
 * alone would only re-render what already failed, and most failures here are the server's).
 */
export default function ErrorPage({ error, retry }: { error: unknown; retry: () => void }) {
  const t = useTranslations("errors");
  const tCommon = useTranslations("common");
  useEffect(() => {
    // The details are for whoever runs the server; the page says only that it failed (the server's own log has the digest).
    console.error(error);
  }, [error]);
  return (
    <main className="page narrow">
      <title>{`${t("error.title")} · ${tCommon("brand")}`}</title>
      <div className="card">
        <h1>{t("error.title")}</h1>
        <p role="alert">{t("error.message")}</p>
        <p>
          <button type="button" className="primary" onClick={() => retry()}>
            {t("error.retry")}
          </button>
        </p>
      </div>
    </main>
  );
}
