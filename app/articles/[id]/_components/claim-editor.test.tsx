// @vitest-environment happy-dom
import { act, cleanup, fireEvent, screen, waitFor, within } from "@testing-library/react";
import { useState } from "react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { type ClaimDraft, describeServerField } from "@/lib/client/claim-fields";
import type { SyncState } from "@/lib/client/claim-sync";
import { emptyClaimFields } from "@/lib/fields";
import type { Locale } from "@/lib/i18n/locales";
import { DEFAULT_TAXONOMY, type Taxonomy } from "@/lib/taxonomy";
import { renderWithIntl } from "@/test-support/intl";
import { sourceInput } from "@/test-support/records";
import { ClaimForm } from "./claim-form";
import { ConflictPanel } from "./conflict-panel";
import { SaveIndicator } from "./save-indicator";

/**
 * The editor's pieces in a DOM: where a field's problem is shown and how it
 * is tied to its input, the refused stale edit beside the current version,
 * and the indicator's words and live region.
 */

const SOURCE_ID = "00000000-0000-4000-8000-0000000000b1";

function draft(overrides: Partial<ClaimDraft> = {}): ClaimDraft {
  return {
    id: "00000000-0000-4000-8000-0000000000c1",
    articleId: "00000000-0000-4000-8000-0000000000a1",
    target: { start: 0, end: 4, exact: "Text", prefix: "", suffix: " hier" },
    ...emptyClaimFields(),
    ...overrides,
  };
}

const source = (overrides: Partial<ClaimDraft["sources"][number]> = {}) => sourceInput({ id: SOURCE_ID, url: "https://example.org/a", ...overrides });

function renderForm(props: Partial<Parameters<typeof ClaimForm>[0]> = {}, locale: Locale = "en") {
  const onChange = vi.fn();
  renderWithIntl(
    <ClaimForm
      draft={draft()}
      taxonomy={DEFAULT_TAXONOMY}
      isReadOnly={false}
      onChange={onChange}
      onDelete={() => {}}
      onClose={() => {}}
      {...props}
    />,
    { locale },
  );
  return { onChange, editor: screen.getByRole("region", { name: locale === "de" ? "Behauptung bearbeiten" : "Claim editor" }) };
}

