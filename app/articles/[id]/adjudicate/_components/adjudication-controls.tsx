"use client";

import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { createContext, type ReactNode, useCallback, useContext, useId, useMemo, useRef, useState } from "react";
import { ErrorLine } from "@/components/error-line";
import { useTaxonomyLabel } from "@/components/taxonomy-label";
import { type MergeableClaim, type MergePlan, planMerge, shorten } from "@/lib/adjudication-merge";
import type { ClaimTarget } from "@/lib/claim-schema";
import { newUuid } from "@/lib/client/uuid";
import type { TaxonomyEntry } from "@/lib/taxonomy";
import styles from "../adjudicate.module.css";

export type { MergeableClaim } from "@/lib/adjudication-merge";

type SendResult = { ok: true } | { ok: false; message: string };

type Adjudication = {
  selected: string[];
  toggle(claimId: string, on: boolean): void;
  clear(): void;
  isBusy: boolean;
  message: { kind: "error" | "done"; text: string } | null;
  setMessage(message: Adjudication["message"]): void;
  send(url: string, body: Record<string, unknown>): Promise<SendResult>;
  articleId: string;
  articleText: string;
  claims: Record<string, MergeableClaim>;
};

const AdjudicationContext = createContext<Adjudication | null>(null);

type AdjudicationTranslator = ReturnType<typeof useTranslations<"review.adjudicate">>;

function useAdjudication(): Adjudication {
  const value = useContext(AdjudicationContext);
  if (!value) throw new Error("adjudication controls must be inside <AdjudicationProvider>");
  return value;
}

function newId(): string {
  // Always an id, also on a plain-http LAN address where crypto.randomUUID does not exist (see newUuid):
  // without one a retried promote could not be recognised and would make a second gold claim.
  return newUuid();
}

/**
 * Shared state of the adjudication table: the claims selected for a merge (in
 * the order they were ticked: the first one gives the fields) and the one
 * request in flight. Posting keeps the claim id of a request that failed on
 * the network, so pressing the button again cannot create a second gold claim.
 */
export function AdjudicationProvider({
  articleId,
  articleText,
  claims,
  children,
}: {
  articleId: string;
  articleText: string;
  claims: MergeableClaim[];
  children: ReactNode;
}) {
  const t = useTranslations("review.adjudicate");
  const router = useRouter();
  const [selected, setSelected] = useState<string[]>([]);
  const [isBusy, setIsBusy] = useState(false);
  const [message, setMessage] = useState<Adjudication["message"]>(null);
  const pendingIds = useRef(new Map<string, string | undefined>());
  const byId = useMemo(() => Object.fromEntries(claims.map((c) => [c.id, c])), [claims]);

  const toggle = useCallback((claimId: string, on: boolean) => {
    setSelected((current) => (on ? (current.includes(claimId) ? current : [...current, claimId]) : current.filter((id) => id !== claimId)));
  }, []);
  const clear = useCallback(() => setSelected([]), []);

  const send = useCallback(
    async (url: string, body: Record<string, unknown>): Promise<SendResult> => {
      const key = `${url} ${JSON.stringify(body)}`;
      if (!pendingIds.current.has(key)) pendingIds.current.set(key, newId());
      const id = pendingIds.current.get(key);
      setIsBusy(true);
      setMessage(null);
      try {
        const response = await fetch(url, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify(id ? { id, ...body } : body),
        });
        pendingIds.current.delete(key);
        if (!response.ok) {
          const data = (await response.json().catch(() => ({}))) as { error?: { message?: string } };
          const text = data.error?.message ?? t("requestFailed", { status: response.status });
          setMessage({ kind: "error", text });
          return { ok: false, message: text };
        }
        router.refresh();
        return { ok: true };
      } catch {
        const text = t("goldNetworkError");
        setMessage({ kind: "error", text });
        return { ok: false, message: text };
      } finally {
        setIsBusy(false);
      }
    },
    [router, t],
  );

  const value = useMemo<Adjudication>(
    () => ({ selected, toggle, clear, isBusy, message, setMessage, send, articleId, articleText, claims: byId }),
    [selected, toggle, clear, isBusy, message, send, articleId, articleText, byId],
  );
  return <AdjudicationContext.Provider value={value}>{children}</AdjudicationContext.Provider>;
}

