"use client";

import { useTranslations } from "next-intl";

/** Where the toolbar stands, relative to the text's wrapper (its containing block). */
export type ToolbarPlace = { top: number; left: number };

/** A decision on the selected sentences: pressed when every one of them has it already (a press then clears it). */
export type ToolbarToggle = { isPressed: boolean; onToggle: () => void };

type Props = {
  place: ToolbarPlace;
  onClaim: () => void;
  onClaimSentence: () => void;
  noClaim: ToolbarToggle;
  /** Offered to reviewers and admins only. */
  exclude: ToolbarToggle | null;
};

/** The buttons over a mouse selection. They keep the selection: a press does not move the focus away from it. */
export function SelectionToolbar({ place, onClaim, onClaimSentence, noClaim, exclude }: Props) {
  const t = useTranslations("annotator");
  return (
    <div className="toolbar" role="toolbar" aria-label={t("toolbar.label")} style={{ top: place.top, left: place.left }}>
      <button type="button" onMouseDown={(e) => e.preventDefault()} onClick={onClaim}>
        {t("toolbar.claim")}
      </button>
      <button type="button" onMouseDown={(e) => e.preventDefault()} onClick={onClaimSentence}>
        {t("toolbar.claimSentence")}
      </button>
      <button type="button" aria-pressed={noClaim.isPressed} onMouseDown={(e) => e.preventDefault()} onClick={noClaim.onToggle}>
        {t("toolbar.noClaim")}
      </button>
      {exclude && (
        <button type="button" aria-pressed={exclude.isPressed} onMouseDown={(e) => e.preventDefault()} onClick={exclude.onToggle}>
          {t("toolbar.exclude")}
        </button>
      )}
    </div>
  );
}
