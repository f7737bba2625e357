import type { Metadata } from "next";
import Link from "next/link";
import { NextIntlClientProvider } from "next-intl";
import { getLocale, getTranslations } from "next-intl/server";
import type { ReactNode } from "react";
import { InboxLink } from "@/app/inbox/_components/inbox-link";
import { LanguageSwitch } from "@/components/language-switch";
import { SignOutButton } from "@/components/sign-out-button";
import { getActor } from "@/server/auth";
import type { Actor } from "@/server/authz";
import { getDatabase } from "@/server/db";
import { UNREAD_COUNT_CAP, unreadCount } from "@/server/team/notifications";
import "./globals.css";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("common");
  // Each page names itself (its own generateMetadata); the brand follows.
  return { title: { template: `%s · ${t("brand")}`, default: t("brand") }, description: t("description") };
}

/** The signed-in person's unread notifications, for the header's Inbox link: one short walk of the unread index. */
async function headerUnreadCount(actor: Actor): Promise<number> {
  const { db } = await getDatabase();
  return unreadCount(db, actor);
}

export default async function RootLayout({ children }: { children: ReactNode }) {
  const [actor, locale, t] = await Promise.all([getActor(), getLocale(), getTranslations("nav")]);
  const unread = actor ? await headerUnreadCount(actor) : 0;
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
              {actor && <InboxLink unread={unread} isCapped={unread >= UNREAD_COUNT_CAP} />}
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
