"use client";

import { NextIntlClientProvider, useTranslations } from "next-intl";
import { useEffect, useSyncExternalStore } from "react";
import { DEFAULT_LOCALE, isLocale, type Locale } from "@/lib/i18n/locales";
import deCommon from "@/messages/de/common.json";
import deErrors from "@/messages/de/errors.json";
import enCommon from "@/messages/en/common.json";
import enErrors from "@/messages/en/errors.json";
import "./globals.css";

/**
 * Only the two namespaces this page reads: it is part of every page's script, and the
 * root layout that would hand it the catalogue is what failed.
 */
const MESSAGES: Record<Locale, { common: typeof enCommon; errors: typeof enErrors }> = {
  en: { common: enCommon, errors: enErrors },
  de: { common: deCommon, errors: deErrors },
};

/** The browser's first language that Claimwork speaks (the person's setting came through the layout that failed). */
function browserLocale(): Locale {
  for (const tag of navigator.languages) {
    const language = tag.split("-")[0]?.toLowerCase();
    if (isLocale(language)) return language;
  }
  return DEFAULT_LOCALE;
}

const neverChanges = () => () => {};

/**
 * The root layout itself failed (the database unreachable when it reads the session, say):
 * this replaces the whole document. Rendered on the server without the request's language,
 * it starts in the default and switches to the browser's language once in the browser.
 */
export default function GlobalError({ error, retry }: { error: unknown; retry: () => void }) {
  const locale = useSyncExternalStore(neverChanges, browserLocale, () => DEFAULT_LOCALE);
  useEffect(() => {
    console.error(error);
  }, [error]);
  return (
    <html lang={locale}>
      <body>
        <NextIntlClientProvider locale={locale} messages={MESSAGES[locale]}>
          <Failure retry={retry} />
        </NextIntlClientProvider>
      </body>
    </html>
  );
}

function Failure({ retry }: { retry: () => void }) {
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
