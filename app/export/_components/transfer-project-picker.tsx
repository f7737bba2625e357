import { useTranslations } from "next-intl";
import { TRANSFER_PROJECT_PARAM } from "@/lib/transfer-links";

type Props = {
  /** The page the choice opens (`/export`, `/import`). */
  action: "/export" | "/import";
  /** The projects the person may use there, as the data layer lists them. */
  projects: ReadonlyArray<{ id: string; name: string }>;
  /** The project the page shows, or null while none is chosen. */
  chosenId: string | null;
};

/**
 * The project choice of the Export and Import pages: a plain GET form that
 * opens the page for the chosen project (`?project=<id>`), so it works
 * before any script has loaded and the choice lives in the address (a link
 * or Back opens the same project). Nothing happens on selecting alone: the
 * page changes only when the button is pressed (WCAG 3.2.2). Shared by both
 * pages, which is why it lives beside the Export page rather than in one
 * route's private folder only.
 */
export function TransferProjectPicker({ action, projects, chosenId }: Props) {
  const t = useTranslations("transfer");
  return (
    // Its name says "project" but neither "Export" nor "Import": the page's own form is found by that name (role and
    // name queries match parts of names), and must stay the only match.
    <form method="get" action={action} className="card row" aria-label={t("project.pickerLabel")} style={{ flexWrap: "wrap", marginBottom: "1rem" }}>
      <label htmlFor="transfer-project" style={{ margin: 0 }}>
        {t("project.label")}
      </label>
      {/* Keyed by the choice: a page shown for another project starts from that project, not the select's old state. */}
      <select key={chosenId ?? ""} id="transfer-project" name={TRANSFER_PROJECT_PARAM} defaultValue={chosenId ?? ""} required>
        {chosenId === null && (
          <option value="" disabled>
            {t("project.placeholder")}
          </option>
        )}
        {projects.map((p) => (
          <option key={p.id} value={p.id}>
            {p.name}
          </option>
        ))}
      </select>
      <button type="submit">{t("project.choose")}</button>
    </form>
  );
}
