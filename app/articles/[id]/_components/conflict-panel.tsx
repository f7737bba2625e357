"use client";

import { useTranslations } from "next-intl";
import { checkWorthinessLabelWith, useTaxonomyLabel } from "@/components/taxonomy-label";
import { type ClaimDraft, refusedChanges } from "@/lib/client/claim-fields";
import type { Conflict } from "@/lib/client/claim-sync";
import type { ClaimFieldKey } from "@/lib/fields";
import { CHECK_WORTHINESS, type Taxonomy } from "@/lib/taxonomy";

type Props = {
  conflict: Conflict;
  /** The claim as the editor shows it now (the current version, with any edits made since). */
  current: ClaimDraft;
  taxonomy: Taxonomy;
  onApply: (draft: ClaimDraft) => void;
  onDiscard: () => void;
};

/** A field's value as the panel shows it: taxonomy entries and check-worthiness by their words, each source on a line. */
function useFormatValue(taxonomy: Taxonomy) {
  const t = useTranslations("claim");
  const tv = useTranslations("vocab");
  const label = useTaxonomyLabel();
  return (key: ClaimFieldKey, draft: ClaimDraft): string => {
    switch (key) {
      case "claimType":
        return label("claimTypes", taxonomy.claimTypes, draft.claimType) || t("editor.notSet");
      case "verdict":
        return label("verdicts", taxonomy.verdicts, draft.verdict) || t("editor.notSet");
      case "checkWorthiness": {
        const entry = CHECK_WORTHINESS.find((c) => c.value === draft.checkWorthiness);
        return entry ? `${entry.value} · ${checkWorthinessLabelWith(tv, entry.value)}` : t("editor.notSet");
      }
      case "tags":
        return draft.tags.join(", ") || t("conflict.empty");
      case "sources":
        return (
          draft.sources
            .map((s, i) => {
              const words = {
                source: t("place.source", { number: i + 1 }),
                url: s.url || t("conflict.empty"),
                stance: label("stances", taxonomy.stances, s.stance),
              };
              return s.title ? t("conflict.sourceTitled", { ...words, title: s.title }) : t("conflict.source", words);
            })
            .join("\n") || t("conflict.empty")
        );
      default:
        return draft[key] || t("conflict.empty");
    }
  };
}

/**
 * A stale edit the server refused, kept beside the current version: each
 * field the user changed, theirs and the current value, and buttons that put
 * theirs into the editor (saved like any edit, against the current version).
 */
export function ConflictPanel({ conflict, current, taxonomy, onApply, onDiscard }: Props) {
  const t = useTranslations("claim");
  const formatValue = useFormatValue(taxonomy);
  const changed = refusedChanges(conflict.refused, conflict.base, current);
  const withMine = (keys: readonly ClaimFieldKey[]): ClaimDraft => {
    const next: ClaimDraft = { ...current };
    for (const key of keys) (next as Record<ClaimFieldKey, unknown>)[key] = conflict.refused[key];
    return next;
  };

  return (
    <section className="card conflict-panel" aria-labelledby="conflict-title" data-testid="conflict-panel">
      <h2 id="conflict-title" style={{ margin: 0, fontSize: "1.05rem" }}>
        {t("conflict.title")}
      </h2>
      <p className="muted" style={{ fontSize: "0.85rem" }}>
        {conflict.message} {changed.length ? t("conflict.intro") : t("conflict.nothingLost")}
      </p>
      {changed.length > 0 && (
        <dl style={{ margin: 0 }}>
          {changed.map((key) => (
            <div key={key} data-testid={`conflict-${key}`} style={{ marginBottom: "0.6rem" }}>
              <dt>
                <strong>{t(`fields.${key}`)}</strong>
              </dt>
              <dd style={{ margin: "0.2rem 0 0" }}>
                <div>
                  {t.rich("conflict.yours", {
                    value: formatValue(key, conflict.refused),
                    shown: (chunks) => (
                      <span style={{ whiteSpace: "pre-wrap", userSelect: "all" }} data-testid="conflict-mine">
                        {chunks}
                      </span>
                    ),
                  })}
                </div>
                <div className="muted">
                  {t.rich("conflict.current", {
                    value: formatValue(key, current),
                    shown: (chunks) => <span style={{ whiteSpace: "pre-wrap" }}>{chunks}</span>,
                  })}
                </div>
                <button type="button" onClick={() => onApply(withMine([key]))}>
                  {t(`conflict.keepMine.${key}`)}
                </button>
              </dd>
            </div>
          ))}
        </dl>
      )}
      <div className="row" style={{ flexWrap: "wrap", marginTop: "0.4rem" }}>
        {changed.length > 0 && (
          <button type="button" className="primary" onClick={() => onApply(withMine(changed))}>
            {t("conflict.applyAll")}
          </button>
        )}
        <button type="button" onClick={onDiscard}>
          {changed.length ? t("conflict.keepCurrent") : t("conflict.dismiss")}
        </button>
      </div>
    </section>
  );
}
