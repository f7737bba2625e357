"use client";

import { useEffect, useMemo, useState } from "react";
import { ErrorLine } from "@/components/error-line";
import { Options } from "@/components/options";
import { ScriptForm } from "@/components/script-form";
import { REVIEW_STATUS_LABELS, REVIEW_STATUSES } from "@/lib/vocabularies";

type Props = {
  projectId: string;
  formats: Array<{ key: string; label: string }>;
  articles: Array<{ id: string; title: string }>;
};

/** Export filters, the claim count before downloading, and download progress. */
export function ExportForm({ projectId, formats, articles }: Props) {
  const [format, setFormat] = useState(formats[0]?.key ?? "jsonl");
  const [articleIds, setArticleIds] = useState<string[]>([]);
  const [statuses, setStatuses] = useState<string[]>([]);
  const [goldOnly, setGoldOnly] = useState(false);
  const [from, setFrom] = useState("");
  const [to, setTo] = useState("");
  const [count, setCount] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [progress, setProgress] = useState<{ bytes: number; rows: number; isDone: boolean } | null>(null);

  const query = useMemo(() => {
    const params = new URLSearchParams({ format, projectId });
    if (articleIds.length) params.set("articleIds", articleIds.join(","));
    if (statuses.length) params.set("statuses", statuses.join(","));
    if (goldOnly) params.set("goldOnly", "1");
    if (from) params.set("from", from);
    if (to) params.set("to", to);
    return params.toString();
  }, [format, projectId, articleIds, statuses, goldOnly, from, to]);

  useEffect(() => {
    let isCurrent = true;
    setCount(null);
    fetch(`/api/export/count?${query}`)
      .then(async (response) => {
        const body = (await response.json()) as { count?: number; error?: { message: string } };
        if (!isCurrent) return;
        if (response.ok) {
          setCount(body.count ?? 0);
          setError(null);
        } else setError(body.error?.message ?? `Count failed (${response.status}).`);
      })
      .catch(() => isCurrent && setError("Network error while counting."));
    return () => {
      isCurrent = false;
    };
  }, [query]);

  async function download() {
    setError(null);
    setProgress({ bytes: 0, rows: 0, isDone: false });
    try {
      const response = await fetch(`/api/export?${query}`);
      if (!response.ok || !response.body) {
        const body = (await response.json().catch(() => null)) as { error?: { message: string } } | null;
        setError(body?.error?.message ?? `Export failed (${response.status}).`);
        setProgress(null);
        return;
      }
      const reader = response.body.getReader();
      const parts: Uint8Array<ArrayBuffer>[] = [];
      let bytes = 0;
      let rows = 0;
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        parts.push(value);
        bytes += value.byteLength;
        for (const byte of value) if (byte === 10) rows++;
        setProgress({ bytes, rows, isDone: false });
      }
      setProgress({ bytes, rows, isDone: true });
      const disposition = response.headers.get("content-disposition") ?? "";
      const name = /filename="([^"]+)"/.exec(disposition)?.[1] ?? `claimwork-export.${format}`;
      const url = URL.createObjectURL(new Blob(parts, { type: response.headers.get("content-type") ?? "application/octet-stream" }));
      const link = document.createElement("a");
      link.href = url;
      link.download = name;
      document.body.append(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    } catch {
      setError("The download was interrupted. Try again.");
      setProgress(null);
    }
  }

  const toggle = (list: string[], value: string) => (list.includes(value) ? list.filter((v) => v !== value) : [...list, value]);

  return (
    <ScriptForm
      className="card"
      aria-label="Export"
      onSubmit={() => {
        void download();
      }}
    >
      <label htmlFor="format">Format</label>
      <select id="format" value={format} onChange={(e) => setFormat(e.target.value)}>
        <Options entries={formats} />
      </select>

      <label htmlFor="articles">Articles (none selected = all)</label>
      <select
        id="articles"
        multiple
        size={Math.min(6, Math.max(2, articles.length))}
        value={articleIds}
        onChange={(e) => setArticleIds([...e.target.selectedOptions].map((o) => o.value))}
      >
        <Options entries={articles.map((a) => ({ key: a.id, label: a.title }))} />
      </select>

      <fieldset style={{ border: "none", padding: 0, marginTop: "0.6rem" }}>
        <legend className="muted" style={{ fontSize: "0.85rem" }}>
          Review status (none = all)
        </legend>
        <div className="row" style={{ flexWrap: "wrap" }}>
          {REVIEW_STATUSES.map((s) => (
            <label key={s} style={{ display: "flex", gap: "0.3rem", alignItems: "center", margin: 0, flex: "none" }}>
              <input type="checkbox" style={{ width: "auto" }} checked={statuses.includes(s)} onChange={() => setStatuses(toggle(statuses, s))} />
              {REVIEW_STATUS_LABELS[s]}
            </label>
          ))}
        </div>
      </fieldset>
      <label style={{ display: "flex", gap: "0.3rem", alignItems: "center" }}>
        <input type="checkbox" style={{ width: "auto" }} checked={goldOnly} onChange={(e) => setGoldOnly(e.target.checked)} />
        Gold claims only
      </label>
      <div className="row">
        <div>
          <label htmlFor="from">Changed from</label>
          <input id="from" type="date" value={from} onChange={(e) => setFrom(e.target.value)} />
        </div>
        <div>
          <label htmlFor="to">Changed until</label>
          <input id="to" type="date" value={to} onChange={(e) => setTo(e.target.value)} />
        </div>
      </div>

      <p role="status" data-testid="export-count">
        {count === null ? "Counting…" : `${count} claim${count === 1 ? "" : "s"} will be exported.`}
      </p>
      <ErrorLine error={error} />
      {progress && (
        <div>
          <progress
            max={count && count > 0 ? count : undefined}
            value={count && count > 0 ? Math.min(progress.rows, count) : undefined}
            aria-label="Export progress"
          />{" "}
          <span className="muted" data-testid="export-progress">
            {(progress.bytes / 1024).toFixed(0)} KB received{progress.isDone ? " — done" : "…"}
          </span>
        </div>
      )}
      <p>
        <button type="submit" className="primary" disabled={progress !== null && !progress.isDone}>
          Download
        </button>
      </p>
    </ScriptForm>
  );
}
