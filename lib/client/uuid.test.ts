import { afterEach, describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { newUuid } from "./uuid";

describe("newUuid", () => {
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it("makes version 4 UUIDs that the API's schema accepts", () => {
    const ids = Array.from({ length: 500 }, newUuid);
    for (const id of ids) {
      expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expect(z.uuid().safeParse(id).success).toBe(true);
    }
    expect(new Set(ids).size).toBe(ids.length);
  });

  it("works where crypto.randomUUID does not exist (plain http on a LAN address)", () => {
    // What a browser offers outside a secure context: getRandomValues, no randomUUID.
    const real = globalThis.crypto;
    vi.stubGlobal("crypto", { getRandomValues: (bytes: Uint8Array) => real.getRandomValues(bytes) });
    expect(typeof (globalThis.crypto as Partial<Crypto>).randomUUID).toBe("undefined");
    expect(z.uuid().safeParse(newUuid()).success).toBe(true);
  });

  it("sets the version and variant bits whatever the random bytes are", () => {
    vi.stubGlobal("crypto", { getRandomValues: (bytes: Uint8Array) => bytes.fill(0xff) });
    expect(newUuid()).toBe("ffffffff-ffff-4fff-bfff-ffffffffffff");
    vi.stubGlobal("crypto", { getRandomValues: (bytes: Uint8Array) => bytes.fill(0) });
    expect(newUuid()).toBe("00000000-0000-4000-8000-000000000000");
  });
});
