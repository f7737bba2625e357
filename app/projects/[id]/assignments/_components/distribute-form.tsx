"use client";

import { useRouter } from "next/navigation";
import { useTimeZone, useTranslations } from "next-intl";
import { useEffect, useId, useRef, useState } from "react";
import { ErrorLine } from "@/components/error-line";
import { ListTable } from "@/components/list-table";
import { ScriptForm } from "@/components/script-form";
import type { BoardAnnotator, RoundShare, RoundSummary } from "@/server/team/assignments";
import { endOfDayIn } from "./due-date";
import { type Sent, sendJson } from "./send";
import { useErrorText } from "./use-error-text";

type Props = {
  projectId: string;
  /** The articles selected on the board, in any order (the plan sorts them). */
  articleIds: readonly string[];
  annotators: readonly BoardAnnotator[];
  defaultK: number;
  maxK: number;
  /** Selected ids the server no longer finds in the project (moved or deleted since they were ticked): to unselect. */
  onStale: (articleIds: readonly string[]) => void;
};

type Plan = { key: string; summary: RoundSummary };

/**
 * Choose annotators, k and an optional due date, see the plan (who gets how
 * many), then apply it. The plan shown is always the one for the choices on
 * screen: changing any choice puts it away, so "Assign as planned" never
 * applies something else. Applying the same plan twice creates nothing new
 * (the server fills only missing seats).
 */
