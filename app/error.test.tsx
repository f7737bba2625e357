import { cleanup, fireEvent, screen } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { renderWithIntl } from "@/test-support/intl";
import ErrorPage from "./error";

afterEach(cleanup);

describe("the error page", () => {
  it.each([
    ["en", "Something went wrong", "Try again"],
    ["de", "Etwas ist schiefgelaufen", "Erneut versuchen"],
  ] as const)("%s: says the page failed, without the error's detail, and tries again on request", (locale, heading, retryLabel) => {
    const retry = vi.fn();
    const log = vi.spyOn(console, "error").mockImplementation(() => {});
    try {
      renderWithIntl(<ErrorPage error={new Error("relation users does not exist")} retry={retry} />, { locale });
      expect(screen.getByRole("heading", { level: 1 }).textContent).toBe(heading);
      expect(document.body.textContent).not.toContain("relation users");
      fireEvent.click(screen.getByRole("button", { name: retryLabel }));
      expect(retry).toHaveBeenCalledOnce();
    } finally {
      log.mockRestore();
    }
  });
});
