"use client";

import { useTranslations } from "next-intl";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { makeTarget } from "@/lib/anchoring";
import type { ClaimDto } from "@/lib/claim-schema";
import { claimColor } from "@/lib/client/claim-colors";
import { claimIdFromLocation } from "@/lib/client/claim-link";
import type { ClaimDraft } from "@/lib/client/claim-sync";
import { newUuid } from "@/lib/client/uuid";
import { emptyClaimFields } from "@/lib/fields";
import { createOffsetIndex } from "@/lib/offsets";
import { SUBMITTABLE_STATUSES } from "@/lib/review-state";
import type { Taxonomy } from "@/lib/taxonomy";
import { ArticleText } from "./article-text";
import { ClaimForm } from "./claim-form";
import { ClaimList } from "./claim-list";
import { ClaimReview } from "./claim-review";
import { ConflictPanel } from "./conflict-panel";
import type { Range16 } from "./highlight-pieces";
import { pageKeyAction } from "./keyboard-map";
import { revealWithin, scrollBehavior } from "./scroll";
import { SelectionToolbar } from "./selection-toolbar";
import { ShortcutsDialog, type ShortcutsHandle } from "./shortcuts-dialog";
import { StatusPanel } from "./status-panel";
import { type ClaimEvent, useClaimStore, type VisibleClaim } from "./use-claim-store";
import { type SentenceActions, useSentenceKeyboard } from "./use-sentence-keyboard";
import { useTextSelection } from "./use-text-selection";
import type { Word } from "./word-span";

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

/** Inputs nobody types into: Ctrl+Z on them undoes the person's last claim change. */
const NOT_TYPED_IN = new Set(["checkbox", "radio", "button", "submit", "reset", "range", "color", "file", "image"]);

/** Whether the focus is where typing goes (a field keeps its own undo, and letters are text there). */
function isTextField(element: Element | null): boolean {
  if (!(element instanceof HTMLElement)) return false;
  if (element instanceof HTMLInputElement) return !NOT_TYPED_IN.has(element.type);
  return element.isContentEditable || element instanceof HTMLTextAreaElement;
}

/** Claims touching the UTF-16 span [start, end), in text order. */
function touching(claims: readonly VisibleClaim[], offsets: { toUtf16: (cp: number) => number }, start: number, end: number) {
  return claims.filter((v) => offsets.toUtf16(v.draft.target.start) < end && offsets.toUtf16(v.draft.target.end) > start);
}

/**
 * The annotation workbench: the article text with highlights, the mouse's
 * selection toolbar, the keyboard path through sentences, the claim list and
 * the editor. Claims live in {@link useClaimStore}, which autosaves them.
 */
