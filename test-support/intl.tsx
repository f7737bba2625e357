import { type RenderOptions, render } from "@testing-library/react";
import { NextIntlClientProvider } from "next-intl";
import type { ReactElement, ReactNode } from "react";
import type { Locale } from "@/lib/i18n/locales";
import { MESSAGES } from "@/lib/i18n/messages";

/** The provider the root layout gives every client component, for component tests (UTC, so dates read the same on any machine). */
export function IntlProvider({ locale = "en", children }: { locale?: Locale; children: ReactNode }) {
  return (
    <NextIntlClientProvider locale={locale} messages={MESSAGES[locale]} timeZone="UTC">
      {children}
    </NextIntlClientProvider>
  );
}

/** `render` inside {@link IntlProvider}. */
export function renderWithIntl(ui: ReactElement, options: RenderOptions & { locale?: Locale } = {}) {
  const { locale, ...rest } = options;
  return render(ui, { wrapper: ({ children }) => <IntlProvider locale={locale}>{children}</IntlProvider>, ...rest });
}
