// @vitest-environment happy-dom
import { act, cleanup, fireEvent, screen, within } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { BoardAnnotator, BoardArticle } from "@/server/team/assignments";
import { renderWithIntl } from "@/test-support/intl";
import { ArticleControls } from "./article-controls";
import { AssignmentDesk } from "./assignment-desk";
import { DistributeForm } from "./distribute-form";
import { dayIn, endOfDayIn } from "./due-date";

/**
 * The assignment page's client parts: choosing and distributing with a plan
 * shown first, the selection across pages, and the per-article changes — by
 * their accessible names, in English and German, and what they send.
 */

const refresh = vi.hoisted(() => vi.fn());
vi.mock("next/navigation", () => ({ useRouter: () => ({ refresh }) }));

const PROJECT_ID = "00000000-0000-4000-8000-0000000000e1";
const OTHER_PROJECT_ID = "00000000-0000-4000-8000-0000000000e2";
const ARTICLE = (n: number) => `00000000-0000-4000-8000-00000000000${n}`;
const LONG_NAME = "Dana Adiyaman-Lindqvist von Hohenberg";

const ANNOTATORS: BoardAnnotator[] = [
  { userId: "u-ann", name: "Ann", role: "annotator", openCount: 3, submittedCount: 1 },
  { userId: "u-ben", name: "Ben", role: "annotator", openCount: 0, submittedCount: 0 },
  { userId: "u-dana", name: LONG_NAME, role: "reviewer", openCount: 2, submittedCount: 0 },
];

const ARTICLES: BoardArticle[] = [
  { id: ARTICLE(1), title: "Budget vote", isClosed: false, assignees: [] },
  {
    id: ARTICLE(2),
    title: "Traffic figures",
    isClosed: true,
    assignees: [
      { userId: "u-ann", name: "Ann", status: "submitted", dueAt: new Date("2027-01-15T23:59:59.999Z") },
      { userId: "u-ben", name: "Ben", status: "assigned", dueAt: null },
    ],
  },
];

const fetchMock = vi.fn<typeof fetch>();
const onStale = vi.fn();

beforeEach(() => {
  fetchMock.mockReset();
  refresh.mockReset();
  onStale.mockReset();
  vi.stubGlobal("fetch", fetchMock);
  sessionStorage.clear();
});

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

function sentBody(call: number): unknown {
  return JSON.parse(String(fetchMock.mock.calls[call]?.[1]?.body));
}

const PLAN = {
  plan: {
    articleCount: 3,
    completeCount: 0,
    closedCount: 1,
    additionCount: 4,
    shares: [
      { userId: "u-ann", name: "Ann", current: 4, added: 1 },
      { userId: "u-ben", name: "Ben", current: 0, added: 2 },
      { userId: "u-dana", name: LONG_NAME, current: 2, added: 1 },
    ],
  },
};

