import type { ClaimDto } from "../claim-schema";
import {
  type ClaimDraft,
  draftOf,
  type FieldIssue,
  isHoldable,
  prepareSave,
  type RefusedField,
  refusedChanges,
  refusedField,
  sameContent,
} from "./claim-fields";
import { newUuid } from "./uuid";

export type { ClaimDraft, FieldIssue } from "./claim-fields";

/** One save as sent: kept as is and resent until the server answers it (same mutation id), so it is never applied twice. */
type Outgoing = ClaimDraft & { mutationId: string; baseVersion: number | null };

/** The server's copy of a claim that local edits are made against. */
type Base = { version: number; claim: ClaimDraft };

/** A stale edit the server refused (409/410): kept, beside the current version, until the user applies or discards it. */
export type Conflict = {
  message: string;
  /** The user's claim as they had it when it was refused. */
  refused: ClaimDraft;
  /** The version the refused edit was made against, when known: tells the user's own changes from the other side's. */
  base: ClaimDraft | null;
};

/** A save the server refused (4xx): not sent again until the user changes the claim. */
export type Refusal = { status: number; message: string };

/** A save waiting to be sent again after a network error or a 5xx. `at` is null once automatic retries stopped. */
export type Retry = { reason: "network" | "server"; status: number | null; message: string | null; attempt: number; at: number | null };

/**
 * Where one claim's save is in the queue:
 * - `pending`: typed, waiting out the typing pause; sent at `dueAt` (or at once on `flush`).
 * - `sending`: a request is on the wire (later edits wait behind it).
 * - `scheduled`: no answer, or a 5xx: the same save is resent automatically at `dueAt`.
 * - `waiting`: nothing moves until the user acts — refused (4xx), fields held back, a stale
 *   edit beside the current version, or a 500 that kept failing (Retry now resumes).
 */
export type SavePhase = "pending" | "sending" | "scheduled" | "waiting";

/** Where one claim's local changes stand. */
export type ClaimStatus = {
  id: string;
  phase: SavePhase;
  /** When the claim's next request goes out by itself (`pending`, `scheduled`); null otherwise. */
  dueAt: number | null;
  /** Something typed for this claim is not on the server. */
  isWaiting: boolean;
  /** Fields held back because they cannot be saved as they are; the rest of the claim is saved without them. */
  held: FieldIssue[];
  refusal: Refusal | null;
  conflict: Conflict | null;
  retry: Retry | null;
};

/**
 * The autosave indicator's state, most pressing first: `failed` (refused, stale,
 * or the server kept failing) > `held` (fields that cannot be saved yet) >
 * `retrying` (the server answered 5xx) > `offline` (no answer) > `saving`.
 * `retryAt` is the next automatic resend, if any.
 */
export type SyncState =
  | { kind: "idle" }
  | { kind: "saved"; at: number }
  | { kind: "saving"; waiting: number; retryAt: number | null }
  | { kind: "offline"; waiting: number; retryAt: number | null }
  | { kind: "retrying"; waiting: number; retryAt: number | null; status: number | null; message: string | null }
  | { kind: "held"; waiting: number; retryAt: number | null; fields: string[] }
  | { kind: "failed"; waiting: number; retryAt: number | null; status: number | null; message: string; canRetry: boolean };

export type Listener = {
  /** The server's copy after a save. */
  onSaved(claim: ClaimDto): void;
  /** A stale edit was refused; `current` is the server's version (deleted, for a 410). The refused edit is in `status(id).conflict`. */
  onConflict(claimId: string, message: string, current: ClaimDto | null): void;
  onState(state: SyncState, claims: ReadonlyMap<string, ClaimStatus>): void;
};

type KeyValueStorage = Pick<Storage, "getItem" | "setItem" | "removeItem">;

export type ClaimSyncOptions = {
  fetch?: typeof fetch;
  /** Where unsent edits survive a reload; localStorage by default, null for none. */
  storage?: KeyValueStorage | null;
  now?: () => number;
  /** For the retry jitter; [0, 1). */
  random?: () => number;
  /**
   * Whose edits these are: stored edits are kept per user, so on a shared
   * computer one person's unsent claims are never resent under another's session.
   */
  userId?: string;
  /** Overrides {@link TYPING_PAUSE_MS}. */
  typingPauseMs?: number;
};

