"use client";

import { useMemo, useState } from "react";
import { checkDraft, type ClaimDraft, type FieldIssue } from "@/lib/client/claim-fields";
import { newUuid } from "@/lib/client/uuid";
import { CHECK_WORTHINESS, type Taxonomy } from "@/lib/taxonomy";
import type { SourceRecord } from "@/lib/claim-schema";
import type { ClaimContentKey } from "@/lib/fields";

/** This editor's new words, in one place (for translation). */
const TEXT = {
  refused: (message: string) => `Not saved: ${message}`,
  discard: "Discard my changes",
  heldNote: "Marked fields are kept here but not saved until they are fixed; everything else saves as usual.",
};

type Props = {
  draft: ClaimDraft;
  taxonomy: Taxonomy;
  isReadOnly: boolean;
  /** Fields the server refused (422) that are held back; the editor finds the others itself. */
  serverIssues?: FieldIssue[];
  /** Why the server refused the last save of this claim (4xx), if it did. */
  refusal?: string | null;
  onDiscard?: () => void;
  onChange: (draft: ClaimDraft) => void;
  onDelete: () => void;
  onClose: () => void;
};

/** The id of the element that explains a field's problem. */
const errorId = (inputId: string) => `${inputId}-error`;

/** The input that shows a field path (`sources.0.url` → `src-url-0`), if the editor has one. */
function inputIdOf(path: string): string | null {
  const [head, index, key] = path.split(".");
  const top: Record<string, string> = {
    claimType: "claim-type",
    checkWorthiness: "check-worthiness",
    speaker: "speaker",
    normalizedClaim: "normalized",
    verdict: "verdict",
    rationale: "rationale",
    tags: "tags",
    language: "claim-language",
  } satisfies Record<ClaimContentKey, string>;
  const sourceInputs: Record<string, string> = {
    url: "src-url",
    stance: "src-stance",
    accessedOn: "src-accessed",
    title: "src-title",
    publisher: "src-publisher",
    excerpt: "src-excerpt",
    archiveUrl: "src-archive",
  };
  if (head === "sources") return index !== undefined && key !== undefined && sourceInputs[key] ? `${sourceInputs[key]}-${index}` : null;
  return head !== undefined ? (top[head] ?? null) : null;
}

/**
 * The claim editor. Every change is handed up at once; the page autosaves it.
 * A field that cannot be saved as it is says so beside itself (its input is
 * `aria-invalid` and described by the message); the rest of the claim saves.
 */
