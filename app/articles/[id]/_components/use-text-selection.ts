"use client";

import { type RefObject, useCallback, useState } from "react";
import type { OffsetIndex } from "@/lib/offsets";
import { type SelectedSpan, selectedSpan } from "./selection-offsets";
import type { ToolbarPlace } from "./selection-toolbar";

/** A mouse selection in the text, ready to claim, and where its toolbar stands. */
export type TextSelection = SelectedSpan & ToolbarPlace;

/** Above the selection by about a toolbar's height. */
const TOOLBAR_LIFT_PX = 44;

type Options = {
  textRef: RefObject<HTMLElement | null>;
  offsets: OffsetIndex;
  canAnnotate: boolean;
  /** A click (not a selection) on a piece of the text: `element` is the piece. */
  onPieceClick: (element: HTMLElement) => void;
};

/**
 * The mouse's way into the text: a selection becomes a claimable span with a
 * toolbar over it; a plain click goes to `onPieceClick`.
 */
export function useTextSelection({ textRef, offsets, canAnnotate, onPieceClick }: Options) {
  const [selection, setSelection] = useState<TextSelection | null>(null);

  const onMouseUp = useCallback(
    (event: React.MouseEvent) => {
      const current = window.getSelection();
      if (current && !current.isCollapsed && current.rangeCount > 0) {
        const range = current.getRangeAt(0);
        const root = textRef.current;
        const span = root && canAnnotate ? selectedSpan(root, range, offsets) : null;
        if (!span) return;
        // Position relative to the text's wrapper, which is the toolbar's containing block.
        const rect = range.getBoundingClientRect();
        const wrapper = root?.parentElement?.getBoundingClientRect();
        setSelection({
          ...span,
          top: rect.top - (wrapper?.top ?? 0) - TOOLBAR_LIFT_PX,
          left: Math.max(0, rect.left - (wrapper?.left ?? 0)),
        });
        return;
      }
      setSelection(null);
      const piece = (event.target as HTMLElement).closest<HTMLElement>("[data-sentence]");
      if (piece) onPieceClick(piece);
    },
    [canAnnotate, offsets, onPieceClick, textRef],
  );

  const clear = useCallback(() => {
    setSelection(null);
    window.getSelection()?.removeAllRanges();
  }, []);

  return { selection, onMouseUp, clear };
}