/** Tick box that adds an annotator's claim to the merge selection. */
export function SelectClaim({ claimId, label }: { claimId: string; label: string }) {
  const t = useTranslations("review.adjudicate");
  const { selected, toggle, isBusy } = useAdjudication();
  const position = selected.indexOf(claimId);
  return (
    <label className={styles.select}>
      <input
        type="checkbox"
        checked={position >= 0}
        disabled={isBusy}
        aria-label={label}
        onChange={(event) => toggle(claimId, event.target.checked)}
      />
      <span aria-hidden="true">{position >= 0 ? t("selectedPosition", { position: position + 1 }) : t("select")}</span>
    </label>
  );
}

/** Make a gold claim from this one claim, as it is. */
export function PromoteButton({ claimId, label }: { claimId: string; label: string }) {
  const t = useTranslations("review.adjudicate");
  const { send, isBusy, setMessage } = useAdjudication();
  return (
    <button
      type="button"
      disabled={isBusy}
      aria-label={label}
      onClick={async () => {
        const result = await send("/api/reviews/gold", { claimIds: [claimId] });
        if (result.ok) setMessage({ kind: "done", text: t("promoted") });
      }}
    >
      {t("promote")}
    </button>
  );
}

/** What planMerge decided about the merged gold claim's quote, in the person's words. */
function mergeQuoteNote(t: AdjudicationTranslator, plan: MergePlan): string {
  switch (plan.outcome) {
    case "none":
      return "";
    case "union":
      return t("quoteUnion", { quote: shorten(plan.quote, 80) });
    case "first":
      return t("quoteFirst", { quote: shorten(plan.quote, 80) });
    case "not_contiguous":
      return t("quoteNotContiguous", { name: plan.authorName, quote: shorten(plan.quote, 40) });
  }
}

/**
 * The toolbar above the table: what is selected, the merge button, and the
 * outcome of the last action (only the outcome when there is nothing to merge).
 */
export function MergeBar({ canMerge }: { canMerge: boolean }) {
  const t = useTranslations("review.adjudicate");
  const { selected, clear, isBusy, message, setMessage, send, articleText, claims } = useAdjudication();
  const status = (
    <p className={message?.kind === "error" ? "error" : "muted"} role="status" aria-live="polite">
      {message?.text ?? ""}
    </p>
  );
  if (!canMerge) return <div className={styles.statusOnly}>{status}</div>;
  const chosen = selected.map((id) => claims[id]).filter((c): c is MergeableClaim => c !== undefined);
  const plan = chosen.length >= 2 ? planMerge(articleText, chosen) : null;
  return (
    // biome-ignore lint/a11y/useSemanticElements: the merge bar is a named landmark inside the adjudication form; a <section> would not be announced as one without the role anyway.
    <div className={styles.mergeBar} role="region" aria-label={t("mergeRegion")}>
      <p className={styles.mergeSummary}>
        {chosen.length === 0 ? t("mergeHint") : t("mergeSelected", { count: chosen.length, name: chosen[0]!.authorName })}
        {plan && <> {mergeQuoteNote(t, plan)}</>}
      </p>
      <button
        type="button"
        className="primary"
        disabled={isBusy || chosen.length < 2}
        onClick={async () => {
          const body: Record<string, unknown> = { claimIds: chosen.map((c) => c.id) };
          if (plan?.outcome === "union") body.target = plan.target;
          const result = await send("/api/reviews/gold", body);
          if (result.ok) {
            clear();
            setMessage({ kind: "done", text: t("merged", { count: chosen.length }) });
          }
        }}
      >
        {t("merge")}
      </button>
      <button type="button" disabled={isBusy || chosen.length === 0} onClick={clear}>
        {t("clearSelection")}
      </button>
      {status}
    </div>
  );
}