export function DistributeForm({ projectId, articleIds, annotators, defaultK, maxK, onStale }: Props) {
  const t = useTranslations("assignments.distribute");
  const tVocab = useTranslations("vocab");
  const errorText = useErrorText();
  const timeZone = useTimeZone();
  const router = useRouter();
  const ids = useId();
  const [chosen, setChosen] = useState<ReadonlySet<string>>(() => new Set());
  const [k, setK] = useState(String(defaultK));
  const [due, setDue] = useState("");
  const [plan, setPlan] = useState<Plan | null>(null);
  const [busy, setBusy] = useState<"planning" | "applying" | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [result, setResult] = useState("");
  const planHeading = useRef<HTMLHeadingElement>(null);
  const resultLine = useRef<HTMLParagraphElement>(null);
  // Where the keyboard goes once the render that shows it is in the page: the new plan, or the result.
  const [focusTo, setFocusTo] = useState<"plan" | "result" | null>(null);
  useEffect(() => {
    if (focusTo === null) return;
    (focusTo === "plan" ? planHeading.current : resultLine.current)?.focus();
    setFocusTo(null);
  }, [focusTo]);

  const request = { articleIds: [...articleIds].sort(), userIds: annotators.filter((a) => chosen.has(a.userId)).map((a) => a.userId), k: Number(k) };
  const key = JSON.stringify(request);
  const shownPlan = plan?.key === key ? plan.summary : null;

  /** The page's own check before asking the server, in the same words it would get back. */
  function problem(): string | null {
    if (request.articleIds.length === 0) return t("needArticles");
    if (request.userIds.length === 0) return t("needAnnotators");
    if (!Number.isInteger(request.k) || request.k < 1 || request.k > maxK) return t("kInvalid", { max: maxK });
    if (request.k > request.userIds.length) return t("kTooLarge", { k: request.k, count: request.userIds.length });
    return null;
  }

  function choose(userIds: readonly string[], isChosen: boolean) {
    const next = new Set(chosen);
    for (const id of userIds) isChosen ? next.add(id) : next.delete(id);
    setChosen(next);
    setError(null);
  }

  /** A refusal in the page's words; articles the server no longer finds are unselected, and the message says so. */
  function refusalText(sent: Extract<Sent<unknown>, { isOk: false }>): string {
    if (sent.error?.code === "unprocessable:k_exceeds_annotators") return t("kTooLarge", { k: request.k, count: request.userIds.length });
    const stale = Object.keys(sent.error?.fields ?? {}).flatMap((field) => {
      const index = /^articleIds\.(\d+)$/.exec(field)?.[1];
      const id = index === undefined ? undefined : request.articleIds[Number(index)];
      return id === undefined ? [] : [id];
    });
    if (stale.length > 0) {
      onStale(stale);
      return t("staleSelection", { count: stale.length });
    }
    return errorText(sent);
  }

  async function preview() {
    const found = problem();
    if (found) {
      setError(found);
      return;
    }
    setBusy("planning");
    setError(null);
    setResult("");
    const sent = await sendJson<{ plan: RoundSummary }>(`/api/projects/${projectId}/assignments/plan`, "POST", request);
    setBusy(null);
    if (!sent.isOk) {
      setError(refusalText(sent));
      return;
    }
    setPlan({ key, summary: sent.data.plan });
    // The plan appears below the button: take the keyboard there, so it is read and the next step is one Tab away.
    setFocusTo("plan");
  }

  async function apply() {
    setBusy("applying");
    setError(null);
    const body = { ...request, dueAt: due === "" ? null : endOfDayIn(due, timeZone) };
    const sent = await sendJson<{ round: RoundSummary & { createdCount: number } }>(`/api/projects/${projectId}/assignments`, "POST", body);
    setBusy(null);
    if (!sent.isOk) {
      setError(refusalText(sent));
      return;
    }
    setPlan(null);
    setResult(t("done", { created: sent.data.round.createdCount }));
    setFocusTo("result");
    router.refresh();
  }

  const shareColumns = [
    { header: t("annotator"), cell: (share: RoundShare) => share.name },
    { header: t("current"), isNumeric: true, cell: (share: RoundShare) => share.current },
    { header: t("added"), isNumeric: true, cell: (share: RoundShare) => share.added },
    { header: t("total"), isNumeric: true, cell: (share: RoundShare) => share.current + share.added },
  ];

  return (
    <section className="card" aria-labelledby={`${ids}-heading`}>
      <h2 id={`${ids}-heading`}>{t("heading")}</h2>
      <ScriptForm aria-labelledby={`${ids}-heading`} aria-busy={busy !== null} onSubmit={preview}>
        <fieldset>
          <legend>{t("annotators")}</legend>
          {annotators.length === 0 ? (
            <p className="empty">{t("noAnnotators")}</p>
          ) : (
            <>
              <p className="row">
                <button
                  type="button"
                  onClick={() =>
                    choose(
                      annotators.map((a) => a.userId),
                      true,
                    )
                  }
                >
                  {t("chooseAll")}
                </button>
                <button
                  type="button"
                  onClick={() =>
                    choose(
                      annotators.map((a) => a.userId),
                      false,
                    )
                  }
                >
                  {t("chooseNone")}
                </button>
              </p>
              <ul style={{ listStyle: "none", padding: 0, margin: 0, columns: "16rem" }}>
                {annotators.map((annotator) => (
                  <li key={annotator.userId} style={{ breakInside: "avoid", marginBottom: "0.4rem" }}>
                    <label style={{ display: "flex", gap: "0.4rem", alignItems: "flex-start" }}>
                      <input
                        type="checkbox"
                        checked={chosen.has(annotator.userId)}
                        onChange={(event) => choose([annotator.userId], event.currentTarget.checked)}
                        aria-describedby={`${ids}-load-${annotator.userId}`}
                      />
                      <span>{annotator.name}</span>
                    </label>
                    <span
                      id={`${ids}-load-${annotator.userId}`}
                      className="muted"
                      style={{ display: "block", marginLeft: "1.6rem", fontSize: "0.85rem" }}
                    >
                      {t("load", { role: tVocab(`projectRole.${annotator.role}`), open: annotator.openCount, submitted: annotator.submittedCount })}
                    </span>
                  </li>
                ))}
              </ul>
            </>
          )}
        </fieldset>
        <p>
          <label htmlFor={`${ids}-k`}>{t("k")}</label>
          <input
            id={`${ids}-k`}
            type="number"
            inputMode="numeric"
            min={1}
            max={maxK}
            step={1}
            required
            value={k}
            onChange={(event) => setK(event.currentTarget.value)}
            aria-describedby={`${ids}-k-hint`}
            style={{ width: "6rem" }}
          />
          <span id={`${ids}-k-hint`} className="muted" style={{ display: "block", fontSize: "0.85rem" }}>
            {t("kHint")}
          </span>
        </p>
        <p>
          <label htmlFor={`${ids}-due`}>{t("due")}</label>
          <input
            id={`${ids}-due`}
            type="date"
            value={due}
            onChange={(event) => setDue(event.currentTarget.value)}
            aria-describedby={`${ids}-due-hint`}
            style={{ width: "auto" }}
          />
          <span id={`${ids}-due-hint`} className="muted" style={{ display: "block", fontSize: "0.85rem" }}>
            {t("dueHint")}
          </span>
        </p>
        <p>
          <button type="submit" className="primary" disabled={busy !== null}>
            {busy === "planning" ? t("planning") : t("submit")}
          </button>
        </p>
      </ScriptForm>
      <ErrorLine error={error} />
      {shownPlan && (
        <div>
          <h3 ref={planHeading} tabIndex={-1}>
            {t("planHeading")}
          </h3>
          <p>
            {t("planSummary", { additions: shownPlan.additionCount, articles: shownPlan.articleCount, complete: shownPlan.completeCount })}
            {shownPlan.closedCount > 0 && <> {t("planClosed", { closed: shownPlan.closedCount })}</>}
          </p>
          <ListTable label={t("planHeading")} columns={shareColumns} rows={shownPlan.shares} rowKey={(share) => share.userId} />
          <p className="row">
            <button type="button" className="primary" disabled={busy !== null || shownPlan.additionCount === 0} onClick={apply}>
              {busy === "applying" ? t("applying") : t("apply")}
            </button>
            <button type="button" disabled={busy !== null} onClick={() => setPlan(null)}>
              {t("cancel")}
            </button>
          </p>
        </div>
      )}
      {/* Always in the page, so screen readers announce what a round did when its words arrive. */}
      <p role="status" ref={resultLine} tabIndex={-1}>
        {result}
      </p>
    </section>
  );
}
