// @vitest-environment happy-dom
import { act, cleanup, fireEvent, screen, within } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { DEFAULT_TAXONOMY } from "@/lib/taxonomy";
import type { ReviewQueueItem } from "@/server/team/decisions";
import { FakeEventSource } from "@/test-support/fake-event-source";
import { renderWithIntl } from "@/test-support/intl";
import { ClaimInContext, splitContext } from "./claim-in-context";
import { isTypingTarget, queueKeyAction } from "./queue-keys";
import { ReviewQueue } from "./review-queue";

/**
 * The review queue's page of claims: the claim marked in its context (offsets
 * in code points, text never as HTML), the fields and sources, the keys, the
 * selection and its batch accept, and live new submissions.
 */

const refresh = vi.hoisted(() => vi.fn());
vi.mock("next/navigation", () => ({ useRouter: () => ({ refresh }) }));

const PROJECT_ID = "00000000-0000-4000-8000-0000000000e1";
const ARTICLE_ID = "00000000-0000-4000-8000-0000000000a1";
const fetchMock = vi.fn<typeof fetch>();

function item(n: number, overrides: Partial<ReviewQueueItem> = {}): ReviewQueueItem {
  return {
    id: `00000000-0000-4000-8000-00000000000${n}`,
    articleId: ARTICLE_ID,
    articleTitle: "Bike lanes",
    articleLanguage: "de",
    authorId: "ann",
    authorName: "Ann",
    start: 10,
    end: 20,
    exact: `claim ${n}`,
    status: "submitted",
    version: 2,
    updatedAt: new Date("2026-12-01T10:00:00Z"),
    claimType: "statistic",
    checkWorthiness: 2,
    speaker: "Mayor",
    normalizedClaim: "",
    verdict: "unverified",
    rationale: "",
    tags: [],
    language: null,
    context: { text: `Before. claim ${n} after.`, start: 2, claimStart: 8, claimEnd: 15, isCutBefore: false, isCutAfter: false },
    sources: [],
    othersOnSentences: 0,
    ...overrides,
  };
}

function renderQueue(items: ReviewQueueItem[], options: { isAwaitingDecisions?: boolean } = {}) {
  return renderWithIntl(
    <ReviewQueue
      projectId={PROJECT_ID}
      items={items}
      taxonomy={DEFAULT_TAXONOMY}
      articleHrefs={{ [ARTICLE_ID]: `/projects/${PROJECT_ID}/review?article=${ARTICLE_ID}` }}
      isAwaitingDecisions={options.isAwaitingDecisions ?? true}
    />,
  );
}

function answer(status: number, body: unknown) {
  fetchMock.mockResolvedValueOnce(new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } }));
}

const claimItems = () => screen.getAllByTestId("review-claim");

beforeEach(() => {
  fetchMock.mockReset();
  refresh.mockReset();
  vi.stubGlobal("fetch", fetchMock);
  vi.stubGlobal("EventSource", FakeEventSource);
});

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

describe("the claim in its context", () => {
  it("cuts at code points, so an emoji before the claim does not shift the mark", () => {
    const text = "Intro 😀 line. The city spent 4 million euros.";
    const start = [...text].indexOf("4");
    expect(splitContext({ text, claimStart: start, claimEnd: start + "4 million euros".length })).toEqual({
      before: "Intro 😀 line. The city spent ",
      claim: "4 million euros",
      after: ".",
    });
  });

  it("marks the claim, renders markup in the text as text, and carries the article's language", () => {
    const { container } = renderWithIntl(
      <ClaimInContext
        context={{ text: "<b>Bold</b> claim here", start: 0, claimStart: 12, claimEnd: 17, isCutBefore: true, isCutAfter: false }}
        language="de"
        label="The claim in its text"
      />,
    );
    const quote = container.querySelector("blockquote")!;
    expect(quote.getAttribute("lang")).toBe("de");
    expect(quote.querySelector("b")).toBeNull();
    expect(quote.querySelector("mark")?.textContent).toBe("claim");
    expect(quote.textContent).toBe("… <b>Bold</b> claim here");
  });
});

