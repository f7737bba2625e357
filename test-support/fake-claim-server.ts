import { type ClaimDto, type ClaimSave, claimSaveSchema } from "@/lib/claim-schema";

/**
 * A stand-in server for the claim endpoints the page's saving uses, keeping
 * claims the way server/claims.ts does (client ids, versions, the last
 * mutation id answered again, 409 with the current claim on a stale base, 410
 * on a deleted claim, 422 naming fields, soft delete and restore) and able to
 * be told to fail. For tests only: the real server is tested against real
 * databases in server/claims.test.ts and end to end.
 */

export type Step = "network" | "lose-answer" | number | ((save: ClaimSave) => Response | null);

export function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json", ...headers } });
}

export function fakeServer() {
  const stored = new Map<string, { claim: ClaimDto; lastMutationId: string }>();
  const requests: ClaimSave[] = [];
  const script: Step[] = [];

  function apply(save: ClaimSave): Response {
    const parsed = claimSaveSchema.safeParse(save);
    if (!parsed.success) {
      const fields: Record<string, string> = {};
      for (const issue of parsed.error.issues) fields[issue.path.join(".")] ??= issue.message;
      return json(422, { error: { code: "unprocessable:validation", message: "Invalid input", fields } });
    }
    const existing = stored.get(save.id);
    const { mutationId, baseVersion, ...fields } = parsed.data;
    if (!existing && baseVersion !== null) return json(404, { error: { code: "not_found:claim", message: "This claim does not exist." } });
    if (existing?.lastMutationId === mutationId) return json(200, { claim: existing.claim });
    if (existing?.claim.deletedAt) {
      return json(410, {
        error: { code: "gone:claim", message: "This claim was deleted; restore it to edit it.", detail: { current: existing.claim } },
      });
    }
    if (existing && baseVersion !== existing.claim.version) {
      return json(409, {
        error: {
          code: "conflict:claim",
          message: `This claim was changed elsewhere (you edited version ${baseVersion}, it is now at ${existing.claim.version}).`,
          detail: { current: existing.claim },
        },
      });
    }
    const version = (existing?.claim.version ?? 0) + 1;
    const claim = {
      ...(existing?.claim ?? {}),
      ...fields,
      authorId: "u",
      authorName: "U",
      sentenceIndexes: [],
      status: "draft",
      isGold: false,
      createdAt: "",
      updatedAt: "",
      deletedAt: null,
      version,
    } as ClaimDto;
    stored.set(save.id, { claim, lastMutationId: mutationId });
    return json(version === 1 ? 201 : 200, { claim });
  }

  /** DELETE /api/claims/:id and POST /api/claims/:id/restore, as server/claims.ts setClaimDeleted: idempotent, each change a new version. */
  const deletes: Array<{ id: string; restore: boolean }> = [];
  function setDeleted(id: string, restore: boolean): Response {
    deletes.push({ id, restore });
    const existing = stored.get(id);
    if (!existing) return json(404, { error: { code: "not_found:claim", message: "This claim does not exist." } });
    if ((existing.claim.deletedAt === null) === restore) return json(200, { claim: existing.claim });
    existing.claim = { ...existing.claim, deletedAt: restore ? null : "2025-01-01T00:00:00.000Z", version: existing.claim.version + 1 };
    return json(200, { claim: existing.claim });
  }

  const fetchImpl = (async (input: string | URL | Request, init?: RequestInit) => {
    const path = new URL(String(input), "http://localhost").pathname;
    const restore = /^\/api\/claims\/([^/]+)\/restore$/.exec(path);
    if (restore && init?.method === "POST") return setDeleted(restore[1]!, true);
    if (init?.method === "DELETE") return setDeleted(path.split("/").at(-1)!, false);
    if (init?.method !== "PUT") return json(404, { error: { code: "not_found", message: "Not found." } });
    const save = JSON.parse(String(init?.body)) as ClaimSave;
    requests.push(save);
    const step = script.shift();
    if (step === "network") throw new TypeError("Failed to fetch");
    if (typeof step === "number") return json(step, { error: { code: "x", message: `server says ${step}` } });
    if (typeof step === "function") {
      const answer = step(save);
      if (answer) return answer;
    }
    const answer = apply(save);
    if (step === "lose-answer") throw new TypeError("network changed");
    return answer;
  }) as typeof fetch;

  return {
    fetchImpl,
    requests,
    deletes,
    script,
    stored,
    claims: () => [...stored.values()].map((s) => s.claim),
    /** Another tab or person changes a claim. */
    editElsewhere(id: string, changes: Partial<ClaimDto>) {
      const s = stored.get(id)!;
      s.claim = { ...s.claim, ...changes, version: s.claim.version + 1 };
      s.lastMutationId = crypto.randomUUID();
    },
  };
}

export function memoryStorage() {
  const map = new Map<string, string>();
  return {
    getItem: (k: string) => map.get(k) ?? null,
    setItem: (k: string, v: string) => void map.set(k, v),
    removeItem: (k: string) => void map.delete(k),
    map,
  };
}
