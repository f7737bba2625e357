"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { authClient } from "@/lib/client/auth-client";

/** Sign-in and sign-up share one form; sign-up adds the name field. */
export function AuthForm({ mode }: { mode: "sign-in" | "sign-up" }) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [isBusy, setIsBusy] = useState(false);

  async function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const email = String(form.get("email") ?? "").trim();
    const password = String(form.get("password") ?? "");
    setIsBusy(true);
    setError(null);
    const result =
      mode === "sign-up"
        ? await authClient.signUp.email({ email, password, name: String(form.get("name") ?? "").trim() || email })
        : await authClient.signIn.email({ email, password });
    setIsBusy(false);
    if (result.error) {
      setError(result.error.message ?? "That did not work. Check the fields and try again.");
      return;
    }
    router.push("/articles");
    router.refresh();
  }

  return (
    <form onSubmit={onSubmit} className="card" aria-label={mode === "sign-up" ? "Sign up" : "Sign in"}>
      <h1>{mode === "sign-up" ? "Create your account" : "Sign in"}</h1>
      {mode === "sign-up" && (
        <>
          <label htmlFor="name">Name</label>
          <input id="name" name="name" autoComplete="name" required maxLength={100} />
        </>
      )}
      <label htmlFor="email">Email</label>
      <input id="email" name="email" type="email" autoComplete="email" required />
      <label htmlFor="password">Password</label>
      <input
        id="password"
        name="password"
        type="password"
        autoComplete={mode === "sign-up" ? "new-password" : "current-password"}
        minLength={8}
        required
      />
      {mode === "sign-up" && <p className="muted">At least 8 characters. The first account becomes the administrator.</p>}
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      <p>
        <button type="submit" className="primary" disabled={isBusy}>
          {isBusy ? "Please wait…" : mode === "sign-up" ? "Sign up" : "Sign in"}
        </button>
      </p>
      <p className="muted">
        {mode === "sign-up" ? (
          <>
            Have an account? <Link href="/sign-in">Sign in</Link>
          </>
        ) : (
          <>
            New here? <Link href="/sign-up">Create an account</Link>
          </>
        )}
      </p>
    </form>
  );
}
