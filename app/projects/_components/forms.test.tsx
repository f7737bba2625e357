// @vitest-environment happy-dom
import { act, cleanup, fireEvent, screen, within } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { DEFAULT_TAXONOMY } from "@/lib/taxonomy";
import type { ProjectRole } from "@/lib/vocabularies";
import { renderWithIntl } from "@/test-support/intl";
import { AddMemberForm, BlindToggle, CreateProjectForm, InvitationsPanel, MemberControls, TaxonomyEditor } from "./forms";

/**
 * The project page's forms in German: their accessible names, the role and
 * state words, the questions they ask, the invitation's lifetime and date,
 * and the words for a request that failed without the server's own.
 */

const refresh = vi.hoisted(() => vi.fn());
vi.mock("next/navigation", () => ({ useRouter: () => ({ refresh }) }));

const PROJECT_ID = "00000000-0000-4000-8000-0000000000e1";
const USER_ID = "00000000-0000-4000-8000-0000000000d1";

const fetchMock = vi.fn<typeof fetch>();

beforeEach(() => {
  fetchMock.mockReset();
  refresh.mockReset();
  vi.stubGlobal("fetch", fetchMock);
});

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

/** The person's answer to window.confirm (happy-dom has no dialogs of its own). */
function answerConfirm(answer: boolean) {
  const confirm = vi.fn((_question: string) => answer);
  vi.stubGlobal("confirm", confirm);
  return confirm;
}

describe("CreateProjectForm and AddMemberForm", () => {
  it("name their forms, fields and buttons in German, with the roles in German", () => {
    renderWithIntl(
      <>
        <CreateProjectForm />
        <AddMemberForm projectId={PROJECT_ID} />
      </>,
      { locale: "de" },
    );
    const create = screen.getByRole("form", { name: "Neues Projekt" });
    expect(within(create).getByLabelText("Name")).toBeTruthy();
    expect(within(create).getByRole("checkbox", { name: "Blinde Doppelannotation" })).toBeTruthy();
    expect(within(create).getByRole("button", { name: "Projekt anlegen" })).toBeTruthy();

    const add = screen.getByRole("form", { name: "Mitglied hinzufügen" });
    expect(within(add).getByLabelText("E-Mail")).toBeTruthy();
    const role = within(add).getByLabelText("Rolle") as HTMLSelectElement;
    expect([...role.options].map((option) => [option.value, option.textContent])).toEqual([
      ["admin", "Admin"],
      ["reviewer", "Prüfer/in"],
      ["annotator", "Annotator/in"],
      ["viewer", "Leser/in"],
    ]);
    expect(role.value).toBe("annotator");
    expect(within(add).getByRole("button", { name: "Mitglied hinzufügen" })).toBeTruthy();
  });

  it("says in German that a refused request failed when the server gave no words, and shows the server's words when it did", async () => {
    renderWithIntl(<AddMemberForm projectId={PROJECT_ID} />, { locale: "de" });
    const add = screen.getByRole("form", { name: "Mitglied hinzufügen" });
    fireEvent.change(within(add).getByLabelText("E-Mail"), { target: { value: "ann@example.org" } });

    fetchMock.mockResolvedValueOnce(new Response("bad gateway", { status: 502 }));
    await act(async () => void fireEvent.submit(add));
    expect(screen.getByRole("alert").textContent).toBe("Anfrage fehlgeschlagen (502).");

    fetchMock.mockResolvedValueOnce(Response.json({ error: { code: "not_found:user", message: "No account has that e-mail." } }, { status: 404 }));
    await act(async () => void fireEvent.submit(add));
    expect(screen.getByRole("alert").textContent).toBe("No account has that e-mail.");

    fetchMock.mockRejectedValueOnce(new TypeError("Failed to fetch"));
    await act(async () => void fireEvent.submit(add));
    expect(screen.getByRole("alert").textContent).toBe("Netzwerkfehler: Die Änderung hat den Server nicht erreicht.");
    expect(refresh).not.toHaveBeenCalled();
  });
});

describe("MemberControls", () => {
  it("names the role select after the member and asks in German before removing", () => {
    const confirm = answerConfirm(false);
    const reviewer: ProjectRole = "reviewer";
    renderWithIntl(<MemberControls projectId={PROJECT_ID} userId={USER_ID} role={reviewer} name="Ann" />, { locale: "de" });
    const select = screen.getByRole("combobox", { name: "Rolle von Ann" }) as HTMLSelectElement;
    expect(select.selectedOptions[0]?.textContent).toBe("Prüfer/in");
    fireEvent.click(screen.getByRole("button", { name: "Entfernen" }));
    expect(confirm).toHaveBeenCalledWith("Ann aus dem Projekt entfernen?");
    expect(fetchMock).not.toHaveBeenCalled();
  });
});

describe("BlindToggle", () => {
  it("explains blind mode in German", () => {
    renderWithIntl(<BlindToggle projectId={PROJECT_ID} isBlind />, { locale: "de" });
    const toggle = screen.getByRole("checkbox", {
      name: "Blinde Doppelannotation (Annotator/innen sehen nur ihre eigenen Behauptungen, bis ein/e Prüfer/in den Artikel abschließt)",
    });
    expect(toggle).toHaveProperty("checked", true);
  });
});

