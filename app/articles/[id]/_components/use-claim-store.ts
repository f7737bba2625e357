"use client";

import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { type LiveStatus, useLiveUpdates } from "@/app/_client/live";
import type { ClaimDto } from "@/lib/claim-schema";
import { draftOf, sameContent } from "@/lib/client/claim-fields";
import { ClaimHistory, type HistoryStep } from "@/lib/client/claim-history";
import { type ClaimDraft, type ClaimStatus, ClaimSync, type SyncState } from "@/lib/client/claim-sync";
import { CoalescedRefetch, type RefetchBatch } from "@/lib/client/coalesced-refetch";
import type { DecisionRefusal } from "@/lib/client/sentence-decisions";

/** What the page has to tell the user, kept as what happened: worded when shown, so a change of language rewords it. */
export type Notice =
  /** A save was refused as stale; `message` is the sync's (the server's) words. */
  | { kind: "conflict"; message: string }
  | { kind: "unsavedBeforeSubmit" | "stillSaving" }
  /** A claim asked for before the page had all the claims (one of the person's may already be there). */
  | { kind: "claimsLoading" }
  /** `reason`: the server's words, or null when it could not be reached. */
  | { kind: "notSubmitted" | "notDeleted" | "notRestored"; reason: string | null }
  /** A key asked to claim a sentence marked not annotatable; or to exclude one, by someone who may not. */
  | { kind: "sentenceExcluded" | "notAdjudicator" }
  /** A sentence decision not offered: `reason` is why the page is read-only. */
  | { kind: "decisionReadOnly"; reason: string }
  /** A sentence decision the server refused (or the page knew it would). */
  | { kind: "decisionRefused"; refusal: DecisionRefusal };

/** A claim as the page shows it: the server's copy (or a stand-in until it has one) and the draft on top of it. */
export type VisibleClaim = { claim: ClaimDto; draft: ClaimDraft };

/** What the person just did to a claim, for the screen reader's announcement and the toast. */
export type ClaimEvent =
  | { kind: "created" | "deleted" | "restored" | "undone" | "redone"; claimId: string; at: number }
  | { kind: "nothingToUndo" | "nothingToRedo"; at: number };

type Options = {
  articleId: string;
  initialClaims: ClaimDto[];
  /**
   * Whether `initialClaims` are all the claims the person may see, or only the first ones in text order
   * (a long article's page sends those, and the store loads the rest at once, see {@link ClaimStore.isComplete}).
   */
  isComplete?: boolean;
  currentUser: { id: string; name: string };
  /** Whose live notices to expect: in a blind project, submitting lifts the blinds and the page resubscribes. */
  liveScope: string;
  /** A claim someone else changed: the open claim's review thread reloads. */
  onChangedElsewhere?: (claimId: string) => void;
  /** Someone else decided on a sentence (a `sentence.*` notice): the page reloads the decisions, not the claims. */
  onSentenceNotice?: () => void;
  /** Someone added a new revision: the page's text is the earlier one (its claims were re-anchored, server/revisions.ts). */
  onArticleRevised?: () => void;
};

type ApiAnswer = { claim?: ClaimDto; error?: { message: string } } | null;

async function call(url: string, method: "DELETE" | "POST"): Promise<{ claim: ClaimDto | null; error: string | null }> {
  const response = await fetch(url, { method }).catch(() => null);
  const body = (await response?.json().catch(() => null)) as ApiAnswer;
  if (!response?.ok || !body?.claim) return { claim: null, error: body?.error?.message ?? null };
  return { claim: body.claim, error: null };
}

/**
 * The claims of the page: the server's copies, the person's drafts on top of
 * them, and the live refetch. Every save goes through the one {@link ClaimSync}
 * (typing pause, retries, idempotent mutation ids); deletes and restores go to
 * their endpoints. The person's own changes are kept in a {@link ClaimHistory}
 * to undo and redo, each carried out as an ordinary change.
 */
