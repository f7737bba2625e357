"use client";

import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { apiErrorOf, apiErrorText, ErrorLine } from "@/components/error-line";
import { ScriptForm } from "@/components/script-form";
import type { AddedRevision } from "@/server/revisions";

/**
 * Adding a revision: the new text pasted or a file uploaded (a file wins when
 * both are given). The answer says what became of the claims and of the
 * decisions on whole sentences; the page then shows the new revision's queue.
 */
export function AddRevisionForm({ articleId }: { articleId: string }) {
  const t = useTranslations("revisions.add");
  const tErrors = useTranslations("errors");
  const router = useRouter();
  const [isBusy, setIsBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [added, setAdded] = useState<AddedRevision | null>(null);

  async function submit(form: HTMLFormElement) {
    const text = (form.elements.namedItem("text") as HTMLTextAreaElement).value;
    const file = (form.elements.namedItem("file") as HTMLInputElement).files?.[0];
    if (!file && text.trim() === "") {
      setError(t("empty"));
      return;
    }
    setIsBusy(true);
    setError(null);
    setAdded(null);
    const url = `/api/articles/${encodeURIComponent(articleId)}/revisions`;
    let init: RequestInit;
    if (file) {
      const data = new FormData();
      data.append("file", file);
      init = { method: "POST", body: data };
    } else {
      init = { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ text }) };
    }
    try {
      const response = await fetch(url, init);
      const body: unknown = await response.json().catch(() => ({}));
      if (!response.ok) {
        setError(apiErrorText(tErrors, apiErrorOf(body), t("failed", { status: response.status })));
        return;
      }
      setAdded((body as { revision: AddedRevision }).revision);
      form.reset();
      router.refresh();
    } catch {
      setError(t("network"));
    } finally {
      setIsBusy(false);
    }
  }

  return (
    <ScriptForm className="card" aria-labelledby="add-revision" onSubmit={submit}>
      <p className="muted">{t("intro")}</p>
      <label htmlFor="revision-text">{t("paste")}</label>
      <textarea id="revision-text" name="text" rows={10} style={{ width: "100%" }} aria-describedby="revision-error" />
      <label htmlFor="revision-file">{t("file")}</label>
      <input id="revision-file" name="file" type="file" accept=".txt,.md,text/plain,text/markdown" />
      <p>
        <button type="submit" className="primary" disabled={isBusy} aria-busy={isBusy}>
          {isBusy ? t("busy") : t("submit")}
        </button>
      </p>
      <ErrorLine error={error} id="revision-error" />
      <div role="status" data-testid="revision-added">
        {added && (
          <>
            <p>
              {t("done", {
                number: added.revision,
                kept: added.claims.kept,
                relocated: added.claims.relocated,
                queued: added.claims.needs_confirmation,
                orphaned: added.claims.orphaned,
              })}
            </p>
            {added.sentenceDecisions.carried + added.sentenceDecisions.dropped > 0 && <p>{t("decisions", added.sentenceDecisions)}</p>}
          </>
        )}
      </div>
    </ScriptForm>
  );
}
