import { act, cleanup, fireEvent, screen } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { SignUpForm } from "@/components/sign-up-form";
import type { Locale } from "@/lib/i18n/locales";
import { NAME_MAX_LENGTH, PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from "@/lib/password-policy";
import { renderWithIntl } from "@/test-support/intl";

/**
 * The sign-up form in a DOM, in both languages: each problem at its field (tied by
 * aria-invalid and aria-describedby), counters where a limit is, nothing cut, and the
 * server's refusals in the interface's words where the form knows the rule.
 */

const router = { push: vi.fn(), refresh: vi.fn() };
vi.mock("next/navigation", () => ({ useRouter: () => router }));

const LIMITS = { nameMaxLength: NAME_MAX_LENGTH, passwordMinLength: PASSWORD_MIN_LENGTH, passwordMaxLength: PASSWORD_MAX_LENGTH };
const GOOD_PASSWORD = "kettle orbit violet harbour";

const fetchMock = vi.fn<typeof fetch>();

beforeEach(() => {
  fetchMock.mockReset();
  vi.stubGlobal("fetch", fetchMock);
});

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
  router.push.mockReset();
});

type Mode = Parameters<typeof SignUpForm>[0]["mode"];

function renderForm(locale: Locale, mode: Mode = { kind: "open" }) {
  renderWithIntl(<SignUpForm mode={mode} limits={LIMITS} />, { locale });
  const form = screen.getByRole("form");
  const field = (id: string) => form.querySelector<HTMLInputElement>(`#${id}`)!;
  return { form, name: field("name"), email: field("email"), password: field("password"), setupToken: field("setupToken") };
}

/** The text of everything an input's aria-describedby points at. */
function description(input: HTMLElement): string[] {
  return (input.getAttribute("aria-describedby") ?? "")
    .split(" ")
    .filter(Boolean)
    .map((id) => document.getElementById(id)?.textContent ?? `(missing #${id})`);
}

function fill(fields: ReturnType<typeof renderForm>, values: { name?: string; email?: string; password?: string }) {
  if (values.name !== undefined) fireEvent.change(fields.name, { target: { value: values.name } });
  if (values.email !== undefined) fireEvent.change(fields.email, { target: { value: values.email } });
  if (values.password !== undefined) fireEvent.change(fields.password, { target: { value: values.password } });
}

async function submit(form: HTMLElement) {
  await act(async () => {
    fireEvent.submit(form);
  });
}

function answer(status: number, body: unknown) {
  fetchMock.mockResolvedValueOnce(new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } }));
}

describe("SignUpForm: counters and limits", () => {
  it.each([
    ["en", "101/100 characters", "Name must be at most 100 characters.", "Sign up"],
    ["de", "101/100 Zeichen", "Der Name darf höchstens 100 Zeichen lang sein.", "Registrieren"],
  ] as const)("%s: a name over the limit is kept whole, counted and marked while typing", (locale, count, problem, formName) => {
    const fields = renderForm(locale);
    expect(screen.getByRole("form", { name: formName })).toBeTruthy();
    expect(description(fields.name)).toEqual([locale === "en" ? "0/100 characters" : "0/100 Zeichen"]);
    fill(fields, { name: "x".repeat(101) });
    expect(fields.name.value).toHaveLength(101);
    expect(fields.name.getAttribute("aria-invalid")).toBe("true");
    expect(description(fields.name)).toEqual([problem, count]);
    fill(fields, { name: "x".repeat(100) });
    expect(fields.name.getAttribute("aria-invalid")).toBe("false");
  });

  it("counts a name as the server does: code points, without the surrounding spaces", () => {
    const fields = renderForm("en");
    fill(fields, { name: "  Zoë 🦊  " });
    expect(description(fields.name)).toEqual(["5/100 characters"]);
  });

  it("de: the password's hint names the minimum, its counter the maximum", () => {
    const fields = renderForm("de");
    fill(fields, { password: "p".repeat(129) });
    expect(description(fields.password)).toEqual([
      "Das Passwort darf höchstens 128 Zeichen lang sein.",
      "Mindestens 10 Zeichen und schwer zu erraten: Eine Folge aus drei oder vier Wörtern, die nichts miteinander zu tun haben, eignet sich gut.",
      "129/128 Zeichen",
    ]);
  });
});