describe("DistributeForm", () => {
  it("lists annotators as named checkboxes with their load, whole names, and asks for k and a due date", () => {
    renderWithIntl(<DistributeForm projectId={PROJECT_ID} articleIds={[]} annotators={ANNOTATORS} defaultK={2} maxK={20} onStale={onStale} />);
    const form = screen.getByRole("form", { name: "Distribute" });
    const annotators = within(form).getByRole("group", { name: "Annotators" });
    const dana = within(annotators).getByRole("checkbox", { name: LONG_NAME });
    expect(dana.getAttribute("aria-describedby")).toBeTruthy();
    expect(document.getElementById(dana.getAttribute("aria-describedby")!)?.textContent).toBe("Reviewer · 2 open, 0 submitted");
    expect((within(form).getByLabelText("Annotators per article (k)") as HTMLInputElement).value).toBe("2");
    expect(within(form).getByLabelText("Due date (optional)")).toBeTruthy();
  });

  it("says what is missing before asking the server: articles, annotators, a k above the annotators chosen", async () => {
    const { rerender } = renderWithIntl(
      <DistributeForm projectId={PROJECT_ID} articleIds={[]} annotators={ANNOTATORS} defaultK={2} maxK={20} onStale={onStale} />,
    );
    const submit = screen.getByRole("button", { name: "Distribute" });
    await act(async () => void fireEvent.click(submit));
    expect(screen.getByRole("alert").textContent).toBe("Select at least one article first.");
    rerender(<DistributeForm projectId={PROJECT_ID} articleIds={[ARTICLE(1)]} annotators={ANNOTATORS} defaultK={2} maxK={20} onStale={onStale} />);
    await act(async () => void fireEvent.click(submit));
    expect(screen.getByRole("alert").textContent).toBe("Choose at least one annotator.");
    fireEvent.click(screen.getByRole("checkbox", { name: "Ann" }));
    await act(async () => void fireEvent.click(submit));
    expect(screen.getByRole("alert").textContent).toBe(
      "Annotators per article (2) cannot be more than the annotators chosen (1): nobody is assigned twice to one article.",
    );
    expect(fetchMock).not.toHaveBeenCalled();
  });

  it("shows the plan first, applies exactly that with the due date's end of day, and says what it did", async () => {
    renderWithIntl(
      <DistributeForm
        projectId={PROJECT_ID}
        articleIds={[ARTICLE(2), ARTICLE(1)]}
        annotators={ANNOTATORS}
        defaultK={2}
        maxK={20}
        onStale={onStale}
      />,
    );
    fireEvent.click(screen.getByRole("button", { name: "Choose all annotators" }));
    fireEvent.change(screen.getByLabelText("Due date (optional)"), { target: { value: "2027-01-15" } });
    fetchMock.mockResolvedValueOnce(Response.json(PLAN));
    await act(async () => void fireEvent.click(screen.getByRole("button", { name: "Distribute" })));
    expect(fetchMock.mock.calls[0]?.[0]).toBe(`/api/projects/${PROJECT_ID}/assignments/plan`);
    expect(sentBody(0)).toEqual({ articleIds: [ARTICLE(1), ARTICLE(2)], userIds: ["u-ann", "u-ben", "u-dana"], k: 2 });

    const heading = screen.getByRole("heading", { name: "Plan" });
    expect(document.activeElement).toBe(heading);
    expect(
      screen.getByText("4 new assignments for 3 articles; none already has enough. 1 closed article is left out: reopen it to assign."),
    ).toBeTruthy();
    const plan = screen.getByRole("table", { name: "Plan" });
    expect(
      within(plan)
        .getAllByRole("row")
        .map((row) => [...row.querySelectorAll("td")].map((cell) => cell.textContent)),
    ).toEqual([[], ["Ann", "4", "1", "5"], ["Ben", "0", "2", "2"], [LONG_NAME, "2", "1", "3"]]);

    fetchMock.mockResolvedValueOnce(Response.json({ round: { ...PLAN.plan, createdCount: 4 } }, { status: 201 }));
    await act(async () => void fireEvent.click(screen.getByRole("button", { name: "Assign as planned" })));
    expect(fetchMock.mock.calls[1]?.[0]).toBe(`/api/projects/${PROJECT_ID}/assignments`);
    // The test's time zone is UTC (test-support/intl.tsx).
    expect(sentBody(1)).toEqual({ ...(sentBody(0) as object), dueAt: "2027-01-15T23:59:59.999Z" });
    const status = screen.getByText("4 assignments created.");
    expect(status.getAttribute("role")).toBe("status");
    expect(document.activeElement).toBe(status);
    expect(screen.queryByRole("table", { name: "Plan" })).toBeNull();
    expect(refresh).toHaveBeenCalled();
  });

  it("puts the plan away when a choice changes, so it never applies something else", async () => {
    renderWithIntl(
      <DistributeForm projectId={PROJECT_ID} articleIds={[ARTICLE(1)]} annotators={ANNOTATORS} defaultK={1} maxK={20} onStale={onStale} />,
    );
    fireEvent.click(screen.getByRole("checkbox", { name: "Ann" }));
    fetchMock.mockResolvedValueOnce(Response.json(PLAN));
    await act(async () => void fireEvent.click(screen.getByRole("button", { name: "Distribute" })));
    expect(screen.getByRole("button", { name: "Assign as planned" })).toBeTruthy();
    fireEvent.click(screen.getByRole("checkbox", { name: "Ben" }));
    expect(screen.queryByRole("button", { name: "Assign as planned" })).toBeNull();
  });

  it("unselects articles the server no longer finds in the project, and says so", async () => {
    renderWithIntl(
      <DistributeForm
        projectId={PROJECT_ID}
        articleIds={[ARTICLE(2), ARTICLE(1)]}
        annotators={ANNOTATORS}
        defaultK={1}
        maxK={20}
        onStale={onStale}
      />,
    );
    fireEvent.click(screen.getByRole("checkbox", { name: "Ann" }));
    const refusal = {
      code: "unprocessable:assignment",
      message: "1 of the chosen articles are not in this project.",
      fields: { "articleIds.1": "not an article of this project" },
    };
    fetchMock.mockResolvedValueOnce(Response.json({ error: refusal }, { status: 422 }));
    await act(async () => void fireEvent.click(screen.getByRole("button", { name: "Distribute" })));
    // The request sent the ids sorted: index 1 is ARTICLE(2).
    expect(onStale).toHaveBeenCalledWith([ARTICLE(2)]);
    expect(screen.getByRole("alert").textContent).toBe("1 selected article is no longer in this project and was unselected. Distribute again.");
  });

  it("words the server's refusal of k in German", async () => {
    renderWithIntl(
      <DistributeForm projectId={PROJECT_ID} articleIds={[ARTICLE(1)]} annotators={ANNOTATORS} defaultK={1} maxK={20} onStale={onStale} />,
      {
        locale: "de",
      },
    );
    fireEvent.click(screen.getByRole("checkbox", { name: "Ann" }));
    fetchMock.mockResolvedValueOnce(
      Response.json({ error: { code: "forbidden:project", message: "Your role does not allow this." } }, { status: 403 }),
    );
    await act(async () => void fireEvent.click(screen.getByRole("button", { name: "Verteilen" })));
    expect(screen.getByRole("alert").textContent).toBe("Your role does not allow this.");
    fetchMock.mockRejectedValueOnce(new TypeError("offline"));
    await act(async () => void fireEvent.click(screen.getByRole("button", { name: "Verteilen" })));
    expect(screen.getByRole("alert").textContent).toBe("Der Server war nicht erreichbar; nichts wurde geändert.");
  });
});

