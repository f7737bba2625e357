// @vitest-environment happy-dom
import { cleanup, fireEvent, screen, waitFor } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { renderWithIntl } from "@/test-support/intl";
import { AddRevisionForm } from "./add-revision-form";

/** Adding a revision: nothing sent without a text, a paste sent as JSON, an upload as the one `file`, and the answer in words. */

const refresh = vi.fn();
vi.mock("next/navigation", () => ({ useRouter: () => ({ refresh }) }));
const fetchMock = vi.fn<typeof fetch>();

beforeEach(() => {
  refresh.mockReset();
  fetchMock.mockReset();
  vi.stubGlobal("fetch", fetchMock);
});
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const ADDED = {
  articleId: "a",
  revision: 2,
  previous: 1,
  claims: { kept: 7, relocated: 1, needs_confirmation: 2, orphaned: 1 },
  sentenceDecisions: { carried: 3, dropped: 1 },
};

describe("AddRevisionForm", () => {
  it("asks for a text before sending anything", () => {
    renderWithIntl(<AddRevisionForm articleId="a" />);
    fireEvent.click(screen.getByRole("button", { name: "Add as a new revision" }));
    expect(screen.getByRole("alert").textContent).toBe("Paste the new text or choose a file.");
    expect(fetchMock).not.toHaveBeenCalled();
  });

  it("sends a pasted text and says what became of the claims and the sentence decisions", async () => {
    fetchMock.mockResolvedValue(Response.json({ revision: ADDED }, { status: 201 }));
    renderWithIntl(<AddRevisionForm articleId="a" />);
    fireEvent.change(screen.getByLabelText("New text"), { target: { value: "Title\n\nThe corrected text." } });
    fireEvent.click(screen.getByRole("button", { name: "Add as a new revision" }));
    await waitFor(() =>
      expect(screen.getByTestId("revision-added").textContent).toBe(
        "Revision 2 added. Claims: 7 kept, 1 relocated, 2 need confirmation, 1 orphaned.Decisions on whole sentences: 3 carried over, 1 dropped because their sentence changed.",
      ),
    );
    expect(fetchMock).toHaveBeenCalledWith(
      "/api/articles/a/revisions",
      expect.objectContaining({ method: "POST", body: JSON.stringify({ text: "Title\n\nThe corrected text." }) }),
    );
    expect(refresh).toHaveBeenCalled();
  });

  it("shows the server's refusal, such as no change, in German too", async () => {
    fetchMock.mockResolvedValue(
      Response.json(
        { error: { code: "unprocessable:revision", message: "The text is the same as the current revision: no change, so no new revision." } },
        { status: 422 },
      ),
    );
    renderWithIntl(<AddRevisionForm articleId="a" />, { locale: "de" });
    fireEvent.change(screen.getByLabelText("Neuer Text"), { target: { value: "Same" } });
    fireEvent.click(screen.getByRole("button", { name: "Als neue Fassung hinzufügen" }));
    await waitFor(() =>
      expect(screen.getByRole("alert").textContent).toBe(
        "Der Text ist derselbe wie in der aktuellen Fassung: keine Änderung, also keine neue Fassung.",
      ),
    );
    expect(refresh).not.toHaveBeenCalled();
  });
});
