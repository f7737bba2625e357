"use client";

import { type ClaimDraft, FIELD_TEXT, refusedChanges } from "@/lib/client/claim-fields";
import type { Conflict } from "@/lib/client/claim-sync";
import type { ClaimFieldKey } from "@/lib/fields";
import { CHECK_WORTHINESS, labelOf, type Taxonomy } from "@/lib/taxonomy";

/** This panel's words, in one place (for translation). */
const TEXT = {
  title: "Your edit that was not saved",
  intro:
    "The claim was changed elsewhere before your edit arrived. The editor below shows the current version; here is what you had, to apply again.",
  nothingLost: "The current version already has everything you changed.",
  yours: "Yours",
  current: "Current",
  keepMine: (field: string) => `Use my ${field.toLowerCase()}`,
  applyAll: "Apply all my changes",
  keepCurrent: "Keep the current version",
  dismiss: "Dismiss",
  empty: "(empty)",
  notSet: "— not set —",
};

type Props = {
  conflict: Conflict;
  /** The claim as the editor shows it now (the current version, with any edits made since). */
  current: ClaimDraft;
  taxonomy: Taxonomy;
  onApply: (draft: ClaimDraft) => void;
  onDiscard: () => void;
};

function formatValue(key: ClaimFieldKey, draft: ClaimDraft, taxonomy: Taxonomy): string {
  switch (key) {
    case "claimType":
      return labelOf(taxonomy.claimTypes, draft.claimType) || TEXT.notSet;
    case "verdict":
      return labelOf(taxonomy.verdicts, draft.verdict) || TEXT.notSet;
    case "checkWorthiness": {
      const entry = CHECK_WORTHINESS.find((c) => c.value === draft.checkWorthiness);
      return entry ? `${entry.value} · ${entry.label}` : TEXT.notSet;
    }
    case "tags":
      return draft.tags.join(", ") || TEXT.empty;
    case "sources":
      return (
        draft.sources
          .map(
            (s, i) => `${FIELD_TEXT.source(i + 1)}: ${s.url || TEXT.empty}${s.title ? ` (${s.title})` : ""} · ${labelOf(taxonomy.stances, s.stance)}`,
          )
          .join("\n") || TEXT.empty
      );
    default:
      return draft[key] || TEXT.empty;
  }
}

/**
 * A stale edit the server refused, kept beside the current version: each
 * field the user changed, theirs and the current value, and buttons that put
 * theirs into the editor (saved like any edit, against the current version).
 */
export function ConflictPanel({ conflict, current, taxonomy, onApply, onDiscard }: Props) {
  const changed = refusedChanges(conflict.refused, conflict.base, current);
  const withMine = (keys: readonly ClaimFieldKey[]): ClaimDraft => {
    const next: ClaimDraft = { ...current };
    for (const key of keys) (next as Record<ClaimFieldKey, unknown>)[key] = conflict.refused[key];
    return next;
  };

  return (
    <section className="card conflict-panel" aria-labelledby="conflict-title" data-testid="conflict-panel">
      <h2 id="conflict-title" style={{ margin: 0, fontSize: "1.05rem" }}>
        {TEXT.title}
      </h2>
      <p className="muted" style={{ fontSize: "0.85rem" }}>
        {conflict.message} {changed.length ? TEXT.intro : TEXT.nothingLost}
      </p>
      {changed.length > 0 && (
        <dl style={{ margin: 0 }}>
          {changed.map((key) => {
            const label = FIELD_TEXT.fields[key] ?? key;
            return (
              <div key={key} data-testid={`conflict-${key}`} style={{ marginBottom: "0.6rem" }}>
                <dt>
                  <strong>{label}</strong>
                </dt>
                <dd style={{ margin: "0.2rem 0 0" }}>
                  <div>
                    {TEXT.yours}:{" "}
                    <span style={{ whiteSpace: "pre-wrap", userSelect: "all" }} data-testid="conflict-mine">
                      {formatValue(key, conflict.refused, taxonomy)}
                    </span>
                  </div>
                  <div className="muted">
                    {TEXT.current}: <span style={{ whiteSpace: "pre-wrap" }}>{formatValue(key, current, taxonomy)}</span>
                  </div>
                  <button type="button" onClick={() => onApply(withMine([key]))}>
                    {TEXT.keepMine(label)}
                  </button>
                </dd>
              </div>
            );
          })}
        </dl>
      )}
      <div className="row" style={{ flexWrap: "wrap", marginTop: "0.4rem" }}>
        {changed.length > 0 && (
          <button type="button" className="primary" onClick={() => onApply(withMine(changed))}>
            {TEXT.applyAll}
          </button>
        )}
        <button type="button" onClick={onDiscard}>
          {changed.length ? TEXT.keepCurrent : TEXT.dismiss}
        </button>
      </div>
    </section>
  );
}
