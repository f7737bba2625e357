// @vitest-environment happy-dom
import { cleanup, fireEvent, screen } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { renderWithIntl } from "@/test-support/intl";
import { SelectionToolbar } from "./selection-toolbar";

afterEach(cleanup);

describe("SelectionToolbar", () => {
  it("claims the selection or its sentences, without taking the selection away on press", () => {
    const onClaim = vi.fn();
    const onClaimSentence = vi.fn();
    renderWithIntl(<SelectionToolbar place={{ top: 10, left: 20 }} onClaim={onClaim} onClaimSentence={onClaimSentence} />, { locale: "de" });
    const toolbar = screen.getByRole("toolbar", { name: "Auswahl" });
    expect(toolbar.style.top).toBe("10px");
    const claim = screen.getByRole("button", { name: "Behauptung erfassen" });
    // A press that moved the focus would drop the selection before the click.
    expect(fireEvent.mouseDown(claim)).toBe(false);
    fireEvent.click(claim);
    fireEvent.click(screen.getByRole("button", { name: "Ganzen Satz erfassen" }));
    expect(onClaim).toHaveBeenCalledTimes(1);
    expect(onClaimSentence).toHaveBeenCalledTimes(1);
  });
});
