"use client";

import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { type ReactNode, useState } from "react";
import { Options } from "@/components/options";
import { ScriptForm } from "@/components/script-form";
import type { TextEncodingName } from "@/lib/text-encoding";
import type { ArticleFileOutcome, ArticleRefusal } from "@/server/articles";

/** The endpoint's limit of files per request: more go up in batches of this size. */
const BATCH_SIZE = 20;
/** What a folder upload picks out of a folder (the server refuses other files one by one). */
const ARTICLE_FILE = /\.(txt|md)$/i;

/** The project is in the query, so the server checks the role before it reads the upload. */
function importUrl(projectId: string): string {
  return `/api/articles?${new URLSearchParams({ projectId })}`;
}

/** A 201 or 200 lists every file, and so does the 422 in which every file was refused; other errors only say what went wrong. */
type ImportResponse = { files?: ArticleFileOutcome[]; error?: { message?: string } };

/** Why a request brought back no per-file answer. */
type RequestProblem = { kind: "network" } | { kind: "status"; status: number; message: string | undefined };

/** A file's outcome with its place in the upload, which keys it in the list (names repeat across folders). */
export type ReportedFile = ArticleFileOutcome & { position: number };

export type ImportFailure =
  | { notice: "pasteEmpty" | "uploadNone" | "folderNone" | "folderNoArticles" }
  /** `partway`: a batched upload stopped after `done` of `total` files (the batches before stay imported). */
  | { problem: RequestProblem; partway: { done: number; total: number } | null };

export type ImportReportData = { files: ReportedFile[]; failure: ImportFailure | null };

type Translator = ReturnType<typeof useTranslations<"articleImport">>;

const ENCODING_KEY = {
  "UTF-8": "utf8",
  "UTF-8 (BOM)": "utf8Bom",
  "UTF-16LE": "utf16le",
  "UTF-16BE": "utf16be",
  "windows-1252": "windows1252",
} as const satisfies Record<TextEncodingName, string>;

async function post(url: string, init: RequestInit): Promise<{ files: ArticleFileOutcome[] } | { problem: RequestProblem }> {
  let response: Response;
  try {
    response = await fetch(url, { method: "POST", ...init });
  } catch {
    return { problem: { kind: "network" } };
  }
  const body = (await response.json().catch(() => ({}))) as ImportResponse;
  if (Array.isArray(body.files)) return { files: body.files };
  return { problem: { kind: "status", status: response.status, message: body.error?.message } };
}

/**
 * One batch of files. A batch too large for one request (413: a file in it is
 * over the limit) goes again file by file, so the others still arrive; a
 * single file too large to send at all is refused here, as the server would.
 */
async function uploadBatch(url: string, files: File[]): Promise<{ files: ArticleFileOutcome[]; problem: RequestProblem | null }> {
  const data = new FormData();
  for (const file of files) data.append("files", file);
  const result = await post(url, { body: data });
  if ("files" in result) return { files: result.files, problem: null };
  if (result.problem.kind !== "status" || result.problem.status !== 413) return { files: [], problem: result.problem };
  if (files.length === 1) {
    return {
      files: [{ name: files[0]!.name, status: "refused", problem: "too_large", reason: `${files[0]!.name} is too large to send.` }],
      problem: null,
    };
  }
  const outcomes: ArticleFileOutcome[] = [];
  for (const file of files) {
    const single = await uploadBatch(url, [file]);
    outcomes.push(...single.files);
    if (single.problem) return { files: outcomes, problem: single.problem };
  }
  return { files: outcomes, problem: null };
}

