"use client";

import { useTranslations } from "next-intl";
import { useId, useState } from "react";
import { apiErrorOf, apiErrorText, ErrorLine } from "@/components/error-line";
import { ListTable } from "@/components/list-table";
import { ScriptForm } from "@/components/script-form";
import { INTERCHANGE_FORMAT_DESCRIPTIONS, INTERCHANGE_FORMATS, type InterchangeFormat } from "@/lib/interchange/format-list";
import { claimTypeKeyOf, type LabelChoice, type LabelMapping } from "@/lib/interchange/import-plan";
import type { InterchangePreview, InterchangeReport } from "@/server/interchange";

/** What a label's select offers: an existing claim type (by key), or one of these. */
const AS_TAG = "__tag";
const SKIP = "__skip";
const CREATE = "__create";

type Choice = { value: string; newName: string };

/**
 * Another tool's annotations into the project (issue 15): files and their format, a preview of what they
 * hold, the user's mapping of each label (a claim type, a new type for admins, a tag, or skip), then the
 * import and its report. The route (POST /api/projects/ID/interchange) reads the same form twice: without
 * a mapping for the preview, with one for the import.
 */
export function InterchangeImport({ projectId }: { projectId: string }) {
  const t = useTranslations("transfer.interchange");
  const tErrors = useTranslations("errors");
  const id = useId();
  const [format, setFormat] = useState<InterchangeFormat>("label_studio");
  const [files, setFiles] = useState<File[]>([]);
  const [includePredictions, setIncludePredictions] = useState(false);
  const [offsetUnit, setOffsetUnit] = useState("");
  const [preview, setPreview] = useState<InterchangePreview | null>(null);
  const [choices, setChoices] = useState<Record<string, Choice>>({});
  const [report, setReport] = useState<InterchangeReport | null>(null);
  const [busy, setBusy] = useState<"preview" | "import" | null>(null);
  const [error, setError] = useState<string | null>(null);

  function formData(mapping?: LabelMapping): FormData {
    const data = new FormData();
    data.append("format", format);
    if (format === "label_studio" && includePredictions) data.append("includePredictions", "true");
    if (offsetUnit) data.append("offsetUnit", offsetUnit);
    if (mapping) data.append("mapping", JSON.stringify(mapping));
    for (const file of files) data.append("files", file);
    return data;
  }

  async function send<T>(kind: "preview" | "import", mapping?: LabelMapping): Promise<T | null> {
    setBusy(kind);
    setError(null);
    try {
      const response = await fetch(`/api/projects/${encodeURIComponent(projectId)}/interchange`, { method: "POST", body: formData(mapping) });
      const body: unknown = await response.json().catch(() => ({}));
      if (!response.ok) {
        setError(apiErrorText(tErrors, apiErrorOf(body), t("failed", { status: response.status })));
        return null;
      }
      return body as T;
    } catch {
      setError(t("network"));
      return null;
    } finally {
      setBusy(null);
    }
  }

  async function runPreview() {
    if (files.length === 0) {
      setError(t("noFiles"));
      return;
    }
    setReport(null);
    const answer = await send<{ preview: InterchangePreview }>("preview");
    if (!answer) return;
    setPreview(answer.preview);
    // A label with the name or key of a claim type of the project starts as that type; the others as tags.
    const types = answer.preview.taxonomy.claimTypes;
    setChoices(
      Object.fromEntries(
        answer.preview.labels.map(({ label }) => {
          const match = types.find((type) => type.key === label.toLowerCase() || type.label.toLowerCase() === label.toLowerCase());
          return [label, { value: match ? match.key : AS_TAG, newName: label }];
        }),
      ),
    );
  }

  function mapping(): LabelMapping {
    const out: Record<string, LabelChoice> = {};
    for (const [label, choice] of Object.entries(choices)) {
      if (choice.value === AS_TAG) out[label] = { kind: "tag" };
      else if (choice.value === SKIP) out[label] = { kind: "skip" };
      else if (choice.value === CREATE) out[label] = { kind: "create", key: claimTypeKeyOf(choice.newName), label: choice.newName.trim() || label };
      else out[label] = { kind: "type", key: choice.value };
    }
    return out;
  }

  async function runImport() {
    const answer = await send<{ report: InterchangeReport }>("import", mapping());
    if (answer) setReport(answer.report);
  }

  const spans = preview?.documents.reduce((n, d) => n + d.spans, 0) ?? 0;
  const skippedList = (skipped: Record<string, number>) =>
    Object.entries(skipped)
      .map(([reason, n]) => `${n} ${reason.replaceAll("_", " ")}`)
      .join(", ");

  return (
    <section className="card" aria-labelledby={`${id}-title`} data-testid="interchange-import">
      <h2 id={`${id}-title`}>{t("title")}</h2>
      <p className="muted">{t("intro")}</p>
      <ScriptForm onSubmit={() => runPreview()} aria-label={t("title")}>
        <label htmlFor={`${id}-format`}>{t("format")}</label>
        <select
          id={`${id}-format`}
          value={format}
          onChange={(e) => {
            setFormat(e.target.value as InterchangeFormat);
            setPreview(null);
            setReport(null);
          }}
        >
          {INTERCHANGE_FORMATS.map((key) => (
            <option key={key} value={key}>
              {INTERCHANGE_FORMAT_DESCRIPTIONS[key].name}
            </option>
          ))}
        </select>
        <p className="muted">{t("unit", { unit: INTERCHANGE_FORMAT_DESCRIPTIONS[format].unit })}</p>
        <label htmlFor={`${id}-files`}>{t("files")}</label>
        <input
          id={`${id}-files`}
          type="file"
          multiple
          onChange={(e) => {
            setFiles([...(e.target.files ?? [])]);
            setPreview(null);
            setReport(null);
          }}
        />
        {format === "label_studio" && (
          <label>
            <input type="checkbox" checked={includePredictions} onChange={(e) => setIncludePredictions(e.target.checked)} /> {t("includePredictions")}
          </label>
        )}
        {format === "doccano" && (
          <>
            <label htmlFor={`${id}-unit`}>{t("offsetUnit")}</label>
            <select id={`${id}-unit`} value={offsetUnit} onChange={(e) => setOffsetUnit(e.target.value)}>
              <option value="">{t("offsetUnitAuto")}</option>
              <option value="code_points">{t("codePoints")}</option>
              <option value="utf16">{t("utf16")}</option>
            </select>
          </>
        )}
        <p>
          <button type="submit" disabled={busy !== null} aria-busy={busy === "preview"}>
            {busy === "preview" ? t("previewing") : t("preview")}
          </button>
        </p>
      </ScriptForm>
      <ErrorLine error={error} />

      {preview && (
        <div data-testid="interchange-preview">
          <p role="status">{t("found", { spans, documents: preview.documents.length, unit: t(`unitWords.${preview.offsetUnit}`) })}</p>
          <ListTable
            label={t("labels")}
            caption={t("labels")}
            rows={preview.labels}
            rowKey={(row) => row.label}
            columns={[
              { header: t("label"), cell: (row) => <code>{row.label}</code> },
              { header: t("spans"), isNumeric: true, cell: (row) => row.spans },
              {
                header: t("becomes"),
                cell: (row) => {
                  const choice = choices[row.label] ?? { value: AS_TAG, newName: row.label };
                  const set = (next: Partial<Choice>) => setChoices((all) => ({ ...all, [row.label]: { ...choice, ...next } }));
                  return (
                    <>
                      <select aria-label={`${t("becomes")}: ${row.label}`} value={choice.value} onChange={(e) => set({ value: e.target.value })}>
                        {preview.taxonomy.claimTypes.map((type) => (
                          <option key={type.key} value={type.key}>
                            {type.label}
                          </option>
                        ))}
                        {preview.canCreateTypes && <option value={CREATE}>{t("create")}</option>}
                        <option value={AS_TAG}>{t("asTag")}</option>
                        <option value={SKIP}>{t("skip")}</option>
                      </select>
                      {choice.value === CREATE && (
                        <input
                          aria-label={t("newTypeName", { label: row.label })}
                          value={choice.newName}
                          maxLength={100}
                          onChange={(e) => set({ newName: e.target.value })}
                        />
                      )}
                    </>
                  );
                },
              },
            ]}
          />
          {preview.attributes.length > 0 && (
            <ListTable
              label={t("attributes")}
              caption={t("attributes")}
              rows={preview.attributes}
              rowKey={(row) => row.name}
              columns={[
                { header: t("attribute"), cell: (row) => <code>{row.name}</code> },
                { header: t("spans"), isNumeric: true, cell: (row) => row.values },
                { header: t("becomes"), cell: (row) => t(`field.${row.field ?? "tag"}`) },
              ]}
            />
          )}
          <ListTable
            label={t("documents")}
            caption={t("documents")}
            rows={preview.documents}
            rowKey={(row) => row.key}
            columns={[
              { header: t("document"), cell: (row) => row.title ?? row.key },
              { header: t("spans"), isNumeric: true, cell: (row) => row.spans },
              { header: t("article"), cell: (row) => (row.article ? t("existing", { title: row.article.title }) : t("newArticle")) },
            ]}
          />
          <Problems problems={preview.problems} />
          {Object.keys(preview.skipped).length > 0 && <p className="muted">{t("skipped", { list: skippedList(preview.skipped) })}</p>}
          <p>
            <button type="button" className="primary" disabled={busy !== null} aria-busy={busy === "import"} onClick={() => void runImport()}>
              {busy === "import" ? t("importing") : t("import")}
            </button>
          </p>
        </div>
      )}

      {report && (
        <div role="status" data-testid="interchange-report">
          <p>
            {t("done", {
              createdArticles: report.articles.created,
              existingArticles: report.articles.existing,
              createdClaims: report.claims.created,
              existingClaims: report.claims.existing,
            })}
          </p>
          {report.createdTypes.length > 0 && <p>{t("createdTypes", { list: report.createdTypes.map((type) => type.label).join(", ") })}</p>}
          {Object.keys(report.skipped).length > 0 && <p className="muted">{t("skipped", { list: skippedList(report.skipped) })}</p>}
          <Problems problems={report.problems} />
        </div>
      )}
    </section>
  );
}

function Problems({ problems }: { problems: InterchangePreview["problems"] }) {
  const t = useTranslations("transfer.interchange");
  const tImport = useTranslations("transfer.import");
  if (problems.length === 0) return null;
  return (
    <div className="error">
      <p>{t("problems", { count: problems.length })}</p>
      <ul>
        {problems.slice(0, 200).map((problem, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: problems have no identity beyond their place in the report
          <li key={i}>
            {[problem.line > 0 ? `${tImport("line")} ${problem.line}` : null, problem.item, problem.field].filter(Boolean).join(" · ")}:{" "}
            {problem.message}
          </li>
        ))}
      </ul>
    </div>
  );
}
