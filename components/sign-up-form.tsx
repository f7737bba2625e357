"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";

type Mode =
  /** The first account of a fresh instance, with the setup code from the server's log. */
  | { kind: "setup"; setupToken: string }
  /** Accepting an invitation: the e-mail is the invited one. */
  | { kind: "invitation"; invitationToken: string; email: string }
  /** Open sign-up (CLAIMWORK_OPEN_SIGNUP). */
  | { kind: "open" };

type ApiError = { error?: { message?: string; fields?: Record<string, string> } };

/** Create an account through /api/account/sign-up; the server decides whether this person may and says why not. */
export function SignUpForm({ mode }: { mode: Mode }) {
  const router = useRouter();
  const [error, setError] = useState<ApiError["error"] | null>(null);
  const [isBusy, setIsBusy] = useState(false);

  async function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const body = {
      name: String(form.get("name") ?? ""),
      email: mode.kind === "invitation" ? mode.email : String(form.get("email") ?? "").trim(),
      password: String(form.get("password") ?? ""),
      ...(mode.kind === "setup" ? { setupToken: String(form.get("setupToken") ?? "").trim() } : {}),
      ...(mode.kind === "invitation" ? { invitationToken: mode.invitationToken } : {}),
    };
    setIsBusy(true);
    setError(null);
    try {
      const response = await fetch("/api/account/sign-up", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(body),
      });
      if (!response.ok) {
        const data = (await response.json().catch(() => ({}))) as ApiError;
        setError(data.error ?? { message: `Sign-up failed (${response.status}).` });
        return;
      }
      router.push("/articles");
      router.refresh();
    } catch {
      setError({ message: "Network error: the sign-up did not reach the server." });
    } finally {
      setIsBusy(false);
    }
  }

  const fieldError = (name: string) => error?.fields?.[name];
  const describedBy = (name: string) => (fieldError(name) ? `${name}-error` : name === "password" ? "password-hint" : undefined);

  return (
    <form onSubmit={onSubmit} className="card" aria-label="Sign up">
      <h1>{mode.kind === "setup" ? "Create the administrator account" : "Create your account"}</h1>
      {mode.kind === "setup" && (
        <>
          <label htmlFor="setupToken">Setup code</label>
          <input
            id="setupToken"
            name="setupToken"
            defaultValue={mode.setupToken}
            required
            autoComplete="off"
            aria-invalid={Boolean(fieldError("setupToken"))}
            aria-describedby="setup-hint"
          />
          <p className="muted" id="setup-hint">
            Printed in the server&apos;s log at first start. It works once.
          </p>
        </>
      )}
      <label htmlFor="name">Name</label>
      <input
        id="name"
        name="name"
        autoComplete="name"
        required
        maxLength={100}
        aria-invalid={Boolean(fieldError("name"))}
        aria-describedby={describedBy("name")}
      />
      {fieldError("name") && (
        <p className="error" id="name-error">
          {fieldError("name")}
        </p>
      )}
      <label htmlFor="email">Email</label>
      {mode.kind === "invitation" ? (
        <input id="email" name="email" type="email" value={mode.email} readOnly aria-describedby="email-hint" />
      ) : (
        <input
          id="email"
          name="email"
          type="email"
          autoComplete="email"
          required
          aria-invalid={Boolean(fieldError("email"))}
          aria-describedby={describedBy("email")}
        />
      )}
      {mode.kind === "invitation" && (
        <p className="muted" id="email-hint">
          The invitation is for this address.
        </p>
      )}
      {fieldError("email") && (
        <p className="error" id="email-error">
          {fieldError("email")}
        </p>
      )}
      <label htmlFor="password">Password</label>
      <input
        id="password"
        name="password"
        type="password"
        autoComplete="new-password"
        minLength={10}
        maxLength={128}
        required
        aria-invalid={Boolean(fieldError("password"))}
        aria-describedby={describedBy("password")}
      />
      {fieldError("password") ? (
        <p className="error" id="password-error">
          {fieldError("password")}
        </p>
      ) : (
        <p className="muted" id="password-hint">
          At least 10 characters, and hard to guess: a phrase of three or four unrelated words works well.
        </p>
      )}
      {error && !error.fields && (
        <p role="alert" className="error">
          {error.message}
        </p>
      )}
      {error?.fields && (
        <p role="alert" className="error">
          {Object.values(error.fields).join(" ")}
        </p>
      )}
      <p>
        <button type="submit" className="primary" disabled={isBusy}>
          {isBusy ? "Please wait…" : "Sign up"}
        </button>
      </p>
    </form>
  );
}