/** Paste an article, upload .txt/.md files or a whole folder; each file is reported: imported, already there or refused, and how it was read. */
export function ImportArticles({ limitLabel, projects }: { limitLabel: string; projects: Array<{ id: string; name: string }> }) {
  const t = useTranslations("articleImport");
  const router = useRouter();
  const [projectId, setProjectId] = useState(projects[0]?.id ?? "");
  const [report, setReport] = useState<ImportReportData | null>(null);
  const [isBusy, setIsBusy] = useState(false);
  const [progress, setProgress] = useState<{ done: number; total: number } | null>(null);

  function finish(files: ReportedFile[], failure: ImportFailure | null) {
    setReport({ files, failure });
    if (files.some((file) => file.status !== "refused")) router.refresh();
  }

  /**
   * Files in batches of {@link BATCH_SIZE}, with progress when there is more
   * than one batch or it is a folder. A refused file does not stop the
   * upload: every file is reported. Only a request that fails as a whole
   * (network, session, rights, server) stops it, saying how far it got; the
   * batches before it stay imported, and importing them again changes nothing.
   * @returns whether every request got its per-file answer.
   */
  async function uploadFiles(files: File[], isFolder: boolean): Promise<boolean> {
    const isBatched = isFolder || files.length > BATCH_SIZE;
    const url = importUrl(projectId);
    const reported: ReportedFile[] = [];
    setIsBusy(true);
    setReport(null);
    setProgress(isBatched ? { done: 0, total: files.length } : null);
    try {
      for (let start = 0; start < files.length; start += BATCH_SIZE) {
        const batch = await uploadBatch(url, files.slice(start, start + BATCH_SIZE));
        reported.push(...batch.files.map((file, offset) => ({ ...file, position: start + offset })));
        if (batch.problem) {
          finish(reported, { problem: batch.problem, partway: isBatched ? { done: reported.length, total: files.length } : null });
          return false;
        }
        if (isBatched) setProgress({ done: Math.min(start + BATCH_SIZE, files.length), total: files.length });
      }
      finish(reported, null);
      return true;
    } finally {
      setIsBusy(false);
    }
  }

  async function importPaste(content: string): Promise<boolean> {
    setIsBusy(true);
    setReport(null);
    setProgress(null);
    try {
      const result = await post(importUrl(projectId), {
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ files: [{ name: null, content }] }),
      });
      if ("problem" in result) {
        finish([], { problem: result.problem, partway: null });
        return false;
      }
      const reported = result.files.map((file, position) => ({ ...file, position }));
      finish(reported, null);
      return reported.every((file) => file.status !== "refused");
    } finally {
      setIsBusy(false);
    }
  }

  return (
    <section className="card" style={{ marginTop: "1.5rem" }} aria-labelledby="import-heading">
      <h2 id="import-heading">{t("heading")}</h2>
      {projects.length > 1 && (
        <>
          <label htmlFor="import-project">{t("intoProject")}</label>
          <select id="import-project" value={projectId} onChange={(e) => setProjectId(e.target.value)}>
            <Options entries={projects.map((p) => ({ key: p.id, label: p.name }))} />
          </select>
        </>
      )}
      <ScriptForm
        onSubmit={async (form) => {
          const content = String(new FormData(form).get("content") ?? "");
          if (content.trim() === "") {
            setReport({ files: [], failure: { notice: "pasteEmpty" } });
            return;
          }
          if (await importPaste(content)) form.reset();
        }}
      >
        <label htmlFor="paste">{t("pasteLabel")}</label>
        <textarea id="paste" name="content" rows={6} placeholder={t("pastePlaceholder")} />
        <p>
          <button type="submit" disabled={isBusy}>
            {t("pasteSubmit")}
          </button>
        </p>
      </ScriptForm>
      <ScriptForm
        onSubmit={async (form) => {
          // No file chosen shows up as one nameless empty entry; an empty file the user did choose goes to the
          // server, which names it and says it is empty.
          const files = new FormData(form).getAll("files").filter((entry): entry is File => typeof entry !== "string" && entry.name !== "");
          if (files.length === 0) {
            setReport({ files: [], failure: { notice: "uploadNone" } });
            return;
          }
          if (await uploadFiles(files, false)) form.reset();
        }}
      >
        <label htmlFor="files">{t("uploadLabel", { limit: limitLabel })}</label>
        <input id="files" name="files" type="file" accept=".txt,.md,text/plain,text/markdown" multiple />
        <p>
          <button type="submit" disabled={isBusy}>
            {t("uploadSubmit")}
          </button>
        </p>
      </ScriptForm>
      <ScriptForm
        onSubmit={async (form) => {
          const input = form.elements.namedItem("folder") as HTMLInputElement | null;
          const files = [...(input?.files ?? [])];
          if (files.length === 0) {
            setReport({ files: [], failure: { notice: "folderNone" } });
            return;
          }
          const articleFiles = files.filter((file) => ARTICLE_FILE.test(file.name));
          if (articleFiles.length === 0) {
            setReport({ files: [], failure: { notice: "folderNoArticles" } });
            return;
          }
          await uploadFiles(articleFiles, true);
        }}
      >
        <label htmlFor="folder">{t("folderLabel")}</label>
        <input id="folder" name="folder" type="file" multiple {...{ webkitdirectory: "" }} />
        <p>
          <button type="submit" disabled={isBusy}>
            {t("folderSubmit")}
          </button>
        </p>
      </ScriptForm>
      {progress && (
        <p>
          <progress max={progress.total} value={progress.done} aria-label={t("progressLabel")} /> {t("progress", progress)}
        </p>
      )}
      {isBusy && <p aria-live="polite">{t("busy")}</p>}
      {report && <ImportReport report={report} limitLabel={limitLabel} />}
    </section>
  );
}

