import { cookies, headers } from "next/headers";
import { getRequestConfig } from "next-intl/server";
import { LOCALE_COOKIE } from "@/lib/i18n/locales";
import { MESSAGES } from "@/lib/i18n/messages";
import { chooseLocale } from "@/lib/i18n/negotiate";
import { getActor } from "@/server/auth";
import { getEnv } from "@/server/env";

/**
 * next-intl's configuration for one request (pages and server components;
 * client components get it through NextIntlClientProvider in the root
 * layout). There is no locale in the URL: the language is a setting of the
 * person (lib/i18n/negotiate.ts), so links and bookmarks are the same in
 * both languages. The time zone is the server's (or CLAIMWORK_TIME_ZONE), so
 * a date renders the same on the server and in the browser.
 */
export default getRequestConfig(async () => {
  const [requestHeaders, requestCookies] = await Promise.all([headers(), cookies()]);
  const actor = await getActor(requestHeaders);
  const locale = chooseLocale({
    userLocale: actor?.locale,
    cookie: requestCookies.get(LOCALE_COOKIE)?.value,
    acceptLanguage: requestHeaders.get("accept-language"),
  });
  return { locale, messages: MESSAGES[locale], timeZone: getEnv().timeZone };
});
