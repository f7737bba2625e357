import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { fakeServer, json, memoryStorage, type Step } from "@/test-support/fake-claim-server";
import { claimSaveFor, sourceInput } from "@/test-support/fixtures";
import type { ClaimDto } from "../claim-schema";
import { type ClaimDraft, type ClaimStatus, ClaimSync, MAX_SERVER_ERROR_ATTEMPTS, RETRY_MAX_MS, type SyncState, TYPING_PAUSE_MS } from "./claim-sync";

/**
 * The autosave queue against a stand-in server that keeps claims the way
 * server/claims.ts does (client ids, versions, the last mutation id answered
 * again, 409 with the current claim on a stale base, 422 naming fields) and
 * can be told to fail. The real server is tested against real databases in
 * server/claims.test.ts and end to end. Time is fake: no test sleeps.
 */

const ARTICLE = "00000000-0000-4000-8000-0000000000a1";

function draft(id: string, overrides: Partial<ClaimDraft> = {}): ClaimDraft {
  const { mutationId: _mutationId, baseVersion: _baseVersion, ...fields } = claimSaveFor(ARTICLE, "Text hier", "Text", { id, claimType: null });
  return { ...fields, ...overrides };
}

type Server = ReturnType<typeof fakeServer>;

function page(server: Server, storage = memoryStorage()) {
  const states: SyncState[] = [];
  let statuses: ReadonlyMap<string, ClaimStatus> = new Map();
  const saved: ClaimDto[] = [];
  const conflicts: Array<{ id: string; message: string; current: ClaimDto | null }> = [];
  const sync = new ClaimSync(
    "article",
    {
      onSaved: (c) => saved.push(c),
      onConflict: (id, message, current) => conflicts.push({ id, message, current }),
      onState: (s, claims) => {
        states.push(s);
        statuses = claims;
      },
    },
    { fetch: server.fetchImpl, storage, random: () => 0.5 },
  );
  return {
    sync,
    storage,
    states,
    saved,
    conflicts,
    state: () => states.at(-1),
    status: (id: string) => statuses.get(id),
  };
}

/** Let pending promises (fetch answers) run without moving the clock. */
const settle = () => vi.advanceTimersByTimeAsync(0);

const ID = "00000000-0000-4000-8000-0000000000c1";

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe("ClaimSync: the indicator", () => {
  it("reads 'saving' the moment a change is queued, even right after a save completed", async () => {
    const server = fakeServer();
    const p = page(server);
    p.sync.save(draft(ID));
    expect(p.state()).toMatchObject({ kind: "saving", waiting: 1 });
    await settle();
    expect(p.state()?.kind).toBe("saved");

    // The edit that follows the create: no request has gone out yet, and the indicator must already say so.
    p.sync.edit(draft(ID, { claimType: "event" }));
    expect(p.state()).toMatchObject({ kind: "saving", waiting: 1 });
    await vi.advanceTimersByTimeAsync(599);
    expect(server.requests).toHaveLength(1);
    expect(p.state()?.kind).toBe("saving");
    await vi.advanceTimersByTimeAsync(1);
    expect(server.requests[1]).toMatchObject({ claimType: "event", baseVersion: 1 });
    expect(p.state()?.kind).toBe("saved");
    expect(p.sync.waiting).toBe(0);
  });

  it("sends one save for a burst of typing, and keeps every keystroke stored meanwhile", async () => {
    const server = fakeServer();
    const p = page(server);
    p.sync.save(draft(ID));
    await settle();
    for (const speaker of ["R", "Re", "Reu", "Reuters"]) {
      p.sync.edit(draft(ID, { speaker }));
      await vi.advanceTimersByTimeAsync(200);
    }
    expect(p.storage.map.get("claimwork:unsent:article")).toContain('"speaker":"Reuters"');
    await vi.advanceTimersByTimeAsync(600);
    expect(server.requests.map((r) => r.speaker)).toEqual(["", "Reuters"]);
    expect(p.storage.map.has("claimwork:unsent:article")).toBe(false);
  });

  it("reads an edit stored before a field existed with that field's default, so it is not taken for a change", () => {
    const storage = memoryStorage();
    const { language: _language, ...older } = draft(ID, { speaker: "Reuters" });
    const entry = { v: 2, id: ID, base: { version: 1, claim: older }, wanted: older, inflight: null, conflict: null, refused: [] };
    storage.setItem("claimwork:unsent:article", JSON.stringify([entry]));
    const p = page(fakeServer(), storage);
    const [restored] = p.sync.restoreUnsent();
    expect(restored).toMatchObject({ speaker: "Reuters", language: null });
  });

  it("keeps stored edits per user: another user's page on the same browser does not resend them", async () => {
    const server = fakeServer();
    const storage = memoryStorage();
    const listener = { onSaved: () => {}, onConflict: () => {}, onState: () => {} };
    const ana = new ClaimSync("article", listener, { fetch: server.fetchImpl, storage, userId: "user-ana", random: () => 0.5 });
    ana.edit(draft(ID, { speaker: "Ana's" }));
    expect([...storage.map.keys()]).toEqual(["claimwork:unsent:user-ana:article"]);
    const ben = new ClaimSync("article", listener, { fetch: server.fetchImpl, storage, userId: "user-ben", random: () => 0.5 });
    expect(ben.restoreUnsent()).toEqual([]);
  });

  it("flush sends waiting edits at once; whenSettled waits for them", async () => {
    const server = fakeServer();
    const p = page(server);
    await p.sync.whenSettled(); // nothing queued: at once
    p.sync.edit(draft(ID, { speaker: "a" }));
    let isSettled = false;
    const waiting = p.sync.whenSettled().then(() => (isSettled = true));
    await settle();
    expect(isSettled).toBe(false);
    p.sync.flush();
    await waiting;
    expect(server.requests).toHaveLength(1);
    expect(p.sync.waiting).toBe(0);
  });
});