export function useClaimStore({
  articleId,
  initialClaims,
  isComplete: initiallyComplete = true,
  currentUser,
  liveScope,
  onChangedElsewhere,
  onSentenceNotice,
  onArticleRevised,
}: Options) {
  const [claims, setClaims] = useState<Map<string, ClaimDto>>(() => new Map(initialClaims.map((c) => [c.id, c])));
  const [drafts, setDrafts] = useState<Map<string, ClaimDraft>>(() => new Map());
  const [syncState, setSyncState] = useState<SyncState>({ kind: "idle" });
  const [claimStatuses, setClaimStatuses] = useState<ReadonlyMap<string, ClaimStatus>>(() => new Map());
  const [notice, setNotice] = useState<Notice | null>(null);
  /** The last deletion, for the toast's Undo. */
  const [lastDeleted, setLastDeleted] = useState<VisibleClaim | null>(null);
  const [lastEvent, setLastEvent] = useState<ClaimEvent | null>(null);
  /** Moves on whenever undo or redo rewrote a claim: an editor keyed by it shows the claim afresh. */
  const [revision, setRevision] = useState(0);
  const [history] = useState(() => new ClaimHistory());
  const [historyState, setHistoryState] = useState({ canUndo: false, canRedo: false });
  const syncHistory = useCallback(() => setHistoryState({ canUndo: history.canUndo, canRedo: history.canRedo }), [history]);
  const record = useCallback(
    (step: HistoryStep) => {
      history.record(step);
      syncHistory();
    },
    [history, syncHistory],
  );

  /** Someone else changed the claim: undoing the person's steps on it would overwrite that. */
  const forgetHistoryOf = (id: string) => {
    history.forget(id);
    syncHistory();
  };

  const syncRef = useRef<ClaimSync | null>(null);
  if (syncRef.current === null && typeof window !== "undefined") {
    syncRef.current = new ClaimSync(
      articleId,
      {
        onSaved: (claim) => setClaims((prev) => new Map(prev).set(claim.id, claim)),
        onConflict: (id, message, current) => {
          // The editor shows the current version; the refused edit stays in the sync (and on screen, beside it).
          setNotice({ kind: "conflict", message });
          forgetHistoryOf(id);
          if (current) {
            setClaims((prev) => new Map(prev).set(id, current));
            setDrafts((prev) => without(prev, id));
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

  const flush = useCallback(() => syncRef.current?.flush(), []);

  /** The claims as last rendered, for comparing a reload with. */
  const claimsRef = useRef(claims);
  useEffect(() => {
    claimsRef.current = claims;
  }, [claims]);

  /**
   * Reload the claims from the server, all of them (after a review decision, submitting) or the ones a batch
   * of live notices named; local unsaved drafts stay on top. A claim the answer leaves as it was keeps its
   * object, so only what changed is rendered again.
   */
  const reload = useCallback(
    async (batch: RefetchBatch): Promise<boolean> => {
      const query = batch.kind === "claims" ? `?ids=${batch.ids.map(encodeURIComponent).join(",")}` : "";
      const response = await fetch(`/api/articles/${articleId}/claims${query}`).catch(() => null);
      const body = (await response?.json().catch(() => null)) as { claims?: ClaimDto[] } | null;
      if (!response?.ok || !body?.claims) return false;
      const fresh = body.claims;
      syncRef.current?.know(fresh);
      for (const claim of fresh) {
        const known = claimsRef.current.get(claim.id);
        if (known && !sameContent(draftOf(known), draftOf(claim))) history.forget(claim.id);
      }
      syncHistory();
      setClaims((prev) => merged(prev, fresh, batch.kind === "claims" ? batch.ids : null));
      return true;
    },
    [articleId, history, syncHistory],
  );
  const refetch = useCallback(async () => {
    await reload({ kind: "all" });
  }, [reload]);

  /** Whether every claim is here: false while a long article's page loads the claims it did not come with. */
  const [isComplete, setComplete] = useState(initiallyComplete);
  /** The load of the rest failed (the server could not be reached): the page says so and tries again. */
  const [isIncompleteStuck, setIncompleteStuck] = useState(false);
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs once per page, for the claims the page did not come with.
  useEffect(() => {
    if (initiallyComplete) return;
    let isGone = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const load = async (attempt: number) => {
      const isLoaded = await reload({ kind: "all" });
      if (isGone) return;
      if (isLoaded) {
        setIncompleteStuck(false);
        setComplete(true);
        return;
      }
      setIncompleteStuck(true);
      timer = setTimeout(() => void load(attempt + 1), Math.min(30_000, 1000 * 2 ** attempt));
    };
    void load(0);
    return () => {
      isGone = true;
      clearTimeout(timer);
    };
  }, []);

  /** Live notices, gathered into one reload at a time (lib/client/coalesced-refetch.ts). */
  const reloadRef = useRef(reload);
  useEffect(() => {
    reloadRef.current = reload;
  }, [reload]);
  const [liveReloads] = useState(
    () => new CoalescedRefetch({ delayMs: LIVE_GATHER_MS, maxIds: MAX_IDS_PER_RELOAD, run: async (batch) => void (await reloadRef.current(batch)) }),
  );
  useEffect(() => {
    liveReloads.open();
    return () => liveReloads.close();
  }, [liveReloads]);

  const liveStatus: LiveStatus = useLiveUpdates(
    { articleId },
    (live) => {
      // A new revision replaces the text itself, whoever added it (from another page): no claim reload can follow it.
      if (live.action === "article.revised") {
        onArticleRevised?.();
        return;
      }
      // Our own changes are already on screen (this page made them).
      if (live.actorId === currentUser.id) return;
      if (live.action.startsWith("sentence.")) {
        onSentenceNotice?.();
        return;
      }
      // A claim's notice names it; anything else on the article (an import, closing it) may touch any claim.
      liveReloads.add(live.entityType === "claim" ? live.entityId : null);
      if (live.entityId) onChangedElsewhere?.(live.entityId);
    },
    liveScope,
  );

  /** The entries of the last {@link visible}, by claim id: an entry whose claim and draft are the same objects is reused. */
  const entriesRef = useRef(new Map<string, VisibleClaim>());

  /**
   * The claims to show: server copies overlaid with local drafts (unsaved edits show at once), in text order.
   * A claim nobody touched keeps its entry object from one list to the next, so a keystroke in one claim
   * renders that claim's list item again, not all of them.
   */
  const visible = useMemo(() => {
    const previous = entriesRef.current;
    const entries = new Map<string, VisibleClaim>();
    const entry = (id: string, claim: ClaimDto | undefined, draft: ClaimDraft) => {
      const before = previous.get(id);
      const isSame = before !== undefined && before.draft === draft && (claim === undefined || before.claim === claim);
      const next = isSame ? before : { claim: claim ?? standIn(draft, currentUser), draft };
      entries.set(id, next);
      return next;
    };
    const list: VisibleClaim[] = [];
    for (const claim of claims.values()) {
      if (claim.deletedAt) continue;
      list.push(entry(claim.id, claim, drafts.get(claim.id) ?? serverDraft(claim)));
    }
    for (const draft of drafts.values()) {
      if (!claims.has(draft.id)) list.push(entry(draft.id, undefined, draft));
    }
    entriesRef.current = entries;
    return list.sort((a, b) => a.draft.target.start - b.draft.target.start || a.draft.target.end - b.draft.target.end);
  }, [claims, drafts, currentUser]);

  /** The claim as it stands on the page, deleted or not. */
  const current = useCallback(
    (id: string): ClaimDraft | null => {
      const claim = claims.get(id);
      return drafts.get(id) ?? (claim ? serverDraft(claim) : null);
    },
    [claims, drafts],
  );

  const show = useCallback((draft: ClaimDraft) => setDrafts((prev) => new Map(prev).set(draft.id, draft)), []);

  /** The user typed in the editor: shown at once, sent when typing pauses. */
  const edit = useCallback(
    (draft: ClaimDraft) => {
      const before = current(draft.id);
      if (before) record({ kind: "edit", before, after: draft });
      show(draft);
      syncRef.current?.edit(draft);
    },
    [current, record, show],
  );

  /** A change made in one step (a refused edit applied): shown and sent at once. */
  const apply = useCallback(
    (draft: ClaimDraft) => {
      const before = current(draft.id);
      if (before) record({ kind: "edit", before, after: draft });
      history.endEdit();
      show(draft);
      syncRef.current?.save(draft);
    },
    [current, history, record, show],
  );

  const create = useCallback(
    (draft: ClaimDraft) => {
      show(draft);
      syncRef.current?.save(draft);
      record({ kind: "create", claim: draft });
      setLastEvent({ kind: "created", claimId: draft.id, at: Date.now() });
    },
    [record, show],
  );

  /** Drop the local changes of a claim: the server's copy is shown again (a claim never created disappears). */
  const discard = useCallback((id: string) => {
    syncRef.current?.discard(id);
    setDrafts((prev) => without(prev, id));
  }, []);

  /** The person left the claim: typing in it again is a step of its own. */
  const endEdit = useCallback(() => history.endEdit(), [history]);

  /** Delete a claim; true when it is gone. Not recorded: the callers record what the person did. */
  const remove = useCallback(
    async (id: string): Promise<boolean> => {
      const sync = syncRef.current;
      if (!claims.has(id)) {
        // Never created on the server: deleting it is dropping the local draft, unless its create is out (it may land).
        const phase = sync?.status(id)?.phase;
        if (phase === "sending" || phase === "scheduled") {
          setNotice({ kind: "stillSaving" });
          return false;
        }
        discard(id);
        return true;
      }
      // Edits typed just before deleting go first: sent after the delete they would be refused (410), and an
      // undo brings the claim back as it was last typed.
      if (sync?.status(id)) {
        sync.flush();
        await sync.whenSettled();
      }
      const { claim, error } = await call(`/api/claims/${id}`, "DELETE");
      if (!claim) {
        setNotice({ kind: "notDeleted", reason: error });
        return false;
      }
      setClaims((prev) => new Map(prev).set(id, claim));
      sync?.know([claim]);
      return true;
    },
    [claims, discard],
  );

  /** Bring a deleted claim back, or send again a claim whose never-saved draft was dropped; true when it is back. */
  const bringBack = useCallback(
    async (draft: ClaimDraft): Promise<boolean> => {
      if (!claims.has(draft.id)) {
        show(draft);
        syncRef.current?.save(draft);
        return true;
      }
      const { claim, error } = await call(`/api/claims/${draft.id}/restore`, "POST");
      if (!claim) {
        setNotice({ kind: "notRestored", reason: error });
        return false;
      }
      setClaims((prev) => new Map(prev).set(draft.id, claim));
      syncRef.current?.know([claim]);
      return true;
    },
    [claims, show],
  );

  const deleteClaim = useCallback(
    async (id: string): Promise<boolean> => {
      const entry = visible.find((v) => v.draft.id === id);
      if (!entry || !(await remove(id))) return false;
      record({ kind: "delete", claim: entry.draft });
      // A claim the server had gets the toast, which says so itself; a dropped draft is only announced.
      if (claims.has(id)) setLastDeleted(entry);
      else setLastEvent({ kind: "deleted", claimId: id, at: Date.now() });
      return true;
    },
    [claims, record, remove, visible],
  );

  /** Restore a deleted claim (the toast's Undo, the list of claims with unsaved changes). */
  const restore = useCallback(
    async (id: string): Promise<boolean> => {
      const draft = current(id);
      if (!draft || !(await bringBack(draft))) return false;
      history.restoredElsewhere(id);
      syncHistory();
      setLastDeleted((last) => (last?.draft.id === id ? null : last));
      setLastEvent({ kind: "restored", claimId: id, at: Date.now() });
      return true;
    },
    [bringBack, current, history, syncHistory],
  );

  /** Carry out one step of the history backwards or forwards; returns the claim to show, or null when nothing was done. */
  const replay = useCallback(
    async (direction: "undo" | "redo"): Promise<{ claimId: string; isGone: boolean } | null> => {
      const step = direction === "undo" ? history.nextUndo() : history.nextRedo();
      if (!step) {
        setLastEvent({ kind: direction === "undo" ? "nothingToUndo" : "nothingToRedo", at: Date.now() });
        return null;
      }
      const id = step.kind === "edit" ? step.after.id : step.claim.id;
      const removes = (step.kind === "create" && direction === "undo") || (step.kind === "delete" && direction === "redo");
      let isDone: boolean;
      if (step.kind === "edit") {
        const draft = direction === "undo" ? step.before : step.after;
        show(draft);
        syncRef.current?.save(draft);
        isDone = true;
      } else if (removes) {
        isDone = await remove(id);
      } else {
        isDone = await bringBack(step.claim);
        if (isDone) setLastDeleted((last) => (last?.draft.id === id ? null : last));
      }
      if (!isDone) return null;
      if (direction === "undo") history.undid(step);
      else history.redid(step);
      syncHistory();
      setRevision((n) => n + 1);
      setLastEvent({ kind: direction === "undo" ? "undone" : "redone", claimId: id, at: Date.now() });
      return { claimId: id, isGone: removes };
    },
    [bringBack, history, remove, show, syncHistory],
  );

  const undo = useCallback(() => replay("undo"), [replay]);
  const redo = useCallback(() => replay("redo"), [replay]);

  // The toast offers its Undo for a while; Ctrl+Z undoes the deletion as long as the page is open.
  useEffect(() => {
    if (!lastDeleted) return;
    const timer = setTimeout(() => setLastDeleted(null), 10_000);
    return () => clearTimeout(timer);
  }, [lastDeleted]);

  return {
    claims,
    drafts,
    visible,
    isComplete,
    isIncompleteStuck,
    syncState,
    claimStatuses,
    notice,
    setNotice,
    lastDeleted,
    lastEvent,
    revision,
    liveStatus,
    canUndo: historyState.canUndo,
    canRedo: historyState.canRedo,
    sync: syncRef,
    flush,
    refetch,
    edit,
    apply,
    create,
    discard,
    endEdit,
    deleteClaim,
    restore,
    undo,
    redo,
  };
}

export type ClaimStore = ReturnType<typeof useClaimStore>;

/** How long live notices are gathered before the page asks for the claims they name. */
const LIVE_GATHER_MS = 40;
/** The most claim ids one reload names (the API's limit); more ask for the whole list. */
const MAX_IDS_PER_RELOAD = 200;

/** The draft of a server copy, made once per copy: the same copy gives the same object, which memoised views compare. */
const serverDrafts = new WeakMap<ClaimDto, ClaimDraft>();
function serverDraft(claim: ClaimDto): ClaimDraft {
  let draft = serverDrafts.get(claim);
  if (!draft) {
    draft = draftOf(claim);
    serverDrafts.set(claim, draft);
  }
  return draft;
}

/**
 * The claims after a reload: `fresh` is the server's answer for the claims `asked` named (null: all of them).
 * A claim the answer leaves unchanged keeps its object; one asked for and not in the answer is no longer
 * the person's to see. The person's own deleted claims stay known, so undo keeps working. Returns `prev`
 * itself when nothing changed.
 */
export function merged(prev: Map<string, ClaimDto>, fresh: readonly ClaimDto[], asked: readonly string[] | null): Map<string, ClaimDto> {
  const answered = new Map(fresh.map((c) => [c.id, c]));
  const isAsked =
    asked === null
      ? () => true
      : (
          (ids) => (id: string) =>
            ids.has(id)
        )(new Set(asked));
  const next = new Map<string, ClaimDto>();
  let isChanged = false;
  for (const [id, old] of prev) {
    const claim = answered.get(id);
    if (!isAsked(id)) next.set(id, old);
    else if (claim) {
      // An answer that left later may come back first: a copy older than the one held is not taken.
      const isSame = claim.version < old.version || sameCopy(old, claim);
      next.set(id, isSame ? old : claim);
      if (!isSame) isChanged = true;
    } else if (old.deletedAt) next.set(id, old);
    else isChanged = true;
  }
  for (const [id, claim] of answered) {
    if (prev.has(id) || !isAsked(id)) continue;
    next.set(id, claim);
    isChanged = true;
  }
  return isChanged ? next : prev;
}

/** Whether two server copies of a claim say the same (the API writes its fields in one order). */
function sameCopy(a: ClaimDto, b: ClaimDto): boolean {
  return a.version === b.version && a.updatedAt === b.updatedAt && JSON.stringify(a) === JSON.stringify(b);
}

function without<V>(map: Map<string, V>, id: string): Map<string, V> {
  if (!map.has(id)) return map;
  const next = new Map(map);
  next.delete(id);
  return next;
}

/** What the list shows for a claim the server has not answered for yet. */
function standIn(draft: ClaimDraft, author: { id: string; name: string }): ClaimDto {
  const now = new Date().toISOString();
  return {
    ...draft,
    authorId: author.id,
    authorName: author.name,
    sentenceIndexes: [],
    status: "draft",
    version: 0,
    isGold: false,
    createdAt: now,
    updatedAt: now,
    deletedAt: null,
  };
}
