/**
 * Plain data builders, importing only lib/: safe for component tests (happy-dom)
 * as well as integration tests (test-support/fixtures.ts re-exports them).
 */
import type { SourceRecord } from "@/lib/claim-schema";

/** A source of a claim: a URL that supports it, everything else empty; a new id each call. */
export function sourceInput(overrides: Partial<SourceRecord> = {}): SourceRecord {
  return {
    id: crypto.randomUUID(),
    url: "https://example.org/report",
    title: "",
    publisher: "",
    stance: "supports",
    excerpt: "",
    accessedOn: null,
    archiveUrl: null,
    ...overrides,
  };
}
