// @vitest-environment happy-dom
import { cleanup, screen } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import { renderWithIntl } from "@/test-support/intl";
import { InboxLink } from "./inbox-link";

/** The header's Inbox link: the count shown, and a name that says it in words once. */

afterEach(cleanup);

describe("InboxLink", () => {
  it("shows the unread count and is named with it in words", () => {
    renderWithIntl(<InboxLink unread={3} isCapped={false} />);
    const link = screen.getByRole("link", { name: "Inbox, 3 unread" });
    expect(link.getAttribute("href")).toBe("/inbox");
    expect(link.querySelector("[aria-hidden]")?.textContent).toBe("Inbox (3)");
  });

  it("shows no count when nothing is unread, and 99+ at the cap", () => {
    renderWithIntl(<InboxLink unread={0} isCapped={false} />);
    expect(screen.getByRole("link", { name: "Inbox" }).querySelector("[aria-hidden]")?.textContent).toBe("Inbox");
    cleanup();
    renderWithIntl(<InboxLink unread={100} isCapped />);
    expect(screen.getByRole("link", { name: "Inbox, more than 99 unread" }).querySelector("[aria-hidden]")?.textContent).toBe("Inbox (99+)");
  });

  it("reads in German", () => {
    renderWithIntl(<InboxLink unread={1} isCapped={false} />, { locale: "de" });
    expect(screen.getByRole("link", { name: "Posteingang, 1 ungelesen" })).toBeTruthy();
  });
});
