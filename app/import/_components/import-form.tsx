"use client";

import { useState } from "react";
import { ListTable } from "@/components/list-table";
import { ScriptForm } from "@/components/script-form";

type Summary = {
  articles: { created: number; existing: number };
  claims: { created: number; existing: number };
  skipped: Array<{ line: number; field: string; message: string }>;
  /** What was imported differently from the file, and why (an author reattributed, an article mapped onto the one already here). */
  notes?: Array<{ line: number; field: string; message: string }>;
};

/** Upload with progress (XMLHttpRequest reports upload progress; fetch does not). */
export function ImportForm({ projectId }: { projectId: string }) {
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
      const body = JSON.parse(xhr.responseText || "{}") as {
        summary?: Summary;
        error?: { message: string; detail?: { errors?: Summary["skipped"] } };
      };
      if (xhr.status >= 200 && xhr.status < 300 && body.summary) setSummary(body.summary);
      else setError({ message: body.error?.message ?? `Import failed (${xhr.status}).`, lines: body.error?.detail?.errors ?? [] });
    };
    xhr.onerror = () => {
      setProgress(null);
      setError({ message: "Network error: the import did not reach the server.", lines: [] });
    };
    xhr.send(file);
  }

  return (
    <ScriptForm
      className="card"
      aria-label="Import"
      onSubmit={(form) => {
        const data = new FormData(form);
        const file = data.get("file");
        if (!(file instanceof File) || file.size === 0) {
          setError({ message: "Choose a file first.", lines: [] });
          return;
        }
        send(file, String(data.get("format")), data.get("skipInvalid") === "on");
      }}
    >
      <label htmlFor="import-format">Format</label>
      <select id="import-format" name="format" defaultValue="jsonl">
        <option value="jsonl">Claimwork JSONL (lossless)</option>
        <option value="w3c">W3C Web Annotation (JSON-LD)</option>
        <option value="articles">
          Articles (JSONL: one {"{"}&quot;text&quot;, &quot;title&quot;?, &quot;sourceUrl&quot;?, …{"}"} per line)
        </option>
      </select>
      <label htmlFor="import-file">File</label>
      <input id="import-file" name="file" type="file" accept=".jsonl,.json,.jsonld,application/json" />
      <label style={{ display: "flex", gap: "0.3rem", alignItems: "center" }}>
        <input type="checkbox" name="skipInvalid" style={{ width: "auto" }} /> Skip invalid lines (and list them) instead of importing nothing
      </label>
      <p>
        <button type="submit" className="primary" disabled={progress !== null}>
          Import
        </button>
      </p>
      {progress !== null && (
        <p aria-live="polite">
          <progress max={1} value={progress} aria-label="Upload progress" /> {progress < 1 ? "Uploading…" : "Importing…"}
        </p>
      )}
      {summary && (
        <div role="status">
          <p>
            Imported: {summary.articles.created} new article(s) ({summary.articles.existing} already there), {summary.claims.created} new claim(s) (
            {summary.claims.existing} already there).
          </p>
          {summary.skipped.length > 0 && <SkippedLines lines={summary.skipped} title={`${summary.skipped.length} line(s) skipped`} />}
          {summary.notes && summary.notes.length > 0 && (
            <SkippedLines lines={summary.notes} title={`${summary.notes.length} note(s) on what was imported`} />
          )}
        </div>
      )}
      {error && (
        <div role="alert" className="error">
          <p>{error.message}</p>
          {error.lines.length > 0 && <SkippedLines lines={error.lines} title="Invalid lines" />}
        </div>
      )}
    </ScriptForm>
  );
}

function SkippedLines({ lines, title }: { lines: Summary["skipped"]; title: string }) {
  return (
    <ListTable
      label={title}
      caption={title}
      rows={lines}
      rowKey={(_, i) => i}
      columns={[
        { header: "Line", cell: (l) => (l.line >= 0 ? l.line : "—") },
        { header: "Field", cell: (l) => l.field || "—" },
        { header: "Message", cell: (l) => l.message },
      ]}
    />
  );
}