describe("ClaimSync: one queue from keystroke to answer", () => {
  it("coalesces a burst of edits into one save, sent one typing pause after the last keystroke and within a second", async () => {
    expect(TYPING_PAUSE_MS).toBeLessThan(1_000);
    const server = fakeServer();
    const p = page(server);
    p.sync.save(draft(ID));
    await settle();
    const typedAt = Date.now();
    p.sync.edit(draft(ID, { speaker: "D" }));
    expect(p.status(ID)).toMatchObject({ phase: "pending", dueAt: typedAt + TYPING_PAUSE_MS, isWaiting: true });
    await vi.advanceTimersByTimeAsync(TYPING_PAUSE_MS - 100);
    // Each keystroke restarts the pause.
    p.sync.edit(draft(ID, { speaker: "De" }));
    p.sync.edit(draft(ID, { speaker: "Destatis" }));
    expect(p.status(ID)).toMatchObject({ phase: "pending", dueAt: Date.now() + TYPING_PAUSE_MS });
    await vi.advanceTimersByTimeAsync(TYPING_PAUSE_MS - 1);
    expect(server.requests).toHaveLength(1);
    expect(p.state()?.kind).toBe("saving");
    await vi.advanceTimersByTimeAsync(1);
    expect(server.requests.map((r) => r.speaker)).toEqual(["", "Destatis"]);
    expect(server.requests[1]).toMatchObject({ baseVersion: 1 });
    expect(p.status(ID)).toBeUndefined();
    expect(p.state()?.kind).toBe("saved");
  });

  it("edits typed while a save is on the wire wait behind it and go out as one save against its answer", async () => {
    const server = fakeServer();
    // The create's request hangs until the test lets it through.
    let release: () => void = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    const gated = (async (url: string, init?: RequestInit) => {
      if (server.requests.length === 0) await held;
      return server.fetchImpl(url, init);
    }) as typeof fetch;
    const sync = new ClaimSync("article", { onSaved: () => {}, onConflict: () => {}, onState: () => {} }, { fetch: gated, storage: null });
    sync.save(draft(ID));
    await settle();
    expect(sync.status(ID)).toMatchObject({ phase: "sending" });
    sync.edit(draft(ID, { speaker: "a" }));
    sync.edit(draft(ID, { speaker: "ab" }));
    await vi.advanceTimersByTimeAsync(TYPING_PAUSE_MS * 3);
    // The pause is over, but the create is still out: nothing else is sent yet, and the claim still reads as sending.
    expect(server.requests).toHaveLength(0);
    expect(sync.status(ID)?.phase).toBe("sending");
    release();
    await settle();
    expect(server.requests.map((r) => [r.speaker, r.baseVersion])).toEqual([
      ["", null],
      ["ab", 1],
    ]);
    expect(sync.waiting).toBe(0);
  });

  it("names each claim's phase: pending, sending, scheduled (with the resend time), waiting (refused, stalled)", async () => {
    const server = fakeServer();
    const p = page(server);
    const phases: string[] = [];
    const other = "00000000-0000-4000-8000-0000000000c2";
    server.script.push("network");
    p.sync.save(draft(ID));
    phases.push(p.sync.status(ID)!.phase);
    await settle();
    expect(p.status(ID)).toMatchObject({ phase: "scheduled", dueAt: Date.now() + 1_000 });
    expect(p.state()).toMatchObject({ kind: "offline", waiting: 1, retryAt: Date.now() + 1_000 });
    await vi.advanceTimersByTimeAsync(1_000);
    expect(p.status(ID)).toBeUndefined();

    server.script.push(403);
    p.sync.save(draft(other));
    await settle();
    expect(p.status(other)).toMatchObject({ phase: "waiting", dueAt: null, refusal: { status: 403 } });

    server.script.push(...Array<Step>(MAX_SERVER_ERROR_ATTEMPTS).fill(500));
    p.sync.edit(draft(ID, { speaker: "x" }));
    phases.push(p.sync.status(ID)!.phase);
    await vi.advanceTimersByTimeAsync(10 * 60_000);
    expect(p.status(ID)).toMatchObject({ phase: "waiting", dueAt: null, retry: { status: 500, at: null } });
    expect(phases).toEqual(["sending", "pending"]);
  });

  it("flush sends an edit waiting out its pause at once, and only that: nothing is sent twice when the pause would have ended", async () => {
    const server = fakeServer();
    const p = page(server);
    p.sync.save(draft(ID));
    await settle();
    p.sync.edit(draft(ID, { speaker: "closing the editor" }));
    p.sync.flush();
    expect(p.status(ID)?.phase).toBe("sending");
    await settle();
    expect(server.requests).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(TYPING_PAUSE_MS * 2);
    expect(server.requests).toHaveLength(2);
    expect(p.state()?.kind).toBe("saved");
  });

  it("follows the page: pagehide sends pending edits, online resends what waits for a retry, and the returned function stops both", async () => {
    const server = fakeServer();
    const p = page(server);
    const window = new EventTarget();
    const disconnect = p.sync.connect(window);

    p.sync.save(draft(ID));
    await settle();
    p.sync.edit(draft(ID, { speaker: "typed before leaving" }));
    window.dispatchEvent(new Event("pagehide"));
    await settle();
    expect(server.requests.at(-1)).toMatchObject({ speaker: "typed before leaving" });

    // Offline: the next resend would be 1 s away; the browser says it is back online before that.
    server.script.push("network");
    p.sync.save(draft(ID, { speaker: "sent offline" }));
    await settle();
    expect(p.state()).toMatchObject({ kind: "offline", waiting: 1 });
    const lost = server.requests.at(-1)!;
    window.dispatchEvent(new Event("online"));
    await settle();
    expect(server.requests.at(-1)).toMatchObject({ mutationId: lost.mutationId, speaker: "sent offline" });
    expect(p.state()?.kind).toBe("saved");

    disconnect();
    p.sync.edit(draft(ID, { speaker: "after disconnect" }));
    const before = server.requests.length;
    window.dispatchEvent(new Event("pagehide"));
    await settle();
    expect(server.requests).toHaveLength(before);
    await vi.advanceTimersByTimeAsync(TYPING_PAUSE_MS);
    expect(server.requests).toHaveLength(before + 1);
  });

  it("Retry now after an outage resends at once with the same mutation id, then the edit typed meanwhile", async () => {
    const server = fakeServer();
    const p = page(server);
    p.sync.save(draft(ID));
    await settle();
    server.script.push("network", "network");
    p.sync.save(draft(ID, { speaker: "during the outage" }));
    await vi.advanceTimersByTimeAsync(1_000);
    expect(p.state()).toMatchObject({ kind: "offline", waiting: 1, retryAt: Date.now() + 2_000 });
    p.sync.edit(draft(ID, { speaker: "during the outage", rationale: "more" }));
    await vi.advanceTimersByTimeAsync(TYPING_PAUSE_MS);
    // The pause ended while the earlier save waits for its resend: the edit stays behind it, and the claim reads as scheduled.
    expect(p.status(ID)).toMatchObject({ phase: "scheduled" });
    expect(server.requests).toHaveLength(3);
    p.sync.retryNow();
    await settle();
    const [resend, next] = server.requests.slice(3);
    expect(resend).toMatchObject({ mutationId: server.requests[1]!.mutationId, baseVersion: 1, speaker: "during the outage" });
    expect(next).toMatchObject({ baseVersion: 2, rationale: "more" });
    expect(p.state()?.kind).toBe("saved");
  });

  it("a 4xx waits for the next edit, also when that edit is only typed (the typing pause applies)", async () => {
    const server = fakeServer();
    const p = page(server);
    server.script.push(401);
    p.sync.save(draft(ID));
    await vi.advanceTimersByTimeAsync(60_000);
    expect(server.requests).toHaveLength(1);
    expect(p.status(ID)?.phase).toBe("waiting");
    p.sync.edit(draft(ID, { speaker: "signed in again" }));
    // The refusal is lifted by the edit; the indicator says saving, not failed, while the pause runs.
    expect(p.state()).toMatchObject({ kind: "saving", waiting: 1 });
    await vi.advanceTimersByTimeAsync(TYPING_PAUSE_MS);
    expect(server.requests).toHaveLength(2);
    expect(server.requests[1]).toMatchObject({ speaker: "signed in again", baseVersion: null });
    expect(p.state()?.kind).toBe("saved");
  });

  it("a pending edit is stored at once: a reload during the pause sends it (with the version it was made against)", async () => {
    const server = fakeServer();
    const storage = memoryStorage();
    const tab = page(server, storage);
    tab.sync.save(draft(ID));
    await settle();
    tab.sync.edit(draft(ID, { speaker: "typed, then reload" }));

    const reloaded = page(server, storage);
    reloaded.sync.know(server.claims());
    expect(reloaded.sync.restoreUnsent()).toMatchObject([{ speaker: "typed, then reload" }]);
    await settle();
    expect(server.requests.at(-1)).toMatchObject({ speaker: "typed, then reload", baseVersion: 1 });
    expect(reloaded.state()?.kind).toBe("saved");
    expect(storage.map.size).toBe(0);
  });
});