/** What {@link ClaimSync.connect} listens on: `window` in the page. */
export type PageEvents = Pick<EventTarget, "addEventListener" | "removeEventListener">;

/**
 * How long typing may pause before the edit is sent: long enough that a word
 * typed is one save, short enough that every edit is saved within a second.
 */
export const TYPING_PAUSE_MS = 600;

/** First retry after 1 s, doubling, never more than 30 s apart. */
export const RETRY_BASE_MS = 1_000;
export const RETRY_MAX_MS = 30_000;
/**
 * A 500 is a bug more often than a blip: after this many answers in a row the
 * queue stops resending by itself and says so (the edit is kept; "Retry"
 * resumes). Network errors and 502/503/504/408/429 — a restart, a proxy, a
 * database reconnect — are retried for as long as they last.
 */
export const MAX_SERVER_ERROR_ATTEMPTS = 5;
const TRANSIENT_STATUSES = new Set([408, 429, 502, 503, 504]);
/** Quiet re-sends after a 409 whose current version differs from ours only in status (a review decision). */
const MAX_REBASES = 3;

type Timer = ReturnType<typeof setTimeout>;

/** localStorage, or null where there is none or touching it throws (sandboxed frames, some private modes). */
function defaultStorage(): KeyValueStorage | null {
  try {
    return typeof localStorage === "undefined" ? null : localStorage;
  } catch {
    return null;
  }
}

type Entry = {
  id: string;
  /** The claim as the user has it, until the server has all of it. */
  wanted: ClaimDraft | null;
  /** `wanted` changed since the last save was prepared from it. */
  isDirty: boolean;
  /** The typing pause running for `wanted`, and when it ends. */
  debounce: { timer: Timer; at: number } | null;
  inflight: Outgoing | null;
  held: FieldIssue[];
  refused: RefusedField[];
  refusal: Refusal | null;
  conflict: Conflict | null;
  retry: (Retry & { timer: Timer | null }) | null;
  rebases: number;
};

type StoredEntry = {
  v: 2;
  id: string;
  base: Base | null;
  wanted: ClaimDraft | null;
  inflight: Outgoing | null;
  conflict: Conflict | null;
  refused: RefusedField[];
};
/** What pages before mutation ids were kept stored. */
type LegacyEntry = { draft: ClaimDraft; baseVersion: number | null };

type ErrorBody = { claim?: ClaimDto; error?: { message?: string; fields?: Record<string, string>; detail?: { current?: ClaimDto } } } | null;

/**
 * The page's one autosave queue: every claim save goes through it, from the
 * keystroke to the server's answer, and the indicator reads its state alone.
 * One request in flight per claim, the latest edit winning.
 *
 * - Typing is sent once it pauses ({@link TYPING_PAUSE_MS}); a pending edit
 *   counts as unsaved, is stored at once, and is sent at once by `flush`
 *   (closing the editor, submitting) or when the page is hidden (`connect`).
 * - A save that got no answer (network, 5xx) is resent with the very same body
 *   and mutation id, with exponential backoff capped at {@link RETRY_MAX_MS};
 *   the server recognises a repeat and answers it instead of applying it twice.
 * - A 4xx is never resent as it was: a 422 naming fields holds those fields
 *   back and saves the rest; any other refusal waits for the user to change
 *   the claim, and says why.
 * - A stale edit (409) is kept beside the server's current version.
 * - Fields that cannot be saved (an empty or non-http source URL…) are held
 *   back and the rest of the claim still saves; the indicator says which.
 * - Unsent edits, with the mutation id of a save already sent and the version
 *   they were made against, are kept in localStorage and resent after a reload.
 *
 * Nothing counts as saved until the server has all of it.
 */
export class ClaimSync {
  private readonly bases = new Map<string, Base>();
  private readonly entries = new Map<string, Entry>();
  /** Claims with a request on the wire (also for an entry discarded while its request was out). */
  private readonly onWire = new Set<string>();
  /** Claims this page has stored edits for: when it rewrites the stored list, it leaves other tabs' entries alone. */
  private readonly owned = new Set<string>();
  private lastSavedAt: number | null = null;
  private idleWaiters: Array<() => void> = [];
  private readonly fetchImpl: typeof fetch;
  private readonly storage: KeyValueStorage | null;
  private readonly now: () => number;
  private readonly random: () => number;

