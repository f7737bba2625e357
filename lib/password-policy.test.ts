import { describe, expect, it } from "vitest";
import { describePasswordRefusal, nameProblem, passwordProblem, passwordRefusal } from "./password-policy";

describe("password policy", () => {
  it.each(["12345678", "password123", "qwertzuiop", "Passwort123!", "hallo12345", "iloveyou12"])("refuses the common password %s", (pw) => {
    expect(passwordProblem(pw)).not.toBeNull();
  });

  it("refuses the e-mail itself and passwords built from it or the name", () => {
    const account = { email: "anna.schmidt@zeitung.example", name: "Anna Schmidt" };
    expect(passwordProblem("anna.schmidt@zeitung.example", account)).toBe("must not be your e-mail address");
    expect(passwordProblem("AnnaSchmidt2024", account)).not.toBeNull();
    expect(passwordProblem("zeitung.example1", account)).not.toBeNull();
  });

  it("refuses short ones and accepts a phrase of unrelated words", () => {
    expect(passwordProblem("a8#Kq1")).toMatch(/at least 10/);
    expect(passwordProblem("Fahrrad Wolke Tinte 47")).toBeNull();
    expect(passwordProblem("correct horse battery staple")).toBeNull();
  });
});

describe("names", () => {
  it("takes 1–100 characters without control characters", () => {
    expect(nameProblem("  ")).toBe("must not be empty");
    expect(nameProblem("x".repeat(101))).toMatch(/at most 100/);
    expect(nameProblem("Dana\u0000")).toMatch(/control/);
    expect(nameProblem("Jürgen Müller-Lüdenscheidt")).toBeNull();
    expect(nameProblem("😀".repeat(100))).toBeNull();
  });
});

describe("password refusals as data", () => {
  it("names the rule, with the limit or zxcvbn's warning and suggestions as its own keys", () => {
    expect(passwordRefusal("a8#Kq1")).toEqual({ rule: "too_short", min: 10 });
    expect(passwordRefusal("p".repeat(129))).toEqual({ rule: "too_long", max: 128 });
    expect(passwordRefusal("Anna@Zeitung.example", { email: "anna@zeitung.example" })).toEqual({ rule: "is_email" });
    expect(passwordRefusal("password1234")).toMatchObject({ rule: "too_weak", warning: "similarToCommon" });
    expect(passwordRefusal("qwertzuiop")).toMatchObject({ rule: "too_weak", warning: "straightRow" });
    expect(passwordRefusal("AnnaSchmidt2024", { email: "anna.schmidt@zeitung.example", name: "Anna Schmidt" })).toMatchObject({ rule: "too_weak" });
    expect(passwordRefusal("Fahrrad Wolke Tinte 47")).toBeNull();
    for (const password of ["12345678", "password123", "qwertzuiop", "Passwort123!", "hallo12345", "iloveyou12", "AnnaSchmidt2024"]) {
      const refusal = passwordRefusal(password, { name: "Anna Schmidt" });
      if (refusal?.rule !== "too_weak") continue;
      for (const key of refusal.warning ? [refusal.warning] : []) expect(key).toMatch(/^[a-zA-Z0-9]+$/);
      for (const key of refusal.suggestions) expect(key).toMatch(/^[a-zA-Z0-9]+$/);
    }
  });

  it("says the refusal in the API's English, with zxcvbn's hint", () => {
    expect(passwordProblem("password1234")).toBe(
      "is too easy to guess (This is similar to a commonly used password): use a longer phrase of unrelated words",
    );
    expect(describePasswordRefusal({ rule: "too_weak", warning: null, suggestions: ["useWords"] })).toBe(
      "is too easy to guess (Use multiple words, but avoid common phrases): use a longer phrase of unrelated words",
    );
    expect(describePasswordRefusal({ rule: "too_weak", warning: null, suggestions: [] })).toBe(
      "is too easy to guess: use a longer phrase of unrelated words",
    );
  });
});
