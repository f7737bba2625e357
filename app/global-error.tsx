"use client";

import { NextIntlClientProvider } from "next-intl";
import { useEffect, useSyncExternalStore } from "react";
import { FailureMessage } from "@/components/failure-message";
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
          <FailureMessage retry={retry} />
        </NextIntlClientProvider>
      </body>
    </html>
  );
}