/**
 * The result of an import: a summary (status), the files imported or already
 * there with the encoding each was read in (a wrong guess shows here), and in
 * an alert the files refused with the reason, and what stopped the import.
 */
export function ImportReport({ report, limitLabel }: { report: ImportReportData; limitLabel: string }) {
  const t = useTranslations("articleImport");
  const stored = report.files.filter((file) => file.status !== "refused");
  const refused = report.files.filter((file) => file.status === "refused");
  const created = stored.filter((file) => file.status === "imported").length;
  const revised = stored.filter((file) => file.status === "revised").length;
  return (
    <>
      {stored.length > 0 && (
        <>
          <p role="status">
            {t("summary", { created, existing: stored.length - created - revised })}
            {revised > 0 && ` ${t("revisedSummary", { count: revised })}`}
          </p>
          <ul aria-label={t("resultsLabel")}>
            {stored.map((file) => (
              <li key={file.position}>
                <strong>{file.name ?? t("pastedText")}</strong> — {storedWords(t, file)}
              </li>
            ))}
          </ul>
        </>
      )}
      {(refused.length > 0 || report.failure) && (
        <div role="alert" className="error">
          {report.failure && <p>{failureWords(t, report.failure)}</p>}
          {refused.length > 0 && (
            <>
              <p>{t("refusedHeading", { count: refused.length })}</p>
              <ul>
                {refused.map((file) => (
                  <li key={file.position}>{refusalLine(t, file, limitLabel)}</li>
                ))}
              </ul>
            </>
          )}
        </div>
      )}
    </>
  );
}

function storedWords(t: Translator, file: ArticleFileOutcome & { status: "imported" | "existing" | "revised" }): string {
  if (file.status === "revised") {
    const { kept, relocated, needs_confirmation: queued, orphaned } = file.claims;
    return t("outcome.revised", { revision: file.revision, title: file.title, kept, relocated, queued, orphaned });
  }
  const isNew = file.status === "imported";
  if (!file.encoding) return t(isNew ? "outcome.imported" : "outcome.existing");
  const encoding = t(`encoding.${ENCODING_KEY[file.encoding]}`);
  return t(isNew ? "outcome.importedAs" : "outcome.existingAs", { encoding });
}

function refusalLine(t: Translator, file: ArticleFileOutcome & { status: "refused" }, limitLabel: string): ReactNode {
  // The server's own words, which already name the file: bad front matter, a bad line, a name Postgres cannot store.
  if (file.problem === "invalid") return file.reason;
  return (
    <>
      <strong>{file.name ?? t("pastedText")}</strong> — {refusalWords(t, { ...file, problem: file.problem }, limitLabel)}
    </>
  );
}

function refusalWords(t: Translator, file: ArticleRefusal & { problem: Exclude<ArticleRefusal["problem"], "invalid"> }, limitLabel: string): string {
  switch (file.problem) {
    case "too_large":
      return t("refusal.too_large", { limit: limitLabel });
    case "broken_encoding":
      return t("refusal.broken_encoding", { encoding: file.suspectedEncoding ?? "", line: file.brokenLine ?? 0 });
    case "unsupported_encoding":
      return t("refusal.unsupported_encoding", { encoding: file.suspectedEncoding ?? "" });
    default:
      return t(`refusal.${file.problem}`);
  }
}

function failureWords(t: Translator, failure: ImportFailure): string {
  if ("notice" in failure) return t(failure.notice);
  const { problem, partway } = failure;
  if (problem.kind === "network") return partway ? t("failure.networkPartway", partway) : t("failure.network");
  const words = statusWords(t, problem.status, problem.message);
  return partway ? t("failure.stopped", { ...partway, problem: words }) : words;
}

/** A failed request in the user's words: what the status means for them, else the server's message. */
function statusWords(t: Translator, status: number, message: string | undefined): string {
  if (status === 401) return t("failure.signedOut");
  if (status === 403) return t("failure.forbidden");
  if (status === 413) return t("failure.tooLarge");
  if (status >= 500) return t("failure.unavailable");
  return message ? t("failure.other", { message }) : t("failure.status", { status });
}
