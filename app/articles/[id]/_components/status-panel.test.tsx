// @vitest-environment happy-dom
import { cleanup, fireEvent, screen, within } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { ClaimDto } from "@/lib/claim-schema";
import type { ClaimStatus } from "@/lib/client/claim-sync";
import { emptyClaimFields } from "@/lib/fields";
import { renderWithIntl } from "@/test-support/intl";
import { StatusPanel } from "./status-panel";

const ID = "00000000-0000-4000-8000-0000000000c1";
const claim: ClaimDto = {
  id: ID,
  articleId: "a",
  authorId: "me",
  authorName: "Anna",
  target: { start: 0, end: 9, exact: "Exports f", prefix: "", suffix: "" },
  sentenceIndexes: [],
  ...emptyClaimFields(),
  status: "draft",
  version: 1,
  isGold: false,
  createdAt: "",
  updatedAt: "",
  deletedAt: null,
};
const refused: ClaimStatus = {
  id: ID,
  phase: "waiting",
  dueAt: null,
  isWaiting: true,
  held: [],
  refusal: { status: 403, message: "Only the author can change this claim." },
  conflict: null,
  retry: null,
};

afterEach(cleanup);

function renderPanel(overrides: Partial<Parameters<typeof StatusPanel>[0]> = {}) {
  const handlers = { onRetry: vi.fn(), onDismissNotice: vi.fn(), onOpen: vi.fn(), onRestore: vi.fn(), onDiscard: vi.fn(), onSubmit: vi.fn() };
  renderWithIntl(
    <StatusPanel
      claimCount={1}
      coverage={{ annotatable: 3, decided: 1 }}
      syncState={{ kind: "saved", at: 1 }}
      claimStatuses={new Map([[ID, refused]])}
      claims={new Map([[ID, claim]])}
      drafts={new Map()}
      selectedId={null}
      notice={{ kind: "notDeleted", reason: null }}
      readOnlyReason={null}
      liveStatus="closed"
      assignment="assigned"
      openOwnClaims={1}
      articleLanguage="en"
      {...handlers}
      {...overrides}
    />,
  );
  return handlers;
}

describe("StatusPanel", () => {
  it("counts, says it saved, names what waits for the person and offers to open it", () => {
    const handlers = renderPanel();
    expect(screen.getByText("1 claim")).toBeTruthy();
    expect(screen.getByTestId("save-state").textContent).toBe("Saved");
    const alert = screen.getByRole("alert");
    expect(alert.textContent).toContain("Not deleted: the server could not be reached.");
    fireEvent.click(within(alert).getByRole("button", { name: "Dismiss" }));
    expect(handlers.onDismissNotice).toHaveBeenCalled();
    const unsaved = screen.getByRole("list", { name: "Changes not saved" });
    expect(unsaved.textContent).toContain("refused: Only the author can change this claim.");
    fireEvent.click(within(unsaved).getByRole("button", { name: "Open" }));
    expect(handlers.onOpen).toHaveBeenCalledWith(ID);
    fireEvent.click(screen.getByRole("button", { name: "Submit article for review" }));
    expect(handlers.onSubmit).toHaveBeenCalled();
  });

  it("leaves the open claim's problems to its editor", () => {
    renderPanel({ selectedId: ID, notice: null });
    expect(screen.queryByRole("list", { name: "Changes not saved" })).toBeNull();
  });

  it("says how many of the annotatable sentences are decided", () => {
    renderPanel();
    expect(screen.getByTestId("coverage").textContent).toBe("1 of 3 sentences decided");
  });

  it("says a refused sentence decision in the person's words, the server's only for what it has no words for", () => {
    renderPanel({ notice: { kind: "decisionRefused", refusal: { kind: "covered" } } });
    expect(screen.getByRole("alert").textContent).toContain("a claim of yours covers this sentence");
    cleanup();
    renderPanel({ notice: { kind: "decisionRefused", refusal: { kind: "other", message: "Teapot." } } });
    expect(screen.getByRole("alert").textContent).toContain("Not changed: Teapot.");
  });

  it("reads in German", () => {
    renderWithIntl(
      <StatusPanel
        claimCount={2}
        coverage={{ annotatable: 17, decided: 12 }}
        syncState={{ kind: "idle" }}
        claimStatuses={new Map()}
        claims={new Map()}
        drafts={new Map()}
        selectedId={null}
        notice={null}
        readOnlyReason={null}
        liveStatus="closed"
        assignment="submitted"
        openOwnClaims={0}
        articleLanguage="de"
        onRetry={() => {}}
        onDismissNotice={() => {}}
        onOpen={() => {}}
        onRestore={() => {}}
        onDiscard={() => {}}
        onSubmit={() => {}}
      />,
      { locale: "de" },
    );
    expect(screen.getByText("2 Behauptungen")).toBeTruthy();
    expect(screen.getByTestId("coverage").textContent).toBe("12 von 17 Sätzen entschieden");
    expect(screen.getByTestId("live-status").textContent).toBe("Live-Aktualisierungen aus");
  });
});
