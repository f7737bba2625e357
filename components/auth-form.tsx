"use client";

import Link from "next/link";
import { useRouter, useSearchParams } from "next/navigation";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { authClient } from "@/app/_client/auth-client";
import { ErrorLine } from "@/components/error-line";
import { describedBy, FieldProblem, type FieldProblems, useFieldProblems } from "@/components/field-problems";

/**
 * Only a page of this site: `?next=//evil.example`, `/\tevil…` (browsers drop tabs and
 * newlines from URLs) or an absolute URL must not lead away. Resolved as the browser will,
 * then kept only if it stays on this origin.
 */
function safeNext(next: string | null): string {
  if (!next) return "/articles";
  try {
    const url = new URL(next, window.location.origin);
    return url.origin === window.location.origin ? `${url.pathname}${url.search}${url.hash}` : "/articles";
  } catch {
    return "/articles";
  }
}

type Field = "email" | "password";
const FIELD_ORDER: readonly Field[] = ["email", "password"];

/** better-auth's refusals the form can word itself, by the code better-auth sends. */
const FIELD_CODES: Record<string, Field> = { INVALID_EMAIL: "email", PASSWORD_TOO_LONG: "password" };

/** The code of a sign-in refused while the account is locked (server/accounts.ts SIGN_IN_LOCKED), sent with `retryAfterSeconds`. */
const SIGN_IN_LOCKED = "SIGN_IN_LOCKED";

/**
 * Sign in (accounts are created through /setup, an invitation link, or /sign-up when open sign-up is on).
 * `passwordMaxLength`: lib/password-policy.ts's limit, handed in by the page (that module holds zxcvbn, kept out of the browser).
 */
export function AuthForm({ passwordMaxLength }: { passwordMaxLength: number }) {
  const t = useTranslations("auth");
  const tCommon = useTranslations("common");
  const router = useRouter();
  const searchParams = useSearchParams();
  const { problems, clear, show: showFields, edited } = useFieldProblems(FIELD_ORDER);
  const [error, setError] = useState<string | null>(null);
  const [isBusy, setIsBusy] = useState(false);

  const problemText = (field: Field): string =>
    field === "email" ? t("problems.emailInvalid") : t("problems.passwordTooLong", { max: passwordMaxLength });

  function show(form: HTMLFormElement, fields: FieldProblems<Field>, line: string | null) {
    showFields(form, fields);
    setError(line ?? (Object.values(fields).join(" ") || null));
  }

  async function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const formElement = event.currentTarget;
    const form = new FormData(formElement);
    const email = String(form.get("email") ?? "").trim();
    const password = String(form.get("password") ?? "");
    const local: FieldProblems<Field> = {};
    if (!email) local.email = t("problems.emailMissing");
    if (!password) local.password = t("problems.passwordMissing");
    else if (password.length > passwordMaxLength) local.password = problemText("password");
    if (Object.keys(local).length > 0) {
      show(formElement, local, null);
      return;
    }
    setIsBusy(true);
    clear();
    setError(null);
    const result = await authClient.signIn.email({ email, password }).catch(() => null);
    setIsBusy(false);
    if (!result) {
      setError(t("signIn.network"));
      return;
    }
    if (result.error) {
      const { code, message } = result.error;
      const field = code ? FIELD_CODES[code] : undefined;
      const wait = code === SIGN_IN_LOCKED ? secondsToWait(result.error) : null;
      if (field) show(formElement, { [field]: problemText(field) }, null);
      else if (code === "INVALID_EMAIL_OR_PASSWORD") show(formElement, {}, t("signIn.invalidCredentials"));
      else if (wait !== null) show(formElement, {}, t("signIn.tooManyAttempts", { minutes: Math.max(1, Math.ceil(wait / 60)) }));
      else show(formElement, {}, message ?? t("signIn.failed"));
      return;
    }
    router.push(safeNext(searchParams.get("next")));
    router.refresh();
  }

  return (
    // noValidate: the browser's own bubbles speak the browser's language; the form says each problem at its field.
    <form onSubmit={onSubmit} className="card" aria-label={t("signIn.title")} noValidate>
      <h1>{t("signIn.title")}</h1>
      <label htmlFor="email">{t("fields.email")}</label>
      <input
        id="email"
        name="email"
        type="email"
        autoComplete="email"
        required
        onChange={() => edited("email")}
        aria-invalid={Boolean(problems.email)}
        aria-describedby={describedBy("email", problems.email)}
      />
      <FieldProblem field="email" problem={problems.email} />
      <label htmlFor="password">{t("fields.password")}</label>
      <input
        id="password"
        name="password"
        type="password"
        autoComplete="current-password"
        required
        onChange={() => edited("password")}
        aria-invalid={Boolean(problems.password)}
        aria-describedby={describedBy("password", problems.password)}
      />
      <FieldProblem field="password" problem={problems.password} />
      <ErrorLine error={error} />
      <p>
        <button type="submit" className="primary" disabled={isBusy}>
          {isBusy ? tCommon("pleaseWait") : t("signIn.submit")}
        </button>
      </p>
      <p className="muted">{t.rich("signIn.newHere", { link: (chunks) => <Link href="/sign-up">{chunks}</Link> })}</p>
    </form>
  );
}

/**
 * The seconds a locked account waits, as the server sends them beside the code (`retryAfterSeconds`, also its
 * Retry-After header): the form says the wait in the interface's words, never reading the server's English.
 */
function secondsToWait(error: object): number | null {
  const seconds = (error as { retryAfterSeconds?: unknown }).retryAfterSeconds;
  return typeof seconds === "number" && Number.isFinite(seconds) && seconds >= 0 ? seconds : null;
}