export function Annotator({ article, initialClaims, taxonomy, currentUser, readOnlyReason: pageReadOnlyReason, canReview, assignmentStatus }: Props) {
  const t = useTranslations("annotator");
  const text = article.text;
  const articleLanguage = article.language ?? undefined;
  const offsets = useMemo(() => createOffsetIndex(text), [text]);
  const titleEnd = useMemo(() => (text.indexOf("\n") === -1 ? text.length : text.indexOf("\n")), [text]);
  const sentences16 = useMemo<Range16[]>(
    () => article.sentences.map((s) => ({ id: String(s.index), start: offsets.toUtf16(s.start), end: offsets.toUtf16(s.end) })),
    [article.sentences, offsets],
  );

  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [assignment, setAssignment] = useState(assignmentStatus);
  const [reviewRefresh, setReviewRefresh] = useState(0);
  const store = useClaimStore({
    articleId: article.id,
    initialClaims,
    currentUser,
    // In a blind project, submitting lifts the blinds: resubscribe so others' changes start to arrive.
    liveScope: assignment ?? "none",
    // The live subscription calls the latest of this on every notice, so it compares with the claim open now.
    onChangedElsewhere: (id) => {
      if (id === selectedId) setReviewRefresh((n) => n + 1);
    },
  });
  const { visible, claims } = store;
  // Submitted work is frozen until a reviewer requests changes (the server answers 409): not offered meanwhile.
  const readOnlyReason = pageReadOnlyReason ?? (assignment === "submitted" ? t("submit.readOnly") : null);
  const canAnnotate = readOnlyReason === null;

  const textRef = useRef<HTMLElement>(null);
  const editorRef = useRef<HTMLDivElement>(null);
  const shortcutsRef = useRef<ShortcutsHandle>(null);
  /** The claim to bring into view once it is on screen (chosen in the list, by a link, by n/p). */
  const [scrollTo, setScrollTo] = useState<{ claimId: string } | null>(null);

  const ranges = useMemo<Range16[]>(
    () => visible.map(({ draft }) => ({ id: draft.id, start: offsets.toUtf16(draft.target.start), end: offsets.toUtf16(draft.target.end) })),
    [visible, offsets],
  );

  /** Open a claim (or close the editor with null); the person's typing in the previous one is a finished step. */
  const openClaim = useCallback(
    (id: string | null) => {
      store.endEdit();
      setSelectedId(id);
    },
    [store.endEdit],
  );

  const sentenceOf = useCallback((start16: number) => sentences16.findIndex((s) => s.start <= start16 && start16 < s.end), [sentences16]);

  // The keys' actions need the focus the keyboard keeps: the keyboard reads them when a key is pressed.
  const actionsRef = useRef<SentenceActions | null>(null);
  const keyboard = useSentenceKeyboard({ textRef, text, sentences: sentences16, language: articleLanguage, actions: actionsRef });
  const { focusSentence } = keyboard;

  const onPieceClick = useCallback(
    (piece: HTMLElement) => {
      const ids = (piece.dataset.claims ?? "").split(" ").filter(Boolean);
      if (ids.length === 0) return;
      // Repeated clicks on nested highlights cycle from the innermost claim outwards.
      const current = selectedId ? ids.indexOf(selectedId) : -1;
      openClaim(ids[(current + 1) % ids.length] ?? null);
      const sentence = Number(piece.dataset.sentence);
      if (sentence >= 0) focusSentence(sentence);
    },
    [focusSentence, openClaim, selectedId],
  );
  const selection = useTextSelection({ textRef, offsets, canAnnotate, onPieceClick });

  /** Choose a claim from anywhere (the list, a link, n/p): it opens, the text scrolls to it and the editor comes into view. */
  const chooseClaim = useCallback(
    (id: string) => {
      const entry = visible.find((v) => v.draft.id === id);
      if (!entry) return;
      openClaim(id);
      const sentence = sentenceOf(offsets.toUtf16(entry.draft.target.start));
      if (sentence >= 0) focusSentence(sentence);
      setScrollTo({ claimId: id });
    },
    [focusSentence, offsets, openClaim, sentenceOf, visible],
  );

  useEffect(() => {
    if (!scrollTo) return;
    const piece = textRef.current?.querySelector(`[data-claims~="${CSS.escape(scrollTo.claimId)}"]`);
    piece?.scrollIntoView?.({ block: "center", behavior: scrollBehavior() });
    setScrollTo(null);
  }, [scrollTo]);

  // Whichever way a claim opens, its editor comes into view in the side panel, which scrolls on its own.
  useEffect(() => {
    const editor = editorRef.current;
    const side = editor?.closest("aside");
    if (selectedId && editor && side) revealWithin(side, editor);
  }, [selectedId]);

  // A link to a claim (`#claim-<id>` or `?claim=<id>`, from the claim page or the review queue) opens it.
  const initialLink = useRef(true);
  useEffect(() => {
    const follow = () => {
      const id = claimIdFromLocation(window.location);
      if (id) chooseClaim(id);
    };
    if (initialLink.current) {
      initialLink.current = false;
      follow();
    }
    window.addEventListener("hashchange", follow);
    return () => window.removeEventListener("hashchange", follow);
  }, [chooseClaim]);

  /** Create a claim over a UTF-16 span and open it. */
  const createClaim = useCallback(
    (start16: number, end16: number) => {
      if (!canAnnotate) return;
      const draft: ClaimDraft = {
        id: newUuid(),
        articleId: article.id,
        target: makeTarget(offsets, start16, end16),
        ...emptyClaimFields(),
        // The project's first verdict, which may not be the default one.
        verdict: taxonomy.verdicts[0]?.key ?? emptyClaimFields().verdict,
      };
      store.create(draft);
      openClaim(draft.id);
      selection.clear();
    },
    [article.id, canAnnotate, offsets, openClaim, selection.clear, store.create, taxonomy.verdicts],
  );

  const deleteOpen = useCallback(() => {
    if (!selectedId || !canAnnotate) return;
    const id = selectedId;
    void store.deleteClaim(id).then((isDeleted) => {
      if (isDeleted) setSelectedId((open) => (open === id ? null : open));
    });
  }, [canAnnotate, selectedId, store.deleteClaim]);

  const replay = useCallback(
    async (direction: "undo" | "redo") => {
      if (!canAnnotate) return;
      const done = await (direction === "undo" ? store.undo() : store.redo());
      if (!done) return;
      if (done.isGone) setSelectedId((open) => (open === done.claimId ? null : open));
      else setSelectedId(done.claimId);
    },
    [canAnnotate, store.redo, store.undo],
  );

  const restore = useCallback(
    async (id: string) => {
      if (await store.restore(id)) setSelectedId(id);
    },
    [store.restore],
  );

  const closeEditor = useCallback(() => {
    store.flush();
    openClaim(null);
    selection.clear();
    textRef.current?.focus();
  }, [openClaim, selection.clear, store.flush]);

  const actions = useMemo<SentenceActions>(
    () => ({
      claim: (span: Word, sentence: number, isNew: boolean) => {
        const own = touching(visible, offsets, span.start, span.end).filter((v) => v.claim.authorId === currentUser.id);
        // A second press opens what the first one made: a duplicate is only made on purpose (Shift+C).
        if (!isNew && canAnnotate) {
          const sentenceRange = sentences16[sentence];
          const isWholeSentence = sentenceRange && span.start === sentenceRange.start && span.end === sentenceRange.end;
          const existing = isWholeSentence
            ? own[0]
            : own.find((v) => offsets.toUtf16(v.draft.target.start) === span.start && offsets.toUtf16(v.draft.target.end) === span.end);
          if (existing) {
            openClaim(existing.draft.id);
            return;
          }
        }
        if (canAnnotate) createClaim(span.start, span.end);
        else {
          const anyone = touching(visible, offsets, span.start, span.end)[0];
          if (anyone) openClaim(anyone.draft.id);
        }
      },
      open: (sentence: number) => {
        const range = sentences16[sentence];
        if (!range) return;
        const inside = touching(visible, offsets, range.start, range.end);
        // The user's own claim first: that is the one they can edit or delete next.
        const chosen = inside.find((v) => v.claim.authorId === currentUser.id) ?? inside[0];
        if (chosen) openClaim(chosen.draft.id);
      },
      claimStep: (to) => {
        if (visible.length === 0) return;
        const at = visible.findIndex((v) => v.draft.id === selectedId);
        let next: VisibleClaim | undefined;
        if (at >= 0) next = visible[to === "next" ? Math.min(visible.length - 1, at + 1) : Math.max(0, at - 1)];
        else {
          const from = keyboard.focusedSentence ?? -1;
          const fromStart = from >= 0 ? (sentences16[from]?.start ?? 0) : -1;
          next =
            to === "next"
              ? (visible.find((v) => offsets.toUtf16(v.draft.target.start) >= fromStart) ?? visible.at(-1))
              : ([...visible].reverse().find((v) => offsets.toUtf16(v.draft.target.start) < Math.max(fromStart, 1)) ?? visible[0]);
        }
        if (next) chooseClaim(next.draft.id);
      },
      nextOpenSentence: (from) => {
        const count = sentences16.length;
        for (let step = 1; step <= count; step++) {
          const index = ((from ?? -1) + step) % count;
          const range = sentences16[index]!;
          if (!touching(visible, offsets, range.start, range.end).some((v) => v.claim.authorId === currentUser.id)) return index;
        }
        return null;
      },
      deleteOpen,
      undo: () => void replay("undo"),
      close: () => {
        openClaim(null);
        selection.clear();
      },
    }),
    [
      canAnnotate,
      chooseClaim,
      createClaim,
      currentUser.id,
      deleteOpen,
      keyboard.focusedSentence,
      offsets,
      openClaim,
      replay,
      selectedId,
      selection.clear,
      sentences16,
      visible,
    ],
  );
  useEffect(() => {
    actionsRef.current = actions;
  }, [actions]);

  // Undo, redo and the overlay work wherever the focus is, except in a field (its own undo goes first there).
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.defaultPrevented || isTextField(document.activeElement)) return;
      const action = pageKeyAction(event);
      if (!action) return;
      event.preventDefault();
      if (action.kind === "undo") void replay("undo");
      else if (action.kind === "redo") void replay("redo");
      else if (action.kind === "help") shortcutsRef.current?.open();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [replay]);

  const submitArticle = useCallback(async () => {
    // Edits made just before submitting belong to what is submitted: send them and wait for them first.
    store.flush();
    const sync = store.sync.current;
    if (sync) {
      await sync.whenSettled();
      if (sync.waiting > 0) {
        store.setNotice({ kind: "unsavedBeforeSubmit" });
        return;
      }
    }
    const response = await fetch(`/api/reviews/articles/${article.id}/submit`, { method: "POST" }).catch(() => null);
    const body = (await response?.json().catch(() => null)) as { submittedClaimIds?: string[]; error?: { message: string } } | null;
    if (!response?.ok) {
      store.setNotice({ kind: "notSubmitted", reason: body?.error?.message ?? null });
      return;
    }
    setAssignment("submitted");
    store.setNotice(null);
    await store.refetch();
  }, [article.id, store.flush, store.refetch, store.setNotice, store.sync]);

  const selected = visible.find((v) => v.draft.id === selectedId) ?? null;
  const selectedStatus = selected ? (store.claimStatuses.get(selected.draft.id) ?? null) : null;
  const openOwnClaims = visible.filter(
    (v) => v.claim.authorId === currentUser.id && !v.claim.isGold && SUBMITTABLE_STATUSES.includes(v.claim.status),
  ).length;
  const isOwn = selected ? selected.claim.authorId === currentUser.id : false;
  const focused = keyboard.focusedSentence === null ? undefined : sentences16[keyboard.focusedSentence];
  const focusedText = focused ? text.slice(focused.start, focused.end) : "";
  const markedText = keyboard.markSpan ? text.slice(keyboard.markSpan.start, keyboard.markSpan.end) : "";

  return (
    <div className="workbench">
      <div style={{ position: "relative" }}>
        <section
          ref={textRef}
          className="article-text"
          // biome-ignore lint/a11y/noNoninteractiveTabindex: the article text is where the keyboard path starts (arrows move between sentences), so it takes focus.
          tabIndex={0}
          aria-label={t("articleText")}
          aria-describedby="keyboard-hint"
          data-testid="article-text"
          onMouseUp={selection.onMouseUp}
          onKeyDown={keyboard.onKeyDown}
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
              focusedSentence={keyboard.focusedSentence}
              markedSpan={keyboard.markSpan}
            />
          </div>
        </section>
        <p className="sr-only" aria-live="polite" lang={articleLanguage} style={{ position: "absolute", left: -9999 }}>
          {markedText ? t("announce.marked", { quote: markedText }) : focusedText}
        </p>
        {selection.selection && (
          <SelectionToolbar
            place={selection.selection}
            onClaim={() => createClaim(selection.selection!.start16, selection.selection!.end16)}
            onClaimSentence={() => {
              const span = selection.selection!;
              const touched = sentences16.filter((s) => s.start < span.end16 && s.end > span.start16);
              if (touched.length) createClaim(touched[0]!.start, touched[touched.length - 1]!.end);
            }}
          />
        )}
        <p className="kbd-help">
          <span id="keyboard-hint">{t("shortcuts.hint")}</span>{" "}
          <button type="button" onClick={() => shortcutsRef.current?.open()} aria-haspopup="dialog">
            {t("shortcuts.open")}
          </button>
        </p>
        <ShortcutsDialog ref={shortcutsRef} />
      </div>

      <aside className="side" aria-label={t("side.label")}>
        <div className="card">
          <StatusPanel
            claimCount={visible.length}
            syncState={store.syncState}
            claimStatuses={store.claimStatuses}
            claims={claims}
            drafts={store.drafts}
            selectedId={selectedId}
            notice={store.notice}
            readOnlyReason={readOnlyReason}
            liveStatus={store.liveStatus}
            assignment={assignment}
            openOwnClaims={openOwnClaims}
            articleLanguage={articleLanguage}
            onRetry={() => store.sync.current?.retryNow()}
            onDismissNotice={() => store.setNotice(null)}
            onOpen={chooseClaim}
            onRestore={(id) => void restore(id)}
            onDiscard={store.discard}
            onSubmit={() => void submitArticle()}
          />
        </div>

        <div ref={editorRef} className="editor-slot">
          {selected && selectedStatus?.conflict && (
            <ConflictPanel
              key={`conflict-${selected.draft.id}`}
              conflict={selectedStatus.conflict}
              current={selected.draft}
              taxonomy={taxonomy}
              onApply={store.apply}
              onDiscard={() => store.sync.current?.resolveConflict(selected.draft.id)}
            />
          )}
          {selected && (
            <ClaimForm
              // Undo and redo rewrite the claim under the editor: it starts afresh from what they left.
              key={`${selected.draft.id}:${store.revision}`}
              draft={selected.draft}
              taxonomy={taxonomy}
              articleLanguage={articleLanguage}
              isReadOnly={!canAnnotate || !isOwn}
              serverIssues={selectedStatus?.held.filter((issue) => issue.from === "server") ?? []}
              refusal={selectedStatus?.refusal?.message ?? null}
              onDiscard={() => store.discard(selected.draft.id)}
              onChange={store.edit}
              onDelete={deleteOpen}
              onClose={closeEditor}
            />
          )}
          {selected && claims.has(selected.draft.id) && (
            <ClaimReview
              key={`review-${selected.draft.id}`}
              claim={selected.claim}
              canReview={canReview && !isOwn && !selected.claim.isGold}
              canComment={isOwn || canReview}
              refreshKey={reviewRefresh}
              onDecided={() => void store.refetch()}
            />
          )}
        </div>

        <ClaimList
          claims={visible}
          selectedId={selectedId}
          taxonomy={taxonomy}
          currentUserId={currentUser.id}
          articleLanguage={articleLanguage}
          onChoose={chooseClaim}
        />
      </aside>

      <Announcer event={store.lastEvent} />
      {store.lastDeleted && (
        <div className="toast" role="status">
          {t("undo.deleted")}
          <button type="button" onClick={() => void restore(store.lastDeleted!.draft.id)}>
            {t("undo.undo")}
          </button>
        </div>
      )}
    </div>
  );
}

/** Tells a screen reader what the person's last action did (the save indicator says when it is saved). */
function Announcer({ event }: { event: ClaimEvent | null }) {
  const t = useTranslations("annotator");
  return (
    <p className="sr-only" aria-live="polite" data-testid="announcer">
      {event ? t(`announce.${event.kind}`) : ""}
    </p>
  );
}