  constructor(
    private readonly articleId: string,
    private readonly listener: Listener,
    options: ClaimSyncOptions = {},
  ) {
    this.fetchImpl = options.fetch ?? ((...args) => fetch(...args));
    this.storage = options.storage !== undefined ? options.storage : defaultStorage();
    this.now = options.now ?? Date.now;
    this.random = options.random ?? Math.random;
    this.userId = options.userId ?? null;
    this.typingPauseMs = options.typingPauseMs ?? TYPING_PAUSE_MS;
  }

  private readonly userId: string | null;
  private readonly typingPauseMs: number;

  private get storageKey() {
    return this.userId === null ? `claimwork:unsent:${this.articleId}` : `claimwork:unsent:${encodeURIComponent(this.userId)}:${this.articleId}`;
  }

  /** Record the server's copies of claims (page load, refetch after a live notice). */
  know(claims: ClaimDto[]) {
    for (const claim of claims) {
      const fresh: Base = { version: claim.version, claim: draftOf(claim) };
      const base = this.bases.get(claim.id);
      if (base && claim.version < base.version) continue;
      const entry = this.entries.get(claim.id);
      // While a save is out, its answer decides. With local edits waiting, a newer version is taken as their base only
      // when it says the same (a review decision moved the version on): otherwise their save is refused as stale and
      // shown beside it, rather than overwriting what someone else wrote.
      if (entry && (entry.inflight || this.onWire.has(claim.id))) continue;
      if (entry && base && !sameContent(base.claim, fresh.claim)) continue;
      this.bases.set(claim.id, fresh);
    }
  }

  /**
   * Take over the edits an earlier page left unsent (reload, crash, outage) and
   * send them: a save already sent goes again with its own mutation id, edits
   * against the version they were made on. Returns the drafts to show.
   */
  restoreUnsent(): ClaimDraft[] {
    const stored = this.readStored();
    const restored: ClaimDraft[] = [];
    for (const item of stored) {
      const known = this.bases.get(item.id);
      const entry = this.entry(item.id);
      this.owned.add(item.id);
      entry.wanted = item.wanted;
      entry.isDirty = item.wanted !== null;
      entry.inflight = item.inflight;
      entry.conflict = item.conflict;
      entry.refused = item.refused;
      let base = item.base;
      // The server moved on without changing what the edit was made against (a review decision): edit the new version.
      if (!item.inflight && base && known && known.version > base.version && sameContent(known.claim, base.claim)) base = known;
      if (base) this.bases.set(item.id, base);
      else this.bases.delete(item.id);
      if (item.wanted) restored.push(item.wanted);
    }
    for (const entry of [...this.entries.values()]) this.pump(entry);
    this.emit();
    return restored;
  }

  /**
   * The user typed: the edit is sent once typing pauses for
   * {@link TYPING_PAUSE_MS} (a save per keystroke would flood the server and
   * the history); each further edit restarts the pause. Stored at once, so a
   * reload in between loses nothing.
   */
  edit(draft: ClaimDraft) {
    this.change(draft, this.typingPauseMs);
  }

  /** The user changed a claim in one step (created it, applied a refused edit): sent at once. */
  save(draft: ClaimDraft) {
    this.change(draft, 0);
  }

  /** Send every edit still waiting out its typing pause (closing the editor, leaving the page, submitting, deleting). */
  flush() {
    for (const entry of this.entries.values()) {
      if (!entry.debounce) continue;
      clearTimeout(entry.debounce.timer);
      entry.debounce = null;
      this.pump(entry);
    }
    this.emit();
  }

  /**
   * Follow the page: edits waiting out their typing pause are sent when it is
   * hidden (closed, navigated away, put in the background), and what waits
   * for a retry is resent as soon as the browser is back online. Returns the
   * function that stops listening.
   */
  connect(page: PageEvents): () => void {
    const flush = () => this.flush();
    const retry = () => this.retryNow();
    page.addEventListener("pagehide", flush);
    page.addEventListener("online", retry);
    return () => {
      page.removeEventListener("pagehide", flush);
      page.removeEventListener("online", retry);
    };
  }

