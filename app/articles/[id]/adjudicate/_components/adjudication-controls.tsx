"use client";

import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { createContext, type ReactNode, useCallback, useContext, useEffect, useId, useMemo, useRef, useState } from "react";
import { ClaimForm } from "@/app/articles/[id]/_components/claim-form";
import { wordsIn } from "@/app/articles/[id]/_components/word-span";
import { ErrorLine } from "@/components/error-line";
import { type MergeableClaim, type MergePlan, planMerge, shorten } from "@/lib/adjudication-merge";
import { makeTarget } from "@/lib/anchoring";
import type { ClaimDto } from "@/lib/claim-schema";
import { type ClaimDraft, checkDraft, describeServerField, draftOf, type FieldIssue } from "@/lib/client/claim-fields";
import { newUuid } from "@/lib/client/uuid";
import { emptyClaimFields, pickClaimFields } from "@/lib/fields";
import { createOffsetIndex, type OffsetIndex } from "@/lib/offsets";
import { DEFAULT_VERDICT, type Taxonomy } from "@/lib/taxonomy";
import styles from "../adjudicate.module.css";
import { GoldSpanPicker, type WordRange, wordRangeSpan } from "./gold-span-picker";

export type { MergeableClaim } from "@/lib/adjudication-merge";

/** A request's outcome; a refusal carries the server's words and the fields it named (a 422). */
type SendResult = { ok: true } | { ok: false; message: string; fields?: Record<string, string> };

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
  offsets: OffsetIndex;
  claims: Record<string, MergeableClaim>;
  /** Which gold form is open (a sentence's, or a claim's "Edit, then promote"): one at a time, since the claim form's field ids are the page's own. */
  writing: string | null;
  setWriting(form: string | null): void;
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
  const [writing, setWriting] = useState<string | null>(null);
  const pendingIds = useRef(new Map<string, string | undefined>());
  const byId = useMemo(() => Object.fromEntries(claims.map((c) => [c.id, c])), [claims]);
  const offsets = useMemo(() => createOffsetIndex(articleText), [articleText]);

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
          const data = (await response.json().catch(() => ({}))) as { error?: { message?: string; fields?: Record<string, string> } };
          const text = data.error?.message ?? t("requestFailed", { status: response.status });
          setMessage({ kind: "error", text });
          return { ok: false, message: text, fields: data.error?.fields };
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
    () => ({ selected, toggle, clear, isBusy, message, setMessage, send, articleId, articleText, offsets, claims: byId, writing, setWriting }),
    [selected, toggle, clear, isBusy, message, send, articleId, articleText, offsets, byId, writing],
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

/** The verdict a new gold claim starts with: the default one, if the project's taxonomy has it. */
function startingVerdict(taxonomy: Taxonomy): string {
  return taxonomy.verdicts.some((v) => v.key === DEFAULT_VERDICT) ? DEFAULT_VERDICT : (taxonomy.verdicts[0]?.key ?? DEFAULT_VERDICT);
}

/**
 * A gold claim written from scratch in one sentence, with the annotator's
 * own claim form (lib/fields.ts lists the fields; the form checks them as the
 * annotator's does): any part of the sentence as its quote (GoldSpanPicker;
 * the whole sentence to begin with), type, check-worthiness, speaker,
 * normalised claim, verdict, rationale, tags, language and sources. Nothing
 * is saved until "Save gold claim"; a field the form or the server refuses
 * is marked at the field and nothing is written.
 */
