import { LOCALE_COOKIE } from "@/lib/i18n/locales";
import { localeSettingSchema, setUserLocale } from "@/server/accounts";
import { publicRoute } from "@/server/route";

/** A year: the choice is a setting, not a session. */
const COOKIE_MAX_AGE_S = 365 * 24 * 3600;

/**
 * Choose the interface language: `{ locale: "de" | "en" }`. Signed in, it is
 * the person's setting (it follows them to every browser); either way the
 * browser keeps it in a cookie, so the sign-in page after a sign-out is in
 * the same language.
 */
export const PUT = publicRoute({ body: { kind: "json", schema: localeSettingSchema } }, async ({ db, actor, body }) => {
  if (actor) await setUserLocale(db, actor, body.locale);
  const headers = new Headers();
  headers.append("set-cookie", `${LOCALE_COOKIE}=${body.locale}; Path=/; Max-Age=${COOKIE_MAX_AGE_S}; SameSite=Lax; HttpOnly`);
  return Response.json({ locale: body.locale }, { headers });
});