/** A gold claim written from scratch on one sentence (its whole text is the quote). */
export function WriteGoldForm({
  sentenceNumber,
  target,
  claimTypes,
  verdicts,
  defaultVerdict,
}: {
  sentenceNumber: number;
  target: ClaimTarget;
  claimTypes: readonly TaxonomyEntry[];
  verdicts: readonly TaxonomyEntry[];
  defaultVerdict: string;
}) {
  const t = useTranslations("review.adjudicate");
  const label = useTaxonomyLabel();
  const { send, isBusy, articleId, setMessage } = useAdjudication();
  const [error, setError] = useState<string | null>(null);
  const [isOpen, setIsOpen] = useState(false);
  const uid = useId();
  return (
    <details className={styles.write} open={isOpen} onToggle={(event) => setIsOpen(event.currentTarget.open)}>
      <summary>{t("writeGold")}</summary>
      <form
        aria-label={t("writeGoldForm", { number: sentenceNumber })}
        onSubmit={async (event) => {
          event.preventDefault();
          const form = event.currentTarget;
          const data = new FormData(form);
          const claimType = String(data.get("claimType") ?? "");
          setError(null);
          const result = await send(`/api/reviews/articles/${articleId}/gold`, {
            target,
            fields: {
              claimType: claimType === "" ? null : claimType,
              verdict: String(data.get("verdict") ?? defaultVerdict),
              speaker: String(data.get("speaker") ?? ""),
              normalizedClaim: String(data.get("normalizedClaim") ?? ""),
            },
          });
          if (result.ok) {
            form.reset();
            setIsOpen(false);
            setMessage({ kind: "done", text: t("goldWritten", { number: sentenceNumber }) });
          } else {
            setError(result.message);
          }
        }}
      >
        <label htmlFor={`${uid}-type`}>{t("claimType")}</label>
        <select id={`${uid}-type`} name="claimType" defaultValue={claimTypes[0]?.key ?? ""}>
          {claimTypes.map((type) => (
            <option key={type.key} value={type.key}>
              {label("claimTypes", claimTypes, type.key)}
            </option>
          ))}
          <option value="">{t("noneOption")}</option>
        </select>
        <label htmlFor={`${uid}-verdict`}>{t("verdict")}</label>
        <select id={`${uid}-verdict`} name="verdict" defaultValue={defaultVerdict}>
          {verdicts.map((verdict) => (
            <option key={verdict.key} value={verdict.key}>
              {label("verdicts", verdicts, verdict.key)}
            </option>
          ))}
        </select>
        <label htmlFor={`${uid}-speaker`}>{t("speaker")}</label>
        <input id={`${uid}-speaker`} name="speaker" maxLength={300} />
        <label htmlFor={`${uid}-normalized`}>{t("normalisedClaim")}</label>
        <textarea id={`${uid}-normalized`} name="normalizedClaim" rows={2} maxLength={1000} />
        <p>
          <button type="submit" className="primary" disabled={isBusy}>
            {t("saveGold")}
          </button>
        </p>
        <ErrorLine error={error} />
      </form>
    </details>
  );
}

/**
 * Close the article once adjudication is done (or reopen it). Closing ends
 * annotation on it and, in a blind project, shows every annotator everyone's
 * claims and the gold claims; so it asks first. Closing twice is harmless
 * (the server answers with the article as it is).
 */
export function CloseArticleButton({ articleId, isClosed, isBlind }: { articleId: string; isClosed: boolean; isBlind: boolean }) {
  const t = useTranslations("review.adjudicate");
  const router = useRouter();
  const [isBusy, setIsBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const action = isClosed ? "reopen" : "close";
  return (
    <span className="row" style={{ flex: "none", gap: "0.5rem" }}>
      <button
        type="button"
        className={isClosed ? undefined : "primary"}
        disabled={isBusy}
        onClick={async () => {
          const question = isClosed ? t("confirmReopen") : isBlind ? t("confirmCloseBlind") : t("confirmClose");
          if (!window.confirm(question)) return;
          setIsBusy(true);
          setError(null);
          try {
            const response = await fetch(`/api/reviews/articles/${articleId}/${action}`, {
              method: "POST",
              headers: { "content-type": "application/json" },
              body: "{}",
            });
            if (!response.ok) {
              const data = (await response.json().catch(() => ({}))) as { error?: { message?: string } };
              setError(data.error?.message ?? t("requestFailed", { status: response.status }));
              return;
            }
            router.refresh();
          } catch {
            setError(t("articleNetworkError"));
          } finally {
            setIsBusy(false);
          }
        }}
      >
        {isClosed ? t("reopen") : t("close")}
      </button>
      {error && (
        <span className="error" role="alert">
          {error}
        </span>
      )}
    </span>
  );
}