describe("ClaimSync: fields that cannot be saved", () => {
  it("an empty source URL is held back, the rest still saves, and the indicator never says Saved", async () => {
    const server = fakeServer();
    const p = page(server);
    p.sync.save(draft(ID));
    await settle();
    const source = sourceInput({ url: "" });
    p.sync.save(draft(ID, { sources: [source] }));
    await settle();
    // Nothing new to send (only the unsaveable source changed): no request, and not "Saved".
    expect(server.requests).toHaveLength(1);
    expect(p.state()).toMatchObject({ kind: "held", fields: ["Source 1 URL"], waiting: 1 });
    expect(p.status(ID)?.held).toEqual([expect.objectContaining({ path: "sources.0.url", message: "Source 1: URL is missing" })]);

    // The rationale typed next is saved, without the source.
    p.sync.save(draft(ID, { sources: [source], rationale: "Destatis says so" }));
    await settle();
    expect(server.requests).toHaveLength(2);
    expect(server.requests[1]).toMatchObject({ rationale: "Destatis says so", sources: [] });
    expect(server.stored.get(ID)?.claim.rationale).toBe("Destatis says so");
    expect(p.state()).toMatchObject({ kind: "held", fields: ["Source 1 URL"] });

    p.sync.save(draft(ID, { sources: [{ ...source, url: "ftp://x" }], rationale: "Destatis says so" }));
    await settle();
    expect(p.status(ID)?.held[0]?.message).toBe("Source 1: URL must start with http:// or https://");

    // Fixed: the source goes out and now it is saved.
    p.sync.save(draft(ID, { sources: [{ ...source, url: "https://destatis.example/pm" }], rationale: "Destatis says so" }));
    await settle();
    expect(server.stored.get(ID)?.claim.sources).toMatchObject([{ id: source.id, url: "https://destatis.example/pm" }]);
    expect(p.state()?.kind).toBe("saved");
    expect(p.sync.waiting).toBe(0);
  });

  it("a saved source whose URL becomes invalid keeps its saved copy on the server (not deleted) while the rest saves", async () => {
    const server = fakeServer();
    const p = page(server);
    const first = sourceInput({ url: "https://a.example/1", title: "A" });
    const second = sourceInput({ url: "https://b.example/2", title: "B" });
    p.sync.save(draft(ID, { sources: [first, second] }));
    await settle();
    p.sync.save(draft(ID, { sources: [first, { ...second, url: "b.example/2", title: "B2" }], speaker: "Reuters" }));
    await settle();
    expect(server.requests[1]).toMatchObject({
      speaker: "Reuters",
      sources: [{ id: first.id }, { id: second.id, url: "https://b.example/2", title: "B" }],
    });
    expect(p.state()).toMatchObject({ kind: "held", fields: ["Source 2 URL"] });
  });

  it("maps a 422's field errors onto the fields, holds them back and saves the rest; a changed value is tried again", async () => {
    const server = fakeServer();
    const p = page(server);
    p.sync.save(draft(ID));
    await settle();
    const a = sourceInput({ title: "fine" });
    const b = sourceInput({ title: "bad title" });
    // The server refuses something the editor does not check (as it might for a new rule).
    server.script.push((save) =>
      save.sources[1]?.title === "bad title"
        ? json(422, { error: { code: "unprocessable:validation", message: "Invalid input", fields: { "sources.1.title": "is not allowed here" } } })
        : null,
    );
    p.sync.save(draft(ID, { sources: [a, b], speaker: "Agency" }));
    await settle();
    expect(server.requests).toHaveLength(3);
    expect(server.requests[2]).toMatchObject({ speaker: "Agency", sources: [{ id: a.id }] });
    expect(p.status(ID)?.held).toEqual([
      {
        path: "sources.1.title",
        field: "Source 2 Title",
        message: "Source 2: Title is not allowed here",
        from: "server",
        // Where and what, for the editor to word in the interface's language (lib/client/claim-fields.ts).
        place: { source: 2, field: "title" },
        problem: { key: "said", text: "is not allowed here" },
      },
    ]);
    expect(p.state()).toMatchObject({ kind: "held", fields: ["Source 2 Title"] });

    // Removing the first source renumbers the refused one: it is still marked, as Source 1 now.
    p.sync.save(draft(ID, { sources: [b], speaker: "Agency" }));
    await settle();
    expect(p.status(ID)?.held[0]?.message).toBe("Source 1: Title is not allowed here");

    p.sync.save(draft(ID, { sources: [{ ...b, title: "good title" }], speaker: "Agency" }));
    await settle();
    expect(server.stored.get(ID)?.claim.sources).toMatchObject([{ id: b.id, title: "good title" }]);
    expect(p.state()?.kind).toBe("saved");
  });

  it("a 422 about the save itself (not a field the editor can hold) is a refusal, shown and not resent", async () => {
    const server = fakeServer();
    const p = page(server);
    server.script.push(() =>
      json(422, {
        error: {
          code: "unprocessable:target",
          message: "The quote does not match the article at these offsets.",
          fields: { "target.exact": "does not match" },
        },
      }),
    );
    p.sync.save(draft(ID));
    await vi.advanceTimersByTimeAsync(10 * 60_000);
    expect(server.requests).toHaveLength(1);
    expect(p.state()).toMatchObject({
      kind: "failed",
      status: 422,
      message: "The quote does not match the article at these offsets.",
      canRetry: false,
    });
    expect(p.status(ID)?.refusal).toEqual({ status: 422, message: "The quote does not match the article at these offsets." });
  });
});

