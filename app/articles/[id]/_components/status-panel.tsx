"use client";

import { useTranslations } from "next-intl";
import { useMemo } from "react";
import type { LiveStatus } from "@/app/_client/live";
import type { ClaimDto } from "@/lib/claim-schema";
import { fieldIssueWords } from "@/lib/client/claim-fields";
import type { ClaimDraft, ClaimStatus, SyncState } from "@/lib/client/claim-sync";
import type { SentenceCoverage } from "@/lib/client/sentence-decisions";
import { SaveIndicator } from "./save-indicator";
import type { Notice } from "./use-claim-store";

type AnnotatorTranslator = ReturnType<typeof useTranslations<"annotator">>;

function noticeText(t: AnnotatorTranslator, notice: Notice): string {
  switch (notice.kind) {
    case "conflict":
      return t("notice.conflict", { message: notice.message });
    case "unsavedBeforeSubmit":
    case "stillSaving":
    case "claimsLoading":
      return t(`notice.${notice.kind}`);
    case "notSubmitted":
    case "notDeleted":
    case "notRestored":
      return t(`notice.${notice.kind}`, { reason: notice.reason ?? t("notice.unreachable") });
    case "sentenceExcluded":
    case "notAdjudicator":
      return t(`notice.${notice.kind}`);
    case "decisionReadOnly":
      return t("notice.decisionReadOnly", { reason: notice.reason });
    case "decisionRefused":
      return notice.refusal.kind === "other"
        ? t("notice.decision.other", { message: notice.refusal.message })
        : t(`notice.decision.${notice.refusal.kind}`);
  }
}

type Props = {
  claimCount: number;
  /** While a long article's page loads the claims it did not come with: how many it has and how many there are. */
  loading?: { total: number; isStuck: boolean } | null;
  /** How many of the article's annotatable sentences are decided, as the page has them. */
  coverage: SentenceCoverage;
  syncState: SyncState;
  claimStatuses: ReadonlyMap<string, ClaimStatus>;
  claims: ReadonlyMap<string, ClaimDto>;
  drafts: ReadonlyMap<string, ClaimDraft>;
  /** The open claim: its problems are shown in its editor, where they are. */
  selectedId: string | null;
  notice: Notice | null;
  readOnlyReason: string | null;
  liveStatus: LiveStatus;
  assignment: "assigned" | "submitted" | null;
  /** Own claims that a (re)submission would send to review. */
  openOwnClaims: number;
  articleLanguage: string | undefined;
  onRetry: () => void;
  onDismissNotice: () => void;
  onOpen: (claimId: string) => void;
  onRestore: (claimId: string) => void;
  onDiscard: (claimId: string) => void;
  onSubmit: () => void;
};

