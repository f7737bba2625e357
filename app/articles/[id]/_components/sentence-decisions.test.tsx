// @vitest-environment happy-dom
import { act, fireEvent, screen, waitFor, within } from "@testing-library/react";
import { beforeEach, describe, expect, it, vi } from "vitest";
import type { ClaimDto } from "@/lib/claim-schema";
import type { SentenceDecisions } from "@/lib/client/sentence-decisions";
import type { Locale } from "@/lib/i18n/locales";
import type { ChangeNotice } from "@/lib/live-notice";
import { fakeServer, json } from "@/test-support/fake-claim-server";
import { FakeEventSource } from "@/test-support/fake-event-source";
import {
  ARTICLE_ID,
  claimOf,
  FIRST,
  ME,
  PROJECT_ID,
  renderAnnotator as renderAnnotatorPage,
  setUpAnnotatorTests,
  TEXT,
} from "./annotator-test-setup";

/**
 * Sentence decisions on the annotating page: x marks the focused sentence
 * "no claim here" and clears it, Shift+X marks it not annotatable (reviewers
 * and admins), the marks and their words for screen readers, refusals said in
 * the person's words, the coverage line, and decisions made elsewhere arriving
 * with a live notice. Claims go to the claim-sync tests' stand-in server; the
 * decision endpoints are answered here, as server/sentence-decisions.ts does.
 */

let server: ReturnType<typeof fakeServer>;
/** What the decision endpoints hold, and what they were asked. */
let held: SentenceDecisions;
let calls: Array<{ method: string; path: string; body: unknown }>;
/** Answers the next decision write with this instead (a refusal). */
let refuseNext: Response | null;
/** Holds decision writes back until it resolves (a slow server). */
let slowWrites: Promise<void> | null;

function decisionFetch(input: string | URL | Request, init?: RequestInit): Promise<Response> {
  const path = new URL(String(input), "http://localhost").pathname;
  const method = init?.method ?? "GET";
  const match = /^\/api\/articles\/[^/]+\/sentences\/(\d+)\/(decision|exclusion)$/.exec(path);
  if (path.endsWith("/sentences/decisions") || match) {
    const body = init?.body ? (JSON.parse(String(init.body)) as unknown) : null;
    calls.push({ method, path, body });
    if (!match) return Promise.resolve(json(200, held));
    if (slowWrites) return slowWrites.then(() => answerWrite(match, body));
    return Promise.resolve(answerWrite(match, body));
  }
  if (method === "GET") calls.push({ method, path, body: null });
  return server.fetchImpl(input, init);
}

function answerWrite(match: RegExpExecArray, body: unknown): Response {
  {
    if (refuseNext) {
      const answer = refuseNext;
      refuseNext = null;
      return answer;
    }
    const index = Number(match[1]);
    if (match[2] === "decision") {
      const isSet = (body as { decision: string | null }).decision !== null;
      held = {
        ...held,
        decisions: [
          ...held.decisions.filter((d) => !(d.sentenceIndex === index && d.authorId === ME.id)),
          ...(isSet ? [{ sentenceIndex: index, authorId: ME.id, authorName: ME.name }] : []),
        ],
      };
    } else {
      const isExcluded = (body as { excluded: boolean }).excluded;
      held = {
        ...held,
        exclusions: [
          ...held.exclusions.filter((e) => e.sentenceIndex !== index),
          ...(isExcluded ? [{ sentenceIndex: index, reason: null, excludedByName: ME.name }] : []),
        ],
      };
    }
    return json(200, {});
  }
}

setUpAnnotatorTests({ live: true });

beforeEach(() => {
  server = fakeServer();
  held = { decisions: [], exclusions: [] };
  calls = [];
  refuseNext = null;
  slowWrites = null;
  vi.stubGlobal("fetch", decisionFetch);
});

type Options = { claims?: ClaimDto[]; canAdjudicate?: boolean; locale?: Locale; assignmentStatus?: "assigned" | "submitted" | null };