describe("ClaimSync: retry policy", () => {
  it.each([400, 401, 403, 404, 413, 415, 422])(
    "never resends a %i, says why, and tries again only after the user changes the claim",
    async (status) => {
      const server = fakeServer();
      const p = page(server);
      server.script.push(status);
      p.sync.save(draft(ID));
      await vi.advanceTimersByTimeAsync(10 * 60_000);
      expect(server.requests).toHaveLength(1);
      expect(p.state()).toMatchObject({ kind: "failed", status, message: `server says ${status}`, waiting: 1 });
      // Not "Offline — 1 waiting" forever: settled, so a submit can tell the user.
      await p.sync.whenSettled();

      p.sync.save(draft(ID, { speaker: "fixed" }));
      await settle();
      expect(server.requests).toHaveLength(2);
      expect(p.state()?.kind).toBe("saved");
    },
  );

  it("resends a 503 with the same body and mutation id, backing off exponentially up to the cap", async () => {
    const server = fakeServer();
    const p = page(server);
    server.script.push(503, 503, 503, 503, 503, 503, 503, 503);
    p.sync.save(draft(ID));
    await settle();
    const sentAt: number[] = [Date.now()];
    while (server.requests.length < 9) {
      const before = server.requests.length;
      const state = p.state();
      expect(state).toMatchObject({ kind: "retrying", status: 503, message: "server says 503", waiting: 1 });
      await vi.advanceTimersByTimeAsync((state as { retryAt: number }).retryAt - Date.now());
      expect(server.requests.length).toBe(before + 1);
      sentAt.push(Date.now());
    }
    const gaps = sentAt.slice(1).map((t, i) => t - sentAt[i]!);
    expect(gaps).toEqual([1_000, 2_000, 4_000, 8_000, 16_000, RETRY_MAX_MS, RETRY_MAX_MS, RETRY_MAX_MS]);
    expect(new Set(server.requests.map((r) => r.mutationId)).size).toBe(1);
    expect(p.state()?.kind).toBe("saved");
  });

  it("jitters each delay by at most ±20 % and never beyond the cap", async () => {
    const server = fakeServer();
    const states: SyncState[] = [];
    const sync = new ClaimSync(
      "article",
      { onSaved: () => {}, onConflict: () => {}, onState: (s) => states.push(s) },
      { fetch: server.fetchImpl, storage: null, random: () => 0.999 },
    );
    server.script.push(...Array<Step>(8).fill(503));
    sync.save(draft(ID));
    await settle();
    const gaps: number[] = [];
    for (let i = 0; i < 8; i++) {
      const delay = (states.at(-1) as { retryAt: number }).retryAt - Date.now();
      gaps.push(delay);
      await vi.advanceTimersByTimeAsync(delay);
    }
    gaps.forEach((gap, i) => {
      const exponential = Math.min(RETRY_MAX_MS, 1_000 * 2 ** i);
      expect(gap).toBeGreaterThanOrEqual(exponential * 0.8);
      expect(gap).toBeLessThanOrEqual(Math.min(RETRY_MAX_MS, exponential * 1.2));
    });
    expect(gaps[0]).toBe(1_200);
    expect(gaps.at(-1)).toBe(RETRY_MAX_MS);
    expect(states.at(-1)?.kind).toBe("saved");
  });

  it("stops resending a 500 after a few answers, says so, and resumes on Retry", async () => {
    const server = fakeServer();
    const p = page(server);
    server.script.push(...Array<Step>(MAX_SERVER_ERROR_ATTEMPTS).fill(500));
    p.sync.save(draft(ID));
    await vi.advanceTimersByTimeAsync(10 * 60_000);
    expect(server.requests).toHaveLength(MAX_SERVER_ERROR_ATTEMPTS);
    expect(p.state()).toMatchObject({ kind: "failed", status: 500, message: "server says 500", canRetry: true, retryAt: null });
    await p.sync.whenSettled();

    p.sync.retryNow();
    await settle();
    expect(server.requests).toHaveLength(MAX_SERVER_ERROR_ATTEMPTS + 1);
    expect(new Set(server.requests.map((r) => r.mutationId)).size).toBe(1);
    expect(p.state()?.kind).toBe("saved");
  });

  it("offline: 'Offline — N waiting' with the next retry time, the same mutation id on every resend, an edit queued behind", async () => {
    const server = fakeServer();
    const p = page(server);
    const other = "00000000-0000-4000-8000-0000000000c2";
    server.script.push("network", "network", "network");
    p.sync.save(draft(ID, { speaker: "first" }));
    await settle();
    server.script.push("network");
    p.sync.save(draft(other));
    await settle();
    expect(p.state()).toMatchObject({ kind: "offline", waiting: 2, retryAt: Date.now() + 1_000 });
    // Typed while offline: waits behind the save that is out (which may have reached the server).
    p.sync.save(draft(ID, { speaker: "second" }));
    await vi.advanceTimersByTimeAsync(1_000);
    expect(p.state()).toMatchObject({ kind: "offline", waiting: 2 });
    await vi.advanceTimersByTimeAsync(60_000);
    const mine = server.requests.filter((r) => r.id === ID);
    const firsts = mine.filter((r) => r.speaker === "first");
    expect(firsts.length).toBeGreaterThanOrEqual(3);
    expect(new Set(firsts.map((r) => r.mutationId)).size).toBe(1);
    expect(mine.slice(firsts.length)).toMatchObject([{ speaker: "second", baseVersion: 1 }]);
    expect(p.state()?.kind).toBe("saved");
    expect(server.stored.get(ID)?.claim.speaker).toBe("second");
  });

  it("honours Retry-After within the cap", async () => {
    const server = fakeServer();
    const p = page(server);
    server.script.push(() => json(429, { error: { message: "Too many requests" } }, { "retry-after": "7" }));
    p.sync.save(draft(ID));
    await settle();
    expect((p.state() as { retryAt: number }).retryAt - Date.now()).toBe(7_000);
  });
});

