import { expect } from "vitest";
import { CHANGED_CONTENT } from "@/lib/export/fixtures/sample-data";
import type { ExportClaim } from "@/lib/export/records";

/**
 * For each content field a format's table names (`carries`: field → how the
 * format carries it, null when it does not), change only that field of
 * `claim` (CHANGED_CONTENT) and expect `format`'s output for it to change
 * exactly when the field is carried.
 */
export function expectCarriesExactly(
  carries: Readonly<Record<string, unknown>>,
  format: (claim: ExportClaim) => unknown,
  claim: ExportClaim,
  label: (key: string, carriedAs: unknown) => string = (key) => key,
): void {
  const before = JSON.stringify(format(claim));
  for (const [key, carriedAs] of Object.entries(carries)) {
    const after = JSON.stringify(format(CHANGED_CONTENT[key as keyof typeof CHANGED_CONTENT](claim)));
    expect(after !== before, label(key, carriedAs)).toBe(carriedAs !== null);
  }
}