describe("AssignmentDesk", () => {
  function renderDesk(overrides: Partial<Parameters<typeof AssignmentDesk>[0]> = {}) {
    return renderWithIntl(
      <AssignmentDesk
        projectId={PROJECT_ID}
        articles={ARTICLES}
        matchingIds={[ARTICLE(1), ARTICLE(2), ARTICLE(3)]}
        matchingCount={3}
        isProjectEmpty={false}
        annotators={ANNOTATORS}
        defaultK={2}
        maxK={20}
        maxArticles={5000}
        transferTargets={[{ id: OTHER_PROJECT_ID, name: "Second desk" }]}
        {...overrides}
      />,
    );
  }

  it("selects a page, then every matching article, keeps the selection for the tab, and clears it", async () => {
    renderDesk();
    const table = screen.getByRole("table", { name: "Articles" });
    const status = within(screen.getByRole("region", { name: "Selection" })).getByRole("status");
    expect(status.textContent).toBe("No article selected");
    fireEvent.click(within(table).getByRole("checkbox", { name: "Select all 2 articles on this page" }));
    expect((within(table).getByRole("checkbox", { name: "Select Budget vote" }) as HTMLInputElement).checked).toBe(true);
    expect(status.textContent).toBe("2 articles selected");
    fireEvent.click(screen.getByRole("button", { name: "Select all 3 matching articles" }));
    expect(status.textContent).toBe("3 articles selected 1 of them is not on this page.");
    expect(JSON.parse(sessionStorage.getItem(`claimwork.assignments.selection.${PROJECT_ID}`) ?? "[]")).toHaveLength(3);

    cleanup();
    renderDesk();
    expect(within(screen.getByRole("region", { name: "Selection" })).getByRole("status").textContent).toBe(
      "3 articles selected 1 of them is not on this page.",
    );
    fireEvent.click(screen.getByRole("button", { name: "Clear selection" }));
    expect(within(screen.getByRole("region", { name: "Selection" })).getByRole("status").textContent).toBe("No article selected");
  });

  it("shows who is on each article with status and localised due date, and says when there is nothing", () => {
    renderDesk();
    const table = screen.getByRole("table", { name: "Articles" });
    const [, first, second] = within(table).getAllByRole("row");
    expect(first?.textContent).toContain("Nobody yet");
    expect(second?.textContent).toContain("Traffic figures closed");
    expect(second?.textContent).toContain("Ann Submitted · due Jan 15, 2027");
    cleanup();
    renderDesk({ articles: [], matchingIds: [], matchingCount: 0, isProjectEmpty: true });
    expect(screen.getByText("This project has no articles yet. Import articles first, then assign them here.")).toBeTruthy();
    cleanup();
    renderDesk({ articles: [], matchingIds: [], matchingCount: 0 });
    expect(screen.getByText("No article matches this filter.")).toBeTruthy();
  });

  it("copies the selection to another project, and after a move drops the articles that left from the selection", async () => {
    renderDesk();
    const form = screen.getByRole("form", { name: "Move or copy to another project" });
    expect((within(form).getByLabelText("To project") as HTMLSelectElement).value).toBe(OTHER_PROJECT_ID);
    fireEvent.click(screen.getByRole("checkbox", { name: "Select Budget vote" }));
    fetchMock.mockResolvedValueOnce(
      Response.json(
        { articles: [{ fromId: ARTICLE(1), toId: ARTICLE(9), title: "Budget vote", claimCount: 2, claimsLeftCount: 1 }] },
        { status: 201 },
      ),
    );
    await act(async () => void fireEvent.click(within(form).getByRole("button", { name: "Copy 1 article" })));
    expect(fetchMock.mock.calls[0]?.[0]).toBe(`/api/projects/${PROJECT_ID}/articles/transfer`);
    expect(sentBody(0)).toEqual({ articleIds: [ARTICLE(1)], toProjectId: OTHER_PROJECT_ID, mode: "copy", withClaims: true });
    expect(screen.getByText("1 article copied to Second desk, with 2 claims; 1 claim left behind.").getAttribute("role")).toBe("status");

    fireEvent.click(within(form).getByRole("radio", { name: /^Move/ }));
    expect(within(form).queryByRole("checkbox", { name: "Take the claims along" })).toBeNull();
    const confirm = vi.fn(() => true);
    vi.stubGlobal("confirm", confirm);
    fetchMock.mockResolvedValueOnce(
      Response.json(
        { articles: [{ fromId: ARTICLE(1), toId: ARTICLE(1), title: "Budget vote", claimCount: 2, claimsLeftCount: 0 }] },
        { status: 201 },
      ),
    );
    await act(async () => void fireEvent.click(within(form).getByRole("button", { name: "Move 1 article" })));
    expect(confirm).toHaveBeenCalledWith("Move 1 article to “Second desk”? It leaves this project with its claims, assignments and history.");
    expect(sentBody(1)).toMatchObject({ mode: "move" });
    expect(within(screen.getByRole("region", { name: "Selection" })).getByRole("status").textContent).toBe("No article selected");
  });
});

