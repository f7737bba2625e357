import { act, cleanup, screen } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { ImportFormat } from "@/lib/export";
import type { Locale } from "@/lib/i18n/locales";
import { renderWithIntl } from "@/test-support/intl";
import ImportPage from "./page";

/**
 * The Import page as the server renders it, its data layer stood in for: no project chosen, one it may not offer,
 * and one whose role allows only some formats, in both languages (the translator is next-intl's own).
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
const data = vi.hoisted(() => ({ projects: [] as Array<{ id: string; name: string; formats: ImportFormat[] }> }));
vi.mock("@/server/import", () => ({ listImportProjects: async () => data.projects }));

const OWN = { id: "3f2a9c1e-0000-4000-8000-00000000000a", name: "Wahlcheck", formats: ["jsonl", "w3c", "articles"] as ImportFormat[] };
const ANNOTATED = { id: "3f2a9c1e-0000-4000-8000-00000000000b", name: "Klima", formats: ["w3c"] as ImportFormat[] };

beforeEach(() => {
  data.projects = [OWN, ANNOTATED];
});
afterEach(cleanup);

async function renderPage(locale: Locale, project?: string) {
  current.locale = locale;
  const page = await ImportPage({ searchParams: Promise.resolve(project === undefined ? {} : { project }) });
  await act(async () => {
    renderWithIntl(page, { locale });
  });
}

const formatOptions = () => [...screen.getByLabelText<HTMLSelectElement>("Format").options].map((o) => o.value);

describe("the Import page", () => {
  it("en: asks for the project to import into, and offers no upload before", async () => {
    await renderPage("en");
    expect(screen.getByRole("form", { name: "Choose the project" })).toBeTruthy();
    expect(screen.getByText(/^Choose the project to import into/)).toBeTruthy();
    expect(screen.queryByRole("form", { name: "Import" })).toBeNull();
  });

  it("en: answers an unknown or foreign project with one message, never importing elsewhere", async () => {
    await renderPage("en", "00000000-0000-4000-8000-000000000001");
    expect(screen.getByRole("alert").textContent).toBe("There is no project at this address that you may import into. Choose one of your projects.");
    expect(screen.queryByRole("form", { name: "Import" })).toBeNull();
  });

  it("en: offers every format where the person is an admin, and says nothing is held back", async () => {
    await renderPage("en", OWN.id);
    expect(screen.getByText("Wahlcheck", { selector: "strong" }).parentElement?.textContent).toBe("Importing into Wahlcheck.");
    expect(formatOptions()).toEqual(["jsonl", "w3c", "articles"]);
    expect(screen.queryByText(/Your role in this project allows only/)).toBeNull();
  });

  it("de: offers only what the role allows, and says why", async () => {
    await renderPage("de", ANNOTATED.id);
    expect(screen.getByRole("form", { name: "Import" })).toBeTruthy();
    expect(formatOptions()).toEqual(["w3c"]);
    expect(screen.getByText(/^Ihre Rolle in diesem Projekt erlaubt nur die aufgeführten Formate/)).toBeTruthy();
  });

  it("de: says so when no project allows importing", async () => {
    data.projects = [];
    await renderPage("de");
    expect(screen.getByText(/^In keinem Ihrer Projekte dürfen Sie importieren/)).toBeTruthy();
    expect(screen.queryByRole("form")).toBeNull();
  });
});
