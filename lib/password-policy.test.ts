import { describe, expect, it } from "vitest";
import { nameProblem, passwordProblem } from "./password-policy";

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
