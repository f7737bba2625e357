/**
 * The password policy: long enough, and not guessable — judged by zxcvbn-ts
 * with its common, English and German dictionaries (the people using Claimwork
 * write in both), with the account's own e-mail and name as known words so
 * that `anna.schmidt@zeitung.de` or `AnnaSchmidt2024` are refused.
 */
import { type TranslationKeys, ZxcvbnFactory } from "@zxcvbn-ts/core";
import * as common from "@zxcvbn-ts/language-common";
import * as de from "@zxcvbn-ts/language-de";
import * as en from "@zxcvbn-ts/language-en";

export const PASSWORD_MIN_LENGTH = 10;
export const PASSWORD_MAX_LENGTH = 128;
/**
 * zxcvbn's score runs from 0 to 4. 3 (≥ 10⁸ guesses) still lets `Passwort123!`
 * and `AnnaSchmidt2024` through, so a server holding unpublished work asks for
 * 4 (≥ 10¹⁰ guesses): a phrase of three or four unrelated words passes.
 */
const MIN_SCORE = 4;

let factory: ZxcvbnFactory | undefined;

function getFactory(): ZxcvbnFactory {
  // Built on first use: ranking the dictionaries takes a noticeable moment (BENCHMARKS.md), and only sign-up and password changes need them.
  // No translations: zxcvbn then gives its feedback as its own keys ("commonNames"), which the refusal carries as
  // codes for the interface to word in the person's language; the API's English is made from en.translations.
  factory ??= new ZxcvbnFactory({
    dictionary: { ...common.dictionary, ...en.dictionary, ...de.dictionary },
    graphs: common.adjacencyGraphs,
  });
  return factory;
}

/** The words a password must not be built from: the e-mail, its parts, and the name. */
function accountWords(account: { email?: string; name?: string }): string[] {
  const words = new Set<string>();
  const email = account.email?.trim().toLowerCase();
  if (email) {
    words.add(email);
    const [local = "", domain = ""] = email.split("@");
    for (const part of [local, domain, ...local.split(/[._+-]/), ...domain.split(".")]) if (part.length >= 3) words.add(part);
  }
  for (const part of account.name?.toLowerCase().split(/\s+/) ?? []) if (part.length >= 3) words.add(part);
  return [...words];
}

/** zxcvbn's warning about a guessable password, by the library's own key ("commonNames", "keyPattern", …). */
export type PasswordWarning = keyof TranslationKeys["warnings"];
/** zxcvbn's suggestion for a better password, by the library's own key ("useWords", "capitalization", …). */
export type PasswordSuggestion = keyof TranslationKeys["suggestions"];

/**
 * Why a password is refused, as data: the rule it breaks, with what the
 * interface needs to say so in the person's language (the limit; for a
 * guessable one zxcvbn's warning and suggestions, when it has them). The
 * server sends it beside its English sentence (server/accounts.ts), and the
 * sign-up form words it from its catalogue. Import it as a type only in the
 * browser: this module holds zxcvbn's dictionaries.
 */
export type PasswordRefusal =
  | { rule: "too_short"; min: number }
  | { rule: "too_long"; max: number }
  | { rule: "is_email" }
  | { rule: "too_weak"; warning: PasswordWarning | null; suggestions: PasswordSuggestion[] };

/** Why a password is refused ({@link PasswordRefusal}); null when it is accepted. */
export function passwordRefusal(password: string, account: { email?: string; name?: string } = {}): PasswordRefusal | null {
  if (password.length < PASSWORD_MIN_LENGTH) return { rule: "too_short", min: PASSWORD_MIN_LENGTH };
  if (password.length > PASSWORD_MAX_LENGTH) return { rule: "too_long", max: PASSWORD_MAX_LENGTH };
  const email = account.email?.trim().toLowerCase();
  if (email && password.trim().toLowerCase() === email) return { rule: "is_email" };
  const result = getFactory().check(password, accountWords(account));
  if (result.score >= MIN_SCORE) return null;
  const { warning, suggestions } = result.feedback;
  return {
    rule: "too_weak",
    warning: (warning as PasswordWarning | null) ?? null,
    suggestions: suggestions as PasswordSuggestion[],
  };
}

/** A refusal in the API's English: a sentence a person can act on. */
export function describePasswordRefusal(refusal: PasswordRefusal): string {
  switch (refusal.rule) {
    case "too_short":
      return `must be at least ${refusal.min} characters`;
    case "too_long":
      return `must be at most ${refusal.max} characters`;
    case "is_email":
      return "must not be your e-mail address";
    case "too_weak": {
      const hint = refusal.warning
        ? en.translations.warnings[refusal.warning]
        : refusal.suggestions[0] && en.translations.suggestions[refusal.suggestions[0]];
      return `is too easy to guess${hint ? ` (${hint.replace(/\.$/, "")})` : ""}: use a longer phrase of unrelated words`;
    }
  }
}

/** Why a password is refused, in a sentence a person can act on; null when it is accepted. */
export function passwordProblem(password: string, account: { email?: string; name?: string } = {}): string | null {
  const refusal = passwordRefusal(password, account);
  return refusal ? describePasswordRefusal(refusal) : null;
}

export const NAME_MAX_LENGTH = 100;

/** A person's display name: 1–100 characters after trimming, no control characters. */
export function nameProblem(name: string): string | null {
  const trimmed = name.trim();
  if (trimmed.length === 0) return "must not be empty";
  if ([...trimmed].length > NAME_MAX_LENGTH) return `must be at most ${NAME_MAX_LENGTH} characters`;
  // biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point — a name must hold none.
  if (/[\u0000-\u001f\u007f]/.test(trimmed)) return "must not contain control characters";
  return null;
}
