import { cleanup, fireEvent, screen } from "@testing-library/react";
import { afterEach, beforeEach, vi } from "vitest";
import type { ClaimDto } from "@/lib/claim-schema";
import type { SentenceDecisions } from "@/lib/client/sentence-decisions";
import { emptyClaimFields } from "@/lib/fields";
import type { Locale } from "@/lib/i18n/locales";
import { DEFAULT_TAXONOMY } from "@/lib/taxonomy";
import type { fakeServer } from "@/test-support/fake-claim-server";
import { FakeEventSource } from "@/test-support/fake-event-source";
import { renderWithIntl } from "@/test-support/intl";
import { Annotator } from "./annotator";

/**
 * The annotating page as the Annotator's component tests render it
 * (annotator.test.tsx, annotator-keys.test.tsx, sentence-decisions.test.tsx):
 * one short German article of three sentences, the person annotating it, a
 * claim on its first sentence, the page rendered with the props the article
 * page passes, and the page's globals (live stream, local storage, hash) set
 * and put back around each test. How each file answers the page's requests
 * (a fetch per path, the stand-in claim server, decision endpoints) stays in
 * that file: that is what differs between them.
 */

export const ARTICLE_ID = "00000000-0000-4000-8000-0000000000a1";
export const PROJECT_ID = "00000000-0000-4000-8000-0000000000b1";
export const CLAIM_ID = "00000000-0000-4000-8000-0000000000c1";
export const NO_DECISIONS: SentenceDecisions = { decisions: [], exclusions: [] };
export const ME = { id: "user-me", name: "Anna" };
export const TEXT = "Exporte 2024\n\nDie Exporte fielen um 3 Prozent. Die Regierung rechnet mit Wachstum.";
export const SENTENCES = [
  { index: 0, start: 0, end: 12 },
  { index: 1, start: 14, end: 46 },
  { index: 2, start: 47, end: TEXT.length },
];
/** The article's first sentence after the title. */
export const FIRST = "Die Exporte fielen um 3 Prozent.";

/** A claim of the person's on `exact` (a piece of TEXT), as the server lists it: a draft at version 1, nothing filled in. */
export function claimOf(exact: string = FIRST, overrides: Partial<ClaimDto> = {}): ClaimDto {
  const start = TEXT.indexOf(exact);
  return {
    id: CLAIM_ID,
    articleId: ARTICLE_ID,
    authorId: ME.id,
    authorName: ME.name,
    target: { start, end: start + exact.length, exact, prefix: "", suffix: "" },
    sentenceIndexes: [1],
    ...emptyClaimFields(),
    status: "draft",
    version: 1,
    isGold: false,
    createdAt: "2025-03-03T14:05:00.000Z",
    updatedAt: "2025-03-03T14:05:00.000Z",
    deletedAt: null,
    ...overrides,
  };
}

/** A fetch that answers each path with the JSON given for it (404 otherwise). */
export function stubFetch(answers: Record<string, unknown>) {
  const fetch = vi.fn(async (input: RequestInfo | URL) => {
    const path = new URL(String(input), "http://localhost").pathname;
    const body = answers[path];
    return new Response(JSON.stringify(body ?? { error: { message: "Not found." } }), { status: body === undefined ? 404 : 200 });
  });
  vi.stubGlobal("fetch", fetch);
  return fetch;
}

/**
 * Before each test: no live stream (the indicator says live updates are off)
 * or, with `live`, the FakeEventSource a test sends notices through; empty
 * local storage; the article's address, with no query or hash. After each:
 * the page unmounted, globals and spies restored, no selection, no live
 * stream left over. Call once at a test file's top level; the file's own
 * hooks run after these.
 */
export function setUpAnnotatorTests({ live = false }: { live?: boolean } = {}) {
  beforeEach(() => {
    vi.stubGlobal("EventSource", live ? FakeEventSource : undefined);
    localStorage.clear();
    // The article's own address, without a query (the claim list keeps its filter there) or a hash (a claim link).
    window.history.replaceState(null, "", `/articles/${ARTICLE_ID}`);
    window.location.hash = "";
  });
  afterEach(() => {
    cleanup();
    vi.unstubAllGlobals();
    vi.restoreAllMocks();
    window.getSelection()?.removeAllRanges();
    FakeEventSource.current = null;
  });
}

export type AnnotatorOptions = {
  claims?: ClaimDto[];
  /** How many claims the server has for the person, when the page comes with only the first (`claims`). */
  claimCount?: number;
  decisions?: SentenceDecisions;
  locale?: Locale;
  canReview?: boolean;
  canAdjudicate?: boolean;
  assignmentStatus?: "assigned" | "submitted" | null;
  /** The stand-in claim server: it is told the claims the page starts with, as the real one would hold them. */
  server?: ReturnType<typeof fakeServer>;
  /** Whether the keyboard starts in the article text, as the key tests need (default yes). */
  isTextFocused?: boolean;
};

type Modifiers = { shiftKey?: boolean; ctrlKey?: boolean; metaKey?: boolean };

/** Renders the page and gives what tests read and do on it: the text region, its keys, its marks, the list and the editor. */
export function renderAnnotator({
  claims = [],
  claimCount,
  decisions = NO_DECISIONS,
  locale = "en",
  canReview = false,
  canAdjudicate = false,
  assignmentStatus = null,
  server,
  isTextFocused = true,
}: AnnotatorOptions = {}) {
  if (server) for (const claim of claims) server.stored.set(claim.id, { claim, lastMutationId: "initial" });
  const rendered = renderWithIntl(
    <Annotator
      article={{ id: ARTICLE_ID, projectId: PROJECT_ID, title: "Exporte 2024", text: TEXT, language: "de", sentences: SENTENCES }}
      initialClaims={claims}
      claimCount={claimCount}
      initialDecisions={decisions}
      taxonomy={DEFAULT_TAXONOMY}
      currentUser={ME}
      readOnlyReason={null}
      canReview={canReview}
      canAdjudicate={canAdjudicate}
      assignmentStatus={assignmentStatus}
    />,
    { locale },
  );
  const text = screen.getByRole("region", { name: locale === "de" ? "Artikeltext" : "Article text" });
  if (isTextFocused) text.focus();
  const press = (key: string, modifiers: Modifiers = {}) => fireEvent.keyDown(text, { key, ...modifiers });
  return {
    rendered,
    text,
    press,
    /** Focus sentence `n` from a freshly loaded page. */
    focus: (n: number) => {
      for (let i = 0; i <= n; i++) press("ArrowDown");
    },
    /** The first piece of sentence `n` (where its mark is). */
    start: (n: number) => text.querySelector<HTMLElement>(`[data-sentence="${n}"]`)!,
    focused: () => text.querySelector(".seg-focus")?.getAttribute("data-sentence") ?? null,
    marked: () => [...text.querySelectorAll(".seg-mark")].map((s) => s.textContent).join(""),
    items: () => screen.queryAllByTestId("claim-item"),
    editor: () => screen.queryByRole("region", { name: "Claim editor" }),
    coverage: () => screen.getByTestId("coverage").textContent,
    alert: () => screen.queryByRole("alert")?.textContent ?? null,
  };
}