export function ClaimForm({ draft, taxonomy, isReadOnly, serverIssues = [], refusal = null, onDiscard, onChange, onDelete, onClose }: Props) {
  const [tagText, setTagText] = useState(draft.tags.join(", "));
  const issues = useMemo(() => {
    // The editor's own check, as the user types; then what the server refused that the editor does not check.
    const own = isReadOnly ? [] : checkDraft(draft);
    const paths = new Set(own.map((i) => i.path));
    return [...own, ...serverIssues.filter((i) => !paths.has(i.path))];
  }, [draft, isReadOnly, serverIssues]);
  const byInput = new Map<string, FieldIssue[]>();
  const unplaced: FieldIssue[] = [];
  for (const issue of issues) {
    const id = inputIdOf(issue.path);
    if (id) byInput.set(id, [...(byInput.get(id) ?? []), issue]);
    else unplaced.push(issue);
  }
  /** aria attributes tying an input to its problem. */
  const invalid = (inputId: string) =>
    byInput.has(inputId) ? { "aria-invalid": true as const, "aria-describedby": errorId(inputId) } : { "aria-invalid": false as const };
  const fieldError = (inputId: string) => {
    const found = byInput.get(inputId);
    return found ? (
      <p id={errorId(inputId)} className="error field-error" data-testid="field-error">
        {found.map((i) => i.message).join("; ")}
      </p>
    ) : null;
  };
  const set = <K extends keyof ClaimDraft>(key: K, value: ClaimDraft[K]) => onChange({ ...draft, [key]: value });
  const setSource = (index: number, patch: Partial<SourceRecord>) =>
    set(
      "sources",
      draft.sources.map((s, i) => (i === index ? { ...s, ...patch } : s)),
    );

  return (
    <section
      className="card"
      aria-label="Claim editor"
      onKeyDown={(event) => {
        if (event.key === "Escape") onClose();
      }}
    >
      <div className="row" style={{ justifyContent: "space-between" }}>
        <h2 style={{ margin: 0, fontSize: "1.1rem" }}>Claim</h2>
        <button type="button" onClick={onClose} aria-label="Close claim editor" style={{ flex: "none" }}>
          Close
        </button>
      </div>
      <blockquote className="quote" style={{ margin: "0.5rem 0", fontFamily: "Georgia, serif" }} data-testid="claim-quote">
        {draft.target.exact}
      </blockquote>
      {refusal && (
        <p className="error" data-testid="claim-refusal">
          {TEXT.refused(refusal)}{" "}
          {onDiscard && (
            <button type="button" onClick={onDiscard}>
              {TEXT.discard}
            </button>
          )}
        </p>
      )}
      {issues.length > 0 && (
        <p className="muted" style={{ fontSize: "0.85rem" }}>
          {TEXT.heldNote}
        </p>
      )}
      {unplaced.map((issue) => (
        <p key={issue.path} className="error" data-testid="field-error">
          {issue.message}
        </p>
      ))}
      <fieldset disabled={isReadOnly} style={{ border: "none", padding: 0, margin: 0 }}>
        <label htmlFor="claim-type">Claim type</label>
        <select id="claim-type" value={draft.claimType ?? ""} {...invalid("claim-type")} onChange={(e) => set("claimType", e.target.value || null)}>
          <option value="">— not set —</option>
          {taxonomy.claimTypes.map((t) => (
            <option key={t.key} value={t.key}>
              {t.label}
            </option>
          ))}
        </select>
        {fieldError("claim-type")}

        <label htmlFor="check-worthiness">Check-worthiness</label>
        <select
          id="check-worthiness"
          value={draft.checkWorthiness ?? ""}
          {...invalid("check-worthiness")}
          onChange={(e) => set("checkWorthiness", e.target.value === "" ? null : Number(e.target.value))}
        >
          <option value="">— not set —</option>
          {CHECK_WORTHINESS.map((c) => (
            <option key={c.value} value={c.value}>
              {c.value} · {c.label}
            </option>
          ))}
        </select>
        {fieldError("check-worthiness")}

        <label htmlFor="speaker">Speaker / attribution</label>
        <input
          id="speaker"
          value={draft.speaker}
          maxLength={300}
          placeholder="e.g. Wladimir Putin, Reuters, five anonymous officials"
          {...invalid("speaker")}
          onChange={(e) => set("speaker", e.target.value)}
        />
        {fieldError("speaker")}

        <label htmlFor="normalized">Normalised claim</label>
        <input
          id="normalized"
          value={draft.normalizedClaim}
          maxLength={1000}
          placeholder="One-line paraphrase"
          {...invalid("normalized")}
          onChange={(e) => set("normalizedClaim", e.target.value)}
        />
        {fieldError("normalized")}

        <label htmlFor="verdict">Verdict</label>
        <select id="verdict" value={draft.verdict} {...invalid("verdict")} onChange={(e) => set("verdict", e.target.value)}>
          {taxonomy.verdicts.map((v) => (
            <option key={v.key} value={v.key}>
              {v.label}
            </option>
          ))}
        </select>
        {fieldError("verdict")}

        <label htmlFor="rationale">Rationale</label>
        <textarea id="rationale" rows={3} value={draft.rationale} {...invalid("rationale")} onChange={(e) => set("rationale", e.target.value)} />
        {fieldError("rationale")}

        <label htmlFor="tags">Tags (comma-separated)</label>
        <input
          id="tags"
          value={tagText}
          {...invalid("tags")}
          onChange={(e) => {
            setTagText(e.target.value);
            set(
              "tags",
              [...new Set(e.target.value.split(",").map((t) => t.trim()).filter(Boolean))].slice(0, 50),
            );
          }}
        />
        {fieldError("tags")}

        <label htmlFor="claim-language">Language of the claim</label>
        <input
          id="claim-language"
          value={draft.language ?? ""}
          maxLength={35}
          placeholder="Same as the article; or e.g. en, fr, uk"
          {...invalid("claim-language")}
          onChange={(e) => set("language", e.target.value.trim() === "" ? null : e.target.value)}
        />
        {fieldError("claim-language")}

        <h3 style={{ fontSize: "1rem", marginBottom: 0 }}>Sources</h3>
        {draft.sources.length === 0 && <p className="muted">No sources yet.</p>}
        {draft.sources.map((source, index) => {
          return (
            <div key={source.id} className="source" role="group" aria-label={`Source ${index + 1}`}>
              <label htmlFor={`src-url-${index}`}>URL (http or https)</label>
              <input
                id={`src-url-${index}`}
                type="url"
                value={source.url}
                placeholder="https://"
                {...invalid(`src-url-${index}`)}
                onChange={(e) => setSource(index, { url: e.target.value })}
              />
              {fieldError(`src-url-${index}`)}
              <div className="row">
                <div>
                  <label htmlFor={`src-stance-${index}`}>Stance</label>
                  <select
                    id={`src-stance-${index}`}
                    value={source.stance}
                    {...invalid(`src-stance-${index}`)}
                    onChange={(e) => setSource(index, { stance: e.target.value })}
                  >
                    {taxonomy.stances.map((s) => (
                      <option key={s.key} value={s.key}>
                        {s.label}
                      </option>
                    ))}
                  </select>
                  {fieldError(`src-stance-${index}`)}
                </div>
                <div>
                  <label htmlFor={`src-accessed-${index}`}>Accessed</label>
                  <input
                    id={`src-accessed-${index}`}
                    type="date"
                    value={source.accessedOn ?? ""}
                    {...invalid(`src-accessed-${index}`)}
                    onChange={(e) => setSource(index, { accessedOn: e.target.value || null })}
                  />
                  {fieldError(`src-accessed-${index}`)}
                </div>
              </div>
              <label htmlFor={`src-title-${index}`}>Title</label>
              <input
                id={`src-title-${index}`}
                value={source.title}
                {...invalid(`src-title-${index}`)}
                onChange={(e) => setSource(index, { title: e.target.value })}
              />
              {fieldError(`src-title-${index}`)}
              <label htmlFor={`src-publisher-${index}`}>Publisher</label>
              <input
                id={`src-publisher-${index}`}
                value={source.publisher}
                {...invalid(`src-publisher-${index}`)}
                onChange={(e) => setSource(index, { publisher: e.target.value })}
              />
              {fieldError(`src-publisher-${index}`)}
              <label htmlFor={`src-excerpt-${index}`}>Excerpt</label>
              <textarea
                id={`src-excerpt-${index}`}
                rows={2}
                value={source.excerpt}
                {...invalid(`src-excerpt-${index}`)}
                onChange={(e) => setSource(index, { excerpt: e.target.value })}
              />
              {fieldError(`src-excerpt-${index}`)}
              <label htmlFor={`src-archive-${index}`}>Archive URL</label>
              <input
                id={`src-archive-${index}`}
                type="url"
                value={source.archiveUrl ?? ""}
                {...invalid(`src-archive-${index}`)}
                onChange={(e) => setSource(index, { archiveUrl: e.target.value || null })}
              />
              {fieldError(`src-archive-${index}`)}
              <p>
                <button
                  type="button"
                  className="danger"
                  onClick={() => set("sources", draft.sources.filter((_, i) => i !== index))}
                >
                  Remove source
                </button>
              </p>
            </div>
          );
        })}
        <p>
          <button
            type="button"
            onClick={() =>
              set("sources", [
                ...draft.sources,
                {
                  id: newUuid(),
                  url: "",
                  title: "",
                  publisher: "",
                  stance: taxonomy.stances[0]?.key ?? "supports",
                  excerpt: "",
                  accessedOn: new Date().toISOString().slice(0, 10),
                  archiveUrl: null,
                },
              ])
            }
          >
            Add source
          </button>
        </p>
        <p>
          <button type="button" className="danger" onClick={onDelete}>
            Delete claim
          </button>
        </p>
      </fieldset>
    </section>
  );
}
