"use client";

import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { type ReactNode, useState } from "react";
import { type ApiError, apiErrorOf, apiErrorText } from "@/components/error-line";
import { describedBy as describedByIds, FieldProblem, type FieldProblems as ProblemsOf, useFieldProblems } from "@/components/field-problems";
// A type only: the module itself holds zxcvbn and its dictionaries, which stay on the server.
import type { PasswordRefusal } from "@/lib/password-policy";

type Mode =
  /** The first account of a fresh instance, with the setup code from the server's log. */
  | { kind: "setup"; setupToken: string }
  /** Accepting an invitation: the e-mail is the invited one. */
  | { kind: "invitation"; invitationToken: string; email: string }
  /** Open sign-up (CLAIMWORK_OPEN_SIGNUP). */
  | { kind: "open" };

/**
 * The account rules' limits from lib/password-policy.ts, handed in by the page: that
 * module also holds zxcvbn and its dictionaries, which must stay out of the browser.
 */
export type AccountLimits = { nameMaxLength: number; passwordMinLength: number; passwordMaxLength: number };

type Field = "setupToken" | "name" | "email" | "password";
type Values = Record<Field, string>;
type FieldProblems = ProblemsOf<Field>;
type AuthTranslator = ReturnType<typeof useTranslations<"auth">>;

const FIELD_ORDER: readonly Field[] = ["setupToken", "name", "email", "password"];

/** A name's length as the server counts it: code points, after trimming. */
const nameLength = (name: string) => [...name.trim()].length;

// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point — a name must hold none (lib/password-policy.ts).
const CONTROL_CHARACTER = /[\u0000-\u001f\u007f]/;

/**
 * The rules the browser can check itself, in the interface's language, so that most
 * refusals never need the server (and none arrive in its English). Guessability is
 * the one rule left to the server: it needs zxcvbn's dictionaries.
 */
function localProblems(t: AuthTranslator, values: Values, mode: Mode, limits: AccountLimits): FieldProblems {
  const problems: FieldProblems = {};
  if (mode.kind === "setup" && !values.setupToken.trim()) problems.setupToken = t("problems.setupCodeMissing");
  if (!values.name.trim()) problems.name = t("problems.nameMissing");
  else if (nameLength(values.name) > limits.nameMaxLength) problems.name = t("problems.nameTooLong", { max: limits.nameMaxLength });
  else if (CONTROL_CHARACTER.test(values.name.trim())) problems.name = t("problems.nameControlCharacters");
  if (!values.email.trim()) problems.email = t("problems.emailMissing");
  // Lengths in UTF-16 units, as lib/password-policy.ts counts them.
  if (values.password.length < limits.passwordMinLength) problems.password = t("problems.passwordTooShort", { min: limits.passwordMinLength });
  else if (values.password.length > limits.passwordMaxLength) problems.password = t("problems.passwordTooLong", { max: limits.passwordMaxLength });
  else if (values.email.trim() && values.password.trim().toLowerCase() === values.email.trim().toLowerCase())
    problems.password = t("problems.passwordIsEmail");
  return problems;
}

const PASSWORD_RULES: ReadonlySet<string> = new Set<PasswordRefusal["rule"]>(["too_short", "too_long", "is_email", "too_weak"]);

/** The password's rule the server sends beside its sentence (`error.detail.rules.password`), or null when it sent none. */
function passwordRefusalOf(body: unknown): PasswordRefusal | null {
  const refusal = (body as { error?: { detail?: { rules?: { password?: unknown } } } } | null)?.error?.detail?.rules?.password;
  if (typeof refusal !== "object" || refusal === null) return null;
  const rule = (refusal as { rule?: unknown }).rule;
  return typeof rule === "string" && PASSWORD_RULES.has(rule) ? (refusal as PasswordRefusal) : null;
}

/**
 * A refused password in the interface's words, by the rule the server names: the limit it
 * breaks, or for a guessable one zxcvbn's warning (else its first suggestion) from the
 * catalogue — a key the catalogue does not know is left out, never shown as a key.
 */
