import { act, cleanup, screen, within } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { Locale } from "@/lib/i18n/locales";
import { renderWithIntl } from "@/test-support/intl";
import ExportPage from "./page";

/**
 * The Export page as the server renders it, its data layer stood in for: it asks for a project rather than assume
 * one, answers an address naming any project it may not offer with one message (never an error page), and shows the
 * export of the project chosen. The translator is next-intl's own over the real catalogues, in both languages.
 */

const current = vi.hoisted(() => ({ locale: "en" as Locale }));
vi.mock("next-intl/server", async () => {
  const { createTranslator } = await import("next-intl");
  const { MESSAGES } = await import("@/lib/i18n/messages");
  return {
    getTranslations: async (namespace: string) =>
      createTranslator({ locale: current.locale, messages: MESSAGES[current.locale], namespace: namespace as never }),
  };
});
vi.mock("@/app/_lib/page-guard", () => ({ requirePageActor: async () => ({ actor: { id: "u1" }, db: {} }) }));
const data = vi.hoisted(() => ({ projects: [] as Array<{ id: string; name: string }>, listArticles: vi.fn() }));
vi.mock("@/server/export", () => ({ listExportProjects: async () => data.projects }));
vi.mock("@/server/articles", () => ({ listArticles: data.listArticles }));

const PROJECTS = [
  { id: "3f2a9c1e-0000-4000-8000-00000000000a", name: "Wahlcheck" },
  { id: "3f2a9c1e-0000-4000-8000-00000000000b", name: "Klima" },
];
const fetchMock = vi.fn<typeof fetch>();

beforeEach(() => {
  data.projects = PROJECTS;
  data.listArticles.mockReset().mockResolvedValue([{ id: "a1", title: "Erster Artikel" }]);
  fetchMock.mockReset().mockImplementation(async () => Response.json({ count: 3 }));
  vi.stubGlobal("fetch", fetchMock);
});
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

async function renderPage(locale: Locale, project?: string | string[]) {
  current.locale = locale;
  const page = await ExportPage({ searchParams: Promise.resolve(project === undefined ? {} : { project }) });
  await act(async () => {
    renderWithIntl(page, { locale });
  });
}

describe("the Export page", () => {
  it("en: asks for a project instead of exporting one nobody chose", async () => {
    await renderPage("en");
    expect(screen.getByRole("form", { name: "Choose the project" })).toBeTruthy();
    expect(screen.getByText("Choose the project to export: the formats, filters and claim count are those of that project.")).toBeTruthy();
    expect(screen.queryByRole("button", { name: "Download" })).toBeNull();
    expect(data.listArticles).not.toHaveBeenCalled();
    expect(fetchMock).not.toHaveBeenCalled();
  });

  it.each(["not-a-uuid", "00000000-0000-4000-8000-000000000001"])(
    "en: answers an address naming a project it may not offer (%s) with one message and the choice again",
    async (project) => {
      await renderPage("en", project);
      expect(screen.getByRole("alert").textContent).toBe(
        "There is no project at this address that you may export from. Choose one of your projects.",
      );
      expect(screen.getByLabelText<HTMLSelectElement>("Project").value).toBe("");
      expect(screen.queryByRole("button", { name: "Download" })).toBeNull();
      expect(data.listArticles).not.toHaveBeenCalled();
    },
  );

  it("de: exports the chosen project, named on the page, its articles and its count", async () => {
    await renderPage("de", PROJECTS[1]!.id);
    expect(screen.queryByRole("alert")).toBeNull();
    expect(screen.getByLabelText<HTMLSelectElement>("Projekt").value).toBe(PROJECTS[1]!.id);
    expect(screen.getByText("Klima", { selector: "strong" }).parentElement?.textContent).toBe("Export aus Klima.");
    expect(data.listArticles).toHaveBeenCalledWith({}, { id: "u1" }, { projectId: PROJECTS[1]!.id });
    const form = screen.getByRole("form", { name: "Export" });
    expect(within(form).getByRole("option", { name: "Erster Artikel" })).toBeTruthy();
    expect(new URL(String(fetchMock.mock.calls[0]?.[0]), "https://claimwork.example").searchParams.get("projectId")).toBe(PROJECTS[1]!.id);
  });

  it("de: says so when the person is in no project, without a choice to make", async () => {
    data.projects = [];
    await renderPage("de");
    expect(screen.getByText("Sie sind noch in keinem Projekt Mitglied, es gibt also nichts zu exportieren.")).toBeTruthy();
    expect(screen.queryByRole("form")).toBeNull();
  });
});
