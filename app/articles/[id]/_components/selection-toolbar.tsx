"use client";

import { useTranslations } from "next-intl";

/** Where the toolbar stands, relative to the text's wrapper (its containing block). */
export type ToolbarPlace = { top: number; left: number };

type Props = { place: ToolbarPlace; onClaim: () => void; onClaimSentence: () => void };

/** The buttons over a mouse selection. They keep the selection: a press does not move the focus away from it. */
export function SelectionToolbar({ place, onClaim, onClaimSentence }: Props) {
  const t = useTranslations("annotator");
  return (
    <div className="toolbar" role="toolbar" aria-label={t("toolbar.label")} style={{ top: place.top, left: place.left }}>
      <button type="button" onMouseDown={(e) => e.preventDefault()} onClick={onClaim}>
        {t("toolbar.claim")}
      </button>
      <button type="button" onMouseDown={(e) => e.preventDefault()} onClick={onClaimSentence}>
        {t("toolbar.claimSentence")}
      </button>
    </div>
  );
}
