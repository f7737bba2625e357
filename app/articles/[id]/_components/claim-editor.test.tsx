// @vitest-environment happy-dom
import { act, cleanup, fireEvent, render, screen, within } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { ClaimDraft, FieldIssue } from "@/lib/client/claim-fields";
import type { SyncState } from "@/lib/client/claim-sync";
import { emptyClaimFields } from "@/lib/fields";
import { DEFAULT_TAXONOMY } from "@/lib/taxonomy";
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

function renderForm(props: Partial<Parameters<typeof ClaimForm>[0]> = {}) {
  const onChange = vi.fn();
  render(
    <ClaimForm
      draft={draft()}
      taxonomy={DEFAULT_TAXONOMY}
      isReadOnly={false}
      onChange={onChange}
      onDelete={() => {}}
      onClose={() => {}}
      {...props}
    />,
  );
  return { onChange, editor: screen.getByRole("region", { name: "Claim editor" }) };
}

afterEach(() => {
  cleanup();
  vi.useRealTimers();
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
    const serverIssue: FieldIssue = {
      path: "sources.0.title",
      field: "Source 1 Title",
      message: "Source 1: Title contains a broken character",
      from: "server",
    };
    const onDiscard = vi.fn();
    const { editor } = renderForm({
      draft: draft({ sources: [source({ title: "x" })] }),
      serverIssues: [serverIssue],
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
    render(
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
    render(<SaveIndicator state={state} onRetry={() => {}} />);
    const status = screen.getByRole("status");
    expect(status.textContent).toBe(text);
    expect(status.getAttribute("aria-live")).toBe("polite");
  });

  it("counts down to the next retry outside the live region, and offers Retry now", () => {
    vi.useFakeTimers();
    const onRetry = vi.fn();
    render(<SaveIndicator state={{ kind: "offline", waiting: 1, retryAt: Date.now() + 4_000 }} onRetry={onRetry} />);
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
