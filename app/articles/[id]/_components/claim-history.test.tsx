// @vitest-environment happy-dom
import { cleanup, fireEvent, screen, waitFor, within } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { HistoryChanges } from "@/app/projects/[id]/activity/_components/history-changes";
import type { HistoryChange } from "@/lib/history-diff";
import { DEFAULT_TAXONOMY } from "@/lib/taxonomy";
import { renderWithIntl } from "@/test-support/intl";
import { ClaimHistory, type ClaimHistoryEntry } from "./claim-history";

const CLAIM_ID = "00000000-0000-4000-8000-0000000000c1";

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

function entry(id: number, action: string, changes: HistoryChange[], actorName: string | null = "Ann"): ClaimHistoryEntry {
  return { id, action, actorName, createdAt: "2026-12-01T10:00:00.000Z", changes };
}

function answering(events: ClaimHistoryEntry[] | null) {
  const fetchMock = vi.fn(async () =>
    events === null
      ? new Response("{}", { status: 500 })
      : new Response(JSON.stringify({ events }), { headers: { "content-type": "application/json" } }),
  );
  vi.stubGlobal("fetch", fetchMock);
  return fetchMock;
}

function open() {
  const summary = screen.getByText("History");
  const details = summary.closest("details")!;
  details.open = true;
  fireEvent(details, new Event("toggle"));
}

describe("ClaimHistory", () => {
  it("loads only when opened, then shows who did what and what changed, field by field", async () => {
    const fetchMock = answering([
      entry(1, "claim.created", []),
      entry(2, "claim.updated", [
        { kind: "value", field: "verdict", before: "unverified", after: "false" },
        { kind: "value", field: "speaker", before: "", after: "Reuters" },
        { kind: "sourceAdded", source: { url: "https://example.org/report", title: "Report" } },
        { kind: "sourceChanged", source: { url: "https://example.org/a", title: "" }, field: "stance", before: "supports", after: "refutes" },
        { kind: "list", field: "tags", added: ["economy"], removed: ["old"] },
        { kind: "span", before: { start: 0, end: 3, exact: "12 percent" }, after: { start: 0, end: 5, exact: "by 12 percent" } },
      ]),
      entry(3, "claim.accepted", [{ kind: "value", field: "status", before: "submitted", after: "accepted" }], "Rita"),
      entry(4, "claim.frobnicated", [{ kind: "unknown", field: "futureField" }], null),
    ]);
    renderWithIntl(<ClaimHistory claimId={CLAIM_ID} refreshKey={0} />);
    expect(fetchMock).not.toHaveBeenCalled();
    open();
    const list = await screen.findByRole("list", { name: "History" });
    expect(fetchMock).toHaveBeenCalledWith(`/api/reviews/claims/${CLAIM_ID}/history`);
    const entries = within(list).getAllByTestId("history-entry");
    expect(entries).toHaveLength(4);
    expect(entries[0]!.textContent).toContain("Ann: created");
    const edit = within(entries[1]!)
      .getAllByRole("listitem")
      .map((li) => li.textContent);
    expect(edit).toEqual([
      "Verdict: unverified → false",
      "Speaker: — → “Reuters”",
      "source added: https://example.org/report",
      "source https://example.org/a: Stance supports → refutes",
      "Tags added: economy; Tags removed: old",
      "quote: “12 percent” → “by 12 percent”",
    ]);
    expect(entries[2]!.textContent).toContain("Rita: accepted");
    expect(entries[2]!.textContent).toContain("status: Submitted for review → Accepted");
    // An action and a field this version does not know read as recorded, never as a crash.
    expect(entries[3]!.textContent).toContain("system: claim.frobnicated");
    expect(entries[3]!.textContent).toContain("futureField changed");
  });

  it("words the same history in German", async () => {
    answering([entry(2, "claim.updated", [{ kind: "value", field: "verdict", before: "unverified", after: "false" }])]);
    renderWithIntl(<ClaimHistory claimId={CLAIM_ID} refreshKey={0} />, { locale: "de" });
    const summary = screen.getByText("Verlauf");
    const details = summary.closest("details")!;
    details.open = true;
    fireEvent(details, new Event("toggle"));
    const list = await screen.findByRole("list", { name: "Verlauf" });
    expect(list.textContent).toContain("Bewertung: unverified → false");
  });

  it("loads again when the page signals a change", async () => {
    const fetchMock = answering([entry(1, "claim.created", [])]);
    const { rerender } = renderWithIntl(<ClaimHistory claimId={CLAIM_ID} refreshKey="1:1" />);
    open();
    await screen.findByRole("list", { name: "History" });
    rerender(<ClaimHistory claimId={CLAIM_ID} refreshKey="1:2" />);
    await waitFor(() => expect(fetchMock).toHaveBeenCalledTimes(2));
  });

  it("says so when the history cannot be loaded, and when there is none", async () => {
    answering(null);
    renderWithIntl(<ClaimHistory claimId={CLAIM_ID} refreshKey={0} />);
    open();
    expect((await screen.findByRole("alert")).textContent).toBe("The history could not be loaded.");
    cleanup();
    answering([]);
    renderWithIntl(<ClaimHistory claimId={CLAIM_ID} refreshKey={0} />);
    open();
    expect(await screen.findByText("Nothing recorded yet.")).toBeTruthy();
  });
});

describe("HistoryChanges", () => {
  it("words labels from the project's taxonomy, roles, blind mode and taxonomy edits", () => {
    renderWithIntl(
      <HistoryChanges
        taxonomy={DEFAULT_TAXONOMY}
        changes={[
          { kind: "value", field: "verdict", before: "unverified", after: "false" },
          { kind: "value", field: "checkWorthiness", before: null, after: 3 },
          { kind: "role", before: "annotator", after: "reviewer" },
          { kind: "blindMode", before: true, after: false },
          { kind: "entryAdded", list: "claimTypes", key: "rumour", label: "Rumour" },
          { kind: "entryRenamed", list: "stances", key: "context", before: "Context", after: "Background" },
          { kind: "ratingChanged", key: "mixed", before: 3, after: null },
          { kind: "unknown", field: "" },
        ]}
      />,
    );
    expect(screen.getAllByRole("listitem").map((li) => li.textContent)).toEqual([
      "Verdict: Unverified → False",
      "Check-worthiness: — → High",
      "role: Annotator → Reviewer",
      "blind mode: on → off",
      "claim type “Rumour” added",
      "stance context: label “Context” → “Background”",
      "verdict mixed: rating 3 → none",
      "changed (this version of Claimwork cannot show how)",
    ]);
  });

  it("shows stored text as text, never as markup", () => {
    renderWithIntl(<HistoryChanges changes={[{ kind: "value", field: "speaker", before: "", after: "<b>bold</b>" }]} />);
    const item = screen.getByRole("listitem");
    expect(item.querySelector("b")).toBeNull();
    expect(item.textContent).toBe("Speaker: — → “<b>bold</b>”");
  });

  it("draws nothing for an entry without changes", () => {
    const { container } = renderWithIntl(<HistoryChanges changes={[]} />);
    expect(container.innerHTML).toBe("");
  });
});
