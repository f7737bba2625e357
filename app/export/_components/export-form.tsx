"use client";

import { useTranslations } from "next-intl";
import { useEffect, useMemo, useState } from "react";
import { apiErrorOf, apiErrorText, ErrorLine } from "@/components/error-line";
import { Options } from "@/components/options";
import { ScriptForm } from "@/components/script-form";
import { REVIEW_STATUSES } from "@/lib/vocabularies";

type Props = {
  projectId: string;
  /** `hint`: what the format holds and is for, shown under the choice. */
  formats: Array<{ key: string; label: string; hint: string }>;
  articles: Array<{ id: string; title: string }>;
};

/** Export filters, the claim count before downloading, and download progress. */
export function ExportForm({ projectId, formats, articles }: Props) {
  const t = useTranslations("transfer");
  const tVocab = useTranslations("vocab");
  const tErrors = useTranslations("errors");
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
        const body: unknown = await response.json().catch(() => null);
        if (!isCurrent) return;
        if (response.ok) {
          setCount((body as { count?: number } | null)?.count ?? 0);
          setError(null);
        } else setError(apiErrorText(tErrors, apiErrorOf(body), t("export.countFailed", { status: response.status })));
      })
      .catch(() => isCurrent && setError(t("export.countNetwork")));
    return () => {
      isCurrent = false;
    };
  }, [query, t, tErrors]);

  async function download() {
    setError(null);
    setProgress({ bytes: 0, rows: 0, isDone: false });
    try {
      const response = await fetch(`/api/export?${query}`);
      if (!response.ok || !response.body) {
        const refusal = apiErrorOf(await response.json().catch(() => null));
        setError(apiErrorText(tErrors, refusal, t("export.failed", { status: response.status })));
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
      setError(t("export.interrupted"));
      setProgress(null);
    }
  }

  const toggle = (list: string[], value: string) => (list.includes(value) ? list.filter((v) => v !== value) : [...list, value]);

  return (
    <ScriptForm
      className="card"
      aria-label={t("export.title")}
      onSubmit={() => {
        void download();
      }}
    >
      <label htmlFor="format">{t("export.format")}</label>
      <select id="format" value={format} onChange={(e) => setFormat(e.target.value)} aria-describedby="format-hint">
        <Options entries={formats} />
      </select>
      <p className="muted" id="format-hint" style={{ fontSize: "0.85rem", margin: "0.2rem 0 0" }}>
        {formats.find((f) => f.key === format)?.hint}
      </p>

      <label htmlFor="articles">{t("export.articles")}</label>
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
          {t("export.statuses")}
        </legend>
        <div className="row" style={{ flexWrap: "wrap" }}>
          {REVIEW_STATUSES.map((s) => (
            <label key={s} style={{ display: "flex", gap: "0.3rem", alignItems: "center", margin: 0, flex: "none" }}>
              <input type="checkbox" style={{ width: "auto" }} checked={statuses.includes(s)} onChange={() => setStatuses(toggle(statuses, s))} />
              {tVocab(`reviewStatus.${s}`)}
            </label>
          ))}
        </div>
      </fieldset>
      <label style={{ display: "flex", gap: "0.3rem", alignItems: "center" }}>
        <input type="checkbox" style={{ width: "auto" }} checked={goldOnly} onChange={(e) => setGoldOnly(e.target.checked)} />
        {t("export.goldOnly")}
      </label>
      <div className="row">
        <div>
          <label htmlFor="from">{t("export.from")}</label>
          <input id="from" type="date" value={from} onChange={(e) => setFrom(e.target.value)} />
        </div>
        <div>
          <label htmlFor="to">{t("export.until")}</label>
          <input id="to" type="date" value={to} onChange={(e) => setTo(e.target.value)} />
        </div>
      </div>

      <p role="status" data-testid="export-count">
        {count === null ? t("export.counting") : t("export.count", { count })}
      </p>
      <ErrorLine error={error} />
      {progress && (
        <div>
          <progress
            max={count && count > 0 ? count : undefined}
            value={count && count > 0 ? Math.min(progress.rows, count) : undefined}
            aria-label={t("export.progress")}
          />{" "}
          <span className="muted" data-testid="export-progress">
            {t(progress.isDone ? "export.receivedDone" : "export.received", { kilobytes: Math.round(progress.bytes / 1024) })}
          </span>
        </div>
      )}
      <p>
        <button type="submit" className="primary" disabled={progress !== null && !progress.isDone}>
          {t("export.download")}
        </button>
      </p>
    </ScriptForm>
  );
}