describe("ClaimSync: reload", () => {
  it("a save whose answer was lost is resent after a reload with its own mutation id, and answered (not a false 409)", async () => {
    const server = fakeServer();
    const storage = memoryStorage();
    const tab = page(server, storage);
    tab.sync.save(draft(ID));
    await settle();
    server.script.push("lose-answer");
    tab.sync.save(draft(ID, { speaker: "Reuters" }));
    await settle();
    expect(server.stored.get(ID)?.claim).toMatchObject({ version: 2, speaker: "Reuters" }); // it did arrive
    expect(tab.state()).toMatchObject({ kind: "offline" });
    // More typing before the reload, never sent.
    tab.sync.edit(draft(ID, { speaker: "Reuters", rationale: "typed before reload" }));
    const lost = server.requests.at(-1)!;

    // Reload: a new page, the server's claims, the stored edits.
    const reloaded = page(server, storage);
    reloaded.sync.know(server.claims());
    const restored = reloaded.sync.restoreUnsent();
    expect(restored).toMatchObject([{ speaker: "Reuters", rationale: "typed before reload" }]);
    await settle();
    const [resend, next] = server.requests.slice(-2);
    expect(resend).toMatchObject({ mutationId: lost.mutationId, baseVersion: 1, speaker: "Reuters" });
    expect(next).toMatchObject({ baseVersion: 2, rationale: "typed before reload" });
    expect(reloaded.conflicts).toEqual([]);
    expect(server.stored.get(ID)?.claim).toMatchObject({ version: 3, rationale: "typed before reload" });
    expect(reloaded.state()?.kind).toBe("saved");
    expect(storage.map.size).toBe(0);
  });

  it("an edit left unsent is resent against the version it was made on: a change made elsewhere meanwhile is not overwritten", async () => {
    const server = fakeServer();
    const storage = memoryStorage();
    const tab = page(server, storage);
    tab.sync.save(draft(ID));
    await settle();
    server.script.push("network");
    tab.sync.save(draft(ID, { speaker: "mine" }));
    await settle();
    server.editElsewhere(ID, { speaker: "theirs" });

    const reloaded = page(server, storage);
    reloaded.sync.know(server.claims());
    reloaded.sync.restoreUnsent();
    await settle();
    expect(server.stored.get(ID)?.claim.speaker).toBe("theirs");
    expect(reloaded.conflicts).toHaveLength(1);
    expect(reloaded.status(ID)?.conflict?.refused.speaker).toBe("mine");
  });

  it("reads the entries older pages stored (draft + baseVersion)", async () => {
    const server = fakeServer();
    const storage = memoryStorage();
    storage.setItem("claimwork:unsent:article", JSON.stringify([{ draft: draft(ID, { speaker: "old page" }), baseVersion: null }]));
    const p = page(server, storage);
    p.sync.restoreUnsent();
    await settle();
    expect(server.stored.get(ID)?.claim.speaker).toBe("old page");
  });

  it("two tabs on one article keep each other's stored edits", async () => {
    const server = fakeServer();
    const storage = memoryStorage();
    const a = page(server, storage);
    const b = page(server, storage);
    server.script.push("network");
    a.sync.save(draft(ID, { speaker: "from a" }));
    await settle();
    b.sync.save(draft("00000000-0000-4000-8000-0000000000c2"));
    await settle();
    expect(b.state()?.kind).toBe("saved");
    const stored = JSON.parse(storage.getItem("claimwork:unsent:article")!) as Array<{ id: string }>;
    expect(stored.map((s) => s.id)).toEqual([ID]);
  });
});

