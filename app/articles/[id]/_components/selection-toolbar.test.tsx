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
    renderWithIntl(
      <SelectionToolbar
        place={{ top: 10, left: 20 }}
        onClaim={onClaim}
        onClaimSentence={onClaimSentence}
        noClaim={{ isPressed: false, onToggle: vi.fn() }}
        exclude={null}
      />,
      { locale: "de" },
    );
    const toolbar = screen.getByRole("toolbar", { name: "Auswahl" });
    expect(toolbar.style.top).toBe("10px");
    const claim = screen.getByRole("button", { name: "Behauptung erfassen" });
    // A press that moved the focus would drop the selection before the click.
    expect(fireEvent.mouseDown(claim)).toBe(false);
    fireEvent.click(claim);
    fireEvent.click(screen.getByRole("button", { name: "Ganzen Satz erfassen" }));
    expect(onClaim).toHaveBeenCalledTimes(1);
    expect(onClaimSentence).toHaveBeenCalledTimes(1);
    // Only reviewers and admins are offered "not annotatable".
    expect(screen.queryByRole("button", { name: "Nicht annotierbar" })).toBeNull();
  });

  it("offers the sentence decisions as toggle buttons, pressed when every selected sentence has it", () => {
    const noClaim = vi.fn();
    const exclude = vi.fn();
    renderWithIntl(
      <SelectionToolbar
        place={{ top: 0, left: 0 }}
        onClaim={vi.fn()}
        onClaimSentence={vi.fn()}
        noClaim={{ isPressed: true, onToggle: noClaim }}
        exclude={{ isPressed: false, onToggle: exclude }}
      />,
    );
    const noClaimButton = screen.getByRole("button", { name: "No claim here" });
    expect(noClaimButton.getAttribute("aria-pressed")).toBe("true");
    const excludeButton = screen.getByRole("button", { name: "Not annotatable" });
    expect(excludeButton.getAttribute("aria-pressed")).toBe("false");
    expect(fireEvent.mouseDown(excludeButton)).toBe(false);
    fireEvent.click(noClaimButton);
    fireEvent.click(excludeButton);
    expect(noClaim).toHaveBeenCalledTimes(1);
    expect(exclude).toHaveBeenCalledTimes(1);
  });
});