function passwordText(t: AuthTranslator, refusal: PasswordRefusal | null, limits: AccountLimits): string {
  switch (refusal?.rule) {
    case "too_short":
      return t("problems.passwordTooShort", { min: typeof refusal.min === "number" ? refusal.min : limits.passwordMinLength });
    case "too_long":
      return t("problems.passwordTooLong", { max: typeof refusal.max === "number" ? refusal.max : limits.passwordMaxLength });
    case "is_email":
      return t("problems.passwordIsEmail");
    case "too_weak": {
      // Typed by zxcvbn's own keys, so the compiler checks the catalogue has a message for each; a key the
      // catalogue does not know (a newer zxcvbn on the server) is checked at run time too.
      const { warning } = refusal;
      const suggestion = Array.isArray(refusal.suggestions) ? refusal.suggestions[0] : undefined;
      const hint =
        typeof warning === "string" && t.has(`problems.passwordWarnings.${warning}`)
          ? t(`problems.passwordWarnings.${warning}`)
          : typeof suggestion === "string" && t.has(`problems.passwordSuggestions.${suggestion}`)
            ? t(`problems.passwordSuggestions.${suggestion}`)
            : null;
      return hint ? t("problems.passwordTooEasyHint", { hint }) : t("problems.passwordTooEasy");
    }
    default:
      // The lengths and the e-mail were checked here before sending: without a rule, what the server refuses is guessability.
      return t("problems.passwordTooEasy");
  }
}

/**
 * The server's refusal, said at each field it names in the interface's words where the
 * form knows the rule; a field whose rule it cannot tell keeps the server's sentence.
 * Returns the form-level line for what belongs to no field (null when every problem has one).
 */
function serverProblems(
  t: AuthTranslator,
  tErrors: ReturnType<typeof useTranslations<"errors">>,
  answer: { error: ApiError; password: PasswordRefusal | null },
  status: number,
  mode: Mode,
  limits: AccountLimits,
): { fields: FieldProblems; form: string | null } {
  const { error } = answer;
  const fields: FieldProblems = {};
  const unplaced: string[] = [];
  if (error.code === "conflict:account") fields.email = t("problems.emailTaken");
  for (const [field, message] of Object.entries(error.fields ?? {})) {
    if (field === "setupToken") fields.setupToken = t("problems.setupCodeInvalid");
    else if (field === "email")
      fields.email ??= mode.kind === "invitation" ? t("problems.emailNotInvited", { email: mode.email }) : t("problems.emailInvalid");
    else if (field === "password") fields.password = passwordText(t, answer.password, limits);
    else if (field === "name") fields.name = message;
    else unplaced.push(message);
  }
  if (Object.keys(fields).length > 0) return { fields, form: unplaced.length > 0 ? unplaced.join(" ") : null };
  if (error.code === "forbidden:setup") return { fields, form: t("signUp.setupDone") };
  if (error.code === "forbidden:sign_up") return { fields, form: t("signUp.closed") };
  return { fields, form: apiErrorText(tErrors, error, t("signUp.failed", { status })) };
}

