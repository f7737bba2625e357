import type { Metadata } from "next";
import Link from "next/link";
import { NextIntlClientProvider } from "next-intl";
import { getLocale, getTranslations } from "next-intl/server";
import type { ReactNode } from "react";
import { LanguageSwitch } from "@/components/language-switch";
import { SignOutButton } from "@/components/sign-out-button";
import { getActor } from "@/server/auth";
import "./globals.css";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("common");
  // Each page names itself (its own generateMetadata); the brand follows.
  return { title: { template: `%s · ${t("brand")}`, default: t("brand") }, description: t("description") };
}

export default async function RootLayout({ children }: { children: ReactNode }) {
  const [actor, locale, t] = await Promise.all([getActor(), getLocale(), getTranslations("nav")]);
  return (
    <html lang={locale}>
      <body>
        <NextIntlClientProvider>
          <a href="#main" className="skip-link">
            {t("skipToContent")}
          </a>
          <header className="site-header">
            <Link href="/" className="brand">
              Claimwork
            </Link>
            <nav aria-label={t("main")}>
              {actor && <Link href="/articles">{t("articles")}</Link>}
              {actor && <Link href="/projects">{t("projects")}</Link>}
              {actor && <Link href="/import">{t("import")}</Link>}
              {actor && <Link href="/export">{t("export")}</Link>}
            </nav>
            <span className="row" style={{ flex: "none" }}>
              <LanguageSwitch />
              {actor ? (
                <>
                  <span className="muted" data-testid="current-user">
                    {actor.isAdmin ? t("admin", { name: actor.name }) : actor.name}
                  </span>
                  <SignOutButton />
                </>
              ) : (
                <>
                  <Link href="/sign-in">{t("signIn")}</Link>
                  <Link href="/sign-up">{t("signUp")}</Link>
                </>
              )}
            </span>
          </header>
          <div id="main">{children}</div>
        </NextIntlClientProvider>
      </body>
    </html>
  );
}
