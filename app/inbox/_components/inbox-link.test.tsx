// @vitest-environment happy-dom
import { cleanup, screen, waitFor } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { renderWithIntl } from "@/test-support/intl";
import { InboxLink } from "./inbox-link";

/** The header's Inbox link: the count shown, and a name that says it in words once. */

let pathname = "/articles";
vi.mock("next/navigation", () => ({ usePathname: () => pathname }));
const fetchMock = vi.fn<typeof fetch>();

beforeEach(() => {
  pathname = "/articles";
  fetchMock.mockReset();
  vi.stubGlobal("fetch", fetchMock);
});
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

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

  it("asks for the count again when the page changes (the layout holding it is not rendered again), and keeps it when that fails", async () => {
    const { rerender } = renderWithIntl(<InboxLink unread={3} isCapped={false} />);
    expect(fetchMock).not.toHaveBeenCalled();
    fetchMock.mockResolvedValueOnce(Response.json({ unreadCount: 5, isCapped: false }));
    pathname = "/inbox";
    rerender(<InboxLink unread={3} isCapped={false} />);
    await waitFor(() => expect(screen.getByRole("link", { name: "Inbox, 5 unread" })).toBeTruthy());
    expect(fetchMock.mock.calls[0]![0]).toBe("/api/notifications/unread");
    fetchMock.mockResolvedValueOnce(new Response("{}", { status: 503 }));
    pathname = "/projects";
    rerender(<InboxLink unread={3} isCapped={false} />);
    await waitFor(() => expect(fetchMock).toHaveBeenCalledTimes(2));
    expect(screen.getByRole("link", { name: "Inbox, 5 unread" })).toBeTruthy();
  });
});
