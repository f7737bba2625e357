"use client";

import Link from "next/link";
import { useRouter, useSearchParams } from "next/navigation";
import { useState } from "react";
import { authClient } from "@/app/_client/auth-client";
import { ErrorLine } from "@/components/error-line";

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

/** Sign in (accounts are created through /setup, an invitation link, or /sign-up when open sign-up is on). */
export function AuthForm() {
  const router = useRouter();
  const searchParams = useSearchParams();
  const [error, setError] = useState<string | null>(null);
  const [isBusy, setIsBusy] = useState(false);

  async function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const email = String(form.get("email") ?? "").trim();
    const password = String(form.get("password") ?? "");
    setIsBusy(true);
    setError(null);
    const result = await authClient.signIn.email({ email, password });
    setIsBusy(false);
    if (result.error) {
      setError(result.error.message ?? "That did not work. Check the fields and try again.");
      return;
    }
    router.push(safeNext(searchParams.get("next")));
    router.refresh();
  }

  return (
    <form onSubmit={onSubmit} className="card" aria-label="Sign in">
      <h1>Sign in</h1>
      <label htmlFor="email">Email</label>
      <input id="email" name="email" type="email" autoComplete="email" required />
      <label htmlFor="password">Password</label>
      <input id="password" name="password" type="password" autoComplete="current-password" required />
      <ErrorLine error={error} />
      <p>
        <button type="submit" className="primary" disabled={isBusy}>
          {isBusy ? "Please wait…" : "Sign in"}
        </button>
      </p>
      <p className="muted">
        New here? <Link href="/sign-up">How to get an account</Link>
      </p>
    </form>
  );
}