describe("ReviewQueue", () => {
  it("shows each claim's fields and sources, the source as a safe link", () => {
    renderQueue([
      item(1, {
        rationale: "Budget line 4.",
        othersOnSentences: 2,
        verdict: "false",
        sources: [{ id: "s1", url: "https://example.org/b", title: "Budget", publisher: "City", stance: "refutes", excerpt: "3.2m" }],
      }),
    ]);
    const claim = claimItems()[0]!;
    expect(within(claim).getByRole("heading", { name: "Ann’s claim “claim 1”" })).toBeTruthy();
    expect(within(claim).getByText("Budget line 4.")).toBeTruthy();
    expect(within(claim).getByText("2 other annotators")).toBeTruthy();
    expect(within(claim).getByText("False")).toBeTruthy();
    const link = within(claim).getByRole("link", { name: "Budget" });
    expect(link.getAttribute("href")).toBe("https://example.org/b");
    expect(link.getAttribute("rel")).toBe("noopener noreferrer");
    expect(within(claim).getByText("Refutes")).toBeTruthy();
    expect(within(claim).getByText("3.2m")).toBeTruthy();
    expect(within(claim).getByRole("link", { name: "Open in the article" }).getAttribute("href")).toBe(`/articles/${ARTICLE_ID}#claim-${item(1).id}`);
  });

  it("moves between claims with j/k and the arrows inside the queue only, and ignores keys typed into a field", () => {
    renderQueue([item(1), item(2), item(3)]);
    // Outside the queue a letter is nobody's command; the first claim is the queue's Tab stop.
    fireEvent.keyDown(document.body, { key: "j" });
    expect(document.activeElement).toBe(document.body);
    expect(claimItems().map((li) => li.tabIndex)).toEqual([0, -1, -1]);
    act(() => claimItems()[0]!.focus());
    fireEvent.keyDown(document.activeElement!, { key: "ArrowDown" });
    fireEvent.keyDown(document.activeElement!, { key: "j" });
    expect(document.activeElement).toBe(claimItems()[2]);
    fireEvent.keyDown(document.activeElement!, { key: "k" });
    expect(document.activeElement).toBe(claimItems()[1]);
    expect(claimItems()[1]!.getAttribute("aria-current")).toBe("true");
    expect(claimItems().map((li) => li.tabIndex)).toEqual([-1, 0, -1]);
    const comment = within(claimItems()[1]!).getByLabelText(/Comment/);
    comment.focus();
    fireEvent.keyDown(comment, { key: "j" });
    fireEvent.keyDown(comment, { key: "a" });
    expect(document.activeElement).toBe(comment);
    expect(fetchMock).not.toHaveBeenCalled();
  });

  it("accepts the current claim with a, and r focuses the comment field instead of rejecting without one", async () => {
    renderQueue([item(1), item(2)]);
    act(() => claimItems()[0]!.focus());
    fireEvent.keyDown(document.activeElement!, { key: "r" });
    const comment = within(claimItems()[0]!).getByLabelText(/Comment/);
    expect(document.activeElement).toBe(comment);
    expect(screen.getByText("Write a comment first, then choose Reject.")).toBeTruthy();
    expect(fetchMock).not.toHaveBeenCalled();

    act(() => claimItems()[0]!.focus());
    answer(200, { claimId: item(1).id, status: "accepted", version: 3, reviewId: "r" });
    await act(async () => {
      fireEvent.keyDown(claimItems()[0]!, { key: "a" });
    });
    expect(fetchMock).toHaveBeenCalledWith(`/api/reviews/claims/${item(1).id}/decision`, expect.objectContaining({ method: "POST" }));
    expect(JSON.parse(fetchMock.mock.calls[0]![1]!.body as string)).toEqual({ decision: "accept", comment: "" });
    // Decided in place: the claim stays where it was, with its new status and no controls.
    expect(claimItems()).toHaveLength(2);
    expect(within(claimItems()[0]!).getByText("Decided: Accepted.")).toBeTruthy();
    expect(within(claimItems()[0]!).queryByRole("button", { name: "Accept" })).toBeNull();
  });

  it("selects with x and the checkboxes, accepts the selection in one request and announces the outcome", async () => {
    renderQueue([item(1), item(2), item(3)]);
    act(() => claimItems()[0]!.focus());
    fireEvent.keyDown(document.activeElement!, { key: "x" });
    fireEvent.click(screen.getByRole("checkbox", { name: "Select Ann’s claim “claim 3”" }));
    expect(screen.getByText("2 claims selected.")).toBeTruthy();
    answer(200, {
      items: [
        { claimId: item(1).id, outcome: "accepted", status: "accepted", version: 3 },
        { claimId: item(3).id, outcome: "refused", code: "forbidden:claim", message: "You cannot review your own claim." },
      ],
      acceptedCount: 1,
      alreadyAcceptedCount: 0,
      refusedCount: 1,
    });
    await act(async () => {
      fireEvent.click(screen.getByRole("button", { name: "Accept selected (2)" }));
    });
    expect(fetchMock).toHaveBeenCalledWith("/api/reviews/batch", expect.objectContaining({ method: "POST" }));
    expect(JSON.parse(fetchMock.mock.calls[0]![1]!.body as string)).toEqual({ claimIds: [item(1).id, item(3).id] });
    const summary = screen.getByText("1 claim accepted, 0 already accepted, 1 refused.");
    expect(summary.getAttribute("aria-live")).toBe("polite");
    expect(within(claimItems()[2]!).getByRole("alert").textContent).toBe("Not accepted: You cannot review your own claim.");
    expect(screen.getByText("1 claim selected.")).toBeTruthy();
  });

  it("announces new submissions of the project without reordering, and shows them when asked", () => {
    renderQueue([item(1)]);
    expect(FakeEventSource.current?.url).toContain(`projectId=${PROJECT_ID}`);
    const notice = (entityId: string, action = "claim.submitted") => ({
      projectId: PROJECT_ID,
      entityType: "claim",
      entityId,
      action,
      actorId: "ben",
    });
    act(() => {
      FakeEventSource.current!.emit("change", notice("00000000-0000-4000-8000-0000000000f1"));
      FakeEventSource.current!.emit("change", notice("00000000-0000-4000-8000-0000000000f2"));
      FakeEventSource.current!.emit("change", notice("00000000-0000-4000-8000-0000000000f2"));
      FakeEventSource.current!.emit("change", notice(item(1).id));
      FakeEventSource.current!.emit("change", notice("00000000-0000-4000-8000-0000000000f3", "claim.updated"));
    });
    expect(screen.getByText("2 new submissions")).toBeTruthy();
    expect(claimItems()).toHaveLength(1);
    fireEvent.click(screen.getByRole("button", { name: "Show" }));
    expect(refresh).toHaveBeenCalledTimes(1);
  });

  it("announces a new submission on an empty queue too, where a reviewer waits for one", () => {
    renderWithIntl(
      <ReviewQueue
        projectId={PROJECT_ID}
        items={[]}
        taxonomy={DEFAULT_TAXONOMY}
        articleHrefs={{}}
        isAwaitingDecisions
        empty={<p>Nothing awaits review.</p>}
      />,
    );
    expect(screen.getByText("Nothing awaits review.")).toBeTruthy();
    act(() => {
      FakeEventSource.current!.emit("change", {
        projectId: PROJECT_ID,
        entityType: "claim",
        entityId: "00000000-0000-4000-8000-0000000000f1",
        action: "claim.submitted",
        actorId: "ben",
      });
    });
    expect(screen.getByText("1 new submission")).toBeTruthy();
    fireEvent.click(screen.getByRole("button", { name: "Show" }));
    expect(refresh).toHaveBeenCalledTimes(1);
  });

  it("speaks German", () => {
    renderWithIntl(<ReviewQueue projectId={PROJECT_ID} items={[item(1)]} taxonomy={DEFAULT_TAXONOMY} articleHrefs={{}} isAwaitingDecisions />, {
      locale: "de",
    });
    expect(screen.getByRole("heading", { name: "Behauptung von Ann: „claim 1“" })).toBeTruthy();
    expect(screen.getByRole("button", { name: "Ausgewählte annehmen (0)" })).toBeTruthy();
    expect(screen.getByText("Keine Behauptung ausgewählt.")).toBeTruthy();
  });
});

