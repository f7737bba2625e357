"use client";

import { useRouter } from "next/navigation";
import { useLocale, useTranslations } from "next-intl";
import { useState, useTransition } from "react";
import { isLocale, LOCALE_NAMES, LOCALES } from "@/lib/i18n/locales";

/** The interface language, for everyone (signed in, it is saved with the account). */
export function LanguageSwitch() {
  const t = useTranslations("common");
  const locale = useLocale();
  const router = useRouter();
  const [isPending, startTransition] = useTransition();
  const [failed, setFailed] = useState(false);
  return (
    <span className="language-switch">
      <select
        aria-label={t("language")}
        value={locale}
        disabled={isPending}
        onChange={async (event) => {
          const next = event.target.value;
          if (!isLocale(next)) return;
          setFailed(false);
          const response = await fetch("/api/account/locale", {
            method: "PUT",
            headers: { "content-type": "application/json" },
            body: JSON.stringify({ locale: next }),
          }).catch(() => null);
          if (!response?.ok) {
            setFailed(true);
            return;
          }
          startTransition(() => router.refresh());
        }}
      >
        {LOCALES.map((value) => (
          <option key={value} value={value} lang={value}>
            {LOCALE_NAMES[value]}
          </option>
        ))}
      </select>
      {failed && (
        <span role="alert" className="error">
          {t("languageFailed")}
        </span>
      )}
    </span>
  );
}