/** Where the page's work stands: the count, the autosave, what waits for the person, live updates and submitting. */
export function StatusPanel(props: Props) {
  const t = useTranslations("annotator");
  const tc = useTranslations("claim");
  const { claimStatuses, claims, drafts, selectedId } = props;
  /** Claims whose changes are stuck until the user acts (or the server recovers), for the list under the indicator. */
  const problems = useMemo<UnsavedProblem[]>(() => {
    const list: UnsavedProblem[] = [];
    for (const status of claimStatuses.values()) {
      if (status.id === selectedId && !claims.get(status.id)?.deletedAt) continue;
      const claim = claims.get(status.id);
      const shownDraft = drafts.get(status.id) ?? status.conflict?.refused ?? claim;
      const quote = shownDraft?.target.exact ?? "";
      const isDeleted = Boolean(claim?.deletedAt);
      let reason: string | null = null;
      if (status.conflict) reason = isDeleted ? t("unsaved.deleted") : t("unsaved.conflict");
      else if (status.refusal) reason = t("unsaved.refused", { message: status.refusal.message });
      else if (status.retry && status.retry.at === null) {
        const { message } = status.retry;
        const code = status.retry.status ?? t("unsaved.error");
        reason = message ? t("unsaved.stalledMessage", { status: code, message }) : t("unsaved.stalled", { status: code });
      } else if (status.held.length) reason = status.held.map((issue) => fieldIssueWords(tc, issue).message).join("; ");
      if (reason) list.push({ id: status.id, quote, language: shownDraft?.language ?? null, reason, isDeleted, canDiscard: !status.conflict });
    }
    return list;
  }, [claimStatuses, claims, drafts, selectedId, t, tc]);
  // The sync names held fields in English (what it tells them apart by); the indicator shows them in the interface's words.
  const heldFieldNames = useMemo(() => {
    const names = new Map<string, string>();
    for (const status of claimStatuses.values()) for (const issue of status.held) names.set(issue.field, fieldIssueWords(tc, issue).field);
    return names;
  }, [claimStatuses, tc]);

  return (
    <>
      <div className="row" style={{ justifyContent: "space-between" }}>
        <strong>{t("side.count", { count: props.claimCount })}</strong>
        <SaveIndicator state={props.syncState} onRetry={props.onRetry} nameOfField={(field) => heldFieldNames.get(field) ?? field} />
      </div>
      {props.loading ? (
        // Coverage counted on part of the claims would be wrong: the loading line stands in for it until all are here.
        <p className="muted" role="status" data-testid="claims-loading">
          {t(props.loading.isStuck ? "side.loadingStuck" : "side.loading", { shown: props.claimCount, total: props.loading.total })}
        </p>
      ) : (
        <p className="muted coverage" data-testid="coverage" title={t("sentence.coverageHint")}>
          {t("sentence.coverage", props.coverage)}
        </p>
      )}
      {props.notice && (
        <p role="alert" className="error">
          {noticeText(t, props.notice)}{" "}
          <button type="button" onClick={props.onDismissNotice}>
            {t("notice.dismiss")}
          </button>
        </p>
      )}
      <UnsavedList
        problems={problems}
        articleLanguage={props.articleLanguage}
        onOpen={props.onOpen}
        onRestore={props.onRestore}
        onDiscard={props.onDiscard}
      />
      {props.readOnlyReason && (
        <p className="muted" data-testid="read-only-reason">
          {props.readOnlyReason}
        </p>
      )}
      <LiveIndicator status={props.liveStatus} />
      {props.assignment === "assigned" && (
        <p>
          <button type="button" className="primary" onClick={props.onSubmit}>
            {t("submit.button")}
          </button>
        </p>
      )}
      {props.assignment === "submitted" &&
        (props.openOwnClaims > 0 ? (
          <p>
            <button type="button" className="primary" onClick={props.onSubmit}>
              {t("submit.resubmit", { count: props.openOwnClaims })}
            </button>
          </p>
        ) : (
          <p className="muted">{t("submit.done")}</p>
        ))}
    </>
  );
}

function LiveIndicator({ status }: { status: LiveStatus }) {
  const t = useTranslations("annotator");
  const text =
    status === "live"
      ? t("live.live")
      : status === "connecting"
        ? t("live.connecting")
        : status === "reconnecting"
          ? t("live.reconnecting")
          : t("live.off");
  return (
    <p className="muted" style={{ fontSize: "0.8rem", margin: "0.3rem 0 0" }} data-testid="live-status" data-status={status}>
      {text}
    </p>
  );
}

/** `language`: the claim's own (BCP 47), if it has one; its quote is otherwise in the article's. */
type UnsavedProblem = { id: string; quote: string; language: string | null; reason: string; isDeleted: boolean; canDiscard: boolean };

/** Every claim whose changes wait for the user, with a way to reach it: the indicator only names the first reason. */
function UnsavedList({
  problems,
  articleLanguage,
  onOpen,
  onRestore,
  onDiscard,
}: {
  problems: UnsavedProblem[];
  articleLanguage: string | undefined;
  onOpen: (id: string) => void;
  onRestore: (id: string) => void;
  onDiscard: (id: string) => void;
}) {
  const t = useTranslations("annotator");
  if (problems.length === 0) return null;
  return (
    <ul aria-label={t("unsaved.label")} className="unsaved-list" data-testid="unsaved-list">
      {problems.map((p) => (
        <li key={p.id} className="error">
          <q lang={p.language ?? articleLanguage}>{p.quote.length > 50 ? `${p.quote.slice(0, 50)}…` : p.quote}</q>: {p.reason}{" "}
          {p.isDeleted ? (
            <button type="button" onClick={() => onRestore(p.id)}>
              {t("unsaved.restore")}
            </button>
          ) : (
            <button type="button" onClick={() => onOpen(p.id)}>
              {t("unsaved.open")}
            </button>
          )}
          {(p.canDiscard || p.isDeleted) && (
            <>
              {" "}
              <button type="button" onClick={() => onDiscard(p.id)}>
                {t("unsaved.discard")}
              </button>
            </>
          )}
        </li>
      ))}
    </ul>
  );
}
