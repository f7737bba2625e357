import { act, cleanup, fireEvent, screen } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { AuthForm } from "@/components/auth-form";
import type { Locale } from "@/lib/i18n/locales";
import { PASSWORD_MAX_LENGTH } from "@/lib/password-policy";
import { renderWithIntl } from "@/test-support/intl";

/**
 * The sign-in form in a DOM: problems at their fields in the interface's language,
 * better-auth's refusals worded by their code, the lockout from the seconds the server sends.
 */

const router = { push: vi.fn(), refresh: vi.fn() };
vi.mock("next/navigation", () => ({ useRouter: () => router, useSearchParams: () => new URLSearchParams("next=/projects") }));

type SignInResult = { error: { code?: string; message?: string; status: number; retryAfterSeconds?: number } | null };
const signIn = vi.fn<(body: { email: string; password: string }) => Promise<SignInResult>>();
vi.mock("@/app/_client/auth-client", () => ({ authClient: { signIn: { email: (body: { email: string; password: string }) => signIn(body) } } }));

afterEach(() => {
  cleanup();
  signIn.mockReset();
  router.push.mockReset();
});

function renderForm(locale: Locale) {
  renderWithIntl(<AuthForm passwordMaxLength={PASSWORD_MAX_LENGTH} />, { locale });
  const form = screen.getByRole("form");
  return { form, email: form.querySelector<HTMLInputElement>("#email")!, password: form.querySelector<HTMLInputElement>("#password")! };
}

async function signInWith(fields: ReturnType<typeof renderForm>, email: string, password: string) {
  fireEvent.change(fields.email, { target: { value: email } });
  fireEvent.change(fields.password, { target: { value: password } });
  await act(async () => {
    fireEvent.submit(fields.form);
  });
}

const describedText = (input: HTMLElement) => document.getElementById(input.getAttribute("aria-describedby") ?? "")?.textContent;

describe("AuthForm", () => {
  it("de: names the form and its fields in German", () => {
    renderForm("de");
    expect(screen.getByRole("form", { name: "Anmelden" })).toBeTruthy();
    expect(screen.getByLabelText("E-Mail")).toBeTruthy();
    expect(screen.getByLabelText("Passwort")).toBeTruthy();
    expect(screen.getByRole("button", { name: "Anmelden" })).toBeTruthy();
    expect(screen.getByRole("link", { name: "So erhalten Sie ein Konto" }).getAttribute("href")).toBe("/sign-up");
  });

  it("de: empty fields are marked where they are, and nothing is sent", async () => {
    const fields = renderForm("de");
    await signInWith(fields, " ", "");
    expect(signIn).not.toHaveBeenCalled();
    expect(fields.email.getAttribute("aria-invalid")).toBe("true");
    expect(describedText(fields.email)).toBe("Bitte geben Sie Ihre E-Mail-Adresse ein.");
    expect(describedText(fields.password)).toBe("Bitte geben Sie Ihr Passwort ein.");
    expect(document.activeElement).toBe(fields.email);
  });

  it("en: a password over the limit is refused here, whole", async () => {
    const fields = renderForm("en");
    await signInWith(fields, "anna@example.org", "p".repeat(PASSWORD_MAX_LENGTH + 1));
    expect(signIn).not.toHaveBeenCalled();
    expect(fields.password.value).toHaveLength(PASSWORD_MAX_LENGTH + 1);
    expect(describedText(fields.password)).toBe("Password must be at most 128 characters.");
  });

  it.each([
    ["en", "Invalid email or password"],
    ["de", "E-Mail-Adresse oder Passwort ist falsch."],
  ] as const)("%s: wrong credentials, in the interface's words", async (locale, words) => {
    signIn.mockResolvedValueOnce({ error: { code: "INVALID_EMAIL_OR_PASSWORD", message: "Invalid email or password", status: 401 } });
    const fields = renderForm(locale);
    await signInWith(fields, "anna@example.org", "wrong password here");
    expect(signIn).toHaveBeenCalledWith({ email: "anna@example.org", password: "wrong password here" });
    expect(screen.getByRole("alert").textContent).toBe(words);
    expect(router.push).not.toHaveBeenCalled();
  });

  it("de: an address better-auth refuses is marked at the e-mail field", async () => {
    signIn.mockResolvedValueOnce({ error: { code: "INVALID_EMAIL", message: "Invalid email", status: 400 } });
    const fields = renderForm("de");
    await signInWith(fields, "anna@", "a password");
    expect(fields.email.getAttribute("aria-invalid")).toBe("true");
    expect(describedText(fields.email)).toBe("Bitte geben Sie eine gültige E-Mail-Adresse ein.");
  });

  it.each([
    ["de", 14 * 60, "Zu viele fehlgeschlagene Anmeldeversuche für dieses Konto. Versuchen Sie es in 14 Minuten erneut."],
    ["de", 30, "Zu viele fehlgeschlagene Anmeldeversuche für dieses Konto. Versuchen Sie es in 1 Minute erneut."],
    ["en", 14 * 60 + 1, "Too many failed sign-ins for this account. Try again in 15 minutes."],
    ["en", 60, "Too many failed sign-ins for this account. Try again in 1 minute."],
  ] as const)("%s: the lockout says the wait the server sends as data (%i s), not the server's sentence", async (locale, seconds, words) => {
    const fields = renderForm(locale);
    // The server's English says something else on purpose: the form must word the seconds, not read the text.
    signIn.mockResolvedValueOnce({
      error: { code: "SIGN_IN_LOCKED", retryAfterSeconds: seconds, message: "Too many failed sign-ins. Try again in 99 minutes.", status: 429 },
    });
    await signInWith(fields, "anna@example.org", "a password");
    expect(screen.getByRole("alert").textContent).toBe(words);
  });

  it("de: a 429 without the lockout's data, and a refusal the form cannot word, stay as they came", async () => {
    const fields = renderForm("de");
    signIn.mockResolvedValueOnce({ error: { code: "TOO_MANY_REQUESTS", message: "Too many requests. Try again in 14 minutes.", status: 429 } });
    await signInWith(fields, "anna@example.org", "a password");
    expect(screen.getByRole("alert").textContent).toBe("Too many requests. Try again in 14 minutes.");
    signIn.mockResolvedValueOnce({ error: { code: "SIGN_IN_LOCKED", message: "Too many failed sign-ins.", status: 429 } });
    await signInWith(fields, "anna@example.org", "a password");
    expect(screen.getByRole("alert").textContent).toBe("Too many failed sign-ins.");
    signIn.mockResolvedValueOnce({ error: { code: "SOMETHING_NEW", message: "Something new went wrong", status: 400 } });
    await signInWith(fields, "anna@example.org", "a password");
    expect(screen.getByRole("alert").textContent).toBe("Something new went wrong");
    signIn.mockRejectedValueOnce(new TypeError("Failed to fetch"));
    await signInWith(fields, "anna@example.org", "a password");
    expect(screen.getByRole("alert").textContent).toBe("Netzwerkfehler: Die Anmeldung hat den Server nicht erreicht.");
  });

  it("goes on to the page it was sent from", async () => {
    signIn.mockResolvedValueOnce({ error: null });
    const fields = renderForm("en");
    await signInWith(fields, "anna@example.org", "a password");
    expect(router.push).toHaveBeenCalledWith("/projects");
  });
});
