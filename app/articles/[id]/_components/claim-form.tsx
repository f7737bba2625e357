"use client";

import { useTranslations } from "next-intl";
import { type ReactNode, useMemo, useState } from "react";
import { Options } from "@/components/options";
import { checkWorthinessLabelWith, useTaxonomyLabel } from "@/components/taxonomy-label";
import type { SourceRecord } from "@/lib/claim-schema";
import { type ClaimDraft, checkDraft, type FieldIssue, fieldIssueWords, TEXT_LIMITS } from "@/lib/client/claim-fields";
import { tagBeingTyped, tagCompletions } from "@/lib/client/suggestions";
import { newUuid } from "@/lib/client/uuid";
import type { ClaimContentKey } from "@/lib/fields";
import type { SuggestionField } from "@/lib/suggestions";
import { CHECK_WORTHINESS, type Taxonomy } from "@/lib/taxonomy";
import { type SuggestionAsk, useSuggestions } from "./use-suggestions";

type Props = {
  draft: ClaimDraft;
  taxonomy: Taxonomy;
  /** The claim's project, whose speakers, tags and publishers the editor offers as the person types; none without it. */
  projectId?: string;
  /** The article's language (BCP 47): the quote's, unless the claim names its own. */
  articleLanguage?: string;
  isReadOnly: boolean;
  /** Fields the server refused (422) that are held back; the editor finds the others itself. */
  serverIssues?: FieldIssue[];
  /** Why the server refused the last save of this claim (4xx), if it did. */
  refusal?: string | null;
  onDiscard?: () => void;
  onChange: (draft: ClaimDraft) => void;
  /** Delete the claim; without it there is no Delete button (a gold claim being written has nothing to delete yet). */
  onDelete?: () => void;
  onClose: () => void;
};

/** The id of the element that explains a field's problem. */
const errorId = (inputId: string) => `${inputId}-error`;
/** The id of a field's length counter. */
const countId = (inputId: string) => `${inputId}-count`;
/** The id of the list of suggestions for an input. */
const listId = (inputId: string) => `${inputId}-suggestions`;

/** The stem of the id of each source input; the source's index follows it (`src-url-0`). */
const SOURCE_INPUTS = {
  url: "src-url",
  stance: "src-stance",
  accessedOn: "src-accessed",
  title: "src-title",
  publisher: "src-publisher",
  excerpt: "src-excerpt",
  archiveUrl: "src-archive",
} satisfies Record<Exclude<keyof SourceRecord, "id">, string>;
type SourceInputKey = keyof typeof SOURCE_INPUTS;
const sourceInputId = (key: SourceInputKey, index: number | string) => `${SOURCE_INPUTS[key]}-${index}`;

/** What a field's control is given: its id, and the aria attributes tying it to its problem. */
type FieldAttrs = { id: string; "aria-invalid": boolean; "aria-describedby"?: string };

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
  if (head === "sources")
    return index !== undefined && key !== undefined && Object.hasOwn(SOURCE_INPUTS, key) ? sourceInputId(key as SourceInputKey, index) : null;
  return head !== undefined ? (top[head] ?? null) : null;
}

/**
 * The claim editor. Every change is handed up at once; the page autosaves it.
 * A field that cannot be saved as it is says so beside itself (its input is
 * `aria-invalid` and described by the message); the rest of the claim saves.
 */
