"use client";

import { useTranslations } from "next-intl";
import { useState } from "react";
import { apiErrorOf, apiErrorText } from "@/components/error-line";
import { ListTable } from "@/components/list-table";
import { ScriptForm } from "@/components/script-form";
import type { ImportFormat } from "@/lib/export";

type Summary = {
  articles: { created: number; existing: number };
  claims: { created: number; existing: number };
  skipped: Array<{ line: number; field: string; message: string }>;
  /** What was imported differently from the file, and why (an author reattributed, an article mapped onto the one already here). */
  notes?: Array<{ line: number; field: string; message: string }>;
};

/** An article line of the articles format (keys are the file's, not words to translate). */
const ARTICLE_LINE_SHAPE = '{"text", "title"?, "sourceUrl"?, …}';

type ResponseBody = { summary?: Summary; error?: { detail?: { errors?: Summary["skipped"] } } };

/** The route's JSON answer; null for a body that is not JSON (a proxy's error page). */
function parseBody(text: string): ResponseBody | null {
  try {
    return JSON.parse(text || "{}") as ResponseBody;
  } catch {
    return null;
  }
}

/**
 * Upload with progress (XMLHttpRequest reports upload progress; fetch does not). `formats`: those the person's
 * role in the project allows (server/import.ts), offered in that order; the route checks the role again.
 */
export function ImportForm({ projectId, formats }: { projectId: string; formats: readonly ImportFormat[] }) {
  const t = useTranslations("transfer");
  const tErrors = useTranslations("errors");
  const [progress, setProgress] = useState<number | null>(null);
  const [summary, setSummary] = useState<Summary | null>(null);
  const [error, setError] = useState<{ message: string; lines: Summary["skipped"] } | null>(null);

  function send(file: File, format: string, skipInvalid: boolean) {
    setSummary(null);
    setError(null);
    setProgress(0);
    const xhr = new XMLHttpRequest();
    const params = new URLSearchParams({ format, projectId, ...(skipInvalid ? { skipInvalid: "1" } : {}) });
    xhr.open("POST", `/api/import?${params}`);
    // The route takes only these types: ones a cross-site form cannot send.
    xhr.setRequestHeader("content-type", format === "w3c" ? "application/ld+json" : "application/x-ndjson");
    xhr.upload.onprogress = (event) => event.lengthComputable && setProgress(event.loaded / event.total);
    xhr.onload = () => {
      setProgress(null);
      const body = parseBody(xhr.responseText);
      if (xhr.status >= 200 && xhr.status < 300 && body?.summary) setSummary(body.summary);
      else
        setError({
          message: apiErrorText(tErrors, apiErrorOf(body), t("import.failed", { status: xhr.status })),
          lines: body?.error?.detail?.errors ?? [],
        });
    };
    xhr.onerror = () => {
      setProgress(null);
      setError({ message: t("import.network"), lines: [] });
    };
    xhr.send(file);
  }

  return (
    <ScriptForm
      className="card"
      aria-label={t("import.title")}
      onSubmit={(form) => {
        const data = new FormData(form);
        const file = data.get("file");
        if (!(file instanceof File) || file.size === 0) {
          setError({ message: t("import.chooseFile"), lines: [] });
          return;
        }
        send(file, String(data.get("format")), data.get("skipInvalid") === "on");
      }}
    >
      <label htmlFor="import-format">{t("import.format")}</label>
      <select id="import-format" name="format" defaultValue={formats[0]}>
        {formats.map((format) => (
          <option key={format} value={format}>
            {format === "articles" ? t("import.articlesFormat", { shape: ARTICLE_LINE_SHAPE }) : t(`formats.${format}`)}
          </option>
        ))}
      </select>
      <label htmlFor="import-file">{t("import.file")}</label>
      <input id="import-file" name="file" type="file" accept=".jsonl,.json,.jsonld,application/json" />
      <label style={{ display: "flex", gap: "0.3rem", alignItems: "center" }}>
        <input type="checkbox" name="skipInvalid" style={{ width: "auto" }} /> {t("import.skipInvalid")}
      </label>
      <p>
        <button type="submit" className="primary" disabled={progress !== null}>
          {t("import.submit")}
        </button>
      </p>
      {progress !== null && (
        <p aria-live="polite">
          <progress max={1} value={progress} aria-label={t("import.progress")} /> {progress < 1 ? t("import.uploading") : t("import.importing")}
        </p>
      )}
      {summary && (
        <div role="status">
          <p>
            {t("import.imported", {
              articlesCreated: summary.articles.created,
              articlesExisting: summary.articles.existing,
              claimsCreated: summary.claims.created,
              claimsExisting: summary.claims.existing,
            })}
          </p>
          {summary.skipped.length > 0 && <SkippedLines lines={summary.skipped} title={t("import.skipped", { count: summary.skipped.length })} />}
          {summary.notes && summary.notes.length > 0 && (
            <SkippedLines lines={summary.notes} title={t("import.notes", { count: summary.notes.length })} />
          )}
        </div>
      )}
      {error && (
        <div role="alert" className="error">
          <p>{error.message}</p>
          {error.lines.length > 0 && <SkippedLines lines={error.lines} title={t("import.invalidLines")} />}
        </div>
      )}
    </ScriptForm>
  );
}

function SkippedLines({ lines, title }: { lines: Summary["skipped"]; title: string }) {
  const t = useTranslations("transfer");
  return (
    <ListTable
      label={title}
      caption={title}
      rows={lines}
      rowKey={(_, i) => i}
      columns={[
        { header: t("import.line"), cell: (l) => (l.line >= 0 ? l.line : "—") },
        { header: t("import.field"), cell: (l) => l.field || "—" },
        { header: t("import.message"), cell: (l) => l.message },
      ]}
    />
  );
}
