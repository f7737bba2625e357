// @vitest-environment happy-dom
import { cleanup, fireEvent, screen, waitFor, within } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { ReanchorQueueItem } from "@/server/revisions";
import { renderWithIntl } from "@/test-support/intl";
import { ReanchorQueue } from "./reanchor-queue";

/** The re-anchoring queue: where a claim was and may go, the diff between, and the three decisions as the API takes them. */

const refresh = vi.fn();
vi.mock("next/navigation", () => ({ useRouter: () => ({ refresh }) }));
const fetchMock = vi.fn<typeof fetch>();

beforeEach(() => {
  refresh.mockReset();
  fetchMock.mockReset();
  vi.stubGlobal("fetch", fetchMock);
});
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const CURRENT = "Update 🇩🇪. The mayor said traffic fell by 21 percent. Officials expect more.";

function item(overrides: Partial<ReanchorQueueItem> = {}): ReanchorQueueItem {
  return {
    claimId: "0b2d9c4e-4a7f-4a0e-9a47-1d8a2f7e1c00",
    version: 2,
    authorName: "Ann",
    isGold: false,
    claimType: "statistic",
    anchorState: "needs_confirmation",
    reason: "approximate",
    fromRevision: 1,
    toRevision: 2,
    before: {
      start: 0,
      end: 42,
      exact: "The mayor said traffic fell by 12 percent.",
      snippet: { text: "The mayor said traffic fell by 12 percent. Officials expect more.", start: 0, end: 42 },
    },
    proposals: [
      {
        start: 11,
        end: 53,
        exact: "The mayor said traffic fell by 21 percent.",
        score: 0.9123,
        snippet: { text: CURRENT, start: 11, end: 53 },
      },
    ],
    canResolve: true,
    ...overrides,
  };
}

describe("ReanchorQueue", () => {
  it("shows the claim where it was and where it may go, with what changed between, and accepts a proposal against the version seen", async () => {
    fetchMock.mockResolvedValue(Response.json({ claim: { anchorState: "placed", version: 3 } }));
    renderWithIntl(<ReanchorQueue articleId="a" revision={2} items={[item()]} currentText={CURRENT} />);
    const card = screen.getByTestId("reanchor-item");
    expect(within(card).getByRole("heading", { name: "Claim by Ann Needs confirmation" })).toBeTruthy();
    expect(within(card).getByText("The quote was found only approximately.")).toBeTruthy();
    const marks = card.querySelectorAll("blockquote mark");
    expect([...marks].map((m) => m.textContent)).toEqual([
      "The mayor said traffic fell by 12 percent.",
      "The mayor said traffic fell by 21 percent.",
    ]);
    const diff = within(card).getByTestId("reanchor-diff");
    expect([...diff.querySelectorAll("ins")].map((e) => e.textContent)).toEqual(expect.arrayContaining([expect.stringContaining("21")]));
    expect([...diff.querySelectorAll("del")].map((e) => e.textContent)).toEqual(expect.arrayContaining([expect.stringContaining("12")]));
    fireEvent.click(within(card).getByRole("button", { name: "Accept proposal 1" }));
    await waitFor(() => expect(screen.getByRole("status").textContent).toBe("Placed on revision 2."));
    expect(fetchMock).toHaveBeenCalledWith(
      "/api/claims/0b2d9c4e-4a7f-4a0e-9a47-1d8a2f7e1c00/reanchor",
      expect.objectContaining({ method: "POST", body: JSON.stringify({ version: 2, resolution: { action: "accept", proposal: 0 } }) }),
    );
    expect(refresh).toHaveBeenCalled();
  });

  it("places by hand on offsets of the current text, showing the words they give before anything is sent", async () => {
    fetchMock.mockResolvedValue(Response.json({ claim: { anchorState: "placed", version: 3 } }));
    renderWithIntl(
      <ReanchorQueue
        articleId="a"
        revision={2}
        items={[item({ anchorState: "orphaned", reason: "not_found", proposals: [] })]}
        currentText={CURRENT}
      />,
    );
    expect(screen.getByText("No place is proposed: the quote was not found in the current revision.")).toBeTruthy();
    expect(screen.queryByRole("button", { name: "Leave orphaned" })).toBeNull();
    fireEvent.click(screen.getByRole("button", { name: "Place by hand" }));
    fireEvent.change(screen.getByLabelText("Start (code points)"), { target: { value: "0" } });
    fireEvent.change(screen.getByLabelText("End (code points)"), { target: { value: "9" } });
    // Code points: the flag is two, so 0–9 is "Update 🇩🇪".
    expect(screen.getByTestId("reanchor-preview").textContent).toBe("Update 🇩🇪");
    fireEvent.change(screen.getByLabelText("End (code points)"), { target: { value: "0" } });
    expect(screen.getByTestId("reanchor-preview").textContent).toBe("(no text at these offsets)");
    fireEvent.change(screen.getByLabelText("End (code points)"), { target: { value: "9999" } });
    expect(screen.getByTestId("reanchor-preview").textContent).toBe("(no text at these offsets)");
    expect((screen.getByRole("button", { name: "Place here" }) as HTMLButtonElement).disabled).toBe(true);
    fireEvent.change(screen.getByLabelText("End (code points)"), { target: { value: "6" } });
    fireEvent.click(screen.getByRole("button", { name: "Place here" }));
    await waitFor(() => expect(fetchMock).toHaveBeenCalled());
    expect(JSON.parse(String(fetchMock.mock.calls[0]![1]!.body))).toEqual({ version: 2, resolution: { action: "place", start: 0, end: 6 } });
  });

  it("says the server's reason when a decision is refused, and offers nothing to someone who may not decide", async () => {
    fetchMock.mockResolvedValue(Response.json({ error: { code: "conflict:claim", message: "This claim was changed elsewhere." } }, { status: 409 }));
    renderWithIntl(<ReanchorQueue articleId="a" revision={2} items={[item()]} currentText={CURRENT} />);
    fireEvent.click(screen.getByRole("button", { name: "Leave orphaned" }));
    await waitFor(() => expect(screen.getByRole("alert").textContent).toBe("This claim was changed elsewhere."));
    expect(refresh).not.toHaveBeenCalled();
    cleanup();
    renderWithIntl(<ReanchorQueue articleId="a" revision={2} items={[item({ canResolve: false })]} currentText="" />);
    expect(screen.queryAllByRole("button")).toEqual([]);
    expect(screen.getByText("Only the claim's author or a reviewer can place it.")).toBeTruthy();
  });

  it("says when nothing waits, in German too", () => {
    renderWithIntl(<ReanchorQueue articleId="a" revision={2} items={[]} currentText="" />, { locale: "de" });
    expect(screen.getByTestId("reanchor-empty").textContent).toBe("Keine Behauptung wartet: Jede ist auf der aktuellen Fassung platziert.");
  });
});
