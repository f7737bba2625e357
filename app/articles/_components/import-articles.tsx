"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { Options } from "@/components/options";
import { ScriptForm } from "@/components/script-form";

/** The project is in the query, so the server checks the role before it reads the upload. */
function importUrl(projectId: string): string {
  return `/api/articles?${new URLSearchParams({ projectId })}`;
}

type ImportResult = { articles?: Array<{ id: string; title: string; isNew: boolean }>; error?: { message: string } };

/** Paste an article or upload .txt/.md files; errors from the server are shown as they are (they name the file). */
export function ImportArticles({ limitLabel, projects }: { limitLabel: string; projects: Array<{ id: string; name: string }> }) {
  const router = useRouter();
  const [projectId, setProjectId] = useState(projects[0]?.id ?? "");
  const [message, setMessage] = useState<{ kind: "ok" | "error"; text: string } | null>(null);
  const [isBusy, setIsBusy] = useState(false);
  const [folderProgress, setFolderProgress] = useState<{ done: number; total: number } | null>(null);

  /**
   * A folder of any size goes up in batches of 20 files (the endpoint's limit
   * per request), with progress. Each batch is all-or-nothing on the server;
   * a failed batch stops the upload and says which files it held, and the
   * batches before it stay imported (importing them again changes nothing).
   */
  async function uploadFolder(files: File[]) {
    const articleFiles = files.filter((f) => /\.(txt|md)$/i.test(f.name));
    if (articleFiles.length === 0) {
      setMessage({ kind: "error", text: "The folder holds no .txt or .md files." });
      return;
    }
    setIsBusy(true);
    setMessage(null);
    let created = 0;
    let existing = 0;
    try {
      for (let i = 0; i < articleFiles.length; i += 20) {
        setFolderProgress({ done: i, total: articleFiles.length });
        const batch = articleFiles.slice(i, i + 20);
        const data = new FormData();
        for (const f of batch) data.append("files", f);
        const response = await fetch(importUrl(projectId), { method: "POST", body: data });
        const body = (await response.json().catch(() => ({}))) as ImportResult;
        if (!response.ok) {
          setMessage({
            kind: "error",
            text: `Stopped after ${i} of ${articleFiles.length} files (${created} new). ${body.error?.message ?? `Import failed (${response.status}).`}`,
          });
          return;
        }
        for (const a of body.articles ?? []) {
          if (a.isNew) created++;
          else existing++;
        }
      }
      setFolderProgress({ done: articleFiles.length, total: articleFiles.length });
      setMessage({ kind: "ok", text: `${created} article${created === 1 ? "" : "s"} imported${existing ? `, ${existing} already there` : ""}.` });
      router.refresh();
    } catch {
      setMessage({ kind: "error", text: `Network error after ${created + existing} files: the rest did not reach the server.` });
    } finally {
      setIsBusy(false);
    }
  }

  async function send(init: RequestInit) {
    setIsBusy(true);
    setMessage(null);
    try {
      const response = await fetch(importUrl(projectId), { method: "POST", ...init });
      const body = (await response.json().catch(() => ({}))) as ImportResult;
      if (!response.ok) {
        setMessage({ kind: "error", text: body.error?.message ?? `Import failed (${response.status}).` });
        return false;
      }
      const list = body.articles ?? [];
      const fresh = list.filter((a) => a.isNew).length;
      setMessage({
        kind: "ok",
        text: `${fresh} article${fresh === 1 ? "" : "s"} imported${list.length > fresh ? `, ${list.length - fresh} already there` : ""}.`,
      });
      router.refresh();
      return true;
    } catch {
      setMessage({ kind: "error", text: "Network error: the import did not reach the server." });
      return false;
    } finally {
      setIsBusy(false);
    }
  }

  return (
    <section className="card" style={{ marginTop: "1.5rem" }} aria-labelledby="import-heading">
      <h2 id="import-heading">Add articles</h2>
      {projects.length > 1 && (
        <>
          <label htmlFor="import-project">Into project</label>
          <select id="import-project" value={projectId} onChange={(e) => setProjectId(e.target.value)}>
            <Options entries={projects.map((p) => ({ key: p.id, label: p.name }))} />
          </select>
        </>
      )}
      <ScriptForm
        onSubmit={async (form) => {
          const content = String(new FormData(form).get("content") ?? "");
          const ok = await send({
            headers: { "content-type": "application/json" },
            body: JSON.stringify({ files: [{ name: null, content }] }),
          });
          if (ok) form.reset();
        }}
      >
        <label htmlFor="paste">Paste an article (first line is the title)</label>
        <textarea id="paste" name="content" rows={6} placeholder={"Title\n\nFirst paragraph…"} />
        <p>
          <button type="submit" disabled={isBusy}>
            Import pasted text
          </button>
        </p>
      </ScriptForm>
      <ScriptForm
        onSubmit={async (form) => {
          const data = new FormData(form);
          // No file chosen shows up as one nameless empty entry; an empty file the user did choose goes to the
          // server, which names it and says it is empty.
          if (data.getAll("files").every((f) => typeof f === "string" || f.name === "")) {
            setMessage({ kind: "error", text: "Choose one or more .txt or .md files first." });
            return;
          }
          const ok = await send({ body: data });
          if (ok) form.reset();
        }}
      >
        <label htmlFor="files">Upload .txt or .md files (up to {limitLabel} each, 20 at a time)</label>
        <input id="files" name="files" type="file" accept=".txt,.md,text/plain,text/markdown" multiple />
        <p>
          <button type="submit" disabled={isBusy}>
            Upload
          </button>
        </p>
      </ScriptForm>
      <ScriptForm
        onSubmit={async (form) => {
          const input = form.elements.namedItem("folder") as HTMLInputElement | null;
          const files = [...(input?.files ?? [])];
          if (files.length === 0) {
            setMessage({ kind: "error", text: "Choose a folder first." });
            return;
          }
          await uploadFolder(files);
        }}
      >
        <label htmlFor="folder">Or a whole folder of .txt / .md files (sent 20 at a time)</label>
        <input id="folder" name="folder" type="file" multiple {...{ webkitdirectory: "" }} />
        <p>
          <button type="submit" disabled={isBusy}>
            Upload folder
          </button>
        </p>
      </ScriptForm>
      {folderProgress && (
        <p>
          <progress max={folderProgress.total} value={folderProgress.done} aria-label="Folder upload progress" /> {folderProgress.done} /{" "}
          {folderProgress.total} files
        </p>
      )}
      {isBusy && <p aria-live="polite">Importing…</p>}
      {message && (
        <p role={message.kind === "error" ? "alert" : "status"} className={message.kind === "error" ? "error" : ""}>
          {message.text}
        </p>
      )}
    </section>
  );
}