  /** Resend now what waits for a retry (the user pressed "Retry", or the browser came back online). */
  retryNow() {
    for (const entry of this.entries.values()) if (entry.retry) this.resendNow(entry, entry.retry.at === null);
    this.emit();
  }

  /** Drop the local changes of a claim (the server's copy stands; a claim never created disappears). */
  discard(claimId: string) {
    const entry = this.entries.get(claimId);
    if (!entry) return;
    this.clearTimers(entry);
    this.entries.delete(claimId);
    this.persist();
    this.emit();
  }

  /** Forget a refused stale edit (applied by hand, or given up). */
  resolveConflict(claimId: string) {
    const entry = this.entries.get(claimId);
    if (!entry?.conflict) return;
    entry.conflict = null;
    this.settle(entry);
    this.persist();
    this.emit();
  }

  /** The server's copy this page edits against, if it has one. */
  baseOf(claimId: string): ClaimDraft | null {
    return this.bases.get(claimId)?.claim ?? null;
  }

  status(claimId: string): ClaimStatus | null {
    const entry = this.entries.get(claimId);
    return entry ? this.statusOf(entry) : null;
  }

  /** Number of claims with changes the server does not have yet (sent or not). */
  get waiting(): number {
    let n = 0;
    for (const entry of this.entries.values()) if (this.isWaiting(entry)) n++;
    return n;
  }