describe("TaxonomyEditor", () => {
  it("names its lists and inputs in German and leaves the project's labels as written", () => {
    renderWithIntl(<TaxonomyEditor projectId={PROJECT_ID} taxonomy={DEFAULT_TAXONOMY} />, { locale: "de" });
    const claimTypes = screen.getByRole("group", { name: "Behauptungstypen" });
    expect((within(claimTypes).getByRole("textbox", { name: "Behauptungstypen: Schlüssel 2" }) as HTMLInputElement).value).toBe("event");
    // The editor edits the project's own words: the default English label is what is stored, so it is what is shown.
    expect((within(claimTypes).getByRole("textbox", { name: "Behauptungstypen: Bezeichnung 2" }) as HTMLInputElement).value).toBe("Event");
    const verdicts = screen.getByRole("group", { name: "Bewertungen" });
    expect((within(verdicts).getByRole("spinbutton", { name: "Einstufung der Bewertung 2" }) as HTMLInputElement).value).toBe("5");
    expect(screen.getByRole("group", { name: "Haltungen der Quellen" })).toBeTruthy();

    fireEvent.click(within(claimTypes).getByRole("button", { name: "Hinzufügen" }));
    expect(within(claimTypes).getByRole("textbox", { name: `Behauptungstypen: Schlüssel ${DEFAULT_TAXONOMY.claimTypes.length + 1}` })).toBeTruthy();
    expect(screen.getByRole("button", { name: "Taxonomie speichern" })).toBeTruthy();
  });

  it("says “Gespeichert.” once the taxonomy is saved", async () => {
    fetchMock.mockResolvedValueOnce(Response.json(DEFAULT_TAXONOMY));
    renderWithIntl(<TaxonomyEditor projectId={PROJECT_ID} taxonomy={DEFAULT_TAXONOMY} />, { locale: "de" });
    await act(async () => void fireEvent.click(screen.getByRole("button", { name: "Taxonomie speichern" })));
    expect(screen.getByText("Gespeichert.")).toBeTruthy();
  });
});

describe("InvitationsPanel", () => {
  const invitations = [
    { id: "i1", email: "bob@example.org", role: "annotator" as const, state: "pending" as const, expiresAt: "2026-03-09T14:05:00.000Z" },
    { id: "i2", email: "cem@example.org", role: "viewer" as const, state: "expired" as const, expiresAt: "2026-01-02T08:00:00.000Z" },
  ];

  it("lists invitations with German headers, roles, states and dates; only a pending one can be withdrawn", () => {
    renderWithIntl(<InvitationsPanel projectId={PROJECT_ID} invitations={invitations} invitationDays={7} />, { locale: "de" });
    const table = screen.getByRole("table", { name: "Einladungen" });
    expect(
      within(table)
        .getAllByRole("columnheader")
        .map((header) => header.textContent),
    ).toEqual(["E-Mail", "Rolle", "Status", "Läuft ab", ""]);
    const [pending, expired] = within(table).getAllByRole("row").slice(1);
    expect(
      within(pending!)
        .getAllByRole("cell")
        .map((cell) => cell.textContent),
    ).toEqual(["bob@example.org", "Annotator/in", "offen", "09.03.2026, 14:05", "Zurückziehen"]);
    expect(within(pending!).getByText("09.03.2026, 14:05").closest("time")?.getAttribute("dateTime")).toBe("2026-03-09T14:05:00.000Z");
    expect(
      within(expired!)
        .getAllByRole("cell")
        .map((cell) => cell.textContent),
    ).toEqual(["cem@example.org", "Leser/in", "abgelaufen", "02.01.2026, 08:00", ""]);
  });

  it("shows the new link once, with its lifetime in German, and copies it", async () => {
    const writeText = vi.fn(async (_text: string) => {});
    vi.stubGlobal("navigator", { clipboard: { writeText } });
    fetchMock.mockResolvedValueOnce(Response.json({ link: "https://claimwork.example/invite/abc" }, { status: 201 }));
    renderWithIntl(<InvitationsPanel projectId={PROJECT_ID} invitations={[]} invitationDays={7} />, { locale: "de" });
    const form = screen.getByRole("form", { name: "Per E-Mail einladen" });
    fireEvent.change(within(form).getByLabelText("E-Mail"), { target: { value: "dana@example.org" } });
    await act(async () => void fireEvent.submit(form));

    const status = screen.getByRole("status");
    expect(status.textContent).toContain(
      "Senden Sie diesen Link an dana@example.org. Er funktioniert einmal, 7 Tage lang, und wird nur jetzt angezeigt:",
    );
    expect((within(status).getByRole("textbox", { name: "Einladungslink" }) as HTMLInputElement).value).toBe("https://claimwork.example/invite/abc");
    await act(async () => void fireEvent.click(within(status).getByRole("button", { name: "Kopieren" })));
    expect(writeText).toHaveBeenCalledWith("https://claimwork.example/invite/abc");
    expect(within(status).getByText("Kopiert.")).toBeTruthy();
  });

  it("says in German when the invitation failed without the server's words", async () => {
    fetchMock.mockResolvedValueOnce(new Response("", { status: 500 }));
    renderWithIntl(<InvitationsPanel projectId={PROJECT_ID} invitations={[]} invitationDays={1} />, { locale: "de" });
    const form = screen.getByRole("form", { name: "Per E-Mail einladen" });
    fireEvent.change(within(form).getByLabelText("E-Mail"), { target: { value: "dana@example.org" } });
    await act(async () => void fireEvent.submit(form));
    expect(within(form).getByRole("alert").textContent).toBe("Die Einladung ist fehlgeschlagen (500).");
  });
});
