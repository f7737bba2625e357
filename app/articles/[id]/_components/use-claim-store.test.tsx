// @vitest-environment happy-dom
import { act, cleanup, renderHook, waitFor } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { makeTarget } from "@/lib/anchoring";
import type { ClaimDto } from "@/lib/claim-schema";
import type { ClaimDraft } from "@/lib/client/claim-fields";
import { emptyClaimFields } from "@/lib/fields";
import { fakeServer, json } from "@/test-support/fake-claim-server";
import { FakeEventSource } from "@/test-support/fake-event-source";
import { merged, useClaimStore } from "./use-claim-store";

/**
 * The claim store with its real ClaimSync against the stand-in server the
 * claim-sync tests use: undo and redo are carried out as ordinary saves
 * (each with a fresh mutation id), deletes and restores.
 */

const ARTICLE = "00000000-0000-4000-8000-0000000000a1";
const TEXT = "Title\n\nExports fell by 3 percent. The government expects growth.";
const ME = { id: "user-me", name: "Anna" };
const C1 = "00000000-0000-4000-8000-0000000000c1";

function newDraft(id: string, exact = "Exports fell by 3 percent."): ClaimDraft {
  const at = TEXT.indexOf(exact);
  return { id, articleId: ARTICLE, target: makeTarget(TEXT, at, at + exact.length), ...emptyClaimFields() };
}

let server: ReturnType<typeof fakeServer>;

beforeEach(() => {
  server = fakeServer();
  vi.stubGlobal("fetch", server.fetchImpl);
  vi.stubGlobal("EventSource", undefined);
  localStorage.clear();
});

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

function renderStore() {
  return renderHook(() => useClaimStore({ articleId: ARTICLE, initialClaims: [], currentUser: ME, liveScope: "none" }));
}

const serverCopy = (id: string) => server.stored.get(id)?.claim;

