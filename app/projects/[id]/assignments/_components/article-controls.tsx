"use client";

import { useRouter } from "next/navigation";
import { useTimeZone, useTranslations } from "next-intl";
import { useId, useState } from "react";
import { ErrorLine } from "@/components/error-line";
import type { BoardAnnotator, BoardArticle, BoardAssignee } from "@/server/team/assignments";
import { dayIn, endOfDayIn } from "./due-date";
import { sendJson } from "./send";
import { useErrorText } from "./use-error-text";

type Props = { projectId: string; article: BoardArticle; annotators: readonly BoardAnnotator[] };

/**
 * One article's assignments, changed by hand: hand an assignee's open work
 * to someone else, withdraw it, and set or clear the article's due date.
 * Folded away under "Change" so a page of 50 articles stays a list to read.
 */
export function ArticleControls({ projectId, article, annotators }: Props) {
  const t = useTranslations("assignments.controls");
  const errorText = useErrorText();
  const timeZone = useTimeZone();
  const router = useRouter();
  const ids = useId();
  const firstDue = article.assignees.find((a) => a.dueAt !== null)?.dueAt ?? null;
  const [due, setDue] = useState(firstDue ? dayIn(firstDue, timeZone) : "");
  const [isBusy, setIsBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [result, setResult] = useState("");
  const base = `/api/projects/${projectId}/assignments`;

  async function run(send: () => ReturnType<typeof sendJson<unknown>>, done: (data: unknown) => string) {
    setIsBusy(true);
    setError(null);
    setResult("");
    const sent = await send();
    setIsBusy(false);
    if (!sent.isOk) {
      setError(errorText(sent));
      return;
    }
    setResult(done(sent.data));
    router.refresh();
  }

  const setDueDate = (dueAt: string | null) =>
    run(
      () => sendJson(`${base}/due`, "PUT", { articleIds: [article.id], dueAt }),
      (data) => t(dueAt === null ? "dueCleared" : "dueSet", { count: (data as { changedCount: number }).changedCount }),
    );

  return (
    <details>
      <summary aria-label={t("summaryLabel", { title: article.title })}>{t("summary")}</summary>
      <div style={{ display: "flex", flexDirection: "column", gap: "0.6rem", marginTop: "0.5rem", minWidth: "16rem" }}>
        {article.assignees.map((assignee) => (
          <AssigneeRow
            key={assignee.userId}
            assignee={assignee}
            others={annotators.filter((a) => !article.assignees.some((on) => on.userId === a.userId))}
            isBusy={isBusy}
            onReassign={(to) =>
              run(
                () => sendJson(`${base}/${article.id}/${encodeURIComponent(assignee.userId)}`, "PATCH", { toUserId: to.userId }),
                () => t("reassigned", { from: assignee.name, to: to.name }),
              )
            }
            onUnassign={() => {
              if (!window.confirm(t("confirmUnassign", { name: assignee.name, title: article.title }))) return;
              void run(
                () => sendJson(`${base}/${article.id}/${encodeURIComponent(assignee.userId)}`, "DELETE"),
                () => t("unassigned", { name: assignee.name }),
              );
            }}
          />
        ))}
        {article.assignees.length === 0 ? (
          <p className="muted">{t("noAssignees")}</p>
        ) : (
          <div>
            <label htmlFor={`${ids}-due`}>{t("due")}</label>
            <div className="row" style={{ flexWrap: "wrap" }}>
              <input id={`${ids}-due`} type="date" value={due} onChange={(event) => setDue(event.currentTarget.value)} style={{ width: "auto" }} />
              <button type="button" disabled={isBusy || due === ""} onClick={() => setDueDate(endOfDayIn(due, timeZone))}>
                {t("setDue")}
              </button>
              <button
                type="button"
                disabled={isBusy || firstDue === null}
                onClick={() => {
                  setDue("");
                  void setDueDate(null);
                }}
              >
                {t("clearDue")}
              </button>
            </div>
          </div>
        )}
        <ErrorLine error={error} />
        <p role="status" style={{ margin: 0 }}>
          {result}
        </p>
      </div>
    </details>
  );
}

function AssigneeRow({
  assignee,
  others,
  isBusy,
  onReassign,
  onUnassign,
}: {
  assignee: BoardAssignee;
  others: readonly BoardAnnotator[];
  isBusy: boolean;
  onReassign: (to: BoardAnnotator) => void;
  onUnassign: () => void;
}) {
  const t = useTranslations("assignments.controls");
  const ids = useId();
  const [to, setTo] = useState(others[0]?.userId ?? "");
  const target = others.find((a) => a.userId === to) ?? others[0];
  return (
    <fieldset style={{ border: "none", borderTop: "1px solid var(--line)", padding: "0.4rem 0 0", margin: 0 }}>
      <legend style={{ fontWeight: 600, padding: 0 }}>{assignee.name}</legend>
      {assignee.status === "submitted" ? (
        <p className="muted" style={{ margin: "0 0 0.3rem" }}>
          {t("submitted", { name: assignee.name })}
        </p>
      ) : others.length === 0 ? (
        <p className="muted" style={{ margin: "0 0 0.3rem" }}>
          {t("noOneElse")}
        </p>
      ) : (
        <>
          <label htmlFor={`${ids}-to`}>{t("reassignTo", { name: assignee.name })}</label>
          <div className="row" style={{ flexWrap: "wrap" }}>
            <select id={`${ids}-to`} value={target?.userId ?? ""} onChange={(event) => setTo(event.currentTarget.value)} style={{ width: "auto" }}>
              {others.map((a) => (
                <option key={a.userId} value={a.userId}>
                  {a.name}
                </option>
              ))}
            </select>
            <button type="button" disabled={isBusy || !target} onClick={() => target && onReassign(target)}>
              {t("reassign")}
            </button>
          </div>
        </>
      )}
      <p style={{ margin: "0.3rem 0 0" }}>
        <button type="button" className="danger" disabled={isBusy} onClick={onUnassign}>
          {t("unassign", { name: assignee.name })}
        </button>
      </p>
    </fieldset>
  );
}