describe("SignUpForm: problems found before sending", () => {
  it("de: says each problem at its field, focuses the first, and sends nothing", async () => {
    const fields = renderForm("de");
    fill(fields, { name: "   ", email: "", password: "kurz" });
    await submit(fields.form);
    expect(fetchMock).not.toHaveBeenCalled();
    expect(description(fields.name)[0]).toBe("Bitte geben Sie einen Namen ein.");
    expect(description(fields.email)[0]).toBe("Bitte geben Sie Ihre E-Mail-Adresse ein.");
    expect(description(fields.password)[0]).toBe("Das Passwort muss mindestens 10 Zeichen lang sein.");
    for (const input of [fields.name, fields.email, fields.password]) expect(input.getAttribute("aria-invalid")).toBe("true");
    expect(document.activeElement).toBe(fields.name);
    expect(screen.getByRole("alert").textContent).toContain("Das Passwort muss mindestens 10 Zeichen lang sein.");
  });

  it("en: a password that is the e-mail address, and a name with a control character", async () => {
    const fields = renderForm("en");
    fill(fields, { name: "Anna\u0007", email: "anna.schmidt@zeitung.example", password: "Anna.Schmidt@zeitung.example" });
    await submit(fields.form);
    expect(fetchMock).not.toHaveBeenCalled();
    expect(description(fields.name)[0]).toBe("Name must not contain control characters.");
    expect(description(fields.password)[0]).toBe("Password must not be your e-mail address.");
  });

  it("clears a field's problem once it is edited", async () => {
    const fields = renderForm("en");
    fill(fields, { name: "Anna", email: "anna@example.org", password: "short" });
    await submit(fields.form);
    expect(fields.password.getAttribute("aria-invalid")).toBe("true");
    fill(fields, { password: GOOD_PASSWORD });
    expect(fields.password.getAttribute("aria-invalid")).toBe("false");
    expect(description(fields.password)[0]).toMatch(/^At least 10 characters/);
  });
});

