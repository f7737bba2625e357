import type { ClaimDto, ClaimFields, ClaimTarget } from "../claim-schema";

/** What the editor wants a claim to be; the sync adds ids and versions. */
export type ClaimDraft = ClaimFields & { id: string; articleId: string; target: ClaimTarget };

export type SyncState =
  | { kind: "idle" }
  | { kind: "saving"; waiting: number }
  | { kind: "saved"; at: number }
  | { kind: "offline"; waiting: number }
  | { kind: "failed"; message: string; waiting: number };

type Outgoing = ClaimDraft & { mutationId: string; baseVersion: number | null };

type Listener = {
  onSaved(claim: ClaimDto): void;
  onConflict(claimId: string, message: string, current: ClaimDto | null): void;
  onRejected(claimId: string, message: string): void;
  onState(state: SyncState): void;
};

const RETRY_DELAYS_MS = [500, 1_000, 2_000, 5_000, 10_000];

/**
 * Sends claim saves to the server, one request in flight per claim, the latest
 * draft winning. A request that fails on the network is retried with the very
 * same body (same mutation id), so a save that did reach the server is never
 * applied twice; unsent drafts are kept in localStorage and resent after a
 * reload, so an outage loses nothing.
 */
export class ClaimSync {
  private readonly versions = new Map<string, number | null>();
  private readonly pending = new Map<string, ClaimDraft>();
  private readonly inflight = new Map<string, Outgoing>();
  private retry = 0;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private lastError: string | null = null;
  private isOffline = false;

  constructor(
    private readonly articleId: string,
    private readonly listener: Listener,
    private readonly fetchImpl: typeof fetch = (...args) => fetch(...args),
  ) {}

  private get storageKey() {
    return `claimwork:unsent:${this.articleId}`;
  }

  /** Record the server's version of claims already loaded. */
  know(claims: ClaimDto[]) {
    for (const c of claims) this.versions.set(c.id, c.version);
  }

  /** Resend drafts left unsent by an earlier page (crash, reload, outage). */
  restoreUnsent(): ClaimDraft[] {
    try {
      const raw = localStorage.getItem(this.storageKey);
      if (!raw) return [];
      const saved = JSON.parse(raw) as Array<{ draft: ClaimDraft; baseVersion: number | null; mutationId?: string }>;
      for (const entry of saved) {
        if (!this.versions.has(entry.draft.id)) this.versions.set(entry.draft.id, entry.baseVersion);
        this.pending.set(entry.draft.id, entry.draft);
      }
      this.flushSoon(0);
      return saved.map((s) => s.draft);
    } catch {
      return [];
    }
  }

  save(draft: ClaimDraft) {
    this.pending.set(draft.id, draft);
    this.persist();
    // Say "saving" now, not when the flush runs: until then the indicator would still read "Saved"
    // from the previous save while this change is unsent.
    this.emitState();
    this.flushSoon(0);
  }

  /** Number of saves not yet confirmed by the server. */
  get waiting(): number {
    const ids = new Set([...this.pending.keys(), ...this.inflight.keys()]);
    return ids.size;
  }

  private persist() {
    try {
      const entries = [...new Set([...this.inflight.keys(), ...this.pending.keys()])].map((id) => ({
        draft: this.pending.get(id) ?? this.inflight.get(id)!,
        baseVersion: this.versions.get(id) ?? null,
      }));
      if (entries.length) localStorage.setItem(this.storageKey, JSON.stringify(entries));
      else localStorage.removeItem(this.storageKey);
    } catch {
      // storage full or disabled: saving still works while the page is open
    }
  }

  private flushSoon(delay: number) {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.flush();
    }, delay);
  }

  private idleWaiters: Array<() => void> = [];

  /**
   * Resolves once nothing is queued or in flight, or once the queue is stuck
   * (offline, or a save was refused) — check `waiting` afterwards to tell.
   */
  whenSettled(): Promise<void> {
    if (this.settled) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** Nothing queued or in flight, or nothing that can go out until the user or the network acts. */
  private get settled(): boolean {
    return this.waiting === 0 || this.isOffline || Boolean(this.lastError);
  }

  private emitState() {
    const waiting = this.waiting;
    if (this.settled) {
      const waiters = this.idleWaiters;
      this.idleWaiters = [];
      for (const resolve of waiters) resolve();
    }
    if (this.lastError) this.listener.onState({ kind: "failed", message: this.lastError, waiting });
    else if (this.isOffline) this.listener.onState({ kind: "offline", waiting });
    else if (waiting > 0) this.listener.onState({ kind: "saving", waiting });
    else this.listener.onState({ kind: "saved", at: Date.now() });
  }

  private async flush() {
    const sends: Array<Promise<void>> = [];
    for (const [id, draft] of this.pending) {
      if (this.inflight.has(id)) continue;
      this.pending.delete(id);
      const outgoing: Outgoing = { ...draft, mutationId: crypto.randomUUID(), baseVersion: this.versions.get(id) ?? null };
      this.inflight.set(id, outgoing);
      sends.push(this.send(outgoing));
    }
    this.emitState();
    await Promise.all(sends);
  }

  private async send(outgoing: Outgoing): Promise<void> {
    let response: Response;
    try {
      response = await this.fetchImpl(`/api/claims/${outgoing.id}`, {
        method: "PUT",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(outgoing),
      });
    } catch {
      return this.retryLater(outgoing);
    }
    if (response.status >= 500 || response.status === 408 || response.status === 429) return this.retryLater(outgoing);
    const body = (await response.json().catch(() => null)) as
      | { claim?: ClaimDto; error?: { message?: string; detail?: { current?: ClaimDto } } }
      | null;
    this.inflight.delete(outgoing.id);
    this.isOffline = false;
    this.retry = 0;
    if (response.ok && body?.claim) {
      this.versions.set(outgoing.id, body.claim.version);
      this.lastError = null;
      this.listener.onSaved(body.claim);
    } else if (response.status === 409 || response.status === 410) {
      const current = body?.error?.detail?.current ?? null;
      if (current) this.versions.set(outgoing.id, current.version);
      this.pending.delete(outgoing.id);
      this.listener.onConflict(outgoing.id, body?.error?.message ?? "This claim was changed elsewhere.", current);
    } else {
      const message = body?.error?.message ?? `The server refused the save (${response.status}).`;
      this.pending.delete(outgoing.id);
      this.lastError = message;
      this.listener.onRejected(outgoing.id, message);
    }
    this.persist();
    if (this.pending.size) this.flushSoon(0);
    this.emitState();
  }

  private retryLater(outgoing: Outgoing) {
    this.isOffline = true;
    this.persist();
    this.emitState();
    const delay = RETRY_DELAYS_MS[Math.min(this.retry, RETRY_DELAYS_MS.length - 1)] ?? 10_000;
    this.retry++;
    setTimeout(() => void this.send(outgoing), delay);
  }

  /** Forget a local draft whose server copy was taken instead (after a conflict). */
  adopt(current: ClaimDto) {
    this.pending.delete(current.id);
    this.versions.set(current.id, current.version);
    this.persist();
    this.emitState();
  }

  clearError() {
    this.lastError = null;
    this.emitState();
  }
}
