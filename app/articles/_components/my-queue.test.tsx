// @vitest-environment happy-dom
import { cleanup, screen, within } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import type { QueueItem } from "@/server/team/assignments";
import { renderWithIntl } from "@/test-support/intl";
import { MyQueue } from "./my-queue";

/** Text as read: runs of whitespace made one space. */
const text = (element: Element | null | undefined) => (element?.textContent ?? "").replace(/\s+/g, " ").trim();

/** My queue as rendered: the summary line, what each assignment asks for, and the claims there by status. */

afterEach(cleanup);

const NONE = { draft: 0, submitted: 0, accepted: 0, rejected: 0, changes_requested: 0 };

function item(n: number, overrides: Partial<QueueItem>): QueueItem {
  return {
    articleId: `00000000-0000-4000-8000-00000000000${n}`,
    articleTitle: `Article ${n}`,
    projectId: "p1",
    projectName: "City desk",
    status: "assigned",
    assignedAt: new Date("2026-12-01T10:00:00Z"),
    submittedAt: null,
    claimCounts: NONE,
    step: "to_do",
    ...overrides,
  };
}

const ITEMS: QueueItem[] = [
  item(1, { step: "revise", claimCounts: { ...NONE, changes_requested: 2, accepted: 1 } }),
  item(2, { step: "to_do", claimCounts: { ...NONE, draft: 3 } }),
  item(3, { step: "to_do" }),
  item(4, { step: "submitted", status: "submitted", claimCounts: { ...NONE, submitted: 1 } }),
];

describe("MyQueue", () => {
  it("counts what needs doing, and says what each assignment asks for, changes requested first", () => {
    renderWithIntl(<MyQueue items={ITEMS} />);
    expect(screen.getByRole("heading", { name: "My queue" })).toBeTruthy();
    expect(screen.getByText("2 to do · 1 with changes requested · 1 submitted")).toBeTruthy();
    const rows = within(screen.getByRole("table", { name: "My queue" }))
      .getAllByRole("row")
      .slice(1);
    expect(rows.map((row) => within(row).getAllByRole("cell")[2]?.textContent)).toEqual([
      "Changes requested: 2 — revise",
      "To do",
      "To do",
      "Submitted, waiting for review",
    ]);
    // The article link comes first in a row (what people and specs open); the revise link shows the claims to revise.
    expect(within(rows[0]!).getAllByRole("link")[0]?.getAttribute("href")).toBe("/articles/00000000-0000-4000-8000-000000000001");
    expect(within(rows[0]!).getByRole("link", { name: "Changes requested: 2 — revise" }).getAttribute("href")).toBe(
      "/articles/00000000-0000-4000-8000-000000000001?f.status=changes_requested",
    );
    expect(
      within(rows[0]!)
        .getAllByRole("listitem")
        .map((li) => li.textContent),
    ).toEqual(["Accepted: 1", "Changes requested: 2"]);
    expect(text(rows[2])).toContain("None yet");
  });

  it("reads in German, statuses in the vocabulary's words", () => {
    renderWithIntl(<MyQueue items={ITEMS} />, { locale: "de" });
    expect(screen.getByText("2 offen · 1 mit angeforderten Änderungen · 1 eingereicht")).toBeTruthy();
    expect(screen.getByRole("link", { name: "Änderungen angefordert: 2 – überarbeiten" })).toBeTruthy();
    expect(screen.getByText("Zur Prüfung eingereicht: 1")).toBeTruthy();
  });
});
