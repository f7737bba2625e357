import { describe, expect, it } from "vitest";
import { chooseLocale } from "./negotiate";

describe("chooseLocale", () => {
  it("takes the user's setting first, then the cookie, then the browser's languages", () => {
    expect(chooseLocale({ userLocale: "de", cookie: "en", acceptLanguage: "en" })).toBe("de");
    expect(chooseLocale({ userLocale: null, cookie: "de", acceptLanguage: "en" })).toBe("de");
    expect(chooseLocale({ acceptLanguage: "de-DE,de;q=0.9,en;q=0.8" })).toBe("de");
  });

  it("matches regional variants and weights, and ignores what it does not have", () => {
    expect(chooseLocale({ acceptLanguage: "de-AT" })).toBe("de");
    expect(chooseLocale({ acceptLanguage: "fr-FR,fr;q=0.9,de;q=0.5" })).toBe("de");
    expect(chooseLocale({ acceptLanguage: "en;q=0.2,de;q=0.8" })).toBe("de");
    expect(chooseLocale({ acceptLanguage: "fr" })).toBe("en");
  });

  it("falls back to English for no header, a malformed one, and unknown stored values", () => {
    expect(chooseLocale({})).toBe("en");
    expect(chooseLocale({ acceptLanguage: "*" })).toBe("en");
    expect(chooseLocale({ acceptLanguage: "@@@, ;;q=x" })).toBe("en");
    expect(chooseLocale({ userLocale: "xx", cookie: "klingon" })).toBe("en");
  });
});
