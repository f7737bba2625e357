import { act, cleanup, screen, within } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { Locale } from "@/lib/i18n/locales";
import type { ProjectOverview } from "@/server/team/dashboard";
import { renderWithIntl } from "@/test-support/intl";
import OverviewPage from "./page";

/**
 * The overview as the server renders it, its data layer stood in for: the
 * figures are the overview's aggregates (no article list), and the way on to
 * the articles and the review queue says how many.
 */

const current = vi.hoisted(() => ({ locale: "en" as Locale, role: "reviewer", isBlind: false }));
vi.mock("next-intl/server", async () => {
  const { createTranslator, createFormatter } = await import("next-intl");
  const { MESSAGES } = await import("@/lib/i18n/messages");
  return {
    getTranslations: async (namespace: string) =>
      createTranslator({ locale: current.locale, messages: MESSAGES[current.locale], namespace: namespace as never }),
    getFormatter: async () => createFormatter({ locale: current.locale, timeZone: "UTC" }),
  };
});
vi.mock("@/app/_lib/page-guard", () => ({
  loadForPage: async (_id: string, load: (context: unknown) => Promise<unknown>) => load({ actor: { id: "rita" }, db: {} }),
}));
const PROJECT_ID = "3f2a9c1e-0000-4000-8000-00000000000c";
vi.mock("./_lib/load-project", () => ({
  loadProject: async () => ({ id: PROJECT_ID, name: "Wahlcheck", role: current.role, isBlind: current.isBlind }),
}));
const getProjectOverview = vi.hoisted(() => vi.fn());
vi.mock("@/server/team/dashboard", async (importOriginal) => ({ ...(await importOriginal<object>()), getProjectOverview }));

const OVERVIEW: ProjectOverview = {
  stateCounts: { unassigned: 12, in_progress: 300, submitted: 1200, reviewed: 0, adjudicated: 488 },
  articleCount: 2000,
  awaitingReview: 4321,
  annotators: [{ userId: "ann", name: "Ann", role: "annotator", assigned: 50, submitted: 40, claims: 210, byStatus: { draft: 10, submitted: 200 } }],
};

beforeEach(() => {
  current.role = "reviewer";
  current.isBlind = false;
  getProjectOverview.mockReset().mockResolvedValue(OVERVIEW);
});
afterEach(cleanup);

async function renderPage(locale: Locale) {
  current.locale = locale;
  const page = await OverviewPage({ params: Promise.resolve({ id: PROJECT_ID }) });
  await act(async () => {
    renderWithIntl(page, { locale });
  });
}

describe("the project overview", () => {
  it("en: counts per state, the ways on with their counts, and each annotator's progress", async () => {
    await renderPage("en");
    expect(getProjectOverview).toHaveBeenCalledWith({}, { id: "rita" }, PROJECT_ID);
    expect(screen.getByTestId("state-submitted").textContent).toBe("1,200");
    expect(screen.getByTestId("state-adjudicated").textContent).toBe("488");
    expect(screen.getByRole("link", { name: "All 2,000 articles: their state and who works on them" }).getAttribute("href")).toBe(
      `/projects/${PROJECT_ID}/articles`,
    );
    expect(screen.getByRole("link", { name: "4,321 claims await review" }).getAttribute("href")).toBe(`/projects/${PROJECT_ID}/review`);
    const table = screen.getByRole("table", { name: "Per-annotator progress" });
    expect(within(table).getByText("Ann")).toBeTruthy();
    expect(within(table).getByText("210")).toBeTruthy();
    expect(screen.queryByTestId("blind-counts-note")).toBeNull();
  });

  it("de: an annotator in a blind project is told what the counts cover, and gets no link to the queue", async () => {
    current.role = "annotator";
    current.isBlind = true;
    await renderPage("de");
    expect(screen.getByTestId("blind-counts-note")).toBeTruthy();
    expect(screen.getByTestId("state-in_progress").textContent).toBe("300");
    expect(screen.getByRole("link", { name: "Alle 2.000 Artikel: ihr Stand und wer daran arbeitet" })).toBeTruthy();
    expect(screen.queryByRole("link", { name: /Prüfung/ })).toBeNull();
  });
});