describe("useClaimStore", () => {
  it("creates a claim through the sync and says so", async () => {
    const { result } = renderStore();
    act(() => result.current.create(newDraft(C1)));
    expect(result.current.visible.map((v) => v.draft.id)).toEqual([C1]);
    expect(result.current.lastEvent?.kind).toBe("created");
    await waitFor(() => expect(result.current.claims.get(C1)?.version).toBe(1));
    await waitFor(() => expect(result.current.syncState.kind).toBe("saved"));
  });

  it("undoes and redoes an edit as new saves, each with its own mutation id", async () => {
    const { result } = renderStore();
    const created = newDraft(C1);
    act(() => result.current.create(created));
    await waitFor(() => expect(result.current.claims.get(C1)?.version).toBe(1));
    // Typing: three keystrokes, one step.
    for (const speaker of ["t", "th", "the mayor"]) act(() => result.current.edit({ ...created, speaker }));
    await waitFor(() => expect(serverCopy(C1)?.speaker).toBe("the mayor"));

    await act(async () => {
      expect(await result.current.undo()).toEqual({ claimId: C1, isGone: false });
    });
    await waitFor(() => expect(serverCopy(C1)?.speaker).toBe(""));
    expect(result.current.visible[0]?.draft.speaker).toBe("");
    expect(result.current.canRedo).toBe(true);

    await act(async () => {
      await result.current.redo();
    });
    await waitFor(() => expect(serverCopy(C1)?.speaker).toBe("the mayor"));
    const saves = server.requests.filter((r) => r.id === C1);
    expect(new Set(saves.map((s) => s.mutationId)).size).toBe(saves.length);
    expect(saves.at(-1)?.baseVersion).toBe(serverCopy(C1)!.version - 1);
  });

  it("undoes a deletion by restoring the claim, and redoes it by deleting it again", async () => {
    const { result } = renderStore();
    act(() => result.current.create(newDraft(C1)));
    await waitFor(() => expect(result.current.claims.get(C1)?.version).toBe(1));
    await act(async () => {
      expect(await result.current.deleteClaim(C1)).toBe(true);
    });
    expect(serverCopy(C1)?.deletedAt).not.toBeNull();
    expect(result.current.visible).toHaveLength(0);
    expect(result.current.lastDeleted?.draft.id).toBe(C1);

    await act(async () => {
      await result.current.undo();
    });
    expect(serverCopy(C1)?.deletedAt).toBeNull();
    expect(result.current.visible.map((v) => v.draft.id)).toEqual([C1]);
    // The toast has nothing left to undo.
    expect(result.current.lastDeleted).toBeNull();

    await act(async () => {
      expect(await result.current.redo()).toEqual({ claimId: C1, isGone: true });
    });
    expect(serverCopy(C1)?.deletedAt).not.toBeNull();
    expect(server.deletes).toEqual([
      { id: C1, restore: false },
      { id: C1, restore: true },
      { id: C1, restore: false },
    ]);
  });

  it("undoes a creation by deleting the claim, and brings it back on redo", async () => {
    const { result } = renderStore();
    act(() => result.current.create(newDraft(C1)));
    await waitFor(() => expect(result.current.claims.get(C1)?.version).toBe(1));
    await act(async () => {
      expect(await result.current.undo()).toEqual({ claimId: C1, isGone: true });
    });
    expect(serverCopy(C1)?.deletedAt).not.toBeNull();
    expect(result.current.canUndo).toBe(false);
    await act(async () => {
      await result.current.redo();
    });
    expect(serverCopy(C1)?.deletedAt).toBeNull();
    expect(result.current.visible).toHaveLength(1);
  });

  it("takes a deletion restored from the toast off the undo stack", async () => {
    const { result } = renderStore();
    act(() => result.current.create(newDraft(C1)));
    await waitFor(() => expect(result.current.claims.get(C1)?.version).toBe(1));
    await act(async () => {
      await result.current.deleteClaim(C1);
    });
    await act(async () => {
      expect(await result.current.restore(C1)).toBe(true);
    });
    expect(serverCopy(C1)?.deletedAt).toBeNull();
    // The next undo takes back the creation, not the deletion a second time.
    await act(async () => {
      expect(await result.current.undo()).toEqual({ claimId: C1, isGone: true });
    });
    expect(serverCopy(C1)?.deletedAt).not.toBeNull();
  });

  it("keeps the claim and says why when the server refuses a deletion", async () => {
    const { result } = renderStore();
    act(() => result.current.create(newDraft(C1)));
    await waitFor(() => expect(result.current.claims.get(C1)?.version).toBe(1));
    vi.stubGlobal(
      "fetch",
      async () => new Response(JSON.stringify({ error: { message: "Only the author can delete or restore this claim." } }), { status: 403 }),
    );
    await act(async () => {
      expect(await result.current.deleteClaim(C1)).toBe(false);
    });
    expect(result.current.notice).toEqual({ kind: "notDeleted", reason: "Only the author can delete or restore this claim." });
    expect(result.current.visible).toHaveLength(1);
    expect(result.current.canUndo).toBe(true);
  });

  it("reloads the claims after someone else's change, keeping its own drafts on top and its deleted claims undoable", async () => {
    const { result } = renderStore();
    act(() => result.current.create(newDraft(C1)));
    await waitFor(() => expect(result.current.claims.get(C1)?.version).toBe(1));
    await act(async () => {
      await result.current.deleteClaim(C1);
    });
    // Someone else adds a claim; the list the server now gives leaves our deleted one out.
    const theirs = { ...server.stored.get(C1)!.claim, id: "00000000-0000-4000-8000-0000000000c9", authorId: "ben", deletedAt: null, version: 1 };
    server.stored.set(theirs.id, { claim: theirs, lastMutationId: "x" });
    const list = `/api/articles/${ARTICLE}/claims`;
    vi.stubGlobal("fetch", async (input: string, init?: RequestInit) =>
      new URL(input, "http://localhost").pathname === list ? json(200, { claims: [theirs] }) : server.fetchImpl(input, init),
    );
    await act(async () => {
      await result.current.refetch();
    });
    expect(result.current.visible.map((v) => v.claim.authorId)).toEqual(["ben"]);
    await act(async () => {
      await result.current.undo();
    });
    expect(serverCopy(C1)?.deletedAt).toBeNull();
    expect(result.current.visible).toHaveLength(2);
  });

  it("forgets the person's steps on a claim someone else changed since, so an undo cannot overwrite that change", async () => {
    const { result } = renderStore();
    const created = newDraft(C1);
    act(() => result.current.create(created));
    await waitFor(() => expect(result.current.claims.get(C1)?.version).toBe(1));
    act(() => result.current.edit({ ...created, speaker: "mine" }));
    await waitFor(() => expect(serverCopy(C1)?.speaker).toBe("mine"));
    await waitFor(() => expect(result.current.claims.get(C1)?.speaker).toBe("mine"));

    server.editElsewhere(C1, { speaker: "theirs" });
    const list = `/api/articles/${ARTICLE}/claims`;
    vi.stubGlobal("fetch", async (input: string, init?: RequestInit) =>
      new URL(input, "http://localhost").pathname === list ? json(200, { claims: server.claims() }) : server.fetchImpl(input, init),
    );
    await act(async () => {
      await result.current.refetch();
    });
    expect(result.current.claims.get(C1)?.speaker).toBe("theirs");
    expect(result.current.canUndo).toBe(false);
    await act(async () => {
      expect(await result.current.undo()).toBeNull();
    });
    expect(serverCopy(C1)?.speaker).toBe("theirs");
  });

  it("gathers someone else's live notices into one request for the claims they name, and keeps every other claim's objects", async () => {
    vi.stubGlobal("EventSource", FakeEventSource);
    const C2 = "00000000-0000-4000-8000-0000000000c2";
    const copy = (id: string, exact: string, changes: Partial<ClaimDto> = {}): ClaimDto => ({
      ...newDraft(id, exact),
      authorId: "ben",
      authorName: "Ben",
      sentenceIndexes: [],
      status: "draft",
      version: 1,
      isGold: false,
      createdAt: "2026-12-02T08:00:00.000Z",
      updatedAt: "2026-12-02T08:00:00.000Z",
      deletedAt: null,
      ...changes,
    });
    const first = copy(C1, "Exports fell by 3 percent.");
    const second = copy(C2, "The government expects growth.");
    const asked: string[] = [];
    let answer: ClaimDto[] = [];
    vi.stubGlobal("fetch", async (input: string) => {
      const url = new URL(input, "http://localhost");
      asked.push(`${url.pathname}${url.search}`);
      return json(200, { claims: answer });
    });
    const { result } = renderHook(() => useClaimStore({ articleId: ARTICLE, initialClaims: [first, second], currentUser: ME, liveScope: "x" }));
    const before = result.current.visible.find((v) => v.draft.id === C2);

    answer = [{ ...first, speaker: "the minister", version: 3, updatedAt: "2026-12-02T08:01:00.000Z" }];
    const notice = (entityType: string, entityId: string) => ({ entityType, entityId, action: "claim.updated", actorId: "ben", projectId: "p" });
    act(() => {
      FakeEventSource.current!.emit("change", notice("claim", C1));
      FakeEventSource.current!.emit("change", notice("claim", C1));
      // The page's own changes are on screen already: not asked for.
      FakeEventSource.current!.emit("change", { ...notice("claim", C2), actorId: ME.id });
    });
    await waitFor(() => expect(result.current.claims.get(C1)?.speaker).toBe("the minister"));
    expect(asked).toEqual([`/api/articles/${ARTICLE}/claims?ids=${C1}`]);
    expect(result.current.visible.find((v) => v.draft.id === C2)).toBe(before);

    // A change that names no claim (an import into the article) reloads the whole list.
    answer = [result.current.claims.get(C1)!, second];
    act(() => FakeEventSource.current!.emit("change", { ...notice("article", ARTICLE), action: "import.jsonl" }));
    await waitFor(() => expect(asked).toHaveLength(2));
    expect(asked[1]).toBe(`/api/articles/${ARTICLE}/claims`);
    expect(result.current.visible.find((v) => v.draft.id === C2)).toBe(before);
  });
});

