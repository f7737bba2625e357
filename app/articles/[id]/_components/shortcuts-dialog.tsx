"use client";

import { useTranslations } from "next-intl";
import { type Ref, useImperativeHandle, useRef } from "react";

/** The overlay's rows, in the order a working session meets them; `isDestructive` rows are marked as deleting. */
const ROWS = [
  { key: "move" },
  { key: "firstLast" },
  { key: "nextOpen" },
  { key: "word" },
  { key: "span" },
  { key: "claim" },
  { key: "claimNew" },
  { key: "openClaim" },
  { key: "claimStep" },
  { key: "delete", isDestructive: true },
  { key: "noClaim" },
  { key: "exclude" },
  { key: "undo" },
  { key: "redo" },
  { key: "escape" },
  { key: "help" },
] as const;

export type ShortcutsHandle = { open: () => void };

/**
 * Every key of the annotator (keyboard-map.ts), in a modal dialog: the page
 * behind it is inert while it is open (the focus stays inside), Escape or
 * Close shuts it and the focus goes back where it was.
 */
export function ShortcutsDialog({ ref }: { ref: Ref<ShortcutsHandle> }) {
  const t = useTranslations("annotator");
  const dialogRef = useRef<HTMLDialogElement>(null);
  const returnTo = useRef<HTMLElement | null>(null);
  const close = () => {
    if (dialogRef.current?.open) dialogRef.current.close();
  };
  useImperativeHandle(ref, () => ({
    open: () => {
      const dialog = dialogRef.current;
      if (!dialog || dialog.open) return;
      returnTo.current = document.activeElement instanceof HTMLElement ? document.activeElement : null;
      dialog.showModal();
    },
  }));
  return (
    <dialog
      ref={dialogRef}
      className="shortcuts"
      aria-labelledby="shortcuts-title"
      data-testid="shortcuts"
      onClose={() => returnTo.current?.focus()}
      onKeyDown={(event) => {
        // The browser closes a modal dialog on Escape by itself; this keeps the key from reaching the text behind it.
        if (event.key === "Escape") {
          event.preventDefault();
          event.stopPropagation();
          close();
        }
      }}
    >
      <div className="row" style={{ justifyContent: "space-between" }}>
        <h2 id="shortcuts-title" style={{ margin: 0 }}>
          {t("shortcuts.title")}
        </h2>
        <button type="button" onClick={close}>
          {t("shortcuts.close")}
        </button>
      </div>
      <p className="muted">{t("shortcuts.intro")}</p>
      <table id="keyboard-help" className="shortcut-table">
        <thead>
          <tr>
            <th scope="col">{t("shortcuts.keysHeader")}</th>
            <th scope="col">{t("shortcuts.actionHeader")}</th>
          </tr>
        </thead>
        <tbody>
          {ROWS.map((row) => (
            <tr key={row.key} className={"isDestructive" in row ? "destructive" : undefined} data-shortcut={row.key}>
              <th scope="row">{t.rich(`shortcuts.${row.key}.keys`, { kbd: (chunks) => <kbd>{chunks}</kbd> })}</th>
              <td>
                {"isDestructive" in row && <span className="badge danger">{t("shortcuts.destructive")}</span>} {t(`shortcuts.${row.key}.action`)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </dialog>
  );
}