describe("ClaimSync: stale edits", () => {
  it("a two-tab conflict keeps the refused edit beside the current version, and applying it saves", async () => {
    const server = fakeServer();
    const tab1 = page(server);
    const tab2 = page(server);
    tab1.sync.save(draft(ID));
    await settle();
    tab2.sync.know(server.claims());
    tab1.sync.save(draft(ID, { speaker: "Erster Tab" }));
    await settle();

    tab2.sync.save(draft(ID, { speaker: "Zweiter Tab", rationale: "only in tab 2" }));
    await settle();
    expect(tab2.conflicts).toHaveLength(1);
    expect(tab2.conflicts[0]).toMatchObject({
      id: ID,
      message: expect.stringContaining("changed elsewhere"),
      current: { speaker: "Erster Tab", version: 2 },
    });
    const conflict = tab2.status(ID)?.conflict;
    expect(conflict?.refused).toMatchObject({ speaker: "Zweiter Tab", rationale: "only in tab 2" });
    expect(conflict?.base).toMatchObject({ speaker: "" });
    expect(tab2.state()).toMatchObject({ kind: "failed", status: 409, waiting: 1 });
    expect(server.stored.get(ID)?.claim.speaker).toBe("Erster Tab");

    // Apply the refused edit onto the current version: saved against version 2, and the conflict is over.
    tab2.sync.save({ ...draft(ID, { speaker: "Zweiter Tab", rationale: "only in tab 2" }) });
    await settle();
    expect(server.requests.at(-1)).toMatchObject({ baseVersion: 2, speaker: "Zweiter Tab" });
    expect(tab2.status(ID)).toBeUndefined();
    expect(tab2.state()?.kind).toBe("saved");
  });

  it("a conflict stays until the user resolves it, also across a reload; discarding takes the current version", async () => {
    const server = fakeServer();
    const storage = memoryStorage();
    const tab1 = page(server);
    const tab2 = page(server, storage);
    tab1.sync.save(draft(ID));
    await settle();
    tab2.sync.know(server.claims());
    tab1.sync.save(draft(ID, { speaker: "one" }));
    await settle();
    tab2.sync.save(draft(ID, { speaker: "two" }));
    await settle();
    // Another edit of an unrelated field does not end it: the refused speaker is still not applied.
    tab2.sync.save(draft(ID, { speaker: "one", tags: ["x"] }));
    await settle();
    expect(tab2.status(ID)?.conflict?.refused.speaker).toBe("two");

    const reloaded = page(server, storage);
    reloaded.sync.know(server.claims());
    reloaded.sync.restoreUnsent();
    await settle();
    expect(reloaded.status(ID)?.conflict?.refused.speaker).toBe("two");
    reloaded.sync.resolveConflict(ID);
    expect(reloaded.state()?.kind).toBe("idle");
    expect(reloaded.sync.waiting).toBe(0);
    expect(storage.map.size).toBe(0);
  });

  it("a 409 whose current version differs only in version (a review decision) is sent again on top of it, quietly", async () => {
    const server = fakeServer();
    const p = page(server);
    p.sync.save(draft(ID));
    await settle();
    server.editElsewhere(ID, { status: "submitted" });
    p.sync.save(draft(ID, { speaker: "after review" }));
    await settle();
    expect(p.conflicts).toEqual([]);
    expect(server.stored.get(ID)?.claim).toMatchObject({ speaker: "after review", version: 3 });
    expect(p.state()?.kind).toBe("saved");
  });

  it("a 409 without the current claim (a source id taken elsewhere) is a refusal, not a conflict", async () => {
    const server = fakeServer();
    const p = page(server);
    server.script.push(() => json(409, { error: { code: "conflict:source", message: "Source id x belongs to another claim." } }));
    p.sync.save(draft(ID));
    await vi.advanceTimersByTimeAsync(60_000);
    expect(server.requests).toHaveLength(1);
    expect(p.state()).toMatchObject({ kind: "failed", status: 409, message: "Source id x belongs to another claim." });
    expect(p.status(ID)?.conflict).toBeNull();
  });
});

describe("ClaimSync: discard", () => {
  it("drops a refused claim's local changes", async () => {
    const server = fakeServer();
    const storage = memoryStorage();
    const p = page(server, storage);
    server.script.push(403);
    p.sync.save(draft(ID));
    await settle();
    expect(p.sync.waiting).toBe(1);
    p.sync.discard(ID);
    expect(p.sync.waiting).toBe(0);
    expect(p.state()?.kind).toBe("idle");
    expect(storage.map.size).toBe(0);
  });
});
