/**
 * The interface languages: one list, from which the setting's values, the
 * database check, the message catalogues and the negotiation derive.
 */
export const LOCALES = ["en", "de"] as const;
export type Locale = (typeof LOCALES)[number];

/** When neither the user's setting, the browser's cookie nor its Accept-Language names one we have. */
export const DEFAULT_LOCALE: Locale = "en";

/** The cookie that keeps a browser's choice (also before sign-in, and after sign-out). */
export const LOCALE_COOKIE = "claimwork-locale";

/** Each language in its own name: what a language menu shows whichever language the page is in. */
export const LOCALE_NAMES: Record<Locale, string> = { en: "English", de: "Deutsch" };

export function isLocale(value: unknown): value is Locale {
  return typeof value === "string" && (LOCALES as readonly string[]).includes(value);
}