export function WriteGoldForm({
  sentenceNumber,
  sentence,
  taxonomy,
  projectId,
  articleLanguage,
}: {
  sentenceNumber: number;
  /** The sentence in code points, as stored. */
  sentence: { start: number; end: number };
  taxonomy: Taxonomy;
  /** For the claim form's suggestions (speakers, tags, publishers) from the project's claims. */
  projectId?: string;
  articleLanguage?: string;
}) {
  const t = useTranslations("review.adjudicate");
  const { send, isBusy, articleId, setMessage, offsets, writing, setWriting } = useAdjudication();
  const formKey = `sentence:${sentenceNumber}`;
  const isOpen = writing === formKey;
  const bounds = useMemo(() => ({ start: offsets.toUtf16(sentence.start), end: offsets.toUtf16(sentence.end) }), [offsets, sentence]);
  const words = useMemo(() => wordsIn(offsets.text, bounds.start, bounds.end, articleLanguage), [offsets, bounds, articleLanguage]);
  const wholeSentence: WordRange = { from: 0, to: Math.max(0, words.length - 1) };
  const [range, setRange] = useState<WordRange>(wholeSentence);
  const span = wordRangeSpan(range, words, bounds) ?? bounds;
  const target = span.end > span.start ? makeTarget(offsets, span.start, span.end) : null;
  const fresh = (): ClaimDraft => ({
    id: newUuid(),
    articleId,
    target: target ?? { start: sentence.start, end: sentence.end, exact: "", prefix: "", suffix: "" },
    ...emptyClaimFields(),
    claimType: taxonomy.claimTypes[0]?.key ?? null,
    verdict: startingVerdict(taxonomy),
  });
  const [draft, setDraft] = useState<ClaimDraft | null>(null);
  const [serverIssues, setServerIssues] = useState<FieldIssue[]>([]);
  const [error, setError] = useState<string | null>(null);
  const current = draft && target ? { ...draft, target } : null;

  const close = () => {
    setWriting(null);
    setDraft(null);
    setServerIssues([]);
    setError(null);
    setRange(wholeSentence);
  };

  return (
    <details
      className={styles.write}
      open={isOpen}
      onToggle={(event) => {
        const open = event.currentTarget.open;
        if (open && !isOpen) {
          setWriting(formKey);
          setDraft(fresh());
        } else if (!open && isOpen) close();
      }}
    >
      <summary>{t("writeGold")}</summary>
      {isOpen && current && (
        <form
          aria-label={t("writeGoldForm", { number: sentenceNumber })}
          noValidate
          onSubmit={async (event) => {
            event.preventDefault();
            setError(null);
            if (checkDraft(current).length > 0) {
              setError(t("goldFixFields"));
              return;
            }
            const result = await send(`/api/reviews/articles/${articleId}/gold`, { target: current.target, fields: pickClaimFields(current) });
            if (result.ok) {
              close();
              setMessage({ kind: "done", text: t("goldWritten", { number: sentenceNumber }) });
            } else {
              setServerIssues(
                Object.entries(result.fields ?? {}).map(([path, words]) => describeServerField(current, path.replace(/^fields\./, ""), words)),
              );
              setError(result.message);
            }
          }}
        >
          <GoldSpanPicker text={offsets.text} sentence={bounds} words={words} range={range} language={articleLanguage} onChange={setRange} />
          <ClaimForm
            draft={current}
            taxonomy={taxonomy}
            projectId={projectId}
            articleLanguage={articleLanguage}
            isReadOnly={false}
            serverIssues={serverIssues}
            onChange={(next) => {
              setDraft(next);
              setServerIssues([]);
            }}
            onClose={close}
          />
          <p className="row" style={{ gap: "0.5rem" }}>
            <button type="submit" className="primary" disabled={isBusy}>
              {t("saveGold")}
            </button>
            <button type="button" onClick={close}>
              {t("cancel")}
            </button>
          </p>
          <ErrorLine error={error} />
        </form>
      )}
    </details>
  );
}

/**
 * Promote one annotator's claim with changes: the claim form filled with its
 * fields and sources (the sources under new ids: the gold claim's are its own
 * copies), and "Promote with these changes" sends only what the gold claim
 * should say; its quote is the claim's. A promote with other labels is its
 * own gold claim (server/team/adjudication.ts), so nothing is lost by trying.
 */
export function EditThenPromote({
  claim,
  formKey,
  label,
  taxonomy,
  projectId,
  articleLanguage,
}: {
  claim: ClaimDto;
  /** Unique on the page (a claim over two sentences has a card in each). */
  formKey: string;
  /** The form's accessible name, naming the claim. */
  label: string;
  taxonomy: Taxonomy;
  projectId?: string;
  articleLanguage?: string;
}) {
  const t = useTranslations("review.adjudicate");
  const { send, isBusy, setMessage, writing, setWriting } = useAdjudication();
  const isOpen = writing === formKey;
  const [draft, setDraft] = useState<ClaimDraft | null>(null);
  const [serverIssues, setServerIssues] = useState<FieldIssue[]>([]);
  const [error, setError] = useState<string | null>(null);
  const close = () => {
    setWriting(null);
    setDraft(null);
    setServerIssues([]);
    setError(null);
  };
  return (
    <details
      className={styles.write}
      open={isOpen}
      onToggle={(event) => {
        const open = event.currentTarget.open;
        if (open && !isOpen) {
          setWriting(formKey);
          const start = draftOf(claim);
          setDraft({ ...start, id: newUuid(), sources: start.sources.map((s) => ({ ...s, id: newUuid() })) });
        } else if (!open && isOpen) close();
      }}
    >
      <summary>{t("editThenPromote")}</summary>
      {isOpen && draft && (
        <form
          aria-label={label}
          noValidate
          onSubmit={async (event) => {
            event.preventDefault();
            setError(null);
            if (checkDraft(draft).length > 0) {
              setError(t("goldFixFields"));
              return;
            }
            const result = await send("/api/reviews/gold", { claimIds: [claim.id], fields: pickClaimFields(draft) });
            if (result.ok) {
              close();
              setMessage({ kind: "done", text: t("promoted") });
            } else {
              setServerIssues(
                Object.entries(result.fields ?? {}).map(([path, words]) => describeServerField(draft, path.replace(/^fields\./, ""), words)),
              );
              setError(result.message);
            }
          }}
        >
          <ClaimForm
            draft={draft}
            taxonomy={taxonomy}
            projectId={projectId}
            articleLanguage={articleLanguage}
            isReadOnly={false}
            serverIssues={serverIssues}
            onChange={(next) => {
              setDraft(next);
              setServerIssues([]);
            }}
            onClose={close}
          />
          <p className="row" style={{ gap: "0.5rem" }}>
            <button type="submit" className="primary" disabled={isBusy}>
              {t("promoteWithChanges")}
            </button>
            <button type="button" onClick={close}>
              {t("cancel")}
            </button>
          </p>
          <ErrorLine error={error} />
        </form>
      )}
    </details>
  );
}