describe("ArticleControls", () => {
  const traffic = ARTICLES[1]!;

  it("hands an open assignment on, refuses to offer a submitted one, and unassigns only when confirmed", async () => {
    renderWithIntl(<ArticleControls projectId={PROJECT_ID} article={traffic} annotators={ANNOTATORS} />);
    expect(screen.getByText("Change").closest("summary")?.getAttribute("aria-label")).toBe("Change the assignments of Traffic figures");
    const ann = screen.getByRole("group", { name: "Ann" });
    expect(ann.textContent).toContain("Ann has submitted: the work is in review and cannot be handed on.");
    const ben = screen.getByRole("group", { name: "Ben" });
    const to = within(ben).getByLabelText("Hand Ben's assignment to") as HTMLSelectElement;
    expect([...to.options].map((o) => o.textContent)).toEqual([LONG_NAME]);
    fetchMock.mockResolvedValueOnce(Response.json({ assignments: [] }));
    await act(async () => void fireEvent.click(within(ben).getByRole("button", { name: "Reassign" })));
    expect(fetchMock.mock.calls[0]?.[0]).toBe(`/api/projects/${PROJECT_ID}/assignments/${traffic.id}/u-ben`);
    expect(fetchMock.mock.calls[0]?.[1]?.method).toBe("PATCH");
    expect(sentBody(0)).toEqual({ toUserId: "u-dana" });
    expect(screen.getByText(`Ben's assignment went to ${LONG_NAME}.`).getAttribute("role")).toBe("status");

    const confirm = vi.fn(() => false);
    vi.stubGlobal("confirm", confirm);
    fireEvent.click(within(ben).getByRole("button", { name: "Unassign Ben" }));
    expect(confirm).toHaveBeenCalledWith("Withdraw Ben's assignment on “Traffic figures”? Claims they made stay.");
    expect(fetchMock).toHaveBeenCalledTimes(1);
    confirm.mockReturnValue(true);
    fetchMock.mockResolvedValueOnce(new Response(null, { status: 204 }));
    await act(async () => void fireEvent.click(within(ben).getByRole("button", { name: "Unassign Ben" })));
    expect(fetchMock.mock.calls[1]?.[1]?.method).toBe("DELETE");
    expect(screen.getByText("Ben is no longer assigned.")).toBeTruthy();
  });

  it("sets and clears the article's due date, shown as the stored day", async () => {
    renderWithIntl(<ArticleControls projectId={PROJECT_ID} article={traffic} annotators={ANNOTATORS} />);
    const due = screen.getByLabelText("Due date for everyone on this article") as HTMLInputElement;
    expect(due.value).toBe("2027-01-15");
    fireEvent.change(due, { target: { value: "2027-02-01" } });
    fetchMock.mockResolvedValueOnce(Response.json({ changedCount: 2 }));
    await act(async () => void fireEvent.click(screen.getByRole("button", { name: "Set due date" })));
    expect(fetchMock.mock.calls[0]?.[0]).toBe(`/api/projects/${PROJECT_ID}/assignments/due`);
    expect(sentBody(0)).toEqual({ articleIds: [traffic.id], dueAt: "2027-02-01T23:59:59.999Z" });
    expect(screen.getByText("Due date set on 2 assignments.")).toBeTruthy();
    fetchMock.mockResolvedValueOnce(Response.json({ changedCount: 1 }));
    await act(async () => void fireEvent.click(screen.getByRole("button", { name: "Clear due date" })));
    expect(sentBody(1)).toEqual({ articleIds: [traffic.id], dueAt: null });
    expect(screen.getByText("Due date cleared on 1 assignment.")).toBeTruthy();
  });

  it("words a taken seat in German", async () => {
    renderWithIntl(<ArticleControls projectId={PROJECT_ID} article={traffic} annotators={ANNOTATORS} />, { locale: "de" });
    const ben = screen.getByRole("group", { name: "Ben" });
    fetchMock.mockResolvedValueOnce(Response.json({ error: { code: "conflict:assignment", message: "already" } }, { status: 409 }));
    await act(async () => void fireEvent.click(within(ben).getByRole("button", { name: "Neu zuweisen" })));
    expect(screen.getByRole("alert").textContent).toBe("Die gewählte Person ist diesem Artikel schon zugewiesen.");
  });
});

describe("due dates", () => {
  it("end at the last millisecond of the day in the site's zone, across summer time", () => {
    expect(endOfDayIn("2027-01-15", "UTC")).toBe("2027-01-15T23:59:59.999Z");
    expect(endOfDayIn("2027-01-15", "Europe/Berlin")).toBe("2027-01-15T22:59:59.999Z");
    expect(endOfDayIn("2027-07-01", "Europe/Berlin")).toBe("2027-07-01T21:59:59.999Z");
    // The day summer time starts in Berlin (31 March 2024): it ends at UTC+2.
    expect(endOfDayIn("2024-03-31", "Europe/Berlin")).toBe("2024-03-31T21:59:59.999Z");
    expect(endOfDayIn("2027-01-15", "America/New_York")).toBe("2027-01-16T04:59:59.999Z");
  });

  it("read back as the day they were set for", () => {
    for (const zone of ["UTC", "Europe/Berlin", "America/New_York", "Asia/Tokyo"]) {
      expect(dayIn(endOfDayIn("2027-03-28", zone), zone)).toBe("2027-03-28");
    }
  });
});
