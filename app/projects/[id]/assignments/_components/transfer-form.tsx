"use client";

import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useId, useState } from "react";
import { ErrorLine } from "@/components/error-line";
import { ScriptForm } from "@/components/script-form";
import type { TransferredArticle } from "@/server/team/article-transfer";
import { sendJson } from "./send";
import { useErrorText } from "./use-error-text";

type Props = {
  projectId: string;
  articleIds: readonly string[];
  /** Projects the person may move or copy to (import and assign rights there). */
  targets: ReadonlyArray<{ id: string; name: string }>;
  /** After a move: the ids that left this project, so the selection can drop them. */
  onMoved: (articleIds: readonly string[]) => void;
};

/**
 * Move or copy the selected articles to another project (server/team/article-transfer.ts
 * says what goes along). A move asks first: the articles leave this project.
 */
export function TransferForm({ projectId, articleIds, targets, onMoved }: Props) {
  const t = useTranslations("assignments.transfer");
  const errorText = useErrorText();
  const router = useRouter();
  const ids = useId();
  const [target, setTarget] = useState(targets[0]?.id ?? "");
  const [mode, setMode] = useState<"copy" | "move">("copy");
  const [withClaims, setWithClaims] = useState(true);
  const [isBusy, setIsBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [result, setResult] = useState("");
  const targetName = targets.find((p) => p.id === target)?.name ?? "";

  async function submit() {
    if (articleIds.length === 0) {
      setError(t("needArticles"));
      return;
    }
    if (mode === "move" && !window.confirm(t("confirmMove", { count: articleIds.length, project: targetName }))) return;
    setIsBusy(true);
    setError(null);
    setResult("");
    const sent = await sendJson<{ articles: TransferredArticle[] }>(`/api/projects/${projectId}/articles/transfer`, "POST", {
      articleIds,
      toProjectId: target,
      mode,
      withClaims,
    });
    setIsBusy(false);
    if (!sent.isOk) {
      setError(errorText(sent));
      return;
    }
    const done = sent.data.articles;
    const claimCount = done.reduce((sum, a) => sum + a.claimCount, 0);
    const leftCount = done.reduce((sum, a) => sum + a.claimsLeftCount, 0);
    setResult(
      mode === "move"
        ? t("moved", { count: done.length, project: targetName })
        : t("copied", { count: done.length, project: targetName, claims: claimCount, left: leftCount }),
    );
    if (mode === "move") onMoved(done.map((a) => a.fromId));
    router.refresh();
  }

  if (targets.length === 0) return null;
  return (
    <section className="card" aria-labelledby={`${ids}-heading`}>
      <h2 id={`${ids}-heading`}>{t("heading")}</h2>
      <ScriptForm aria-labelledby={`${ids}-heading`} aria-busy={isBusy} onSubmit={submit}>
        <p>
          <label htmlFor={`${ids}-target`}>{t("target")}</label>
          <select id={`${ids}-target`} value={target} onChange={(event) => setTarget(event.currentTarget.value)} style={{ width: "auto" }}>
            {targets.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
          </select>
        </p>
        <fieldset>
          <legend>{t("mode")}</legend>
          <label className="row">
            <input type="radio" name={`${ids}-mode`} checked={mode === "copy"} onChange={() => setMode("copy")} /> {t("copy")}
          </label>
          <label className="row">
            <input type="radio" name={`${ids}-mode`} checked={mode === "move"} onChange={() => setMode("move")} /> {t("move")}
          </label>
        </fieldset>
        {mode === "copy" && (
          <label className="row">
            <input type="checkbox" checked={withClaims} onChange={(event) => setWithClaims(event.currentTarget.checked)} /> {t("withClaims")}
          </label>
        )}
        <p>
          <button type="submit" disabled={isBusy}>
            {isBusy ? t("working") : t(mode === "move" ? "submitMove" : "submitCopy", { count: articleIds.length })}
          </button>
        </p>
      </ScriptForm>
      <ErrorLine error={error} />
      <p role="status">{result}</p>
    </section>
  );
}