describe("SignUpForm: the server's refusals", () => {
  const valid = { name: "Anna Schmidt", email: "anna@example.org", password: GOOD_PASSWORD };

  it("sends the account and goes to the articles", async () => {
    const fields = renderForm("en");
    fill(fields, valid);
    answer(201, { joined: null });
    await submit(fields.form);
    expect(JSON.parse(String(fetchMock.mock.calls[0]?.[1]?.body))).toEqual(valid);
    expect(router.push).toHaveBeenCalledWith("/articles");
  });

  it.each([
    ["en", "An account with this e-mail exists already: sign in instead."],
    ["de", "Zu dieser E-Mail-Adresse gibt es bereits ein Konto: Melden Sie sich stattdessen an."],
  ] as const)("%s: an e-mail with an account (conflict:account) is said at the e-mail field", async (locale, problem) => {
    const fields = renderForm(locale);
    fill(fields, valid);
    answer(409, {
      error: {
        code: "conflict:account",
        message: "An account with this e-mail exists already: sign in instead.",
        fields: { email: "has an account already" },
      },
    });
    await submit(fields.form);
    expect(fields.email.getAttribute("aria-invalid")).toBe("true");
    expect(description(fields.email)).toEqual([problem]);
    expect(document.activeElement).toBe(fields.email);
  });

  it("de: a guessable password (the rule only the server checks) in German, not the server's English", async () => {
    const fields = renderForm("de");
    fill(fields, valid);
    answer(422, {
      error: {
        code: "unprocessable:validation",
        message: "Password is too easy to guess (This is a very common password): use a longer phrase of unrelated words.",
        fields: { password: "Password is too easy to guess (This is a very common password): use a longer phrase of unrelated words." },
      },
    });
    await submit(fields.form);
    expect(description(fields.password)[0]).toBe(
      "Das Passwort ist zu leicht zu erraten: Wählen Sie eine längere Folge von Wörtern, die nichts miteinander zu tun haben.",
    );
  });

  /** A 422 refusing the password, with the rule as the server sends it as data (or none, as older servers did). */
  const refusedPassword = (password?: unknown) => ({
    error: {
      code: "unprocessable:validation",
      message: "Password is too easy to guess (Straight rows of keys on your keyboard are easy to guess): use a longer phrase of unrelated words.",
      fields: {
        password: "Password is too easy to guess (Straight rows of keys on your keyboard are easy to guess): use a longer phrase of unrelated words.",
      },
      ...(password === undefined ? {} : { detail: { rules: { password } } }),
    },
  });

  it.each([
    [
      "de",
      { rule: "too_weak", warning: "straightRow", suggestions: ["longerKeyboardPattern"] },
      "Das Passwort ist zu leicht zu erraten. Gerade Tastenreihen der Tastatur sind leicht zu erraten. Wählen Sie eine längere Folge von Wörtern, die nichts miteinander zu tun haben.",
    ],
    [
      "en",
      { rule: "too_weak", warning: "commonNames", suggestions: [] },
      "Password is too easy to guess. Common first names and surnames are easy to guess. Use a longer phrase of unrelated words.",
    ],
    [
      "de",
      { rule: "too_weak", warning: null, suggestions: ["useWords", "anotherWord"] },
      "Das Passwort ist zu leicht zu erraten. Verwenden Sie mehrere Wörter, aber keine gängige Redewendung. Wählen Sie eine längere Folge von Wörtern, die nichts miteinander zu tun haben.",
    ],
    [
      "en",
      { rule: "too_weak", warning: "somethingNewInZxcvbn", suggestions: ["alsoNew"] },
      "Password is too easy to guess: use a longer phrase of unrelated words.",
    ],
    ["de", { rule: "too_short", min: 12 }, "Das Passwort muss mindestens 12 Zeichen lang sein."],
    ["en", { rule: "is_email" }, "Password must not be your e-mail address."],
    [
      "de",
      { rule: "a rule this form does not know" },
      "Das Passwort ist zu leicht zu erraten: Wählen Sie eine längere Folge von Wörtern, die nichts miteinander zu tun haben.",
    ],
  ] as const)("%s: a refused password is worded from the rule the server sends (%j)", async (locale, rule, words) => {
    const fields = renderForm(locale);
    fill(fields, valid);
    answer(422, refusedPassword(rule));
    await submit(fields.form);
    expect(fields.password.getAttribute("aria-invalid")).toBe("true");
    expect(description(fields.password)[0]).toBe(words);
    expect(document.activeElement).toBe(fields.password);
  });

  it("de: a wrong setup code at its field; an instance set up already as the form's line", async () => {
    const fields = renderForm("de", { kind: "setup", setupToken: "falsch" });
    fill(fields, valid);
    answer(403, { error: { code: "forbidden:setup", message: "This setup code is not valid.", fields: { setupToken: "not valid" } } });
    await submit(fields.form);
    expect(fields.setupToken.getAttribute("aria-invalid")).toBe("true");
    expect(description(fields.setupToken)[0]).toBe(
      "Dieser Einrichtungscode ist ungültig. Er steht beim ersten Start im Log des Servers und gilt nur einmal.",
    );
    answer(403, {
      error: { code: "forbidden:setup", message: "This instance has its administrator already: sign in, or ask them for an invitation." },
    });
    await submit(fields.form);
    expect(fields.setupToken.getAttribute("aria-invalid")).toBe("false");
    expect(screen.getByRole("alert").textContent).toBe(
      "Diese Instanz ist bereits eingerichtet: Melden Sie sich an oder bitten Sie die Administration um eine Einladung.",
    );
  });

  it("de: an invitation for another address names the invited one", async () => {
    const fields = renderForm("de", { kind: "invitation", invitationToken: "t", email: "anna@example.org" });
    expect(fields.email.readOnly).toBe(true);
    fill(fields, { name: valid.name, password: valid.password });
    answer(422, {
      error: { code: "unprocessable:validation", message: "This invitation is for anna@example.org.", fields: { email: "must be anna@example.org" } },
    });
    await submit(fields.form);
    expect(description(fields.email)).toEqual(["Diese Einladung gilt für anna@example.org.", "Die Einladung gilt für diese Adresse."]);
  });

  it("shows a refusal the form cannot word as the server said it, and its own words when the server said nothing", async () => {
    const fields = renderForm("de");
    fill(fields, valid);
    answer(422, { error: { code: "unprocessable:account", message: "The account could not be created." } });
    await submit(fields.form);
    expect(screen.getByRole("alert").textContent).toBe("The account could not be created.");
    fetchMock.mockResolvedValueOnce(new Response("<html>Bad gateway</html>", { status: 502 }));
    await submit(fields.form);
    expect(screen.getByRole("alert").textContent).toBe("Registrierung fehlgeschlagen (502).");
    answer(503, { error: { code: "unavailable:database", message: "The database connection was interrupted. Please try again in a moment." } });
    await submit(fields.form);
    expect(screen.getByRole("alert").textContent).toBe("Die Verbindung zur Datenbank wurde unterbrochen. Bitte versuchen Sie es gleich noch einmal.");
    fetchMock.mockRejectedValueOnce(new TypeError("Failed to fetch"));
    await submit(fields.form);
    expect(screen.getByRole("alert").textContent).toBe("Netzwerkfehler: Die Registrierung hat den Server nicht erreicht.");
  });
});