/** Create an account through /api/account/sign-up; the server decides whether this person may and says why not. */
export function SignUpForm({ mode, limits }: { mode: Mode; limits: AccountLimits }) {
  const t = useTranslations("auth");
  const tCommon = useTranslations("common");
  const tErrors = useTranslations("errors");
  const router = useRouter();
  const { problems, clear, show, edited } = useFieldProblems(FIELD_ORDER);
  const [formError, setFormError] = useState<string | null>(null);
  const [isBusy, setIsBusy] = useState(false);
  const [nameCount, setNameCount] = useState(0);
  const [passwordCount, setPasswordCount] = useState(0);

  function showProblems(form: HTMLFormElement, fields: FieldProblems, line: string | null) {
    show(form, fields);
    setFormError(line);
  }

  async function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const formElement = event.currentTarget;
    const form = new FormData(formElement);
    const values: Values = {
      setupToken: String(form.get("setupToken") ?? ""),
      name: String(form.get("name") ?? ""),
      email: mode.kind === "invitation" ? mode.email : String(form.get("email") ?? "").trim(),
      password: String(form.get("password") ?? ""),
    };
    const local = localProblems(t, values, mode, limits);
    if (Object.keys(local).length > 0) {
      showProblems(formElement, local, null);
      return;
    }
    const body = {
      name: values.name,
      email: values.email,
      password: values.password,
      ...(mode.kind === "setup" ? { setupToken: values.setupToken.trim() } : {}),
      ...(mode.kind === "invitation" ? { invitationToken: mode.invitationToken } : {}),
    };
    setIsBusy(true);
    clear();
    setFormError(null);
    try {
      const response = await fetch("/api/account/sign-up", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(body),
      });
      if (!response.ok) {
        const body: unknown = await response.json().catch(() => null);
        const refused = serverProblems(t, tErrors, { error: apiErrorOf(body), password: passwordRefusalOf(body) }, response.status, mode, limits);
        showProblems(formElement, refused.fields, refused.form);
        return;
      }
      router.push("/articles");
      router.refresh();
    } catch {
      setFormError(t("signUp.network"));
    } finally {
      setIsBusy(false);
    }
  }

  /** What a field shows now: the problem from the last submit, or a limit it is over while being typed (never cut). */
  const problemOf = (field: Field): string | undefined => {
    if (problems[field]) return problems[field];
    if (field === "name" && nameCount > limits.nameMaxLength) return t("problems.nameTooLong", { max: limits.nameMaxLength });
    if (field === "password" && passwordCount > limits.passwordMaxLength) return t("problems.passwordTooLong", { max: limits.passwordMaxLength });
    return undefined;
  };
  const describedBy = (field: Field, ...others: string[]) => describedByIds(field, problemOf(field), ...others);
  const problemLine = (field: Field): ReactNode => <FieldProblem field={field} problem={problemOf(field)} />;
  const counter = (field: Field, count: number, max: number) => (
    <p className={count > max ? "error" : "muted"} id={`${field}-count`} style={{ fontSize: "0.85rem", margin: "0.2rem 0 0" }}>
      {tCommon("characterCount", { count, max })}
    </p>
  );
  const fieldSummary = FIELD_ORDER.flatMap((field) => problems[field] ?? []);

  return (
    // noValidate: the browser's own bubbles speak the browser's language and cannot be read again; the form says each problem at its field.
    <form onSubmit={onSubmit} className="card" aria-label={t("signUp.title")} noValidate>
      <h1>{mode.kind === "setup" ? t("signUp.setupHeading") : t("signUp.heading")}</h1>
      {mode.kind === "setup" && (
        <>
          <label htmlFor="setupToken">{t("fields.setupCode")}</label>
          <input
            id="setupToken"
            name="setupToken"
            defaultValue={mode.setupToken}
            required
            autoComplete="off"
            onChange={() => edited("setupToken")}
            aria-invalid={Boolean(problemOf("setupToken"))}
            aria-describedby={describedBy("setupToken", "setup-hint")}
          />
          {problemLine("setupToken")}
          <p className="muted" id="setup-hint">
            {t("signUp.setupHint")}
          </p>
        </>
      )}
      <label htmlFor="name">{t("fields.name")}</label>
      <input
        id="name"
        name="name"
        autoComplete="name"
        required
        onChange={(event) => {
          setNameCount(nameLength(event.target.value));
          edited("name");
        }}
        aria-invalid={Boolean(problemOf("name"))}
        aria-describedby={describedBy("name", "name-count")}
      />
      {problemLine("name")}
      {counter("name", nameCount, limits.nameMaxLength)}
      <label htmlFor="email">{t("fields.email")}</label>
      {mode.kind === "invitation" ? (
        <input
          id="email"
          name="email"
          type="email"
          value={mode.email}
          readOnly
          aria-invalid={Boolean(problemOf("email"))}
          aria-describedby={describedBy("email", "email-hint")}
        />
      ) : (
        <input
          id="email"
          name="email"
          type="email"
          autoComplete="email"
          required
          onChange={() => edited("email")}
          aria-invalid={Boolean(problemOf("email"))}
          aria-describedby={describedBy("email")}
        />
      )}
      {problemLine("email")}
      {mode.kind === "invitation" && (
        <p className="muted" id="email-hint">
          {t("signUp.invitedEmailHint")}
        </p>
      )}
      <label htmlFor="password">{t("fields.password")}</label>
      <input
        id="password"
        name="password"
        type="password"
        autoComplete="new-password"
        required
        onChange={(event) => {
          setPasswordCount(event.target.value.length);
          edited("password");
        }}
        aria-invalid={Boolean(problemOf("password"))}
        aria-describedby={describedBy("password", "password-hint", "password-count")}
      />
      {problemLine("password")}
      <p className="muted" id="password-hint">
        {t("signUp.passwordHint", { min: limits.passwordMinLength })}
      </p>
      {counter("password", passwordCount, limits.passwordMaxLength)}
      {(fieldSummary.length > 0 || formError) && (
        <p role="alert" className="error">
          {[...fieldSummary, ...(formError ? [formError] : [])].join(" ")}
        </p>
      )}
      <p>
        <button type="submit" className="primary" disabled={isBusy}>
          {isBusy ? tCommon("pleaseWait") : t("signUp.submit")}
        </button>
      </p>
    </form>
  );
}
