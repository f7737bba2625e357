// @vitest-environment happy-dom
import { screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import { ARTICLE_ID, claimOf, FIRST, renderAnnotator, setUpAnnotatorTests } from "./annotator-test-setup";

/**
 * A long article's page comes with its first claims only (app/articles/[id]/page.tsx) and loads the
 * rest once it is interactive: meanwhile it says so, counts no coverage, makes no claim (one of the
 * person's may already cover the sentence), and a link to a claim not yet loaded opens it once it is.
 */

setUpAnnotatorTests();

const SECOND = "Die Regierung rechnet mit Wachstum.";
const C2 = "00000000-0000-4000-8000-0000000000c2";

/** The claim list's endpoint, answering once the test lets it; every request is recorded. */
function heldClaimList() {
  let answer: (() => void) | null = null;
  const requests: string[] = [];
  const all = [claimOf(FIRST), claimOf(SECOND, { id: C2, sentenceIndexes: [2] })];
  vi.stubGlobal(
    "fetch",
    vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
      const url = new URL(String(input), "http://localhost");
      requests.push(`${init?.method ?? "GET"} ${url.pathname}${url.search}`);
      if (url.pathname !== `/api/articles/${ARTICLE_ID}/claims`)
        return new Response(JSON.stringify({ error: { message: "Not found." } }), { status: 404 });
      await new Promise<void>((resolve) => (answer = resolve));
      return new Response(JSON.stringify({ claims: all }), { status: 200 });
    }),
  );
  return { requests, answer: () => answer?.() };
}

describe("a page that comes with the first claims", () => {
  it("loads the rest, saying so, and makes no claim until all are here", async () => {
    const list = heldClaimList();
    const page = renderAnnotator({ claims: [claimOf(FIRST)], claimCount: 2 });
    const side = screen.getByRole("complementary", { name: "Claims" });
    expect(within(side).getByTestId("claims-loading").textContent).toBe("Loading the other claims… 1 of 2 shown so far.");
    expect(within(side).queryByTestId("coverage")).toBeNull();
    await waitFor(() => expect(list.requests).toContain(`GET /api/articles/${ARTICLE_ID}/claims`));

    // c on the second sentence, whose claim is not here yet: nothing is made, and the page says why.
    page.focus(2);
    page.press("c");
    expect(screen.getByRole("alert").textContent).toContain("the article's other claims are still loading");
    expect(list.requests.filter((r) => r.startsWith("PUT"))).toEqual([]);

    list.answer();
    await waitFor(() => expect(within(side).getAllByTestId("claim-item")).toHaveLength(2));
    expect(within(side).queryByTestId("claims-loading")).toBeNull();
    expect(within(side).getByTestId("coverage").textContent).toContain("2 of 3");
    // Now c opens the claim that was there all along instead of making a duplicate.
    page.press("c");
    await waitFor(() => expect(page.editor()).toBeTruthy());
    expect(within(page.editor()!).getByText(SECOND, { exact: false })).toBeTruthy();
    expect(list.requests.filter((r) => r.startsWith("PUT"))).toEqual([]);
  });

  it("opens a linked claim once it has loaded", async () => {
    const list = heldClaimList();
    window.location.hash = `#claim-${C2}`;
    const page = renderAnnotator({ claims: [claimOf(FIRST)], claimCount: 2, isTextFocused: false });
    expect(page.editor()).toBeNull();
    await waitFor(() => expect(list.requests.length).toBeGreaterThan(0));
    list.answer();
    await waitFor(() => expect(page.editor()).toBeTruthy());
    const open = screen.getAllByTestId("claim-item").filter((item) => item.getAttribute("aria-current") === "true");
    expect(open.map((item) => item.getAttribute("data-claim-id"))).toEqual([C2]);
  });
});