export function ClaimForm({
  draft,
  taxonomy,
  projectId,
  articleLanguage,
  isReadOnly,
  serverIssues = [],
  refusal = null,
  onDiscard,
  onChange,
  onDelete,
  onClose,
}: Props) {
  const t = useTranslations("claim");
  const tv = useTranslations("vocab");
  const taxonomyLabel = useTaxonomyLabel();
  /** A taxonomy's entries for a select, each in the interface's words (see components/taxonomy-label.ts). */
  const entriesOf = (kind: keyof Taxonomy) =>
    taxonomy[kind].map((entry) => ({ key: entry.key, label: taxonomyLabel(kind, taxonomy[kind], entry.key) }));
  const [tagText, setTagText] = useState(draft.tags.join(", "));
  /** The input the person is typing in that the project's values can complete. */
  const [ask, setAsk] = useState<SuggestionAsk | null>(null);
  const answer = useSuggestions(isReadOnly ? undefined : projectId, ask);
  const suggestionsFor = (inputId: string) => (answer?.inputId === inputId ? answer.values : []);
  /** What an input that completes from the project's values is given besides its own attributes. */
  const completing = (field: SuggestionField, inputId: string, q: (value: string) => string) => ({
    list: listId(inputId),
    onFocus: (e: React.FocusEvent<HTMLInputElement>) => setAsk({ field, inputId, q: q(e.target.value) }),
    ask: (value: string) => setAsk({ field, inputId, q: q(value) }),
  });
  const datalist = (inputId: string, values: readonly string[]) => (
    <datalist id={listId(inputId)} data-testid={listId(inputId)}>
      {values.map((value) => (
        <option key={value} value={value} />
      ))}
    </datalist>
  );
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
        {found.map((issue) => fieldIssueWords(t, issue).message).join("; ")}
      </p>
    ) : null;
  };
  /** A labelled control, with the message on its problem below it. */
  const field = (inputId: string, label: string, control: (attrs: FieldAttrs) => ReactNode) => (
    <>
      <label htmlFor={inputId}>{label}</label>
      {control({ id: inputId, ...invalid(inputId) })}
      {fieldError(inputId)}
    </>
  );
  const set = <K extends keyof ClaimDraft>(key: K, value: ClaimDraft[K]) => onChange({ ...draft, [key]: value });
  const setSource = (index: number, patch: Partial<SourceRecord>) =>
    set(
      "sources",
      draft.sources.map((s, i) => (i === index ? { ...s, ...patch } : s)),
    );
  /**
   * A text input the draft keeps as it is typed, with a counter towards its
   * limit: nothing is cut, the editor's check says when it is too long. The
   * counter counts what is saved (the schema trims the value first).
   */
  const draftText = (inputId: string, key: keyof typeof TEXT_LIMITS, label: string, placeholder: string, suggest?: SuggestionField) => {
    const max = TEXT_LIMITS[key];
    const count = draft[key].trim().length;
    const completes = suggest ? completing(suggest, inputId, (value) => value) : null;
    return field(inputId, label, (attrs) => (
      <>
        <input
          {...attrs}
          aria-describedby={[attrs["aria-describedby"], max === null ? undefined : countId(inputId)].filter(Boolean).join(" ") || undefined}
          placeholder={placeholder}
          value={draft[key]}
          list={completes?.list}
          onFocus={completes?.onFocus}
          onChange={(e) => {
            set(key, e.target.value);
            completes?.ask(e.target.value);
          }}
        />
        {completes && datalist(inputId, suggestionsFor(inputId))}
        {max !== null && (
          <p id={countId(inputId)} className={count > max ? "field-count error" : "field-count muted"} data-testid={countId(inputId)}>
            <span aria-hidden="true">{t("editor.length", { count, max })}</span>
            <span className="sr-only">{t("editor.lengthLabel", { count, max })}</span>
          </p>
        )}
      </>
    ));
  };
  const tagCompleting = completing("tag", "tags", (value) => tagBeingTyped(value).typing);

  return (
    <section
      className="card"
      aria-label={t("editor.label")}
      onKeyDown={(event) => {
        if (event.key === "Escape") onClose();
      }}
    >
      <div className="row" style={{ justifyContent: "space-between" }}>
        <h2 style={{ margin: 0, fontSize: "1.1rem" }}>{t("editor.heading")}</h2>
        <button type="button" onClick={onClose} aria-label={t("editor.closeLabel")} style={{ flex: "none" }}>
          {t("editor.close")}
        </button>
      </div>
      <blockquote
        className="quote"
        lang={draft.language ?? articleLanguage}
        style={{ margin: "0.5rem 0", fontFamily: "Georgia, serif" }}
        data-testid="claim-quote"
      >
        {draft.target.exact}
      </blockquote>
      {refusal && (
        <p className="error" data-testid="claim-refusal">
          {t("editor.refused", { message: refusal })}{" "}
          {onDiscard && (
            <button type="button" onClick={onDiscard}>
              {t("editor.discard")}
            </button>
          )}
        </p>
      )}
      {issues.length > 0 && (
        <p className="muted" style={{ fontSize: "0.85rem" }}>
          {t("editor.heldNote")}
        </p>
      )}
      {unplaced.map((issue) => (
        <p key={issue.path} className="error" data-testid="field-error">
          {fieldIssueWords(t, issue).message}
        </p>
      ))}
      <fieldset disabled={isReadOnly} style={{ border: "none", padding: 0, margin: 0 }}>
        {field("claim-type", t("fields.claimType"), (attrs) => (
          <select {...attrs} value={draft.claimType ?? ""} onChange={(e) => set("claimType", e.target.value || null)}>
            <option value="">{t("editor.notSet")}</option>
            <Options entries={entriesOf("claimTypes")} />
          </select>
        ))}

        {field("check-worthiness", t("fields.checkWorthiness"), (attrs) => (
          <select
            {...attrs}
            value={draft.checkWorthiness ?? ""}
            onChange={(e) => set("checkWorthiness", e.target.value === "" ? null : Number(e.target.value))}
          >
            <option value="">{t("editor.notSet")}</option>
            {CHECK_WORTHINESS.map((c) => (
              <option key={c.value} value={c.value}>
                {c.value} · {checkWorthinessLabelWith(tv, c.value)}
              </option>
            ))}
          </select>
        ))}

        {draftText("speaker", "speaker", t("editor.speakerLabel"), t("editor.speakerPlaceholder"), "speaker")}

        {draftText("normalized", "normalizedClaim", t("fields.normalizedClaim"), t("editor.normalizedPlaceholder"))}

        {field("verdict", t("fields.verdict"), (attrs) => (
          <select {...attrs} value={draft.verdict} onChange={(e) => set("verdict", e.target.value)}>
            <Options entries={entriesOf("verdicts")} />
          </select>
        ))}

        {field("rationale", t("fields.rationale"), (attrs) => (
          <textarea {...attrs} rows={3} value={draft.rationale} onChange={(e) => set("rationale", e.target.value)} />
        ))}

        {field("tags", t("editor.tagsLabel"), (attrs) => (
          <>
            <input
              {...attrs}
              value={tagText}
              list={tagCompleting.list}
              onFocus={tagCompleting.onFocus}
              onChange={(e) => {
                tagCompleting.ask(e.target.value);
                setTagText(e.target.value);
                set(
                  "tags",
                  [
                    ...new Set(
                      e.target.value
                        .split(",")
                        .map((t) => t.trim())
                        .filter(Boolean),
                    ),
                  ].slice(0, 50),
                );
              }}
            />
            {datalist("tags", tagCompletions(tagText, suggestionsFor("tags")))}
          </>
        ))}

        {field("claim-language", t("editor.languageLabel"), (attrs) => (
          <input
            {...attrs}
            value={draft.language ?? ""}
            maxLength={35}
            placeholder={t("editor.languagePlaceholder")}
            onChange={(e) => set("language", e.target.value.trim() === "" ? null : e.target.value)}
          />
        ))}

        <h3 style={{ fontSize: "1rem", marginBottom: 0 }}>{t("fields.sources")}</h3>
        {draft.sources.length === 0 && <p className="muted">{t("editor.noSources")}</p>}
        {draft.sources.map((source, index) => {
          const sourceField = (key: SourceInputKey, label: string, control: (attrs: FieldAttrs) => ReactNode) =>
            field(sourceInputId(key, index), label, control);
          /** The source's plain text inputs: no type, never null; the publisher completes from the project's. */
          const sourceText = (key: "title" | "publisher", label: string) =>
            sourceField(key, label, (attrs) => {
              const completes = key === "publisher" ? completing("publisher", attrs.id, (value) => value) : null;
              return (
                <>
                  <input
                    {...attrs}
                    value={source[key]}
                    list={completes?.list}
                    onFocus={completes?.onFocus}
                    onChange={(e) => {
                      setSource(index, { [key]: e.target.value });
                      completes?.ask(e.target.value);
                    }}
                  />
                  {completes && datalist(attrs.id, suggestionsFor(attrs.id))}
                </>
              );
            });
          /** The source's optional inputs: left empty, they are saved as null. */
          const sourceOptional = (key: "accessedOn" | "archiveUrl", label: string, type: "date" | "url") =>
            sourceField(key, label, (attrs) => (
              <input {...attrs} type={type} value={source[key] ?? ""} onChange={(e) => setSource(index, { [key]: e.target.value || null })} />
            ));
          return (
            <fieldset key={source.id} className="source" aria-label={t("place.source", { number: index + 1 })}>
              {sourceField("url", t("editor.urlLabel"), (attrs) => (
                <input {...attrs} type="url" value={source.url} placeholder="https://" onChange={(e) => setSource(index, { url: e.target.value })} />
              ))}
              <div className="row">
                <div>
                  {sourceField("stance", t("sourceFields.stance"), (attrs) => (
                    <select {...attrs} value={source.stance} onChange={(e) => setSource(index, { stance: e.target.value })}>
                      <Options entries={entriesOf("stances")} />
                    </select>
                  ))}
                </div>
                <div>{sourceOptional("accessedOn", t("sourceFields.accessedOn"), "date")}</div>
              </div>
              {sourceText("title", t("sourceFields.title"))}
              {sourceText("publisher", t("sourceFields.publisher"))}
              {sourceField("excerpt", t("sourceFields.excerpt"), (attrs) => (
                <textarea {...attrs} rows={2} value={source.excerpt} onChange={(e) => setSource(index, { excerpt: e.target.value })} />
              ))}
              {sourceOptional("archiveUrl", t("sourceFields.archiveUrl"), "url")}
              <p>
                <button
                  type="button"
                  className="danger"
                  onClick={() =>
                    set(
                      "sources",
                      draft.sources.filter((_, i) => i !== index),
                    )
                  }
                >
                  {t("editor.removeSource")}
                </button>
              </p>
            </fieldset>
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
            {t("editor.addSource")}
          </button>
        </p>
        {onDelete && (
          <p>
            <button type="button" className="danger" onClick={onDelete}>
              {t("editor.delete")}
            </button>
          </p>
        )}
      </fieldset>
    </section>
  );
}