  /**
   * Resolves once nothing is being sent or about to be, or everything left is
   * stuck (offline, refused, held, stale) until time, the network or the user
   * acts — check `waiting` afterwards to tell.
   */
  whenSettled(): Promise<void> {
    if (this.settled) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  // ---------------------------------------------------------------- internals

  private change(draft: ClaimDraft, delay: number) {
    const entry = this.entry(draft.id);
    this.owned.add(draft.id);
    entry.wanted = draft;
    entry.isDirty = true;
    // The user acted: a refused save may be tried again (they may have fixed it, or signed in again).
    entry.refusal = null;
    entry.rebases = 0;
    if (entry.conflict && refusedChanges(entry.conflict.refused, entry.conflict.base, draft).length === 0) entry.conflict = null;
    if (entry.retry && entry.retry.at === null) this.resendNow(entry, true);
    if (entry.debounce) clearTimeout(entry.debounce.timer);
    entry.debounce = null;
    if (delay > 0) {
      const timer = setTimeout(() => {
        entry.debounce = null;
        this.pump(entry);
        this.emit();
      }, delay);
      entry.debounce = { timer, at: this.now() + delay };
    }
    this.persist();
    this.pump(entry);
    this.emit();
  }

  private entry(id: string): Entry {
    let entry = this.entries.get(id);
    if (!entry) {
      entry = {
        id,
        wanted: null,
        isDirty: false,
        debounce: null,
        inflight: null,
        held: [],
        refused: [],
        refusal: null,
        conflict: null,
        retry: null,
        rebases: 0,
      };
      this.entries.set(id, entry);
    }
    return entry;
  }

  private isWaiting(entry: Entry): boolean {
    return Boolean(entry.wanted || entry.inflight || entry.conflict || entry.refusal || entry.held.length || entry.debounce);
  }

  private isMoving(entry: Entry): boolean {
    if (entry.debounce || this.onWire.has(entry.id)) return true;
    if (entry.inflight) return !entry.retry;
    return entry.isDirty && entry.wanted !== null && !entry.refusal;
  }

  private get settled(): boolean {
    for (const entry of this.entries.values()) if (this.isMoving(entry)) return false;
    return true;
  }

  /** Drop an entry that has nothing left to say. */
  private settle(entry: Entry) {
    if (!this.isWaiting(entry) && !entry.retry && !this.onWire.has(entry.id) && this.entries.get(entry.id) === entry) this.entries.delete(entry.id);
  }

  private clearTimers(entry: Entry) {
    if (entry.debounce) clearTimeout(entry.debounce.timer);
    entry.debounce = null;
    if (entry.retry?.timer) clearTimeout(entry.retry.timer);
    if (entry.retry) entry.retry.timer = null;
  }

  /** The next step for one claim: resend what is out, or prepare and send the latest edit. */
  private pump(entry: Entry) {
    if (this.entries.get(entry.id) !== entry || entry.debounce || this.onWire.has(entry.id)) return;
    if (entry.inflight) {
      if (!entry.retry) void this.send(entry);
      return;
    }
    if (!entry.isDirty || !entry.wanted || entry.refusal) return;
    entry.isDirty = false;
    const base = this.bases.get(entry.id) ?? null;
    const { body, held } = prepareSave(entry.wanted, base?.claim ?? null, entry.refused);
    entry.held = held;
    if (base && sameContent(body, base.claim)) {
      // Nothing the server lacks can be sent: either the user typed back what it has, or only held fields changed.
      if (held.length === 0) entry.wanted = null;
      this.settle(entry);
      this.persist();
      return;
    }
    entry.inflight = { ...body, mutationId: newUuid(), baseVersion: base?.version ?? null };
    this.persist();
    void this.send(entry);
  }

  private async send(entry: Entry): Promise<void> {
    const outgoing = entry.inflight;
    if (!outgoing) return;
    this.onWire.add(entry.id);
    this.emit();
    let response: Response;
    let body: ErrorBody;
    try {
      response = await this.fetchImpl(`/api/claims/${outgoing.id}`, {
        method: "PUT",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(outgoing),
      });
      body = (await response.json().catch(() => null)) as ErrorBody;
    } catch {
      this.onWire.delete(entry.id);
      if (this.entries.get(entry.id) === entry) this.scheduleRetry(entry, "network", null, null, null);
      else this.pumpId(entry.id);
      this.emit();
      return;
    }
    this.onWire.delete(entry.id);
    const status = response.status;

    if (this.entries.get(entry.id) !== entry) {
      // Discarded while out: the answer still tells what the server has.
      if (response.ok && body?.claim) this.saved(body.claim);
      this.pumpId(entry.id);
      this.emit();
      return;
    }
    if (status >= 500 || TRANSIENT_STATUSES.has(status) || (response.ok && !body?.claim)) {
      // No claim in a 2xx: a proxy or portal answered, not the app. Resend like a server error.
      const retryAfter = Number(response.headers.get("retry-after"));
      this.scheduleRetry(
        entry,
        "server",
        status,
        body?.error?.message ?? null,
        Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter * 1000 : null,
      );
      this.emit();
      return;
    }

    entry.inflight = null;
    entry.retry = null;
    const current = body?.error?.detail?.current ?? null;
    if (response.ok && body?.claim) {
      this.saved(body.claim);
      if (!entry.isDirty && entry.held.length === 0) entry.wanted = null;
    } else if ((status === 409 || status === 410) && current) {
      this.stale(entry, outgoing, current, body?.error?.message ?? "This claim was changed elsewhere.");
    } else if (!this.holdRefusedFields(entry, outgoing, status, body)) {
      entry.refusal = { status, message: body?.error?.message ?? `The server refused the save (${status}).` };
    }
    this.persist();
    this.pump(entry);
    this.settle(entry);
    this.emit();
  }

  private pumpId(id: string) {
    const entry = this.entries.get(id);
    if (entry) this.pump(entry);
  }

  private saved(claim: ClaimDto) {
    const base = this.bases.get(claim.id);
    if (!base || claim.version >= base.version) this.bases.set(claim.id, { version: claim.version, claim: draftOf(claim) });
    this.lastSavedAt = this.now();
    this.listener.onSaved(claim);
  }

  /** 409/410 with the current version. */
  private stale(entry: Entry, outgoing: Outgoing, current: ClaimDto, message: string) {
    const before = this.bases.get(entry.id)?.claim ?? null;
    const mine = entry.wanted ?? draftOf(outgoing);
    this.bases.set(entry.id, { version: current.version, claim: draftOf(current) });
    // Only the version moved (a review decision, say): nothing the user could lose, so send the edit again on top of it.
    if (!current.deletedAt && before && sameContent(draftOf(current), before) && entry.rebases < MAX_REBASES) {
      entry.rebases++;
      entry.wanted = mine;
      entry.isDirty = true;
      return;
    }
    entry.conflict = { message, refused: mine, base: before };
    entry.wanted = null;
    entry.isDirty = false;
    entry.held = [];
    entry.refused = [];
    this.listener.onConflict(entry.id, message, current);
  }

  /** A 422 that names claim fields: hold those back and send the rest. False when it cannot (then it is a refusal). */
  private holdRefusedFields(entry: Entry, outgoing: Outgoing, status: number, body: ErrorBody): boolean {
    const fields = Object.entries(body?.error?.fields ?? {});
    if (status !== 422 || fields.length === 0 || !fields.every(([path]) => isHoldable(path))) return false;
    const fresh = fields
      .map(([path, message]) => refusedField(outgoing, path, message))
      .filter((r) => !entry.refused.some((known) => known.at === r.at && known.value === r.value));
    // Refused again for what was already held back: the server wants something else; stop rather than loop.
    if (fresh.length === 0) return false;
    entry.refused.push(...fresh);
    entry.wanted ??= draftOf(outgoing);
    entry.isDirty = true;
    return true;
  }

  private scheduleRetry(entry: Entry, reason: Retry["reason"], status: number | null, message: string | null, retryAfterMs: number | null) {
    const attempt = (entry.retry?.attempt ?? 0) + 1;
    if (entry.retry?.timer) clearTimeout(entry.retry.timer);
    const isTransient = reason === "network" || (status !== null && TRANSIENT_STATUSES.has(status));
    if (!isTransient && attempt >= MAX_SERVER_ERROR_ATTEMPTS) {
      entry.retry = { reason, status, message, attempt, at: null, timer: null };
      this.persist();
      return;
    }
    const exponential = Math.min(RETRY_MAX_MS, RETRY_BASE_MS * 2 ** (attempt - 1));
    // ±20 % so a desk of browsers that lost the server together do not come back in step.
    const jittered = exponential * (0.8 + 0.4 * this.random());
    const delay = Math.round(Math.min(RETRY_MAX_MS, Math.max(jittered, retryAfterMs ?? 0)));
    const timer = setTimeout(() => {
      if (entry.retry) entry.retry.timer = null;
      void this.send(entry);
    }, delay);
    entry.retry = { reason, status, message, attempt, at: this.now() + delay, timer };
    this.persist();
  }

  private resendNow(entry: Entry, resetAttempts: boolean) {
    if (!entry.retry) return;
    if (entry.retry.timer) clearTimeout(entry.retry.timer);
    entry.retry.timer = null;
    if (resetAttempts) entry.retry.attempt = 0;
    entry.retry.at = this.now();
    if (!this.onWire.has(entry.id)) void this.send(entry);
  }

  private phaseOf(entry: Entry): { phase: SavePhase; dueAt: number | null } {
    if (this.onWire.has(entry.id)) return { phase: "sending", dueAt: null };
    // A resend comes before a newer edit's pause: the save that is out may have landed, and the edit goes behind it.
    if (entry.retry && entry.retry.at !== null) return { phase: "scheduled", dueAt: entry.retry.at };
    if (entry.debounce) return { phase: "pending", dueAt: entry.debounce.at };
    return { phase: "waiting", dueAt: null };
  }

  private statusOf(entry: Entry): ClaimStatus {
    const { retry } = entry;
    return {
      id: entry.id,
      ...this.phaseOf(entry),
      isWaiting: this.isWaiting(entry),
      held: entry.held,
      refusal: entry.refusal,
      conflict: entry.conflict,
      retry: retry ? { reason: retry.reason, status: retry.status, message: retry.message, attempt: retry.attempt, at: retry.at } : null,
    };
  }

  private state(statuses: ClaimStatus[]): SyncState {
    const waiting = statuses.filter((s) => s.isWaiting);
    if (waiting.length === 0) return this.lastSavedAt === null ? { kind: "idle" } : { kind: "saved", at: this.lastSavedAt };
    const n = waiting.length;
    const times = waiting.map((s) => s.retry?.at).filter((at): at is number => typeof at === "number");
    const retryAt = times.length ? Math.min(...times) : null;
    const conflict = waiting.find((s) => s.conflict);
    if (conflict?.conflict) return { kind: "failed", waiting: n, retryAt, status: 409, message: conflict.conflict.message, canRetry: false };
    const refused = waiting.find((s) => s.refusal);
    if (refused?.refusal)
      return { kind: "failed", waiting: n, retryAt, status: refused.refusal.status, message: refused.refusal.message, canRetry: false };
    const stalled = waiting.find((s) => s.retry && s.retry.at === null);
    if (stalled?.retry) {
      return { kind: "failed", waiting: n, retryAt, status: stalled.retry.status, message: stalled.retry.message ?? "", canRetry: true };
    }
    const held = waiting.flatMap((s) => s.held.map((issue) => issue.field));
    if (held.length) return { kind: "held", waiting: n, retryAt, fields: [...new Set(held)] };
    const server = waiting.find((s) => s.retry?.reason === "server");
    if (server?.retry) return { kind: "retrying", waiting: n, retryAt, status: server.retry.status, message: server.retry.message };
    if (waiting.some((s) => s.retry)) return { kind: "offline", waiting: n, retryAt };
    return { kind: "saving", waiting: n, retryAt };
  }

  private emit() {
    if (this.settled) {
      const waiters = this.idleWaiters;
      this.idleWaiters = [];
      for (const resolve of waiters) resolve();
    }
    const statuses = new Map<string, ClaimStatus>();
    for (const entry of this.entries.values()) statuses.set(entry.id, this.statusOf(entry));
    this.listener.onState(this.state([...statuses.values()]), statuses);
  }

  private readStored(): StoredEntry[] {
    try {
      const raw = this.storage?.getItem(this.storageKey);
      if (!raw) return [];
      const parsed = JSON.parse(raw) as Array<StoredEntry | LegacyEntry>;
      if (!Array.isArray(parsed)) return [];
      return parsed.flatMap((item): StoredEntry[] => {
        if ("v" in item && item.v === 2) return [withCurrentFields(item)];
        if ("draft" in item && item.draft) {
          const known = this.bases.get(item.draft.id);
          const base = item.baseVersion === null || !known ? null : { version: item.baseVersion, claim: known.claim };
          return [withCurrentFields({ v: 2, id: item.draft.id, base, wanted: item.draft, inflight: null, conflict: null, refused: [] })];
        }
        return [];
      });
    } catch {
      return [];
    }
  }

  private persist() {
    if (!this.storage) return;
    try {
      // Other tabs on this article keep their own entries in the same list: rewrite only ours.
      const others = this.readStored().filter((item) => !this.owned.has(item.id));
      const mine: StoredEntry[] = [];
      for (const entry of this.entries.values()) {
        if (!entry.wanted && !entry.inflight && !entry.conflict) continue;
        mine.push({
          v: 2,
          id: entry.id,
          base: this.bases.get(entry.id) ?? null,
          wanted: entry.wanted,
          inflight: entry.inflight,
          conflict: entry.conflict,
          refused: entry.refused,
        });
      }
      const all = [...others, ...mine];
      if (all.length) this.storage.setItem(this.storageKey, JSON.stringify(all));
      else this.storage.removeItem(this.storageKey);
    } catch {
      // storage full or disabled: saving still works while the page is open
    }
  }
}

/**
 * A stored entry with every draft in it read through draftOf, so a field the
 * page did not have when the entry was stored gets its default and compares
 * equal to the server's copy (a new field must not make an old edit look
 * changed, or conflict with a newer version for nothing).
 */
function withCurrentFields(entry: StoredEntry): StoredEntry {
  return {
    ...entry,
    base: entry.base && { ...entry.base, claim: draftOf(entry.base.claim) },
    wanted: entry.wanted && draftOf(entry.wanted),
    inflight: entry.inflight && { ...entry.inflight, ...draftOf(entry.inflight) },
    conflict: entry.conflict && {
      ...entry.conflict,
      refused: draftOf(entry.conflict.refused),
      base: entry.conflict.base && draftOf(entry.conflict.base),
    },
  };
}