/**
 * "Accept all agreed (N)": asks first, saying what will happen, then makes
 * the N gold claims in one request, says how many were made and how many were
 * there already, and reloads the page's data. Pressing it again is harmless
 * (the server makes nothing twice).
 */
export function AcceptAgreedButton({
  articleId,
  count,
  annotatorCount,
  already,
}: {
  articleId: string;
  /** Agreed readings without a gold claim yet. */
  count: number;
  annotatorCount: number;
  /** Agreed readings that have one already. */
  already: number;
}) {
  const t = useTranslations("review.adjudicate");
  const router = useRouter();
  const [isAsking, setIsAsking] = useState(false);
  const [isBusy, setIsBusy] = useState(false);
  const [done, setDone] = useState<string | null>(null);
  const confirmButton = useRef<HTMLButtonElement>(null);
  const askButton = useRef<HTMLButtonElement>(null);
  const wasAsking = useRef(false);
  // Focus follows the question the person asked for: onto its answer, and back to the button once it is gone.
  useEffect(() => {
    if (isAsking) confirmButton.current?.focus();
    else if (wasAsking.current) askButton.current?.focus();
    wasAsking.current = isAsking;
  }, [isAsking]);
  const [error, setError] = useState<string | null>(null);
  const uid = useId();

  const accept = async () => {
    setIsBusy(true);
    setError(null);
    setDone(null);
    try {
      const response = await fetch(`/api/reviews/articles/${articleId}/gold/agreed`, { method: "POST" });
      const data = (await response.json().catch(() => ({}))) as { made?: number; already?: number; error?: { message?: string } };
      if (!response.ok) {
        setError(data.error?.message ?? t("requestFailed", { status: response.status }));
        return;
      }
      setIsAsking(false);
      setDone(t("acceptedAgreed", { made: data.made ?? 0, already: data.already ?? 0 }));
      router.refresh();
    } catch {
      setError(t("acceptAgreedNetworkError"));
    } finally {
      setIsBusy(false);
    }
  };

  return (
    <section className={styles.acceptAgreed} aria-labelledby={`${uid}-heading`}>
      <h2 id={`${uid}-heading`} className={styles.srOnly}>
        {t("acceptAgreedRegion")}
      </h2>
      {isAsking ? (
        // biome-ignore lint/a11y/useSemanticElements: the question and its two answers belong together; a <fieldset> is for form fields.
        <div role="group" aria-labelledby={`${uid}-question`} className="row" style={{ gap: "0.5rem" }}>
          <p id={`${uid}-question`} style={{ margin: 0 }}>
            {t("confirmAcceptAgreed", { count, annotators: annotatorCount })}
          </p>
          <button type="button" className="primary" disabled={isBusy} aria-busy={isBusy} onClick={accept} ref={confirmButton}>
            {isBusy ? t("acceptingAgreed") : t("confirmAcceptAgreedYes", { count })}
          </button>
          <button type="button" disabled={isBusy} onClick={() => setIsAsking(false)}>
            {t("cancel")}
          </button>
        </div>
      ) : (
        <p className="row" style={{ gap: "0.5rem", margin: 0 }}>
          <button type="button" ref={askButton} disabled={count === 0} aria-describedby={`${uid}-hint`} onClick={() => setIsAsking(true)}>
            {t("acceptAgreed", { count })}
          </button>
          <span id={`${uid}-hint`} className="muted">
            {count === 0 ? t("acceptAgreedNothing", { already }) : t("acceptAgreedHint")}
          </span>
        </p>
      )}
      <p role="status" className="muted" style={{ margin: 0 }}>
        {done ?? ""}
      </p>
      {error && (
        <p role="alert" className="error" style={{ margin: 0 }}>
          {error}
        </p>
      )}
    </section>
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
