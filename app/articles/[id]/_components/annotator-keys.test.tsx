// @vitest-environment happy-dom
import { act, fireEvent, screen, waitFor, within } from "@testing-library/react";
import { beforeEach, describe, expect, it, vi } from "vitest";
import type { ClaimDto } from "@/lib/claim-schema";
import { fakeServer } from "@/test-support/fake-claim-server";
import { CLAIM_ID, claimOf, FIRST, renderAnnotator as renderAnnotatorPage, setUpAnnotatorTests } from "./annotator-test-setup";

/**
 * The annotator driven by its keys, against the stand-in server the
 * claim-sync tests use (real ClaimSync, real saves): the sentence path, the
 * word-by-word span, c on a claimed sentence, Shift+C, deleting only with
 * Delete, undo and redo, stepping through claims, the overlay and links.
 */

let server: ReturnType<typeof fakeServer>;

setUpAnnotatorTests();

beforeEach(() => {
  server = fakeServer();
  vi.stubGlobal("fetch", server.fetchImpl);
});

/** The page with these claims, which the server knows too. */
const renderAnnotator = (claims: ClaimDto[] = []) => renderAnnotatorPage({ claims, server });

const creates = () => server.requests.filter((r) => r.baseVersion === null);

describe("the annotator's keys", () => {
  it("c on a sentence with the person's claim opens that claim instead of making a duplicate; Shift+C makes a second on purpose", async () => {
    const page = renderAnnotator([claimOf(FIRST)]);
    page.press("ArrowDown");
    page.press("j");
    expect(page.focused()).toBe("1");
    page.press("c");
    expect(within(page.editor()!).getByTestId("claim-quote").textContent).toBe(FIRST);
    expect(page.items()).toHaveLength(1);
    page.press("Enter");
    expect(page.items()).toHaveLength(1);
    expect(server.requests).toHaveLength(0);

    page.press("C", { shiftKey: true });
    expect(page.items()).toHaveLength(2);
    await waitFor(() => expect(creates()).toHaveLength(1));
    expect(creates()[0]?.target.exact).toBe(FIRST);
    expect(screen.getByTestId("announcer").textContent).toBe("Claim created");
  });

  it("marks a span word by word with Shift+arrows and claims exactly it with Enter", async () => {
    const page = renderAnnotator();
    for (let i = 0; i < 3; i++) page.press("ArrowDown");
    expect(page.focused()).toBe("2");
    page.press("ArrowRight", { shiftKey: true });
    page.press("ArrowRight", { shiftKey: true });
    page.press("ArrowRight", { shiftKey: true });
    expect(page.marked()).toBe("Die Regierung rechnet");
    page.press("ArrowLeft", { shiftKey: true });
    expect(page.marked()).toBe("Die Regierung");
    page.press("Enter");
    await waitFor(() => expect(creates()).toHaveLength(1));
    expect(creates()[0]?.target.exact).toBe("Die Regierung");
    expect(within(page.editor()!).getByTestId("claim-quote").textContent).toBe("Die Regierung");
    expect(page.marked()).toBe("");
  });

  it("moves a one-word mark with the arrows, grows it from there, and drops it with Escape", () => {
    const page = renderAnnotator();
    page.press("ArrowDown");
    page.press("ArrowDown");
    page.press("ArrowRight");
    page.press("ArrowRight");
    expect(page.marked()).toBe("Exporte");
    page.press("ArrowRight", { shiftKey: true });
    expect(page.marked()).toBe("Exporte fielen");
    page.press("Escape");
    expect(page.marked()).toBe("");
    expect(page.focused()).toBe("1");
    expect(server.requests).toHaveLength(0);
  });

  it("Backspace deletes nothing; Delete deletes the open claim, Ctrl+Z restores it and Ctrl+Shift+Z deletes it again", async () => {
    const page = renderAnnotator([claimOf(FIRST)]);
    page.press("ArrowDown");
    page.press("ArrowDown");
    page.press("o");
    expect(page.editor()).not.toBeNull();
    page.press("Backspace");
    expect(server.deletes).toHaveLength(0);
    expect(page.items()).toHaveLength(1);

    page.press("Delete");
    await screen.findByText("Claim deleted.");
    expect(server.deletes).toEqual([{ id: CLAIM_ID, restore: false }]);
    expect(page.items()).toHaveLength(0);
    expect(page.editor()).toBeNull();

    page.press("z", { ctrlKey: true });
    await waitFor(() => expect(page.items()).toHaveLength(1));
    expect(server.deletes.at(-1)).toEqual({ id: CLAIM_ID, restore: true });
    expect(screen.queryByText("Claim deleted.")).toBeNull();
    expect(page.editor()).not.toBeNull();

    // Cmd on a Mac.
    page.press("Z", { metaKey: true, shiftKey: true });
    await waitFor(() => expect(page.items()).toHaveLength(0));
    expect(server.deletes.at(-1)).toEqual({ id: CLAIM_ID, restore: false });
    page.press("Z", { metaKey: true, shiftKey: true });
    await waitFor(() => expect(screen.getByTestId("announcer").textContent).toBe("Nothing to redo"));
  });

  it("leaves another annotator's claim alone on Delete", () => {
    const page = renderAnnotator([claimOf(FIRST, { authorId: "user-ben", authorName: "Ben" })]);
    page.press("ArrowDown");
    page.press("ArrowDown");
    page.press("o");
    expect(page.editor()).not.toBeNull();
    page.press("Delete");
    expect(server.deletes).toHaveLength(0);
    expect(page.items()).toHaveLength(1);
  });

  it("undoes an edit typed in the editor once the focus has left the field, and leaves Ctrl+Z in a field to the browser", async () => {
    const page = renderAnnotator([claimOf(FIRST)]);
    page.press("ArrowDown");
    page.press("ArrowDown");
    page.press("o");
    const speaker = within(page.editor()!).getByLabelText("Speaker / attribution") as HTMLInputElement;
    fireEvent.change(speaker, { target: { value: "the ministry" } });
    await waitFor(() => expect(server.stored.get(CLAIM_ID)?.claim.speaker).toBe("the ministry"), { timeout: 2_000 });

    speaker.focus();
    fireEvent.keyDown(speaker, { key: "z", ctrlKey: true });
    expect(server.stored.get(CLAIM_ID)?.claim.speaker).toBe("the ministry");

    page.text.focus();
    page.press("z", { ctrlKey: true });
    await waitFor(() => expect(server.stored.get(CLAIM_ID)?.claim.speaker).toBe(""));
    const editor = page.editor()!;
    expect((within(editor).getByLabelText("Speaker / attribution") as HTMLInputElement).value).toBe("");
    page.press("y", { ctrlKey: true });
    await waitFor(() => expect(server.stored.get(CLAIM_ID)?.claim.speaker).toBe("the ministry"));
  });

  it("n and p step through the claims in text order; f finds the next sentence without a claim of the person's", () => {
    const second = claimOf("Die Regierung rechnet mit Wachstum.", { id: "00000000-0000-4000-8000-0000000000c2" });
    const page = renderAnnotator([second, claimOf(FIRST)]);
    const current = () => page.items().find((item) => item.getAttribute("aria-current") === "true")?.textContent ?? "";
    page.press("n");
    expect(current()).toContain(FIRST);
    expect(page.focused()).toBe("1");
    page.press("n");
    expect(current()).toContain("Die Regierung");
    expect(page.focused()).toBe("2");
    page.press("p");
    expect(current()).toContain(FIRST);

    page.press("Escape");
    page.press("Home");
    page.press("f");
    // Sentences 1 and 2 carry claims; from the title the search wraps round to it.
    expect(page.focused()).toBe("0");
  });

  it("f skips the sentences the person has claimed", () => {
    const page = renderAnnotator([claimOf(FIRST)]);
    page.press("Home");
    page.press("f");
    expect(page.focused()).toBe("2");
  });

  it("? opens the shortcut overlay, a modal dialog with a name; Escape closes it and the focus returns to the text", () => {
    const page = renderAnnotator();
    page.press("?", { shiftKey: true });
    const dialog = screen.getByTestId("shortcuts") as HTMLDialogElement;
    expect(dialog.open).toBe(true);
    expect(screen.getByRole("dialog", { name: "Keyboard shortcuts" })).toBe(dialog);
    expect(within(dialog).getByText("Deletes")).toBeTruthy();
    fireEvent.keyDown(dialog, { key: "Escape" });
    expect(dialog.open).toBe(false);
    expect(document.activeElement).toBe(page.text);
    fireEvent.click(screen.getByRole("button", { name: "Keyboard shortcuts" }));
    expect(dialog.open).toBe(true);
  });

  it("a #claim- link opens the claim, scrolls the text to it and the side panel (alone) to its editor", () => {
    const scrolled: Element[] = [];
    vi.spyOn(Element.prototype, "scrollIntoView").mockImplementation(function (this: Element) {
      scrolled.push(this);
    });
    // The side panel shows its first 800 px; the editor starts below them.
    vi.spyOn(Element.prototype, "getBoundingClientRect").mockImplementation(function (this: Element) {
      const [top, bottom] = this.tagName === "ASIDE" ? [0, 800] : this.classList.contains("editor-slot") ? [900, 1300] : [0, 0];
      return { top, bottom, left: 0, right: 0, width: 0, height: bottom - top, x: 0, y: top, toJSON: () => ({}) } as DOMRect;
    });
    const sideScrolls: ScrollToOptions[] = [];
    vi.spyOn(Element.prototype, "scrollBy").mockImplementation(function (this: Element, options?: ScrollToOptions | number) {
      if (this.tagName === "ASIDE" && typeof options === "object") sideScrolls.push(options);
    });
    window.location.hash = `#claim-${CLAIM_ID}`;
    const page = renderAnnotator([claimOf(FIRST)]);
    expect(within(page.editor()!).getByTestId("claim-quote").textContent).toBe(FIRST);
    expect(scrolled.some((el) => el.getAttribute("data-claims")?.split(" ").includes(CLAIM_ID))).toBe(true);
    expect(sideScrolls).toEqual([{ top: 500, behavior: "smooth" }]);
    expect(page.focused()).toBe("1");
  });

  it("choosing a claim in the list scrolls the text to it, and the keyboard focus scrolls along", () => {
    const scrolled: Element[] = [];
    vi.spyOn(Element.prototype, "scrollIntoView").mockImplementation(function (this: Element) {
      scrolled.push(this);
    });
    const page = renderAnnotator([claimOf(FIRST)]);
    fireEvent.click(page.items()[0]!);
    expect(page.editor()).not.toBeNull();
    expect(scrolled.some((el) => el.getAttribute("data-claims") === CLAIM_ID)).toBe(true);
    scrolled.length = 0;
    act(() => {
      page.text.focus();
    });
    page.press("ArrowDown");
    expect(scrolled.map((el) => el.getAttribute("data-sentence"))).toContain("2");
  });
});