afterEach(() => {
  cleanup();
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

describe("ClaimForm: a field that cannot be saved is marked where it is", () => {
  it("ties the message to the source's URL input (aria-invalid, aria-describedby), numbered from 1", () => {
    const { editor } = renderForm({
      draft: draft({ sources: [source(), source({ id: "00000000-0000-4000-8000-0000000000b2", url: "example.org/b" })] }),
    });
    const second = within(within(editor).getByRole("group", { name: "Source 2" })).getByLabelText("URL (http or https)");
    expect(second.getAttribute("aria-invalid")).toBe("true");
    const describedBy = second.getAttribute("aria-describedby");
    expect(describedBy).toBeTruthy();
    expect(document.getElementById(describedBy!)?.textContent).toBe("Source 2: URL must start with http:// or https://");
    const first = within(within(editor).getByRole("group", { name: "Source 1" })).getByLabelText("URL (http or https)");
    expect(first.getAttribute("aria-invalid")).toBe("false");
    expect(first.getAttribute("aria-describedby")).toBeNull();
  });

  it("marks an empty URL as missing, and clears the mark once it is valid", () => {
    const { onChange, editor } = renderForm({ draft: draft({ sources: [source({ url: "" })] }) });
    const url = within(editor).getByLabelText("URL (http or https)");
    expect(document.getElementById(url.getAttribute("aria-describedby")!)?.textContent).toBe("Source 1: URL is missing");
    fireEvent.change(url, { target: { value: "https://example.org/fixed" } });
    expect(onChange).toHaveBeenLastCalledWith(expect.objectContaining({ sources: [expect.objectContaining({ url: "https://example.org/fixed" })] }));
  });

  it("shows a field the server refused (422) at its input, and the reason a save was refused at the top", () => {
    const refused = draft({ sources: [source({ title: "x" })] });
    const onDiscard = vi.fn();
    const { editor } = renderForm({
      draft: refused,
      serverIssues: [describeServerField(refused, "sources.0.title", "contains a broken character")],
      refusal: "Only the author can change this claim.",
      onDiscard,
    });
    const title = within(editor).getByLabelText("Title");
    expect(title.getAttribute("aria-invalid")).toBe("true");
    expect(document.getElementById(title.getAttribute("aria-describedby")!)?.textContent).toBe("Source 1: Title contains a broken character");
    expect(within(editor).getByTestId("claim-refusal").textContent).toContain("Not saved: Only the author can change this claim.");
    fireEvent.click(within(editor).getByRole("button", { name: "Discard my changes" }));
    expect(onDiscard).toHaveBeenCalledOnce();
  });

  it("marks top-level fields too, in the editor's words", () => {
    const { editor } = renderForm({ draft: draft({ rationale: "r".repeat(10_001) }) });
    const rationale = within(editor).getByLabelText("Rationale");
    expect(document.getElementById(rationale.getAttribute("aria-describedby")!)?.textContent).toBe("Rationale is longer than 10,000 characters");
  });

  it("makes new source ids without crypto.randomUUID", () => {
    const real = globalThis.crypto;
    vi.stubGlobal("crypto", { getRandomValues: (bytes: Uint8Array) => real.getRandomValues(bytes) });
    try {
      const { onChange, editor } = renderForm();
      fireEvent.click(within(editor).getByRole("button", { name: "Add source" }));
      const next = onChange.mock.lastCall?.[0] as ClaimDraft;
      expect(next.sources[0]?.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    } finally {
      vi.unstubAllGlobals();
    }
  });
});

describe("ConflictPanel: the refused edit beside the current version", () => {
  const base = draft({ speaker: "", rationale: "" });
  const refused = draft({ speaker: "Zweiter Tab", rationale: "my reasons", verdict: "false" });
  const current = draft({ speaker: "Erster Tab", rationale: "", verdict: "false" });

  it("lists what the user changed, theirs and current, and applies one field or all", () => {
    const onApply = vi.fn();
    const onDiscard = vi.fn();
    renderWithIntl(
      <ConflictPanel
        conflict={{ message: "This claim was changed elsewhere.", refused, base }}
        current={current}
        taxonomy={DEFAULT_TAXONOMY}
        onApply={onApply}
        onDiscard={onDiscard}
      />,
    );
    const panel = screen.getByTestId("conflict-panel");
    expect(within(panel).getByTestId("conflict-speaker").textContent).toContain("Yours: Zweiter Tab");
    expect(within(panel).getByTestId("conflict-speaker").textContent).toContain("Current: Erster Tab");
    expect(within(panel).getByTestId("conflict-rationale").textContent).toContain("my reasons");
    // The verdict is the same on both sides: nothing to restore there.
    expect(within(panel).queryByTestId("conflict-verdict")).toBeNull();

    fireEvent.click(within(panel).getByRole("button", { name: "Use my speaker" }));
    expect(onApply).toHaveBeenLastCalledWith({ ...current, speaker: "Zweiter Tab" });
    fireEvent.click(within(panel).getByRole("button", { name: "Apply all my changes" }));
    expect(onApply).toHaveBeenLastCalledWith({ ...current, speaker: "Zweiter Tab", rationale: "my reasons" });
    fireEvent.click(within(panel).getByRole("button", { name: "Keep the current version" }));
    expect(onDiscard).toHaveBeenCalledOnce();
  });
});

describe("SaveIndicator", () => {
  const cases: Array<[SyncState, string]> = [
    [{ kind: "idle" }, "All changes saved"],
    [{ kind: "saved", at: 0 }, "Saved"],
    [{ kind: "saving", waiting: 2, retryAt: null }, "Saving… (2)"],
    [{ kind: "offline", waiting: 3, retryAt: null }, "Offline — 3 waiting"],
    [
      { kind: "retrying", waiting: 1, retryAt: null, status: 503, message: "Database unavailable." },
      "Server error (503): Database unavailable. — 1 waiting",
    ],
    [{ kind: "held", waiting: 1, retryAt: null, fields: ["Source 1 URL"] }, "Not saved: Source 1 URL"],
    [
      { kind: "failed", waiting: 1, retryAt: null, status: 403, message: "Only the author can change this claim.", canRetry: false },
      "Save failed — Only the author can change this claim.",
    ],
    [
      { kind: "failed", waiting: 1, retryAt: null, status: 500, message: "Something went wrong on the server.", canRetry: true },
      "Save failed — Something went wrong on the server. (500)",
    ],
  ];
  it.each(cases)("says %j as %s, in a polite live region", (state, text) => {
    renderWithIntl(<SaveIndicator state={state} onRetry={() => {}} />);
    const status = screen.getByRole("status");
    expect(status.textContent).toBe(text);
    expect(status.getAttribute("aria-live")).toBe("polite");
  });

  it("counts down to the next retry outside the live region, and offers Retry now", () => {
    vi.useFakeTimers();
    const onRetry = vi.fn();
    renderWithIntl(<SaveIndicator state={{ kind: "offline", waiting: 1, retryAt: Date.now() + 4_000 }} onRetry={onRetry} />);
    const countdown = screen.getByTestId("retry-countdown");
    expect(countdown.textContent).toContain("retrying in 4 s");
    expect(screen.getByRole("status").contains(countdown)).toBe(false);
    act(() => {
      vi.advanceTimersByTime(3_000);
    });
    expect(countdown.textContent).toContain("retrying in 1 s");
    fireEvent.click(screen.getByRole("button", { name: "Retry now" }));
    expect(onRetry).toHaveBeenCalledOnce();
  });
});

describe("the editor in German", () => {
  it("labels every field in German, words its problems there (numbers as German writes them) and names its controls", () => {
    const { editor } = renderForm(
      {
        draft: draft({
          rationale: "r".repeat(10_001),
          sources: [source(), source({ id: "00000000-0000-4000-8000-0000000000b2", url: "example.org/b" })],
        }),
      },
      "de",
    );
    for (const label of [
      "Behauptungstyp",
      "Prüfwürdigkeit",
      "Sprecher/in (Zuschreibung)",
      "Normalisierte Behauptung",
      "Bewertung",
      "Sprache der Behauptung",
    ]) {
      expect(within(editor).getByLabelText(label)).toBeTruthy();
    }
    const url = within(within(editor).getByRole("group", { name: "Quelle 2" })).getByLabelText("URL (http oder https)");
    expect(document.getElementById(url.getAttribute("aria-describedby")!)?.textContent).toBe("Quelle 2: URL muss mit http:// oder https:// beginnen");
    const rationale = within(editor).getByLabelText("Begründung");
    expect(document.getElementById(rationale.getAttribute("aria-describedby")!)?.textContent).toBe("Begründung ist länger als 10.000 Zeichen");
    expect(within(editor).getByRole("button", { name: "Bearbeitung der Behauptung schließen" })).toBeTruthy();
    expect(within(editor).getByRole("button", { name: "Quelle hinzufügen" })).toBeTruthy();
    expect(within(editor).getByRole("option", { name: "2 · Mittel" })).toBeTruthy();
    expect(within(within(editor).getByLabelText("Bewertung")).getByRole("option", { name: "Ungeprüft" })).toBeTruthy();
  });

  it("shows a project's own label as written, and the default ones in German", () => {
    const taxonomy: Taxonomy = {
      ...DEFAULT_TAXONOMY,
      verdicts: [{ key: "pants_on_fire", label: "Pants on fire", rating: 1 }, ...DEFAULT_TAXONOMY.verdicts],
    };
    const { editor } = renderForm({ taxonomy, draft: draft({ verdict: "pants_on_fire" }) }, "de");
    const verdict = within(editor).getByLabelText("Bewertung");
    expect(within(verdict).getByRole("option", { name: "Pants on fire" })).toBeTruthy();
    expect(within(verdict).getByRole("option", { name: "Überwiegend richtig" })).toBeTruthy();
  });

  it("marks the quote with the claim's language, else the article's", () => {
    const { editor } = renderForm({ articleLanguage: "de", draft: draft({ language: "fr" }) });
    expect(within(editor).getByTestId("claim-quote").getAttribute("lang")).toBe("fr");
    cleanup();
    const again = renderForm({ articleLanguage: "de" });
    expect(within(again.editor).getByTestId("claim-quote").getAttribute("lang")).toBe("de");
  });

  it("offers the refused edit's fields in German, each button naming its field", () => {
    const base = draft({ speaker: "" });
    const onApply = vi.fn();
    renderWithIntl(
      <ConflictPanel
        conflict={{ message: "This claim was changed elsewhere.", refused: draft({ speaker: "Zweiter Tab" }), base }}
        current={draft({ speaker: "Erster Tab" })}
        taxonomy={DEFAULT_TAXONOMY}
        onApply={onApply}
        onDiscard={() => {}}
      />,
      { locale: "de" },
    );
    const panel = screen.getByRole("region", { name: "Ihre nicht gespeicherte Änderung" });
    expect(within(panel).getByTestId("conflict-speaker").textContent).toContain("Sprecher/in");
    expect(within(panel).getByTestId("conflict-speaker").textContent).toContain("Ihre Fassung: Zweiter Tab");
    expect(within(panel).getByTestId("conflict-speaker").textContent).toContain("Aktuell: Erster Tab");
    fireEvent.click(within(panel).getByRole("button", { name: "Meine Angabe zur Sprecherin/zum Sprecher übernehmen" }));
    expect(onApply).toHaveBeenLastCalledWith(expect.objectContaining({ speaker: "Zweiter Tab" }));
    expect(within(panel).getByRole("button", { name: "Aktuelle Fassung behalten" })).toBeTruthy();
  });

  const states: Array<[SyncState, string]> = [
    [{ kind: "idle" }, "Alle Änderungen gespeichert"],
    [{ kind: "saved", at: 0 }, "Gespeichert"],
    [{ kind: "saving", waiting: 2, retryAt: null }, "Wird gespeichert … (2)"],
    [{ kind: "offline", waiting: 1_234, retryAt: null }, "Offline — 1.234 ausstehend"],
    [{ kind: "retrying", waiting: 1, retryAt: null, status: 503, message: null }, "Serverfehler (503) — 1 ausstehend"],
    [{ kind: "held", waiting: 1, retryAt: null, fields: ["Source 1 URL"] }, "Nicht gespeichert: Quelle 1 URL"],
    [
      { kind: "failed", waiting: 1, retryAt: null, status: 500, message: "", canRetry: true },
      "Speichern fehlgeschlagen — der Server hat mit einem Fehler geantwortet (500)",
    ],
  ];
  it.each(states)("says %j as %s", (state, text) => {
    renderWithIntl(<SaveIndicator state={state} onRetry={() => {}} nameOfField={(field) => (field === "Source 1 URL" ? "Quelle 1 URL" : field)} />, {
      locale: "de",
    });
    expect(screen.getByRole("status").textContent).toBe(text);
  });

  it("counts held fields beyond the first three, and offers the retry in German", () => {
    renderWithIntl(
      <SaveIndicator state={{ kind: "held", waiting: 2, retryAt: Date.now() + 4_000, fields: ["A", "B", "C", "D", "E"] }} onRetry={() => {}} />,
      { locale: "de" },
    );
    expect(screen.getByRole("status").textContent).toBe("Nicht gespeichert: A, B, C und 2 weitere");
    expect(screen.getByTestId("retry-countdown").textContent).toContain("neuer Versuch in 4 s");
    expect(screen.getByRole("button", { name: "Jetzt erneut versuchen" })).toBeTruthy();
  });
});

describe("ClaimForm: the speaker's limit is counted, not cut", () => {
  it("shows a counter tied to the input, and lets the editor's check say when the speaker is too long", () => {
    const long = "x".repeat(301);
    const { editor } = renderForm({ draft: draft({ speaker: long }) });
    const speaker = within(editor).getByLabelText("Speaker / attribution") as HTMLInputElement;
    // Nothing typed or pasted is cut: the whole text stays in the field.
    expect(speaker.getAttribute("maxlength")).toBeNull();
    expect(speaker.value).toBe(long);
    const counter = screen.getByTestId("speaker-count");
    expect(counter.textContent).toContain("301 / 300");
    expect(counter.classList.contains("error")).toBe(true);
    const described = (speaker.getAttribute("aria-describedby") ?? "").split(" ");
    expect(described).toContain("speaker-count");
    expect(document.getElementById("speaker-count")?.querySelector(".sr-only")?.textContent).toBe("301 of at most 300 characters");
    expect(speaker.getAttribute("aria-invalid")).toBe("true");
    expect(described.map((id) => document.getElementById(id)?.textContent)).toContain("Speaker is longer than 300 characters");
  });

  it("counts what is saved (the speaker is trimmed), and in German", () => {
    renderForm({ draft: draft({ speaker: "  Die Ministerin " }) }, "de");
    const counter = screen.getByTestId("speaker-count");
    expect(counter.textContent).toContain("14 / 300");
    expect(counter.querySelector(".sr-only")?.textContent).toBe("14 von höchstens 300 Zeichen");
    expect(counter.classList.contains("error")).toBe(false);
  });
});

/** The editor as the page holds it: every change becomes the draft it shows. */
function Editor({ initial, projectId = "p1" }: { initial: ClaimDraft; projectId?: string }) {
  const [current, setCurrent] = useState(initial);
  return (
    <ClaimForm
      draft={current}
      taxonomy={DEFAULT_TAXONOMY}
      projectId={projectId}
      isReadOnly={false}
      onChange={setCurrent}
      onDelete={() => {}}
      onClose={() => {}}
    />
  );
}

describe("ClaimForm: completing from the project's values", () => {
  /** A suggestions API that answers from these values, and the queries it was asked. */
  function stubSuggestions(values: Record<string, string[]>) {
    const asked: Array<{ field: string | null; q: string | null }> = [];
    vi.stubGlobal(
      "fetch",
      vi.fn(async (input: string) => {
        const url = new URL(input, "http://localhost");
        expect(url.pathname).toBe("/api/projects/p1/suggestions");
        const field = url.searchParams.get("field");
        const q = url.searchParams.get("q") ?? "";
        asked.push({ field, q });
        const found = (values[field ?? ""] ?? []).filter((v) => v.toLowerCase().includes(q.toLowerCase()));
        return new Response(JSON.stringify({ suggestions: found }), { status: 200 });
      }),
    );
    return asked;
  }
  const options = (id: string) => [...document.querySelectorAll(`#${id} option`)].map((o) => o.getAttribute("value"));

  it("offers the project's speakers in the speaker's datalist as the person types, once typing pauses", async () => {
    const asked = stubSuggestions({ speaker: ["Olaf Scholz", "Olga Meier", "Reuters"] });
    renderWithIntl(<Editor initial={draft()} />);
    const speaker = screen.getByLabelText("Speaker / attribution");
    expect(speaker.getAttribute("list")).toBe("speaker-suggestions");
    fireEvent.change(speaker, { target: { value: "O" } });
    fireEvent.change(speaker, { target: { value: "Ol" } });
    await waitFor(() => expect(options("speaker-suggestions")).toEqual(["Olaf Scholz", "Olga Meier"]));
    // One request for the pause, not one per keystroke.
    expect(asked).toEqual([{ field: "speaker", q: "Ol" }]);
  });

  it("completes the tag being typed after the others, without offering a tag already there", async () => {
    const asked = stubSuggestions({ tag: ["economy", "energy", "trade"] });
    renderWithIntl(<Editor initial={draft({ tags: ["energy"] })} />);
    const tags = screen.getByLabelText("Tags (comma-separated)");
    expect(tags.getAttribute("list")).toBe("tags-suggestions");
    fireEvent.change(tags, { target: { value: "energy, e" } });
    await waitFor(() => expect(options("tags-suggestions")).toEqual(["energy, economy", "energy, trade"]));
    expect(asked.at(-1)).toEqual({ field: "tag", q: "e" });
    // Choosing the option is typing its value: the tags are the list it makes.
    fireEvent.change(tags, { target: { value: "energy, economy" } });
    await waitFor(() => expect(asked.at(-1)).toEqual({ field: "tag", q: "economy" }));
  });

  it("offers each source's publisher its own list", async () => {
    stubSuggestions({ publisher: ["Reuters", "Der Spiegel"] });
    renderWithIntl(<Editor initial={draft({ sources: [source(), source({ id: "00000000-0000-4000-8000-0000000000b2" })] })} />);
    const second = within(screen.getByRole("group", { name: "Source 2" })).getByLabelText("Publisher");
    expect(second.getAttribute("list")).toBe("src-publisher-1-suggestions");
    fireEvent.change(second, { target: { value: "spie" } });
    await waitFor(() => expect(options("src-publisher-1-suggestions")).toEqual(["Der Spiegel"]));
    expect(options("src-publisher-0-suggestions")).toEqual([]);
  });

  it("asks nothing when the claim is read-only", async () => {
    const asked = stubSuggestions({ speaker: ["Reuters"] });
    renderForm({ isReadOnly: true, projectId: "p1" });
    fireEvent.focus(screen.getByLabelText("Speaker / attribution"));
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(asked).toEqual([]);
  });
});
