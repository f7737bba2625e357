import type { useTranslations } from "next-intl";

/**
 * A failure, said at once to screen readers (role="alert"); nothing while there is none.
 * `id`: for a field's `aria-describedby`, when the line is about that field.
 */
export function ErrorLine({ error, id }: { error: string | null; id?: string }) {
  return error ? (
    <p className="error" role="alert" id={id}>
      {error}
    </p>
  ) : null;
}

/**
 * An API refusal, as every route answers it (`{ error: { code, message, fields? } }`, server/errors.ts).
 * `message` and `fields` are English sentences; `code` (`type:surface`) is what the interface translates by.
 */
export type ApiError = { code?: string; message?: string; fields?: Record<string, string> };

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);

/**
 * The API error in a parsed response body. A body that is not the API's (a proxy's
 * error page, nothing at all) gives `{}`, so the caller falls back to its own words.
 */
export function apiErrorOf(body: unknown): ApiError {
  const error = isRecord(body) ? body.error : undefined;
  if (!isRecord(error)) return {};
  const fields = isRecord(error.fields)
    ? Object.fromEntries(Object.entries(error.fields).filter((entry): entry is [string, string] => typeof entry[1] === "string"))
    : undefined;
  return {
    ...(typeof error.code === "string" ? { code: error.code } : {}),
    ...(typeof error.message === "string" ? { message: error.message } : {}),
    ...(fields ? { fields } : {}),
  };
}

type ErrorsTranslator = ReturnType<typeof useTranslations<"errors">>;

/** Codes any page may meet whose whole meaning is in the code, so the interface words them itself. */
const TRANSLATED_CODES = {
  "unavailable:database": "api.databaseUnavailable",
  "unauthorized:session": "api.signInFirst",
  "gone:invitation": "api.invitationGone",
  // The only refusal of a new revision whose whole meaning is in its code (server/revisions.ts).
  "unprocessable:revision": "api.revisionNoChange",
} as const satisfies Record<string, Parameters<ErrorsTranslator>[0]>;

/**
 * What to tell the person about an API refusal: the interface's words for a code it
 * knows, else the server's message as it came (English, but it says what happened),
 * else `fallback` (the caller's "… failed (status)"). `t` is `useTranslations("errors")`
 * or `await getTranslations("errors")`.
 */
export function apiErrorText(t: ErrorsTranslator, error: ApiError, fallback: string): string {
  const code = error.code;
  if (code !== undefined && Object.hasOwn(TRANSLATED_CODES, code)) return t(TRANSLATED_CODES[code as keyof typeof TRANSLATED_CODES]);
  return error.message ?? fallback;
}