describe("the keys", () => {
  it("map j/k/arrows, a, r, c and x, and nothing with a modifier", () => {
    const press = (key: string, modifiers: Partial<Record<"ctrlKey" | "metaKey" | "altKey", boolean>> = {}) =>
      queueKeyAction({ key, ctrlKey: false, metaKey: false, altKey: false, ...modifiers });
    expect(["j", "ArrowDown", "k", "ArrowUp", "a", "r", "c", "x", "q"].map((key) => press(key))).toEqual([
      "next",
      "next",
      "previous",
      "previous",
      "accept",
      "reject",
      "request_changes",
      "select",
      null,
    ]);
    expect(press("a", { ctrlKey: true })).toBeNull();
    expect(press("r", { metaKey: true })).toBeNull();
  });

  it("treat text fields, selects and editable text as typing, checkboxes and buttons not", () => {
    const make = (html: string) => {
      const holder = document.createElement("div");
      holder.innerHTML = html;
      return holder.firstElementChild;
    };
    expect(isTypingTarget(make("<input type='text'>"))).toBe(true);
    expect(isTypingTarget(make("<textarea></textarea>"))).toBe(true);
    expect(isTypingTarget(make("<select></select>"))).toBe(true);
    expect(isTypingTarget(make("<input type='checkbox'>"))).toBe(false);
    expect(isTypingTarget(make("<button>x</button>"))).toBe(false);
    expect(isTypingTarget(null)).toBe(false);
  });
});
