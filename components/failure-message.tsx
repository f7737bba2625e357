"use client";

import { useTranslations } from "next-intl";

/** What a failed page says: the error page and the root layout's fallback show the same words and the same way back. */
export function FailureMessage({ retry }: { retry: () => void }) {
  const t = useTranslations("errors");
  const tCommon = useTranslations("common");
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