describe("merged", () => {
  const claim = (id: string, changes: Partial<ClaimDto> = {}) => ({ id, version: 1, updatedAt: "t1", deletedAt: null, ...changes }) as ClaimDto;

  it("keeps the objects of claims the answer leaves unchanged, and the map itself when nothing changed", () => {
    const prev = new Map([
      ["a", claim("a")],
      ["b", claim("b")],
    ]);
    expect(merged(prev, [claim("a"), claim("b")], null)).toBe(prev);
    const next = merged(prev, [claim("a", { version: 2, updatedAt: "t2" }), claim("b")], null);
    expect(next.get("a")?.version).toBe(2);
    expect(next.get("b")).toBe(prev.get("b"));
  });

  it("drops a claim asked for and no longer answered, keeps the person's deleted ones, and leaves claims not asked for alone", () => {
    const gone = claim("gone", { deletedAt: "t1" });
    const prev = new Map([
      ["a", claim("a")],
      ["b", claim("b")],
      ["gone", gone],
    ]);
    const next = merged(prev, [claim("c")], ["a", "c", "gone"]);
    expect([...next.keys()].sort()).toEqual(["b", "c", "gone"]);
    expect(next.get("b")).toBe(prev.get("b"));
    expect(next.get("gone")).toBe(gone);
    // A whole list without a live claim drops it; one the answer did not include is not added when not asked.
    expect([...merged(prev, [claim("b")], null).keys()].sort()).toEqual(["b", "gone"]);
    expect(merged(prev, [claim("x")], ["a"]).has("x")).toBe(false);
  });
});
