"use client";

import { useTranslations } from "next-intl";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { type LiveStatus, useLiveUpdates } from "@/app/_client/live";
import { useTaxonomyLabel } from "@/components/taxonomy-label";
import { makeTarget } from "@/lib/anchoring";
import type { ClaimDto } from "@/lib/claim-schema";
import { claimColor } from "@/lib/client/claim-colors";
import { draftOf, fieldIssueWords } from "@/lib/client/claim-fields";
import { type ClaimDraft, type ClaimStatus, ClaimSync, type SyncState } from "@/lib/client/claim-sync";
import { newUuid } from "@/lib/client/uuid";
import { emptyClaimFields } from "@/lib/fields";
import { createOffsetIndex } from "@/lib/offsets";
import { SUBMITTABLE_STATUSES } from "@/lib/review-state";
import type { Taxonomy } from "@/lib/taxonomy";
import { ArticleText } from "./article-text";
import { ClaimForm } from "./claim-form";
import { ClaimReview, StatusBadge } from "./claim-review";
import { ConflictPanel } from "./conflict-panel";
import type { Range16 } from "./highlight-pieces";
import { keyAction, moveFocus } from "./keyboard-map";
import { SaveIndicator } from "./save-indicator";
import { selectedSpan } from "./selection-offsets";

type Props = {
  article: {
    id: string;
    title: string;
    text: string;
    /** BCP 47, or null when unknown (the text then takes the page's language). */
    language: string | null;
    sentences: Array<{ index: number; start: number; end: number }>;
  };
  initialClaims: ClaimDto[];
  taxonomy: Taxonomy;
  currentUser: { id: string; name: string };
  /** Why this person cannot annotate here (their role, a closed article), or null when they can. */
  readOnlyReason: string | null;
  canReview: boolean;
  /** The viewer's assignment on this article, if any: "assigned" shows the Submit button. */
  assignmentStatus: "assigned" | "submitted" | null;
};

/** The selection toolbar: the selected span in code points, and where to show it. */
type Toolbar = { start: number; end: number; top: number; left: number };
type Undo = { claimId: string; label: string };

type AnnotatorTranslator = ReturnType<typeof useTranslations<"annotator">>;

/** What the page has to tell the user, kept as what happened: worded when shown, so a change of language rewords it. */
type Notice =
  /** A save was refused as stale; `message` is the sync's (the server's) words. */
  | { kind: "conflict"; message: string }
  | { kind: "unsavedBeforeSubmit" | "stillSaving" }
  /** `reason`: the server's words, or null when it could not be reached. */
  | { kind: "notSubmitted" | "notDeleted" | "notRestored"; reason: string | null };

function noticeText(t: AnnotatorTranslator, notice: Notice): string {
  switch (notice.kind) {
    case "conflict":
      return t("notice.conflict", { message: notice.message });
    case "unsavedBeforeSubmit":
    case "stillSaving":
      return t(`notice.${notice.kind}`);
    case "notSubmitted":
    case "notDeleted":
    case "notRestored":
      return t(`notice.${notice.kind}`, { reason: notice.reason ?? t("notice.unreachable") });
  }
}

/**
 * The annotation workbench: the article text with highlights, a selection
 * toolbar, a keyboard path through sentences, the claim list and the editor,
 * autosaved through {@link ClaimSync}.
 */
