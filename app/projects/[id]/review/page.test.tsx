import { act, cleanup, screen, within } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { Locale } from "@/lib/i18n/locales";
import { DEFAULT_TAXONOMY } from "@/lib/taxonomy";
import { AppError } from "@/server/errors";
import type { ReviewQueuePage } from "@/server/team/decisions";
import { renderWithIntl } from "@/test-support/intl";
import ReviewPage from "./page";

/**
 * The review page as the server renders it, its data layer stood in for: an
 * address it cannot use says which filter (never an error page), the empty
 * queue says whether filters emptied it, a role without reviewing is told so,
 * and the pages link onward with the filters kept.
 */

const current = vi.hoisted(() => ({ locale: "en" as Locale, role: "reviewer" }));
vi.mock("next-intl/server", async () => {
  const { createTranslator } = await import("next-intl");
  const { MESSAGES } = await import("@/lib/i18n/messages");
  return {
    getTranslations: async (namespace: string) =>
      createTranslator({ locale: current.locale, messages: MESSAGES[current.locale], namespace: namespace as never }),
  };
});
vi.mock("next/navigation", () => ({ useRouter: () => ({ refresh: vi.fn() }) }));
vi.mock("@/app/_lib/page-guard", () => ({
  loadForPage: async (_id: string, load: (context: unknown) => Promise<unknown>) => load({ actor: { id: "rita" }, db: {} }),
}));
const PROJECT_ID = "3f2a9c1e-0000-4000-8000-00000000000a";
vi.mock("../_lib/load-project", () => ({
  loadProject: async () => ({ id: PROJECT_ID, name: "Wahlcheck", role: current.role, taxonomy: DEFAULT_TAXONOMY }),
}));
const listReviewQueue = vi.hoisted(() => vi.fn());
vi.mock("@/server/team/decisions", async (importOriginal) => ({ ...(await importOriginal<object>()), listReviewQueue }));

function emptyPage(filters: Partial<ReviewQueuePage["filters"]> = {}): ReviewQueuePage {
  return {
    items: [],
    filters: { status: "submitted", ...filters },
    next: null,
    previous: null,
    annotators: [{ id: "ann", name: "Ann" }],
    article: null,
  };
}

beforeEach(() => {
  current.role = "reviewer";
  listReviewQueue.mockReset().mockResolvedValue(emptyPage());
  vi.stubGlobal("EventSource", undefined);
});
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

async function renderPage(locale: Locale, search: Record<string, string> = {}) {
  current.locale = locale;
  const page = await ReviewPage({ params: Promise.resolve({ id: PROJECT_ID }), searchParams: Promise.resolve(search) });
  await act(async () => {
    renderWithIntl(page, { locale });
  });
}

describe("the review page", () => {
  it("en: an empty queue says nothing awaits review, with the filters, the key help and no back link of its own", async () => {
    await renderPage("en");
    expect(screen.getByText("Nothing awaits review.")).toBeTruthy();
    const form = screen.getByRole("form", { name: "Filter the queue" });
    expect(within(form).getByLabelText("Status")).toBeTruthy();
    expect(within(form).getByLabelText("Annotator")).toBeTruthy();
    expect(within(form).getByLabelText("Claim type")).toBeTruthy();
    expect(within(form).getByLabelText("Verdict")).toBeTruthy();
    expect(screen.getByText("next claim")).toBeTruthy();
    expect(screen.queryByRole("link", { name: /Wahlcheck/ })).toBeNull();
  });

  it("en: with filters that match nothing it says so, and offers the whole queue", async () => {
    listReviewQueue.mockResolvedValue(emptyPage({ type: "causal" }));
    await renderPage("en", { type: "causal" });
    expect(screen.getByText(/No claim matches these filters\./)).toBeTruthy();
    expect(screen.getByRole("link", { name: "Show the whole queue" }).getAttribute("href")).toBe(`/projects/${PROJECT_ID}/review`);
  });

  it("en: an address that does not parse names the filter and never asks the data layer", async () => {
    await renderPage("en", { status: "draft" });
    expect(screen.getByRole("alert").textContent).toContain("These filters cannot be used: Status.");
    expect(listReviewQueue).not.toHaveBeenCalled();
  });

  it("de: a value the project does not have (the data layer's 422) names the filter in German", async () => {
    listReviewQueue.mockRejectedValue(
      new AppError("unprocessable:validation", "Invalid input", { fields: { type: "not a claim type of this project" } }),
    );
    await renderPage("de", { type: "opinion" });
    expect(screen.getByRole("alert").textContent).toContain("Diese Filter sind nicht verwendbar: Art der Behauptung.");
  });

  it("tells a member without reviewing that their role does not include it", async () => {
    current.role = "annotator";
    await renderPage("en");
    expect(screen.getByText("Your role (Annotator) does not include reviewing.")).toBeTruthy();
    expect(listReviewQueue).not.toHaveBeenCalled();
  });

  it("links the next page with the filters kept", async () => {
    listReviewQueue.mockResolvedValue({ ...emptyPage({ annotator: "ann" }), next: "a~1~b" });
    await renderPage("en", { annotator: "ann" });
    const pages = screen.getByRole("navigation", { name: "Queue pages" });
    expect(within(pages).getByRole("link", { name: "Next page" }).getAttribute("href")).toBe(
      `/projects/${PROJECT_ID}/review?annotator=ann&after=a%7E1%7Eb`,
    );
  });
});