/** The page with the decisions the endpoints hold; a reviewer or admin (canAdjudicate) can review too. */
function renderAnnotator({ claims = [], canAdjudicate = false, locale = "en", assignmentStatus = null }: Options = {}) {
  const page = renderAnnotatorPage({ claims, decisions: held, locale, canReview: canAdjudicate, canAdjudicate, assignmentStatus, server });
  return { ...page, writes: () => calls.filter((c) => c.method === "PUT") };
}

describe("sentence decisions in the annotator", () => {
  it("x marks the focused sentence “no claim here” with a mark that tells its state, and x again clears it", async () => {
    const page = renderAnnotator();
    expect(page.coverage()).toBe("0 of 3 sentences decided");
    page.focus(1);
    page.press("x");
    // Shown at once, and sent.
    expect(page.start(1).classList.contains("sent-no-claim")).toBe(true);
    expect(page.start(1).dataset.decided).toBe("No claim here");
    expect(page.coverage()).toBe("1 of 3 sentences decided");
    expect(screen.getByTestId("announcer").textContent).toBe("Marked: no claim here");
    await waitFor(() => expect(page.writes()).toHaveLength(1));
    expect(page.writes()[0]).toEqual({
      method: "PUT",
      path: `/api/articles/${ARTICLE_ID}/sentences/1/decision`,
      body: { decision: "no_claim" },
    });
    // The screen reader hears the state with the sentence when the focus comes back to it.
    page.press("ArrowDown");
    page.press("ArrowUp");
    expect(document.querySelector('[aria-live="polite"][lang="de"]')?.textContent).toBe(`No claim here: ${FIRST}`);
    // The text itself is still exactly the article's (the mark is generated content).
    expect(screen.getByTestId("article-text").textContent).toBe(TEXT);

    page.press("x");
    expect(page.start(1).classList.contains("sent-no-claim")).toBe(false);
    expect(page.start(1).dataset.decided).toBeUndefined();
    expect(page.coverage()).toBe("0 of 3 sentences decided");
    expect(screen.getByTestId("announcer").textContent).toBe("“No claim here” cleared");
    await waitFor(() => expect(page.writes()).toHaveLength(2));
    expect(page.writes()[1]?.body).toEqual({ decision: null });
    expect(held.decisions).toEqual([]);
    expect(page.alert()).toBeNull();
  });

  it("counts a claimed sentence as decided, and f passes over sentences marked “no claim here”", async () => {
    const page = renderAnnotator({ claims: [claimOf(FIRST)] });
    expect(page.coverage()).toBe("1 of 3 sentences decided");
    page.focus(0);
    page.press("x");
    expect(page.coverage()).toBe("2 of 3 sentences decided");
    // From the title, f skips the marked title and the claimed sentence.
    page.press("Home");
    page.press("f");
    expect(page.text.querySelector(".seg-focus")?.getAttribute("data-sentence")).toBe("2");
    await waitFor(() => expect(page.writes()).toHaveLength(1));
  });

  it("does not mark a sentence one's own claim covers, and says so; a refusal from the server is said too, and undone on the page", async () => {
    const page = renderAnnotator({ claims: [claimOf(FIRST)] });
    page.focus(1);
    page.press("x");
    expect(page.alert()).toContain("Not marked “no claim here”: a claim of yours covers this sentence.");
    expect(page.writes()).toHaveLength(0);
    expect(page.start(1).classList.contains("sent-no-claim")).toBe(false);

    // A claim the page does not know of (made in another tab) covers sentence 2: the server refuses.
    fireEvent.click(screen.getByRole("button", { name: "Dismiss" }));
    refuseNext = json(409, { error: { code: "conflict:sentence", message: "Sentence 3 holds a claim of yours…" } });
    page.press("ArrowDown");
    page.press("x");
    expect(page.start(2).classList.contains("sent-no-claim")).toBe(true);
    await waitFor(() => expect(page.alert()).toContain("a claim of yours covers this sentence"));
    await waitFor(() => expect(page.start(2).classList.contains("sent-no-claim")).toBe(false));
    expect(page.coverage()).toBe("1 of 3 sentences decided");
  });

  it("says in German that submitted work is read-only, without asking the server", () => {
    const page = renderAnnotator({ assignmentStatus: "submitted", locale: "de" });
    page.focus(1);
    page.press("x");
    expect(page.alert()).toContain("Nicht geändert: Sie haben diesen Artikel zur Prüfung eingereicht");
    expect(page.writes()).toHaveLength(0);
  });

  it("says a closed article in the person's words when the server refuses for that", async () => {
    const page = renderAnnotator();
    refuseNext = json(409, { error: { code: "conflict:article", message: "This article is closed: annotation on it has ended." } });
    page.focus(2);
    page.press("x");
    await waitFor(() => expect(page.alert()).toBe("Not changed: this article is closed, so annotation on it has ended. Dismiss"));
  });

  it("Shift+X is for reviewers and admins: an annotator is told so and nothing is sent", () => {
    const page = renderAnnotator();
    page.focus(1);
    page.press("X", { shiftKey: true });
    expect(page.alert()).toContain("Only reviewers and admins can mark a sentence not annotatable.");
    expect(page.writes()).toHaveLength(0);
  });

  it("Shift+X greys the sentence out as not annotatable, keeps it from being claimed by key, and leaves it out of coverage", async () => {
    const page = renderAnnotator({ canAdjudicate: true, locale: "de" });
    expect(page.coverage()).toBe("0 von 3 Sätzen entschieden");
    page.focus(2);
    page.press("X", { shiftKey: true });
    const pieces = page.text.querySelectorAll<HTMLElement>('[data-sentence="2"]');
    for (const piece of pieces) expect(piece.classList.contains("sent-excluded")).toBe(true);
    expect(page.start(2).dataset.decided).toBe("Nicht annotierbar");
    expect(page.coverage()).toBe("0 von 2 Sätzen entschieden");
    await waitFor(() =>
      expect(page.writes()[0]).toMatchObject({ path: `/api/articles/${ARTICLE_ID}/sentences/2/exclusion`, body: { excluded: true } }),
    );

    page.press("c");
    expect(page.alert()).toContain("Dieser Satz ist als nicht annotierbar markiert und kann daher nicht als Behauptung erfasst werden.");
    expect(screen.queryAllByTestId("claim-item")).toHaveLength(0);
    expect(server.requests).toHaveLength(0);

    page.press("X", { shiftKey: true });
    expect(page.start(2).classList.contains("sent-excluded")).toBe(false);
    await waitFor(() => expect(page.writes()[1]?.body).toEqual({ excluded: false }));
    expect(page.coverage()).toBe("0 von 3 Sätzen entschieden");
  });

  it("counts a sentence as decided as soon as the person claims it", async () => {
    const page = renderAnnotator();
    page.focus(2);
    page.press("c");
    expect(page.coverage()).toBe("1 of 3 sentences decided");
    await waitFor(() => expect(server.requests).toHaveLength(1));
  });

  it("claiming a sentence the person marked “no claim here” clears the mark, so it does not say both", async () => {
    held = { decisions: [{ sentenceIndex: 2, authorId: ME.id, authorName: ME.name }], exclusions: [] };
    const page = renderAnnotator();
    expect(page.start(2).dataset.decided).toBe("No claim here");
    page.focus(2);
    page.press("c");
    expect(page.start(2).classList.contains("sent-no-claim")).toBe(false);
    await waitFor(() =>
      expect(page.writes()).toEqual([{ method: "PUT", path: `/api/articles/${ARTICLE_ID}/sentences/2/decision`, body: { decision: null } }]),
    );
    await waitFor(() => expect(server.requests).toHaveLength(1));
    expect(page.coverage()).toBe("1 of 3 sentences decided");
  });

  it("offers both decisions in the selection toolbar, for mouse users, on the sentences the selection touches", async () => {
    const page = renderAnnotator({ canAdjudicate: true });
    // Select a few words of sentence 1 with a DOM range, as the mouse would.
    const node = page.start(1).firstChild!;
    const range = document.createRange();
    range.setStart(node, 4);
    range.setEnd(node, 11);
    window.getSelection()!.removeAllRanges();
    window.getSelection()!.addRange(range);
    fireEvent.mouseUp(page.text);
    const toolbar = screen.getByRole("toolbar", { name: "Selection" });
    const noClaim = within(toolbar).getByRole("button", { name: "No claim here" });
    expect(noClaim.getAttribute("aria-pressed")).toBe("false");
    fireEvent.click(noClaim);
    expect(page.start(1).classList.contains("sent-no-claim")).toBe(true);
    await waitFor(() =>
      expect(page.writes()[0]).toMatchObject({ path: `/api/articles/${ARTICLE_ID}/sentences/1/decision`, body: { decision: "no_claim" } }),
    );
    // The toolbar goes with the selection it was for.
    expect(screen.queryByRole("toolbar", { name: "Selection" })).toBeNull();

    window.getSelection()!.addRange(range);
    fireEvent.mouseUp(page.text);
    const again = screen.getByRole("toolbar", { name: "Selection" });
    expect(within(again).getByRole("button", { name: "No claim here" }).getAttribute("aria-pressed")).toBe("true");
    fireEvent.click(within(again).getByRole("button", { name: "Not annotatable" }));
    expect(page.start(1).classList.contains("sent-excluded")).toBe(true);
    await waitFor(() =>
      expect(page.writes()[1]).toMatchObject({ path: `/api/articles/${ARTICLE_ID}/sentences/1/exclusion`, body: { excluded: true } }),
    );
  });

  it("refetches the decisions when a sentence notice from someone else arrives, and leaves the claims alone", async () => {
    const page = renderAnnotator({ canAdjudicate: true });
    const live = FakeEventSource.current!;
    expect(live.url).toContain(`articleId=${ARTICLE_ID}`);
    held = {
      decisions: [{ sentenceIndex: 1, authorId: "user-ben", authorName: "Ben" }],
      exclusions: [{ sentenceIndex: 0, reason: "Headline", excludedByName: "Carla" }],
    };
    const notice: ChangeNotice = {
      projectId: PROJECT_ID,
      articleId: ARTICLE_ID,
      entityType: "assignment",
      entityId: "00000000-0000-4000-8000-0000000000d1",
      action: "sentence.no_claim",
      actorId: "user-ben",
    };
    act(() => live.emit("change", notice));
    await waitFor(() => expect(page.start(1).dataset.decided).toBe("No claim here: Ben"));
    expect(page.start(1).classList.contains("sent-no-claim-others")).toBe(true);
    expect(page.start(0).dataset.decided).toBe("Not annotatable: Headline");
    expect(page.coverage()).toBe("1 of 2 sentences decided");
    expect(calls.filter((c) => c.method === "GET").map((c) => c.path)).toEqual([`/api/articles/${ARTICLE_ID}/sentences/decisions`]);

    // One's own notices are already on the page.
    act(() => live.emit("change", { ...notice, action: "sentence.no_claim_cleared", actorId: ME.id }));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(calls.filter((c) => c.method === "GET")).toHaveLength(1);
  });

  it("reads what others decided only after its own writes have landed, so a live notice never undoes a mark being saved", async () => {
    const page = renderAnnotator();
    let release: () => void = () => {};
    slowWrites = new Promise((resolve) => {
      release = resolve;
    });
    page.focus(2);
    page.press("x");
    held = { ...held, decisions: [{ sentenceIndex: 1, authorId: "user-ben", authorName: "Ben" }] };
    act(() =>
      FakeEventSource.current!.emit("change", {
        projectId: PROJECT_ID,
        articleId: ARTICLE_ID,
        entityType: "assignment",
        entityId: "00000000-0000-4000-8000-0000000000d1",
        action: "sentence.no_claim",
        actorId: "user-ben",
      } satisfies ChangeNotice),
    );
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(calls.filter((c) => c.method === "GET")).toHaveLength(0);
    expect(page.start(2).classList.contains("sent-no-claim")).toBe(true);
    release();
    await waitFor(() => expect(page.start(1).dataset.decided).toBe("No claim here: Ben"));
    expect(page.start(2).dataset.decided).toBe("No claim here");
    expect(page.coverage()).toBe("2 of 3 sentences decided");
  });
});