export function Annotator({ article, initialClaims, taxonomy, currentUser, readOnlyReason: pageReadOnlyReason, canReview, assignmentStatus }: Props) {
  const t = useTranslations("annotator");
  const tc = useTranslations("claim");
  const taxonomyLabel = useTaxonomyLabel();
  const text = article.text;
  const articleLanguage = article.language ?? undefined;
  const offsets = useMemo(() => createOffsetIndex(text), [text]);
  const titleEnd = useMemo(() => (text.indexOf("\n") === -1 ? text.length : text.indexOf("\n")), [text]);
  const sentences16 = useMemo<Range16[]>(
    () => article.sentences.map((s) => ({ id: String(s.index), start: offsets.toUtf16(s.start), end: offsets.toUtf16(s.end) })),
    [article.sentences, offsets],
  );

  const [claims, setClaims] = useState<Map<string, ClaimDto>>(() => new Map(initialClaims.map((c) => [c.id, c])));
  const [drafts, setDrafts] = useState<Map<string, ClaimDraft>>(() => new Map());
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [focusedSentence, setFocusedSentence] = useState<number | null>(null);
  const [toolbar, setToolbar] = useState<Toolbar | null>(null);
  const [syncState, setSyncState] = useState<SyncState>({ kind: "idle" });
  const [claimStatuses, setClaimStatuses] = useState<ReadonlyMap<string, ClaimStatus>>(() => new Map());
  const [notice, setNotice] = useState<Notice | null>(null);
  const [undo, setUndo] = useState<Undo | null>(null);
  const [filterType, setFilterType] = useState<string>("");
  const [filterMine, setFilterMine] = useState(false);
  const textRef = useRef<HTMLElement>(null);

  const syncRef = useRef<ClaimSync | null>(null);
  if (syncRef.current === null && typeof window !== "undefined") {
    syncRef.current = new ClaimSync(
      article.id,
      {
        onSaved: (claim) => setClaims((prev) => new Map(prev).set(claim.id, claim)),
        onConflict: (id, message, current) => {
          // The editor shows the current version; the refused edit stays in the sync (and on screen, beside it).
          setNotice({ kind: "conflict", message });
          if (current) {
            setClaims((prev) => new Map(prev).set(id, current));
            setDrafts((prev) => {
              const next = new Map(prev);
              next.delete(id);
              return next;
            });
          }
        },
        onState: (state, statuses) => {
          setSyncState(state);
          setClaimStatuses(statuses);
        },
      },
      { userId: currentUser.id },
    );
  }

  // biome-ignore lint/correctness/useExhaustiveDependencies: runs once per page; the sync object lives as long as the page, and later claims arrive through it.
  useEffect(() => {
    const sync = syncRef.current;
    if (!sync) return;
    sync.know(initialClaims);
    const restored = sync.restoreUnsent();
    if (restored.length) {
      setDrafts((prev) => {
        const next = new Map(prev);
        for (const d of restored) next.set(d.id, d);
        return next;
      });
    }
  }, []);

  // The sync owns the whole save path (typing pause, sending, retries, stored edits); it follows the page's
  // pagehide (send what waits out its typing pause) and online (resend at once) events itself.
  useEffect(() => syncRef.current?.connect(window), []);

  const flushPendingSaves = useCallback(() => {
    syncRef.current?.flush();
  }, []);

  /** Drop the local changes of a claim: the server's copy is shown again (a claim never created disappears). */
  const discardChanges = useCallback((id: string) => {
    syncRef.current?.discard(id);
    setDrafts((prev) => {
      const next = new Map(prev);
      next.delete(id);
      return next;
    });
  }, []);

  const [assignment, setAssignment] = useState(assignmentStatus);
  // Submitted work is frozen until a reviewer requests changes (the server answers 409): not offered meanwhile.
  const readOnlyReason = pageReadOnlyReason ?? (assignment === "submitted" ? t("submit.readOnly") : null);
  const canAnnotate = readOnlyReason === null;
  const [reviewRefresh, setReviewRefresh] = useState(0);

  /** Reload the claims from the server (after a live notice or a review decision); local unsaved drafts stay on top. */
  const refetchClaims = useCallback(async () => {
    const response = await fetch(`/api/articles/${article.id}/claims`).catch(() => null);
    if (!response?.ok) return;
    const { claims: fresh } = (await response.json()) as { claims: ClaimDto[] };
    syncRef.current?.know(fresh);
    setClaims((prev) => {
      const next = new Map(fresh.map((c) => [c.id, c]));
      // Our own deleted claims stay known, so Undo keeps working.
      for (const [id, c] of prev) if (c.deletedAt && !next.has(id)) next.set(id, c);
      return next;
    });
  }, [article.id]);

  const liveStatus = useLiveUpdates(
    { articleId: article.id },
    (notice) => {
      // Our own changes are already on screen (this page made them).
      if (notice.actorId === currentUser.id) return;
      void refetchClaims();
      if (notice.entityId === selectedId) setReviewRefresh((n) => n + 1);
    },
    // In a blind project, submitting lifts the blinds: resubscribe so others' changes start to arrive.
    assignment ?? "none",
  );

  const submitArticle = useCallback(async () => {
    // Edits made just before submitting belong to what is submitted: send them and wait for them first.
    flushPendingSaves();
    const sync = syncRef.current;
    if (sync) {
      await sync.whenSettled();
      if (sync.waiting > 0) {
        setNotice({ kind: "unsavedBeforeSubmit" });
        return;
      }
    }
    const response = await fetch(`/api/reviews/articles/${article.id}/submit`, { method: "POST" }).catch(() => null);
    const body = (await response?.json().catch(() => null)) as { submittedClaimIds?: string[]; error?: { message: string } } | null;
    if (!response?.ok) {
      setNotice({ kind: "notSubmitted", reason: body?.error?.message ?? null });
      return;
    }
    setAssignment("submitted");
    setNotice(null);
    await refetchClaims();
  }, [article.id, flushPendingSaves, refetchClaims]);

  /** The claims to show: server copies overlaid with local drafts (unsaved edits show at once). */
  const visible = useMemo(() => {
    const list: Array<{ claim: ClaimDto; draft: ClaimDraft }> = [];
    for (const claim of claims.values()) {
      if (claim.deletedAt) continue;
      list.push({ claim, draft: drafts.get(claim.id) ?? draftOf(claim) });
    }
    for (const draft of drafts.values()) {
      if (!claims.has(draft.id)) {
        list.push({
          claim: {
            ...draft,
            authorId: currentUser.id,
            authorName: currentUser.name,
            sentenceIndexes: [],
            status: "draft",
            version: 0,
            isGold: false,
            createdAt: new Date().toISOString(),
            updatedAt: new Date().toISOString(),
            deletedAt: null,
          },
          draft,
        });
      }
    }
    return list.sort((a, b) => a.draft.target.start - b.draft.target.start || a.draft.target.end - b.draft.target.end);
  }, [claims, drafts, currentUser]);

  const ranges = useMemo<Range16[]>(
    () => visible.map(({ draft }) => ({ id: draft.id, start: offsets.toUtf16(draft.target.start), end: offsets.toUtf16(draft.target.end) })),
    [visible, offsets],
  );
  /** The user typed in the editor: shown at once, sent when typing pauses. */
  const updateDraft = useCallback((draft: ClaimDraft) => {
    setDrafts((prev) => new Map(prev).set(draft.id, draft));
    syncRef.current?.edit(draft);
  }, []);

  /** A change made in one step (a refused edit applied): shown and sent at once. */
  const applyDraft = useCallback((draft: ClaimDraft) => {
    setDrafts((prev) => new Map(prev).set(draft.id, draft));
    syncRef.current?.save(draft);
  }, []);

  /** Create a claim over a span of code points and open it. */
  const createClaim = useCallback(
    (start: number, end: number) => {
      if (!canAnnotate) return;
      const draft: ClaimDraft = {
        id: newUuid(),
        articleId: article.id,
        target: makeTarget(offsets, offsets.toUtf16(start), offsets.toUtf16(end)),
        ...emptyClaimFields(),
        // The project's first verdict, which may not be the default one.
        verdict: taxonomy.verdicts[0]?.key ?? emptyClaimFields().verdict,
      };
      setDrafts((prev) => new Map(prev).set(draft.id, draft));
      syncRef.current?.save(draft);
      setSelectedId(draft.id);
      setToolbar(null);
      window.getSelection()?.removeAllRanges();
    },
    [article.id, canAnnotate, offsets, taxonomy.verdicts],
  );

  /** The sentences that a span touches (code points). */
  const sentencesTouching = useCallback(
    (start: number, end: number) => article.sentences.filter((s) => s.start < end && s.end > start),
    [article.sentences],
  );

  const deleteClaim = useCallback(
    async (id: string) => {
      const entry = visible.find((v) => v.draft.id === id);
      if (!entry) return;
      if (!claims.has(id)) {
        // Never created on the server: deleting it is dropping the local draft, unless its create is out (it may land).
        const phase = syncRef.current?.status(id)?.phase;
        if (phase === "sending" || phase === "scheduled") {
          setNotice({ kind: "stillSaving" });
          return;
        }
        discardChanges(id);
        setSelectedId(null);
        return;
      }
      // Edits typed just before deleting go first: sent after the delete they would be refused (410), and an
      // undo brings the claim back as it was last typed.
      const sync = syncRef.current;
      if (sync?.status(id)) {
        sync.flush();
        await sync.whenSettled();
      }
      const response = await fetch(`/api/claims/${id}`, { method: "DELETE" }).catch(() => null);
      const body = (await response?.json().catch(() => null)) as { claim?: ClaimDto; error?: { message: string } } | null;
      if (!response?.ok || !body?.claim) {
        setNotice({ kind: "notDeleted", reason: body?.error?.message ?? null });
        return;
      }
      setClaims((prev) => new Map(prev).set(id, body.claim!));
      syncRef.current?.know([body.claim]);
      setSelectedId(null);
      setUndo({ claimId: id, label: entry.draft.target.exact.slice(0, 40) });
    },
    [claims, discardChanges, visible],
  );

  const restoreClaim = useCallback(async (claimId: string): Promise<boolean> => {
    const response = await fetch(`/api/claims/${claimId}/restore`, { method: "POST" }).catch(() => null);
    const body = (await response?.json().catch(() => null)) as { claim?: ClaimDto; error?: { message: string } } | null;
    if (!response?.ok || !body?.claim) {
      setNotice({ kind: "notRestored", reason: body?.error?.message ?? null });
      return false;
    }
    setClaims((prev) => new Map(prev).set(claimId, body.claim!));
    syncRef.current?.know([body.claim]);
    setSelectedId(claimId);
    return true;
  }, []);

  const undoDelete = useCallback(async () => {
    if (!undo) return;
    if (await restoreClaim(undo.claimId)) setUndo(null);
  }, [restoreClaim, undo]);

  const onMouseUp = useCallback(
    (event: React.MouseEvent) => {
      const selection = window.getSelection();
      if (selection && !selection.isCollapsed && selection.rangeCount > 0) {
        const range = selection.getRangeAt(0);
        const root = textRef.current;
        const span = root && canAnnotate ? selectedSpan(root, range, offsets) : null;
        if (!span) return;
        // Position relative to the text's wrapper, which is the toolbar's containing block.
        const rect = range.getBoundingClientRect();
        const wrapper = root?.parentElement?.getBoundingClientRect();
        setToolbar({
          start: span.start,
          end: span.end,
          top: rect.top - (wrapper?.top ?? 0) - 44,
          left: Math.max(0, rect.left - (wrapper?.left ?? 0)),
        });
        return;
      }
      setToolbar(null);
      const target = (event.target as HTMLElement).closest<HTMLElement>("[data-claims]");
      if (!target) return;
      const ids = (target.dataset.claims ?? "").split(" ").filter(Boolean);
      // Repeated clicks on nested highlights cycle from the innermost claim outwards.
      const current = selectedId ? ids.indexOf(selectedId) : -1;
      setSelectedId(ids[(current + 1) % ids.length] ?? null);
      const sentence = Number(target.dataset.sentence);
      if (sentence >= 0) setFocusedSentence(sentence);
    },
    [canAnnotate, offsets, selectedId],
  );

  const onKeyDown = useCallback(
    (event: React.KeyboardEvent) => {
      if (event.target !== textRef.current) return;
      const action = keyAction(event);
      if (!action) return;
      const sentence = focusedSentence === null ? undefined : article.sentences[focusedSentence];
      switch (action.kind) {
        case "move":
          event.preventDefault();
          setFocusedSentence((s) => moveFocus(s, action.to, article.sentences.length));
          return;
        case "claim": {
          if (!sentence) return;
          event.preventDefault();
          // Enter reopens the user's own claim of this sentence; another annotator's claim of it must not
          // stop this user from claiming the sentence too (it would open read-only instead).
          const existing = action.reopenOwn
            ? visible.find(
                (v) => v.claim.authorId === currentUser.id && v.draft.target.start === sentence.start && v.draft.target.end === sentence.end,
              )
            : undefined;
          if (existing) setSelectedId(existing.draft.id);
          else createClaim(sentence.start, sentence.end);
          return;
        }
        case "open": {
          if (!sentence) return;
          const touching = visible.filter((v) => v.draft.target.start < sentence.end && v.draft.target.end > sentence.start);
          // The user's own claim first: that is the one they can edit or delete next.
          const inside = touching.find((v) => v.claim.authorId === currentUser.id) ?? touching[0];
          if (inside) setSelectedId(inside.draft.id);
          return;
        }
        case "delete":
          if (!selectedId) return;
          event.preventDefault();
          void deleteClaim(selectedId);
          return;
        case "undo":
          if (!undo) return;
          event.preventDefault();
          void undoDelete();
          return;
        case "close":
          setSelectedId(null);
          setToolbar(null);
          return;
      }
    },
    [article.sentences, createClaim, currentUser.id, deleteClaim, focusedSentence, selectedId, undo, undoDelete, visible],
  );

  useEffect(() => {
    if (!undo) return;
    const timer = setTimeout(() => setUndo(null), 10_000);
    return () => clearTimeout(timer);
  }, [undo]);

  const selected = visible.find((v) => v.draft.id === selectedId) ?? null;
  const selectedStatus = selected ? (claimStatuses.get(selected.draft.id) ?? null) : null;
  /** Claims whose changes are stuck until the user acts (or the server recovers), for the list under the indicator. */
  const problems = useMemo<UnsavedProblem[]>(() => {
    const list: UnsavedProblem[] = [];
    for (const status of claimStatuses.values()) {
      // The open claim's problems are shown in its editor, where they are.
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
  /** Own claims that a (re)submission would send to review. */
  const openOwnClaims = visible.filter(
    (v) => v.claim.authorId === currentUser.id && !v.claim.isGold && SUBMITTABLE_STATUSES.includes(v.claim.status),
  ).length;
  const isOwn = selected ? selected.claim.authorId === currentUser.id : false;
  const shown = visible.filter((v) => (!filterType || v.draft.claimType === filterType) && (!filterMine || v.claim.authorId === currentUser.id));
  const focusedText =
    focusedSentence !== null && sentences16[focusedSentence]
      ? text.slice(sentences16[focusedSentence]!.start, sentences16[focusedSentence]!.end)
      : "";

  return (
    <div className="workbench">
      <div style={{ position: "relative" }}>
        <section
          ref={textRef}
          className="article-text"
          // biome-ignore lint/a11y/noNoninteractiveTabindex: the article text is where the keyboard path starts (arrows move between sentences), so it takes focus.
          tabIndex={0}
          aria-label={t("articleText")}
          aria-describedby="keyboard-help"
          data-testid="article-text"
          onMouseUp={onMouseUp}
          onKeyDown={onKeyDown}
        >
          {/* The text in its own language (the section's label is in the interface's). */}
          <div lang={articleLanguage}>
            <ArticleText
              text={text}
              titleEnd={titleEnd}
              sentences={sentences16}
              claims={ranges}
              colorOf={claimColor}
              selectedClaimId={selectedId}
              focusedSentence={focusedSentence}
            />
          </div>
        </section>
        <p className="sr-only" aria-live="polite" lang={articleLanguage} style={{ position: "absolute", left: -9999 }}>
          {focusedText}
        </p>
        {toolbar && (
          <div className="toolbar" role="toolbar" aria-label={t("toolbar.label")} style={{ top: toolbar.top, left: toolbar.left }}>
            <button type="button" onMouseDown={(e) => e.preventDefault()} onClick={() => createClaim(toolbar.start, toolbar.end)}>
              {t("toolbar.claim")}
            </button>
            <button
              type="button"
              onMouseDown={(e) => e.preventDefault()}
              onClick={() => {
                const touched = sentencesTouching(toolbar.start, toolbar.end);
                if (touched.length) createClaim(touched[0]!.start, touched[touched.length - 1]!.end);
              }}
            >
              {t("toolbar.claimSentence")}
            </button>
          </div>
        )}
        <p id="keyboard-help" className="kbd-help">
          {t.rich("keyboardHelp", { kbd: (chunks) => <kbd>{chunks}</kbd> })}
        </p>
      </div>

      <aside className="side" aria-label={t("side.label")}>
        <div className="card">
          <div className="row" style={{ justifyContent: "space-between" }}>
            <strong>{t("side.count", { count: visible.length })}</strong>
            <SaveIndicator
              state={syncState}
              onRetry={() => syncRef.current?.retryNow()}
              nameOfField={(field) => heldFieldNames.get(field) ?? field}
            />
          </div>
          {notice && (
            <p role="alert" className="error">
              {noticeText(t, notice)}{" "}
              <button type="button" onClick={() => setNotice(null)}>
                {t("notice.dismiss")}
              </button>
            </p>
          )}
          <UnsavedList
            problems={problems}
            articleLanguage={articleLanguage}
            onOpen={(id) => setSelectedId(id)}
            onRestore={(id) => void restoreClaim(id)}
            onDiscard={discardChanges}
          />
          {readOnlyReason && (
            <p className="muted" data-testid="read-only-reason">
              {readOnlyReason}
            </p>
          )}
          <LiveIndicator status={liveStatus} />
          {assignment === "assigned" && (
            <p>
              <button type="button" className="primary" onClick={() => void submitArticle()}>
                {t("submit.button")}
              </button>
            </p>
          )}
          {assignment === "submitted" &&
            (openOwnClaims > 0 ? (
              <p>
                <button type="button" className="primary" onClick={() => void submitArticle()}>
                  {t("submit.resubmit", { count: openOwnClaims })}
                </button>
              </p>
            ) : (
              <p className="muted">{t("submit.done")}</p>
            ))}
          <div className="row" style={{ marginTop: "0.5rem" }}>
            <select aria-label={t("side.filterByType")} value={filterType} onChange={(e) => setFilterType(e.target.value)}>
              <option value="">{t("side.allTypes")}</option>
              {taxonomy.claimTypes.map((entry) => (
                <option key={entry.key} value={entry.key}>
                  {taxonomyLabel("claimTypes", taxonomy.claimTypes, entry.key)}
                </option>
              ))}
            </select>
            <label style={{ margin: 0, display: "flex", gap: "0.3rem", alignItems: "center" }}>
              <input type="checkbox" style={{ width: "auto" }} checked={filterMine} onChange={(e) => setFilterMine(e.target.checked)} />
              {t("side.mine")}
            </label>
          </div>
        </div>

        {selected && selectedStatus?.conflict && (
          <ConflictPanel
            key={`conflict-${selected.draft.id}`}
            conflict={selectedStatus.conflict}
            current={selected.draft}
            taxonomy={taxonomy}
            onApply={applyDraft}
            onDiscard={() => syncRef.current?.resolveConflict(selected.draft.id)}
          />
        )}
        {selected && (
          <ClaimForm
            key={selected.draft.id}
            draft={selected.draft}
            taxonomy={taxonomy}
            articleLanguage={articleLanguage}
            isReadOnly={!canAnnotate || !isOwn}
            serverIssues={selectedStatus?.held.filter((issue) => issue.from === "server") ?? []}
            refusal={selectedStatus?.refusal?.message ?? null}
            onDiscard={() => discardChanges(selected.draft.id)}
            onChange={updateDraft}
            onDelete={() => void deleteClaim(selected.draft.id)}
            onClose={() => {
              flushPendingSaves();
              setSelectedId(null);
              textRef.current?.focus();
            }}
          />
        )}
        {selected && claims.has(selected.draft.id) && (
          <ClaimReview
            key={`review-${selected.draft.id}`}
            claim={selected.claim}
            canReview={canReview && !isOwn && !selected.claim.isGold}
            canComment={isOwn || canReview}
            refreshKey={reviewRefresh}
            onDecided={() => void refetchClaims()}
          />
        )}

        {visible.length === 0 ? (
          <p className="empty">{t("side.empty")}</p>
        ) : (
          <ol className="claim-list" aria-label={t("side.list")}>
            {shown.map(({ draft, claim }) => (
              <li
                key={draft.id}
                style={{ ["--c" as string]: claimColor(draft.id) }}
                aria-current={draft.id === selectedId}
                // biome-ignore lint/a11y/noNoninteractiveTabindex: each claim of the list is reached with Tab and opened with Enter (its onKeyDown), the list's keyboard path.
                tabIndex={0}
                onClick={() => setSelectedId(draft.id)}
                onKeyDown={(e) => {
                  if (e.key === "Enter") setSelectedId(draft.id);
                }}
                data-testid="claim-item"
              >
                <div className="quote" lang={draft.language ?? articleLanguage}>
                  {draft.target.exact.length > 140 ? `${draft.target.exact.slice(0, 140)}…` : draft.target.exact}
                </div>
                <div className="muted" style={{ fontSize: "0.8rem" }}>
                  {[
                    taxonomyLabel("claimTypes", taxonomy.claimTypes, draft.claimType) || t("item.untyped"),
                    taxonomyLabel("verdicts", taxonomy.verdicts, draft.verdict),
                    ...(draft.sources.length ? [t("item.sources", { count: draft.sources.length })] : []),
                    claim.authorName,
                    ...(claim.isGold ? [t("item.gold")] : []),
                  ].join(" · ")}
                </div>
                {(claim.status !== "draft" || claim.isGold) && (
                  <div>{claim.isGold ? <span className="badge gold">{t("item.goldBadge")}</span> : <StatusBadge status={claim.status} />}</div>
                )}
              </li>
            ))}
          </ol>
        )}
      </aside>

      {undo && (
        <div className="toast" role="status">
          {t("undo.deleted")}
          <button type="button" onClick={() => void undoDelete()}>
            {t("undo.undo")}
          </button>
        </div>
      )}
    </div>
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
