import { describe, expect, it } from "vitest";
import { claimSaveFor } from "@/test-support/fixtures";
import type { ClaimDto } from "../claim-schema";
import { ClaimSync, type ClaimDraft, type SyncState } from "./claim-sync";

/**
 * The autosave queue's visible state. The network is a stand-in `fetch`
 * whose answers the test releases one by one (the server's own behaviour is
 * tested against real databases in server/claims.test.ts and end to end).
 */

function draft(id: string, claimType: string | null): ClaimDraft {
  const { mutationId: _mutationId, baseVersion: _baseVersion, ...fields } = claimSaveFor("00000000-0000-4000-8000-0000000000a1", "Text hier", "Text", {
    id,
    claimType,
  });
  return fields;
}

function controlledFetch() {
  const requests: Array<{ body: { id: string; claimType: string | null; baseVersion: number | null }; answer: (version: number) => void }> = [];
  const fetchImpl = (async (_url: string, init?: RequestInit) => {
    const body = JSON.parse(String(init?.body)) as { id: string; claimType: string | null; baseVersion: number | null };
    return new Promise<Response>((resolve) => {
      requests.push({
        body,
        answer: (version) => {
          const claim = { ...body, version } as unknown as ClaimDto;
          resolve(new Response(JSON.stringify({ claim }), { status: version === 1 ? 201 : 200, headers: { "content-type": "application/json" } }));
        },
      });
    });
  }) as typeof fetch;
  return { fetchImpl, requests };
}

const tick = () => new Promise((r) => setTimeout(r, 0));

describe("ClaimSync state", () => {
  it("reads 'saving' the moment a change is queued, even right after a save completed", async () => {
    const { fetchImpl, requests } = controlledFetch();
    const states: SyncState[] = [];
    const sync = new ClaimSync("article", { onSaved: () => {}, onConflict: () => {}, onRejected: () => {}, onState: (s) => states.push(s) }, fetchImpl);
    const id = "00000000-0000-4000-8000-0000000000c1";

    sync.save(draft(id, null));
    expect(states.at(-1)).toEqual({ kind: "saving", waiting: 1 });
    await tick();
    requests[0]!.answer(1);
    await tick();
    expect(states.at(-1)?.kind).toBe("saved");

    // The edit that follows the create: no flush has run yet, and the indicator must already say so.
    sync.save(draft(id, "event"));
    expect(states.at(-1)).toEqual({ kind: "saving", waiting: 1 });
    await tick();
    expect(requests[1]!.body).toMatchObject({ claimType: "event", baseVersion: 1 });
    requests[1]!.answer(2);
    await tick();
    expect(states.at(-1)?.kind).toBe("saved");
    expect(sync.waiting).toBe(0);
  });

  it("whenSettled waits for queued and in-flight saves", async () => {
    const { fetchImpl, requests } = controlledFetch();
    const sync = new ClaimSync("article", { onSaved: () => {}, onConflict: () => {}, onRejected: () => {}, onState: () => {} }, fetchImpl);
    await sync.whenSettled(); // nothing queued: at once
    sync.save(draft("00000000-0000-4000-8000-0000000000c2", "event"));
    let settled = false;
    const waiting = sync.whenSettled().then(() => (settled = true));
    await tick();
    expect(settled).toBe(false);
    requests[0]!.answer(1);
    await waiting;
    expect(settled).toBe(true);
    expect(sync.waiting).toBe(0);
  });
});
