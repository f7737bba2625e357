import { act, cleanup, screen, within } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { Locale } from "@/lib/i18n/locales";
import type { ProjectArticle, ProjectArticlesPage, ProjectArticlesQuery } from "@/server/team/dashboard";
import { renderWithIntl } from "@/test-support/intl";
import ArticlesSection from "./page";

/**
 * The articles section as the server renders it, its data layer stood in for:
 * the address is read leniently and handed on, the pager says where the page
 * is and links the pages beside it with the filters kept, an empty result
 * says whether the filters emptied it.
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
vi.mock("@/app/_lib/page-guard", () => ({
  loadForPage: async (_id: string, load: (context: unknown) => Promise<unknown>) => load({ actor: { id: "rita" }, db: {} }),
}));
const PROJECT_ID = "3f2a9c1e-0000-4000-8000-00000000000b";
vi.mock("../_lib/load-project", () => ({
  loadProject: async () => ({ id: PROJECT_ID, name: "Wahlcheck", role: current.role }),
}));
const listProjectArticles = vi.hoisted(() => vi.fn());
vi.mock("@/server/team/dashboard", async (importOriginal) => ({ ...(await importOriginal<object>()), listProjectArticles }));

function article(n: number, overrides: Partial<ProjectArticle> = {}): ProjectArticle {
  return {
    id: `00000000-0000-4000-8000-${String(n).padStart(12, "0")}`,
    title: `Article ${n}`,
    state: "in_progress",
    assignees: [
      { userId: "ann", name: "Ann", status: "submitted" },
      { userId: "ben", name: "Ben", status: null },
    ],
    awaitingReview: 0,
    goldClaims: 0,
    closedAt: null,
    ...overrides,
  };
}

function pageOf(query: Partial<ProjectArticlesQuery>, articles: ProjectArticle[], total: number): ProjectArticlesPage {
  return { query: { q: "", page: 1, ...query }, articles, total, pageCount: Math.max(1, Math.ceil(total / 50)), pageSize: 50 };
}

beforeEach(() => {
  current.role = "reviewer";
  listProjectArticles.mockReset().mockResolvedValue(pageOf({}, [], 0));
});
afterEach(cleanup);

async function renderPage(locale: Locale, search: Record<string, string | string[]> = {}) {
  current.locale = locale;
  const page = await ArticlesSection({ params: Promise.resolve({ id: PROJECT_ID }), searchParams: Promise.resolve(search) });
  await act(async () => {
    renderWithIntl(page, { locale });
  });
}

const href = (name: string) => screen.getByRole("link", { name }).getAttribute("href");

describe("the articles section", () => {
  it("en: a middle page says which articles it shows and links both neighbours, the filters kept", async () => {
    listProjectArticles.mockResolvedValue(
      pageOf(
        { q: "budget", state: "in_progress", page: 2 },
        Array.from({ length: 50 }, (_, i) => article(51 + i)),
        1000,
      ),
    );
    await renderPage("en", { q: "budget", state: "in_progress", page: "2" });
    expect(listProjectArticles).toHaveBeenCalledWith({}, { id: "rita" }, PROJECT_ID, { q: "budget", state: "in_progress", page: 2 });
    const pages = screen.getByRole("navigation", { name: "Pages of articles" });
    expect(pages.textContent).toContain("Articles 51–100 of 1,000");
    expect(pages.textContent).toContain("Page 2 of 20");
    expect(within(pages).getByRole("link", { name: "Previous page" }).getAttribute("href")).toBe(
      `/projects/${PROJECT_ID}/articles?q=budget&state=in_progress`,
    );
    expect(within(pages).getByRole("link", { name: "Next page" }).getAttribute("href")).toBe(
      `/projects/${PROJECT_ID}/articles?q=budget&state=in_progress&page=3`,
    );
    const table = screen.getByRole("table", { name: "Assignments" });
    expect(within(table).getAllByRole("row")).toHaveLength(51);
    expect(within(table).getAllByText("Ann ✓, Ben")).toHaveLength(50);
    expect(href("Adjudicate Article 51")).toBe(`/articles/${article(51).id}/adjudicate`);
  });

  it("en: the filter form shows the address's filters, and the first and last pages link one way only", async () => {
    listProjectArticles.mockResolvedValue(pageOf({ state: "reviewed" }, [article(1, { state: "reviewed" })], 51));
    await renderPage("en", { state: "reviewed" });
    const form = screen.getByRole("form", { name: "Filter articles" });
    expect((within(form).getByLabelText("State") as HTMLSelectElement).value).toBe("reviewed");
    expect((within(form).getByLabelText("Title contains") as HTMLInputElement).value).toBe("");
    const pages = screen.getByRole("navigation", { name: "Pages of articles" });
    expect(within(pages).queryByRole("link", { name: "Previous page" })).toBeNull();
    expect(within(pages).getByRole("link", { name: "Next page" }).getAttribute("href")).toBe(
      `/projects/${PROJECT_ID}/articles?state=reviewed&page=2`,
    );

    cleanup();
    listProjectArticles.mockResolvedValue(pageOf({ page: 2 }, [article(51)], 51));
    await renderPage("en", { page: "2" });
    const last = screen.getByRole("navigation", { name: "Pages of articles" });
    expect(last.textContent).toContain("Articles 51–51 of 51");
    expect(within(last).queryByRole("link", { name: "Next page" })).toBeNull();
    expect(within(last).getByRole("link", { name: "Previous page" }).getAttribute("href")).toBe(`/projects/${PROJECT_ID}/articles`);
  });

  it("reads a hand-edited address leniently: a wrong page or state is the default", async () => {
    await renderPage("en", { page: "abc", state: "bogus", q: ["first", "second"] });
    expect(listProjectArticles).toHaveBeenCalledWith({}, { id: "rita" }, PROJECT_ID, { q: "first", state: undefined, page: 1 });
  });

  it("en: filters that match nothing say so and offer the whole list; an empty project says it has no articles", async () => {
    listProjectArticles.mockResolvedValue(pageOf({ q: "zzz" }, [], 0));
    await renderPage("en", { q: "zzz" });
    expect(screen.getByRole("status").textContent).toContain("No article matches these filters.");
    expect(href("Show all articles")).toBe(`/projects/${PROJECT_ID}/articles`);
    expect(screen.queryByRole("navigation", { name: "Pages of articles" })).toBeNull();

    cleanup();
    listProjectArticles.mockResolvedValue(pageOf({}, [], 0));
    await renderPage("en");
    expect(screen.getByRole("status").textContent).toBe("No articles in this project yet.");
  });

  it("de: the range and the page links in German; an annotator gets no adjudication links", async () => {
    current.role = "annotator";
    listProjectArticles.mockResolvedValue(pageOf({ page: 3 }, [article(2001, { state: "adjudicated", closedAt: new Date(0) })], 2001));
    await renderPage("de", { page: "3" });
    const pages = screen.getByRole("navigation", { name: "Seiten der Artikelliste" });
    expect(pages.textContent).toContain("Artikel 101–101 von 2.001");
    expect(within(pages).getByRole("link", { name: "Vorige Seite" })).toBeTruthy();
    expect(within(pages).getByRole("link", { name: "Nächste Seite" })).toBeTruthy();
    const table = screen.getByRole("table", { name: "Zuweisungen" });
    expect(within(table).getByText("Zusammengeführt")).toBeTruthy();
    expect(within(table).getByText("abgeschlossen")).toBeTruthy();
    expect(screen.queryByRole("link", { name: /zusammenführen$/ })).toBeNull();
  });
});
