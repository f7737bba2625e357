import { match } from "@formatjs/intl-localematcher";
import Negotiator from "negotiator";
import { DEFAULT_LOCALE, isLocale, LOCALES, type Locale } from "./locales";

/**
 * The interface language for a request, in this order: the signed-in user's
 * setting, the browser's cookie (its choice before sign-in), the best match
 * of its Accept-Language (RFC 4647 lookup, as next-intl's own middleware
 * does it: "de-AT" gets German), the default.
 */
export function chooseLocale(options: { userLocale?: string | null; cookie?: string | null; acceptLanguage?: string | null }): Locale {
  if (isLocale(options.userLocale)) return options.userLocale;
  if (isLocale(options.cookie)) return options.cookie;
  if (!options.acceptLanguage) return DEFAULT_LOCALE;
  const requested = new Negotiator({ headers: { "accept-language": options.acceptLanguage } }).languages();
  try {
    const matched = match(requested, LOCALES, DEFAULT_LOCALE);
    return isLocale(matched) ? matched : DEFAULT_LOCALE;
  } catch {
    // A malformed tag in the header (RangeError from Intl): the header says nothing we can use.
    return DEFAULT_LOCALE;
  }
}
