"use client";

import { useLocale, useTranslations } from "next-intl";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { makeTarget } from "@/lib/anchoring";
import type { ClaimDto } from "@/lib/claim-schema";
import { claimColor } from "@/lib/client/claim-colors";
import { claimIdFromLocation } from "@/lib/client/claim-link";
import type { ClaimDraft } from "@/lib/client/claim-sync";
import { type DecisionRefusal, type SentenceDecisions, sentenceCoverage } from "@/lib/client/sentence-decisions";
import { newUuid } from "@/lib/client/uuid";
import { emptyClaimFields } from "@/lib/fields";
import { createOffsetIndex } from "@/lib/offsets";
import { SUBMITTABLE_STATUSES } from "@/lib/review-state";
import type { Taxonomy } from "@/lib/taxonomy";
import { ArticleText, type SentenceMark } from "./article-text";
import { ClaimForm } from "./claim-form";
import { ClaimList } from "./claim-list";
import { ClaimReview } from "./claim-review";
import { type ClaimSpan, claimOfSentence, claimToReopen, nextOpenSentence, sameSpans, steppedClaim, touching } from "./claim-spans";
import { ConflictPanel } from "./conflict-panel";
import type { Range16 } from "./highlight-pieces";
import { pageKeyAction } from "./keyboard-map";
import { revealWithin, scrollBehavior } from "./scroll";
import { SelectionToolbar } from "./selection-toolbar";
import { ShortcutsDialog, type ShortcutsHandle } from "./shortcuts-dialog";
import { StatusPanel } from "./status-panel";
import { type ClaimEvent, useClaimStore } from "./use-claim-store";
import { useSentenceDecisions } from "./use-sentence-decisions";
import { type SentenceActions, useSentenceKeyboard } from "./use-sentence-keyboard";
import { useTextSelection } from "./use-text-selection";
import type { Word } from "./word-span";

