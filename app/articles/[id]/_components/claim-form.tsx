"use client";

import { useState } from "react";
import type { ClaimDraft } from "@/lib/client/claim-sync";
import { CHECK_WORTHINESS, type Taxonomy } from "@/lib/taxonomy";
import type { SourceInput } from "@/lib/claim-schema";

type Props = {
  draft: ClaimDraft;
  taxonomy: Taxonomy;
  isReadOnly: boolean;
  onChange: (draft: ClaimDraft) => void;
  onDelete: () => void;
  onClose: () => void;
};

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === "http:" || url.protocol === "https:";
  } catch {
    return false;
  }
}

/** The claim editor. Every change is handed up at once; the page autosaves it. */
export function ClaimForm({ draft, taxonomy, isReadOnly, onChange, onDelete, onClose }: Props) {
  const [tagText, setTagText] = useState(draft.tags.join(", "));
  const set = <K extends keyof ClaimDraft>(key: K, value: ClaimDraft[K]) => onChange({ ...draft, [key]: value });
  const setSource = (index: number, patch: Partial<SourceInput>) =>
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
      <fieldset disabled={isReadOnly} style={{ border: "none", padding: 0, margin: 0 }}>
        <label htmlFor="claim-type">Claim type</label>
        <select id="claim-type" value={draft.claimType ?? ""} onChange={(e) => set("claimType", e.target.value || null)}>
          <option value="">— not set —</option>
          {taxonomy.claimTypes.map((t) => (
            <option key={t.key} value={t.key}>
              {t.label}
            </option>
          ))}
        </select>

        <label htmlFor="check-worthiness">Check-worthiness</label>
        <select
          id="check-worthiness"
          value={draft.checkWorthiness ?? ""}
          onChange={(e) => set("checkWorthiness", e.target.value === "" ? null : Number(e.target.value))}
        >
          <option value="">— not set —</option>
          {CHECK_WORTHINESS.map((c) => (
            <option key={c.value} value={c.value}>
              {c.value} · {c.label}
            </option>
          ))}
        </select>

        <label htmlFor="speaker">Speaker / attribution</label>
        <input
          id="speaker"
          value={draft.speaker}
          maxLength={300}
          placeholder="e.g. Wladimir Putin, Reuters, five anonymous officials"
          onChange={(e) => set("speaker", e.target.value)}
        />

        <label htmlFor="normalized">Normalised claim</label>
        <input
          id="normalized"
          value={draft.normalizedClaim}
          maxLength={1000}
          placeholder="One-line paraphrase"
          onChange={(e) => set("normalizedClaim", e.target.value)}
        />

        <label htmlFor="verdict">Verdict</label>
        <select id="verdict" value={draft.verdict} onChange={(e) => set("verdict", e.target.value)}>
          {taxonomy.verdicts.map((v) => (
            <option key={v.key} value={v.key}>
              {v.label}
            </option>
          ))}
        </select>

        <label htmlFor="rationale">Rationale</label>
        <textarea id="rationale" rows={3} value={draft.rationale} onChange={(e) => set("rationale", e.target.value)} />

        <label htmlFor="tags">Tags (comma-separated)</label>
        <input
          id="tags"
          value={tagText}
          onChange={(e) => {
            setTagText(e.target.value);
            set(
              "tags",
              [...new Set(e.target.value.split(",").map((t) => t.trim()).filter(Boolean))].slice(0, 50),
            );
          }}
        />

        <h3 style={{ fontSize: "1rem", marginBottom: 0 }}>Sources</h3>
        {draft.sources.length === 0 && <p className="muted">No sources yet.</p>}
        {draft.sources.map((source, index) => {
          const urlInvalid = source.url !== "" && !isHttpUrl(source.url);
          return (
            <div key={source.id} className="source" role="group" aria-label={`Source ${index + 1}`}>
              <label htmlFor={`src-url-${index}`}>URL (http or https)</label>
              <input
                id={`src-url-${index}`}
                type="url"
                value={source.url}
                aria-invalid={urlInvalid}
                placeholder="https://"
                onChange={(e) => setSource(index, { url: e.target.value })}
              />
              {urlInvalid && <p className="error">Only http:// and https:// links can be saved.</p>}
              <div className="row">
                <div>
                  <label htmlFor={`src-stance-${index}`}>Stance</label>
                  <select id={`src-stance-${index}`} value={source.stance} onChange={(e) => setSource(index, { stance: e.target.value })}>
                    {taxonomy.stances.map((s) => (
                      <option key={s.key} value={s.key}>
                        {s.label}
                      </option>
                    ))}
                  </select>
                </div>
                <div>
                  <label htmlFor={`src-accessed-${index}`}>Accessed</label>
                  <input
                    id={`src-accessed-${index}`}
                    type="date"
                    value={source.accessedOn ?? ""}
                    onChange={(e) => setSource(index, { accessedOn: e.target.value || null })}
                  />
                </div>
              </div>
              <label htmlFor={`src-title-${index}`}>Title</label>
              <input id={`src-title-${index}`} value={source.title} onChange={(e) => setSource(index, { title: e.target.value })} />
              <label htmlFor={`src-publisher-${index}`}>Publisher</label>
              <input
                id={`src-publisher-${index}`}
                value={source.publisher}
                onChange={(e) => setSource(index, { publisher: e.target.value })}
              />
              <label htmlFor={`src-excerpt-${index}`}>Excerpt</label>
              <textarea
                id={`src-excerpt-${index}`}
                rows={2}
                value={source.excerpt}
                onChange={(e) => setSource(index, { excerpt: e.target.value })}
              />
              <label htmlFor={`src-archive-${index}`}>Archive URL</label>
              <input
                id={`src-archive-${index}`}
                type="url"
                value={source.archiveUrl ?? ""}
                onChange={(e) => setSource(index, { archiveUrl: e.target.value || null })}
              />
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
                  id: crypto.randomUUID(),
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
