import { describe, expect, it } from "vitest";
import { CLAIM_COLORS, claimColor } from "./claim-colors";

describe("claimColor", () => {
  const ids = Array.from({ length: 64 }, (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, "0")}`);

  it("depends on the claim's id only, the same on every call", () => {
    for (const id of ids) expect(claimColor(id)).toBe(claimColor(`${id}`));
  });

  it("uses the palette, and spreads a page of claims over all of it", () => {
    const used = new Set(ids.map(claimColor));
    for (const color of used) expect(CLAIM_COLORS).toContain(color);
    expect(used.size).toBe(CLAIM_COLORS.length);
  });
});