type Props = {
  article: {
    id: string;
    /** The project's: where the editor's suggestions come from. */
    projectId: string;
    title: string;
    text: string;
    /** BCP 47, or null when unknown (the text then takes the page's language). */
    language: string | null;
    sentences: Array<{ index: number; start: number; end: number }>;
  };
  /** The claims the page came with: all of them, or the first ones in text order (see `claimCount`). */
  initialClaims: ClaimDto[];
  /** How many claims the person may see; more than `initialClaims` holds, and the page loads the rest itself. */
  claimCount?: number;
  /** The sentence decisions the person may see, as the page loaded them. */
  initialDecisions: SentenceDecisions;
  taxonomy: Taxonomy;
  currentUser: { id: string; name: string };
  /** Why this person cannot annotate here (their role, a closed article), or null when they can. */
  readOnlyReason: string | null;
  canReview: boolean;
  /** Whether the person may mark sentences not annotatable (reviewers and admins: the `adjudicate` right). */
  canAdjudicate: boolean;
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

/**
 * The annotation workbench: the article text with highlights, the mouse's
 * selection toolbar, the keyboard path through sentences, the claim list and
 * the editor. Claims live in {@link useClaimStore}, which autosaves them.
 */
export function Annotator({
  article,
  initialClaims,
  claimCount = initialClaims.length,
  initialDecisions,
  taxonomy,
  currentUser,
  readOnlyReason: pageReadOnlyReason,
  canReview,
  canAdjudicate,
  assignmentStatus,
}: Props) {
  const t = useTranslations("annotator");
  const locale = useLocale();
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
  const [isRevised, setIsRevised] = useState(false);
  const decisions = useSentenceDecisions({ articleId: article.id, initial: initialDecisions, currentUser });
  const store = useClaimStore({
    articleId: article.id,
    initialClaims,
    isComplete: initialClaims.length >= claimCount,
    currentUser,
    // In a blind project, submitting lifts the blinds: resubscribe so others' changes start to arrive.
    liveScope: assignment ?? "none",
    // The live subscription calls the latest of this on every notice, so it compares with the claim open now.
    onChangedElsewhere: (id) => {
      if (id === selectedId) setReviewRefresh((n) => n + 1);
    },
    onSentenceNotice: () => void decisions.refetch(),
    onArticleRevised: () => setIsRevised(true),
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

  /**
   * Where the claims lie (UTF-16, as painted), the same array for as long as no claim moves: typing in a
   * claim's editor changes the claims, not their places, so the text and everything keyed on the places
   * (pieces, coverage, the keys' choices) is left alone.
   */
  const placedRanges = useRef<ClaimSpan[]>([]);
  const ranges = useMemo<ClaimSpan[]>(() => {
    const next = visible.map(({ draft, claim }) => ({
      id: draft.id,
      start: offsets.toUtf16(draft.target.start),
      end: offsets.toUtf16(draft.target.end),
      authorId: claim.authorId,
    }));
    if (sameSpans(placedRanges.current, next)) return placedRanges.current;
    placedRanges.current = next;
    return next;
  }, [visible, offsets]);

  /** The stored index of the sentence at a position (the keys and the pieces count positions; the API, stored indexes). */
  const indexAt = useCallback((position: number) => article.sentences[position]?.index ?? null, [article.sentences]);
  const { ownNoClaim, excluded } = decisions;
  const isExcludedAt = useCallback(
    (position: number) => {
      const index = indexAt(position);
      return index !== null && excluded.has(index);
    },
    [excluded, indexAt],
  );

  const sentenceMarks = useMemo(() => {
    const others = new Map<number, string[]>();
    for (const d of decisions.all.decisions) {
      if (d.authorId !== currentUser.id) others.set(d.sentenceIndex, [...(others.get(d.sentenceIndex) ?? []), d.authorName]);
    }
    const marks = new Map<number, SentenceMark>();
    article.sentences.forEach((s, position) => {
      const exclusion = excluded.get(s.index);
      const noClaim = ownNoClaim.has(s.index) ? "own" : others.has(s.index) ? "others" : null;
      if (!exclusion && !noClaim) return;
      const label = exclusion
        ? exclusion.reason
          ? t("sentence.excludedReason", { reason: exclusion.reason })
          : t("sentence.excluded")
        : noClaim === "own"
          ? t("sentence.noClaim")
          : t("sentence.noClaimBy", { names: (others.get(s.index) ?? []).join(", ") });
      marks.set(position, { noClaim, excluded: Boolean(exclusion), label });
    });
    return marks;
  }, [article.sentences, currentUser.id, decisions.all.decisions, excluded, ownNoClaim, t]);

  // Counted on the painted places (UTF-16) of claims and sentences alike: which sentences a claim covers is the same in either unit.
  const indexedSentences16 = useMemo(() => sentences16.map((s) => ({ index: Number(s.id), start: s.start, end: s.end })), [sentences16]);
  const coverage = useMemo(() => sentenceCoverage(indexedSentences16, ranges, decisions.all), [indexedSentences16, decisions.all, ranges]);

  /** What the person just decided on a sentence, for the screen reader. */
  const [sentenceEvent, setSentenceEvent] = useState<SentenceEvent | null>(null);
  const sayRefusal = store.setNotice;
  const refused = useCallback(
    (refusal: DecisionRefusal | null) => {
      if (refusal) sayRefusal({ kind: "decisionRefused", refusal });
    },
    [sayRefusal],
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
  // The keyboard works its span out afresh on every render: the text is told only when it moves.
  const markStart = keyboard.markSpan?.start;
  const markEnd = keyboard.markSpan?.end;
  const markedSpan = useMemo(
    () => (markStart === undefined || markEnd === undefined ? null : { start: markStart, end: markEnd }),
    [markStart, markEnd],
  );

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
    (id: string): boolean => {
      const range = ranges.find((r) => r.id === id);
      if (!range) return false;
      openClaim(id);
      const sentence = sentenceOf(range.start);
      if (sentence >= 0) focusSentence(sentence);
      setScrollTo({ claimId: id });
      return true;
    },
    [focusSentence, openClaim, ranges, sentenceOf],
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
  // The page's own link waits for the claim while a long article's claims are still loading.
  const initialLink = useRef(true);
  const isComplete = store.isComplete;
  useEffect(() => {
    const follow = () => {
      const id = claimIdFromLocation(window.location);
      return id === null || chooseClaim(id);
    };
    if (initialLink.current && (follow() || isComplete)) initialLink.current = false;
    const onHashChange = () => void follow();
    window.addEventListener("hashchange", onHashChange);
    return () => window.removeEventListener("hashchange", onHashChange);
  }, [chooseClaim, isComplete]);

  /** Create a claim over a UTF-16 span and open it. */
  const createClaim = useCallback(
    (start16: number, end16: number) => {
      if (!canAnnotate) return;
      // Until every claim is here, "this sentence already has my claim" cannot be told: nothing is made meanwhile.
      if (!store.isComplete) {
        store.setNotice({ kind: "claimsLoading" });
        return;
      }
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
      // A claim where the person had said there is none changes their mind: the server would refuse the mark now
      // (its own claim covers the sentence), so it goes, and the sentence is not left saying both.
      sentences16.forEach((s, position) => {
        const index = indexAt(position);
        if (index !== null && s.start < end16 && s.end > start16 && ownNoClaim.has(index)) void decisions.setNoClaim(index, false).then(refused);
      });
    },
    [
      article.id,
      canAnnotate,
      decisions.setNoClaim,
      indexAt,
      offsets,
      openClaim,
      ownNoClaim,
      refused,
      selection.clear,
      sentences16,
      store.create,
      store.isComplete,
      store.setNotice,
      taxonomy.verdicts,
    ],
  );

  /**
   * Of the sentences at these positions, the stored indexes whose mark is to change: all of them get it unless all
   * have it, then all lose it. `keep` leaves a sentence out of a setting.
   */
  const toToggle = useCallback(
    (positions: readonly number[], has: (index: number) => boolean, keep: (position: number) => boolean = () => true) => {
      const known = positions.filter((p) => indexAt(p) !== null);
      const isSet = !known.every((p) => has(indexAt(p)!));
      const changing = known.filter((p) => has(indexAt(p)!) !== isSet);
      const kept = isSet ? changing.filter(keep) : changing;
      return { isSet, isAllKept: kept.length === changing.length, indexes: kept.map((p) => indexAt(p)!) };
    },
    [indexAt],
  );

  /** Toggle the person's own "no claim here" on the sentences at these positions. */
  const toggleNoClaim = useCallback(
    (positions: readonly number[]) => {
      if (positions.length === 0) return;
      if (readOnlyReason !== null) {
        store.setNotice({ kind: "decisionReadOnly", reason: readOnlyReason });
        return;
      }
      // The server refuses a sentence the person's own claim covers: said at once, without asking it.
      const own = ranges.filter((c) => c.authorId === currentUser.id);
      const isFree = (position: number) => touching(own, sentences16[position]!).length === 0;
      const { isSet, isAllKept, indexes } = toToggle(positions, (i) => ownNoClaim.has(i), isFree);
      if (!isAllKept) store.setNotice({ kind: "decisionRefused", refusal: { kind: "covered" } });
      if (indexes.length === 0) return;
      setSentenceEvent({ kind: isSet ? "noClaimSet" : "noClaimCleared", at: Date.now() });
      for (const index of indexes) void decisions.setNoClaim(index, isSet).then(refused);
    },
    [currentUser.id, decisions.setNoClaim, ownNoClaim, ranges, readOnlyReason, refused, sentences16, store.setNotice, toToggle],
  );

  /** Toggle "not annotatable" on the sentences at these positions (reviewers and admins, until the article is closed). */
  const toggleExcluded = useCallback(
    (positions: readonly number[]) => {
      if (positions.length === 0) return;
      if (!canAdjudicate) {
        store.setNotice({ kind: "notAdjudicator" });
        return;
      }
      // The reviewer's own submitted work does not freeze the article's exclusions; a closed article does.
      if (pageReadOnlyReason !== null) {
        store.setNotice({ kind: "decisionReadOnly", reason: pageReadOnlyReason });
        return;
      }
      const { isSet, indexes } = toToggle(positions, (i) => excluded.has(i));
      setSentenceEvent({ kind: isSet ? "excluded" : "included", at: Date.now() });
      for (const index of indexes) void decisions.setExcluded(index, isSet).then(refused);
    },
    [canAdjudicate, decisions.setExcluded, excluded, pageReadOnlyReason, refused, store.setNotice, toToggle],
  );

  const deleteOpen = useCallback(() => {
    // Only the author may delete a claim (the server says so too): another's claim opens read-only, and Delete leaves it.
    const id = selectedId;
    if (!id || !canAnnotate || ranges.find((c) => c.id === id)?.authorId !== currentUser.id) return;
    void store.deleteClaim(id).then((isDeleted) => {
      if (isDeleted) setSelectedId((open) => (open === id ? null : open));
    });
  }, [canAnnotate, currentUser.id, ranges, selectedId, store.deleteClaim]);

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

  /** Sentences (by position) the person has decided without a claim, or that are not to be annotated: f passes them by. */
  const settled = useMemo(() => {
    const positions = new Set<number>();
    article.sentences.forEach((s, position) => {
      if (ownNoClaim.has(s.index) || excluded.has(s.index)) positions.add(position);
    });
    return positions;
  }, [article.sentences, excluded, ownNoClaim]);

  const actions = useMemo<SentenceActions>(
    () => ({
      claim: (span: Word, sentence: number, isNew: boolean) => {
        if (!canAnnotate) {
          const anyone = touching(ranges, span)[0];
          if (anyone) openClaim(anyone.id);
          return;
        }
        // A second press opens what the first one made: a duplicate is only made on purpose (Shift+C).
        const existing = isNew ? null : claimToReopen(ranges, span, sentences16[sentence], currentUser.id);
        if (existing) openClaim(existing.id);
        else if (isExcludedAt(sentence)) store.setNotice({ kind: "sentenceExcluded" });
        else createClaim(span.start, span.end);
      },
      open: (sentence: number) => {
        const range = sentences16[sentence];
        const chosen = range ? claimOfSentence(ranges, range, currentUser.id) : null;
        if (chosen) openClaim(chosen.id);
      },
      claimStep: (to) => {
        const from = keyboard.focusedSentence === null ? null : (sentences16[keyboard.focusedSentence]?.start ?? null);
        const next = steppedClaim(ranges, selectedId, from, to);
        if (next) chooseClaim(next.id);
      },
      nextOpenSentence: (from) => nextOpenSentence(sentences16, ranges, from, currentUser.id, settled),
      deleteOpen,
      toggleNoClaim: (sentence) => toggleNoClaim([sentence]),
      toggleExcluded: (sentence) => toggleExcluded([sentence]),
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
      isExcludedAt,
      keyboard.focusedSentence,
      openClaim,
      ranges,
      replay,
      selectedId,
      selection.clear,
      sentences16,
      settled,
      store.setNotice,
      toggleExcluded,
      toggleNoClaim,
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
    // What the person may see of others' work can change with submitting (server/visibility.ts): decisions too.
    await Promise.all([store.refetch(), decisions.refetch()]);
  }, [article.id, decisions.refetch, store.flush, store.refetch, store.setNotice, store.sync]);

  const selected = visible.find((v) => v.draft.id === selectedId) ?? null;
  const selectedStatus = selected ? (store.claimStatuses.get(selected.draft.id) ?? null) : null;
  const openOwnClaims = visible.filter(
    (v) => v.claim.authorId === currentUser.id && !v.claim.isGold && SUBMITTABLE_STATUSES.includes(v.claim.status),
  ).length;
  const isOwn = selected ? selected.claim.authorId === currentUser.id : false;
  const focused = keyboard.focusedSentence === null ? undefined : sentences16[keyboard.focusedSentence];
  const focusedText = focused ? text.slice(focused.start, focused.end) : "";
  const focusedMark = keyboard.focusedSentence === null ? undefined : sentenceMarks.get(keyboard.focusedSentence);
  /** The sentences a mouse selection touches, by position: what its toolbar's decisions apply to. */
  const selectedSentences = selection.selection
    ? sentences16.flatMap((s, position) => (s.start < selection.selection!.end16 && s.end > selection.selection!.start16 ? [position] : []))
    : [];
  const isAllSelected = (has: (index: number) => boolean) =>
    selectedSentences.length > 0 && selectedSentences.every((position) => has(indexAt(position) ?? -1));
  const markedText = keyboard.markSpan ? text.slice(keyboard.markSpan.start, keyboard.markSpan.end) : "";

  return (
    <div className="workbench">
      {isRevised && (
        <p className="card" role="alert" data-testid="article-revised" style={{ gridColumn: "1 / -1" }}>
          {t("revised.message")}{" "}
          <button type="button" className="primary" onClick={() => window.location.reload()}>
            {t("revised.reload")}
          </button>
        </p>
      )}
      <div style={{ position: "relative" }}>
        <section
          ref={textRef}
          className="article-text"
          // biome-ignore lint/a11y/noNoninteractiveTabindex: the article text is where the keyboard path starts (arrows move between sentences), so it takes focus.
          tabIndex={0}
          aria-label={t("articleText")}
          aria-describedby="keyboard-hint"
          onMouseUp={selection.onMouseUp}
          onKeyDown={keyboard.onKeyDown}
        >
          {/* The text in its own language (the section's label is in the interface's); the test id marks the text itself. */}
          <div lang={articleLanguage} data-testid="article-text">
            <ArticleText
              text={text}
              titleEnd={titleEnd}
              sentences={sentences16}
              claims={ranges}
              colorOf={claimColor}
              selectedClaimId={selectedId}
              focusedSentence={keyboard.focusedSentence}
              markedSpan={markedSpan}
              sentenceMarks={sentenceMarks}
            />
          </div>
        </section>
        <p className="sr-only" aria-live="polite" lang={articleLanguage} style={{ position: "absolute", left: -9999 }}>
          {/* The sentence's state in the interface's language, then the sentence in its own. */}
          {!markedText && focusedMark && <span lang={locale}>{t("announce.focusedState", { state: focusedMark.label })} </span>}
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
            noClaim={{
              isPressed: isAllSelected((i) => ownNoClaim.has(i)),
              onToggle: () => {
                toggleNoClaim(selectedSentences);
                selection.clear();
              },
            }}
            exclude={
              canAdjudicate
                ? {
                    isPressed: isAllSelected((i) => excluded.has(i)),
                    onToggle: () => {
                      toggleExcluded(selectedSentences);
                      selection.clear();
                    },
                  }
                : null
            }
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
            loading={store.isComplete ? null : { total: claimCount, isStuck: store.isIncompleteStuck }}
            coverage={coverage}
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
              projectId={article.projectId}
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
              taxonomy={taxonomy}
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

      <Announcer event={store.lastEvent} sentenceEvent={sentenceEvent} />
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

/** What the person just decided on a sentence. */
type SentenceEvent = { kind: "noClaimSet" | "noClaimCleared" | "excluded" | "included"; at: number };

/** Tells a screen reader what the person's last action did (the save indicator says when it is saved). */
function Announcer({ event, sentenceEvent }: { event: ClaimEvent | null; sentenceEvent: SentenceEvent | null }) {
  const t = useTranslations("annotator");
  // The later of the two is what the person just did.
  const last = sentenceEvent && (!event || sentenceEvent.at >= event.at) ? sentenceEvent : event;
  return (
    <p className="sr-only" aria-live="polite" data-testid="announcer">
      {/* A new node for each event: the same words twice in a row (two claims made) are read twice. */}
      {last && <span key={`${last.kind}-${last.at}`}>{t(`announce.${last.kind}`)}</span>}
    </p>
  );
}
