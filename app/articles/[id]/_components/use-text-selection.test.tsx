// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen } from "@testing-library/react";
import { useRef } from "react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { createOffsetIndex } from "@/lib/offsets";
import { useTextSelection } from "./use-text-selection";

const TEXT = "Die Exporte fielen um 3 Prozent. Die Regierung rechnet mit Wachstum.";

function Harness({ onPieceClick, canAnnotate = true }: { onPieceClick: (piece: HTMLElement) => void; canAnnotate?: boolean }) {
  const textRef = useRef<HTMLElement>(null);
  const { selection, onMouseUp, clear } = useTextSelection({ textRef, offsets: createOffsetIndex(TEXT), canAnnotate, onPieceClick });
  return (
    <div>
      <section ref={textRef} aria-label="Article text" data-testid="text" onMouseUp={onMouseUp}>
        <span data-sentence="0" data-claims="c1">
          {TEXT.slice(0, 32)}
        </span>
        <span data-sentence="1">{TEXT.slice(32)}</span>
      </section>
      <output data-testid="selection">{selection ? `${selection.start}-${selection.end}` : "none"}</output>
      <button type="button" onClick={clear}>
        clear
      </button>
    </div>
  );
}

function select(node: Node, start: number, end: number) {
  const range = document.createRange();
  range.setStart(node, start);
  range.setEnd(node, end);
  const selection = window.getSelection()!;
  selection.removeAllRanges();
  selection.addRange(range);
}

afterEach(() => {
  cleanup();
  window.getSelection()?.removeAllRanges();
});

describe("useTextSelection", () => {
  it("turns a mouse selection into a claimable span, snapped to whole words", () => {
    render(<Harness onPieceClick={() => {}} />);
    const text = screen.getByTestId("text");
    // "xporte fiel" snaps out to "Exporte fielen".
    select(text.firstChild!.firstChild!, 5, 16);
    fireEvent.mouseUp(text);
    expect(screen.getByTestId("selection").textContent).toBe(`${TEXT.indexOf("Exporte")}-${TEXT.indexOf(" um")}`);
    fireEvent.click(screen.getByRole("button", { name: "clear" }));
    expect(screen.getByTestId("selection").textContent).toBe("none");
    expect(window.getSelection()?.rangeCount).toBe(0);
  });

  it("offers nothing to claim for a person who cannot annotate", () => {
    render(<Harness onPieceClick={() => {}} canAnnotate={false} />);
    const text = screen.getByTestId("text");
    select(text.firstChild!.firstChild!, 4, 11);
    fireEvent.mouseUp(text);
    expect(screen.getByTestId("selection").textContent).toBe("none");
  });

  it("hands a plain click to the piece clicked", () => {
    const onPieceClick = vi.fn();
    render(<Harness onPieceClick={onPieceClick} />);
    const piece = screen.getByTestId("text").firstChild as HTMLElement;
    fireEvent.mouseUp(piece);
    expect(onPieceClick).toHaveBeenCalledWith(piece);
  });
});
