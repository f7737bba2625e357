// @vitest-environment happy-dom
import { act, cleanup, fireEvent, screen, within } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { NotificationItem } from "@/server/team/notifications";
import { renderWithIntl } from "@/test-support/intl";
import { MarkRead } from "./mark-read";
import { NotificationList } from "./notification-list";

/** Text as read: runs of whitespace made one space. */
const text = (element: Element | null | undefined) => (element?.textContent ?? "").replace(/\s+/g, " ").trim();

/** The inbox's rows as rendered: who did what about which claim, where, when, the link to it, and marking read. */

const refresh = vi.hoisted(() => vi.fn());
vi.mock("next/navigation", () => ({ useRouter: () => ({ refresh }) }));

const ARTICLE_ID = "00000000-0000-4000-8000-0000000000a1";
const CLAIM_ID = "00000000-0000-4000-8000-0000000000c1";
const fetchMock = vi.fn<typeof fetch>();

function item(overrides: Partial<NotificationItem> = {}): NotificationItem {
  return {
    id: 7,
    kind: "changes_requested",
    action: "claim.changes_requested",
    actorName: "Dana",
    createdAt: new Date("2026-12-01T10:05:00Z"),
    isRead: false,
    claim: { id: CLAIM_ID, quote: "traffic fell by 12 percent", language: "en", isDeleted: false },
    article: { id: ARTICLE_ID, title: "Bike lanes report", language: "en" },
    project: { id: "p1", name: "City desk" },
    text: "Add the council's source.",
    ...overrides,
  };
}

beforeEach(() => {
  fetchMock.mockReset();
  refresh.mockReset();
  vi.stubGlobal("fetch", fetchMock);
});
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

describe("NotificationList", () => {
  it("says who did what about which claim, where and when, links to the claim, and marks the unread in words", () => {
    renderWithIntl(
      <NotificationList
        empty="none"
        items={[
          item(),
          item({ id: 6, kind: "mention", action: "claim.commented", actorName: "Rita", isRead: true, text: "@Ann see the source" }),
          item({ id: 5, kind: "promoted", action: "claim.promoted", actorName: null, text: null }),
          item({ id: 4, kind: "decision", action: "claim.rejected", isRead: true, claim: { ...item().claim, isDeleted: true } }),
        ]}
      />,
    );
    const rows = within(screen.getByRole("list", { name: "Notifications" })).getAllByRole("listitem");
    expect(rows).toHaveLength(4);
    const [changes, mention, promoted, rejected] = rows as [HTMLElement, HTMLElement, HTMLElement, HTMLElement];

    expect(text(changes)).toContain("Unread Dana requested changes on your claim “traffic fell by 12 percent”");
    expect(text(changes)).toContain("Add the council's source.");
    expect(text(changes)).toContain("Article: Bike lanes report (City desk) · Dec 1, 2026, 10:05 AM");
    expect(within(changes).getByRole("link", { name: "Open the claim" }).getAttribute("href")).toBe(`/articles/${ARTICLE_ID}#claim-${CLAIM_ID}`);
    const button = within(changes).getByRole("button", { name: "Mark as read" });
    // The button's description is its notification's sentence, so each row's button says which one it marks.
    expect(text(document.getElementById(button.getAttribute("aria-describedby") ?? ""))).toContain("Dana requested changes on your claim");

    expect(text(mention)).toContain("Rita mentioned you on the claim “traffic fell by 12 percent”");
    expect(text(mention)).not.toContain("Unread");
    expect(within(mention).queryByRole("button")).toBeNull();

    expect(text(promoted)).toContain("Your claim “traffic fell by 12 percent” was promoted to gold by Someone");
    expect(text(rejected)).toContain("Dana rejected your claim");
    expect(within(rejected).getByRole("link", { name: "Open the article (the claim was deleted)" }).getAttribute("href")).toBe(
      `/articles/${ARTICLE_ID}`,
    );
    // The quote is in the claim's language, inside the interface's.
    expect(within(changes).getByText("traffic fell by 12 percent").getAttribute("lang")).toBe("en");
  });

  it("reads in German, with the words of each kind", () => {
    renderWithIntl(<NotificationList empty="leer" items={[item(), item({ id: 3, kind: "comment", action: "claim.commented", isRead: true })]} />, {
      locale: "de",
    });
    const rows = within(screen.getByRole("list", { name: "Benachrichtigungen" })).getAllByRole("listitem");
    expect(text(rows[0])).toContain("Ungelesen Dana bittet um Änderungen an Ihrer Behauptung „traffic fell by 12 percent“");
    expect(text(rows[1])).toContain("Dana hat die Behauptung „traffic fell by 12 percent“ kommentiert");
    expect(within(rows[0]!).getByRole("button", { name: "Als gelesen markieren" })).toBeTruthy();
  });

  it("shows the empty state it is given instead of an empty list", () => {
    renderWithIntl(<NotificationList empty="Nothing here yet." items={[]} />);
    expect(screen.queryByRole("list")).toBeNull();
    expect(text(screen.getByRole("status"))).toContain("Nothing here yet.");
  });
});

describe("MarkRead", () => {
  it("posts the notification's id, then refreshes the page's data", async () => {
    fetchMock.mockResolvedValueOnce(Response.json({ marked: 1, unreadCount: 0 }));
    renderWithIntl(<NotificationList empty="none" items={[item()]} />);
    await act(async () => {
      fireEvent.click(screen.getByRole("button", { name: "Mark as read" }));
    });
    expect(fetchMock).toHaveBeenCalledWith(
      "/api/notifications/read",
      expect.objectContaining({ method: "POST", body: JSON.stringify({ ids: [7] }) }),
    );
    expect(refresh).toHaveBeenCalledTimes(1);
  });

  it("marks all, and says so when the server refuses or cannot be reached", async () => {
    fetchMock.mockResolvedValueOnce(Response.json({ error: { code: "not_found:notification" } }, { status: 404 }));
    renderWithIntl(<MarkRead target={{ all: true }} />);
    await act(async () => {
      fireEvent.click(screen.getByRole("button", { name: "Mark all as read" }));
    });
    expect(fetchMock).toHaveBeenCalledWith("/api/notifications/read", expect.objectContaining({ body: JSON.stringify({ all: true }) }));
    expect(text(screen.getByRole("alert"))).toContain("Could not mark as read (error 404). Try again.");
    expect(refresh).not.toHaveBeenCalled();

    fetchMock.mockRejectedValueOnce(new TypeError("offline"));
    await act(async () => {
      fireEvent.click(screen.getByRole("button", { name: "Mark all as read" }));
    });
    expect(text(screen.getByRole("alert"))).toContain("Could not reach the server.");
  });
});
