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
      const { code, message, status } = result.error;
      const field = code ? FIELD_CODES[code] : undefined;
      if (field) show(formElement, { [field]: problemText(field) }, null);
      else if (code === "INVALID_EMAIL_OR_PASSWORD") show(formElement, {}, t("signIn.invalidCredentials"));
      else show(formElement, {}, status === 429 ? tooManyAttempts(t, message) : (message ?? t("signIn.failed")));
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
 * The lockout after repeated failures (server/accounts.ts), in the interface's words. The
 * server says the minutes only inside its English sentence, so they are read from it; a
 * sentence without them is shown as it came.
 */
function tooManyAttempts(t: ReturnType<typeof useTranslations<"auth">>, message: string | undefined): string {
  const minutes = /(\d+) minute/.exec(message ?? "")?.[1];
  return minutes ? t("signIn.tooManyAttempts", { minutes: Number(minutes) }) : (message ?? t("signIn.failed"));
}
