import { describe, expect, it } from "vitest";
import { emptyClaimFields } from "./fields";
import { changesOf, diffClaim, diffTaxonomy } from "./history-diff";
import { DEFAULT_TAXONOMY } from "./taxonomy";

const SOURCE_ID = "00000000-0000-4000-8000-0000000000a1";
const source = {
  id: SOURCE_ID,
  url: "https://example.org/report",
  title: "Report",
  publisher: "",
  stance: "supports",
  excerpt: "",
  accessedOn: null,
  archiveUrl: null,
};

/** A claim snapshot as server/claims.ts records it (the DTO without author name and creation time). */
function snapshot(overrides: Record<string, unknown> = {}) {
  return {
    id: "00000000-0000-4000-8000-0000000000c1",
    articleId: "00000000-0000-4000-8000-0000000000a0",
    authorId: "user-1",
    target: { start: 10, end: 20, exact: "12 percent", prefix: "by ", suffix: "." },
    sentenceIndexes: [1],
    ...emptyClaimFields(),
    status: "draft",
    version: 1,
    isGold: false,
    updatedAt: "2026-12-01T10:00:00.000Z",
    deletedAt: null,
    ...overrides,
  };
}

describe("diffClaim", () => {
  it("words scalar fields before → after, and ignores bookkeeping (version, times, sentence indexes)", () => {
    const before = snapshot();
    const after = snapshot({ verdict: "false", speaker: "Reuters", version: 2, updatedAt: "2026-12-01T11:00:00.000Z", sentenceIndexes: [1, 2] });
    expect(diffClaim(before, after)).toEqual([
      { kind: "value", field: "speaker", before: "", after: "Reuters" },
      { kind: "value", field: "verdict", before: "unverified", after: "false" },
    ]);
  });

  it("lists tags added and removed, not a reordering", () => {
    expect(diffClaim(snapshot({ tags: ["a", "b"] }), snapshot({ tags: ["b", "c"] }))).toEqual([
      { kind: "list", field: "tags", added: ["c"], removed: ["a"] },
    ]);
    expect(diffClaim(snapshot({ tags: ["a", "b"] }), snapshot({ tags: ["b", "a"] }))).toEqual([]);
  });

  it("says which source was added, removed, or changed in which field", () => {
    const other = { ...source, id: "00000000-0000-4000-8000-0000000000a2", url: "https://example.org/other", title: "" };
    expect(diffClaim(snapshot(), snapshot({ sources: [source] }))).toEqual([{ kind: "sourceAdded", source: { url: source.url, title: "Report" } }]);
    expect(diffClaim(snapshot({ sources: [source, other] }), snapshot({ sources: [other] }))).toEqual([
      { kind: "sourceRemoved", source: { url: source.url, title: "Report" } },
    ]);
    expect(diffClaim(snapshot({ sources: [source] }), snapshot({ sources: [{ ...source, stance: "refutes" }] }))).toEqual([
      { kind: "sourceChanged", source: { url: source.url, title: "Report" }, field: "stance", before: "supports", after: "refutes" },
    ]);
  });

  it("tells sources of an older snapshot without ids apart by URL", () => {
    const { id: _id, ...withoutId } = source;
    expect(diffClaim(snapshot({ sources: [withoutId] }), snapshot({ sources: [{ ...withoutId, title: "Renamed" }] }))).toEqual([
      { kind: "sourceChanged", source: { url: source.url, title: "Renamed" }, field: "title", before: "Report", after: "Renamed" },
    ]);
  });

  it("gives the quote before and after when the span moves", () => {
    const after = snapshot({ target: { start: 4, end: 20, exact: "fell by 12 percent", prefix: "", suffix: "." } });
    expect(diffClaim(snapshot(), after)).toEqual([
      { kind: "span", before: { start: 10, end: 20, exact: "12 percent" }, after: { start: 4, end: 20, exact: "fell by 12 percent" } },
    ]);
  });

  it("words status changes (submission, decisions) and ignores what an event adds besides the fields", () => {
    expect(diffClaim({ status: "submitted" }, { status: "accepted", comment: "Fine.", reviewId: "r1" })).toEqual([
      { kind: "value", field: "status", before: "submitted", after: "accepted" },
    ]);
  });

  it("has no changes for a claim that did not exist before", () => {
    expect(diffClaim(null, snapshot())).toEqual([]);
    expect(diffClaim(undefined, snapshot())).toEqual([]);
  });

  it("reads an older snapshot that lacks fields without inventing changes", () => {
    const { language: _language, checkWorthiness: _cw, ...old } = snapshot();
    const { language: _l, checkWorthiness: _c, ...oldAfter } = snapshot({ speaker: "Mayor" });
    expect(diffClaim(old, oldAfter)).toEqual([{ kind: "value", field: "speaker", before: "", after: "Mayor" }]);
    // A field only the newer side has, at its empty default, is no change either.
    expect(diffClaim(old, snapshot())).toEqual([]);
    expect(diffClaim(old, snapshot({ checkWorthiness: 2 }))).toEqual([{ kind: "value", field: "checkWorthiness", before: null, after: 2 }]);
  });

  it("never throws on shapes it does not know: it reports an unknown change", () => {
    expect(diffClaim("text", snapshot())).toEqual([{ kind: "unknown", field: "" }]);
    expect(diffClaim([1], [2])).toEqual([{ kind: "unknown", field: "" }]);
    expect(diffClaim(snapshot({ speaker: { name: "x" } }), snapshot())).toEqual([{ kind: "unknown", field: "speaker" }]);
    expect(diffClaim(snapshot({ tags: "a,b" }), snapshot())).toEqual([{ kind: "unknown", field: "tags" }]);
    expect(diffClaim(snapshot({ sources: {} }), snapshot())).toEqual([{ kind: "unknown", field: "sources" }]);
    expect(diffClaim(snapshot({ sources: [source] }), snapshot({ sources: [{ ...source, excerpt: ["x"] }] }))).toEqual([
      { kind: "unknown", field: "sources.excerpt" },
    ]);
    expect(diffClaim(snapshot({ target: null }), snapshot())).toEqual([{ kind: "unknown", field: "target" }]);
    expect(diffClaim(snapshot({ futureField: 1 }), snapshot({ futureField: 2 }))).toEqual([{ kind: "unknown", field: "futureField" }]);
  });
});

describe("diffTaxonomy", () => {
  it("words entries added, removed, relabelled and re-rated", () => {
    const after = {
      ...DEFAULT_TAXONOMY,
      claimTypes: [...DEFAULT_TAXONOMY.claimTypes.filter((e) => e.key !== "causal"), { key: "rumour", label: "Rumour" }],
      stances: DEFAULT_TAXONOMY.stances.map((e) => (e.key === "context" ? { ...e, label: "Background" } : e)),
      verdicts: DEFAULT_TAXONOMY.verdicts.map((e) => (e.key === "mixed" ? { ...e, rating: null } : e)),
    };
    expect(diffTaxonomy(DEFAULT_TAXONOMY, after)).toEqual([
      { kind: "entryRemoved", list: "claimTypes", key: "causal", label: "Causal" },
      { kind: "entryAdded", list: "claimTypes", key: "rumour", label: "Rumour" },
      { kind: "ratingChanged", key: "mixed", before: 3, after: null },
      { kind: "entryRenamed", list: "stances", key: "context", before: "Context", after: "Background" },
    ]);
  });

  it("reports a list of an unknown shape as an unknown change", () => {
    expect(diffTaxonomy(DEFAULT_TAXONOMY, { ...DEFAULT_TAXONOMY, stances: "x" })).toEqual([{ kind: "unknown", field: "stances" }]);
    expect(diffTaxonomy(null, DEFAULT_TAXONOMY)).toEqual([{ kind: "unknown", field: "" }]);
  });
});

describe("changesOf", () => {
  it("words a member's role change, addition and removal", () => {
    expect(changesOf("member.role_changed", { role: "annotator" }, { role: "reviewer" })).toEqual([
      { kind: "role", before: "annotator", after: "reviewer" },
    ]);
    expect(changesOf("member.added", undefined, { role: "viewer", name: "Vera" })).toEqual([{ kind: "role", before: null, after: "viewer" }]);
    expect(changesOf("member.removed", { role: "admin" }, null)).toEqual([{ kind: "role", before: "admin", after: null }]);
    expect(changesOf("invitation.created", null, { email: "a@b.c", role: "annotator" })).toEqual([
      { kind: "role", before: null, after: "annotator" },
    ]);
    expect(changesOf("member.role_changed", { role: "overlord" }, { role: "admin" })).toEqual([{ kind: "unknown", field: "role" }]);
  });

  it("words blind mode switched, and a project created blind", () => {
    expect(changesOf("project.blind_mode_changed", { isBlind: true }, { isBlind: false })).toEqual([
      { kind: "blindMode", before: true, after: false },
    ]);
    expect(changesOf("project.created", null, { name: "P", isBlind: true })).toEqual([{ kind: "blindMode", before: null, after: true }]);
    expect(changesOf("project.created", null, { name: "P", isBlind: false })).toEqual([]);
    expect(changesOf("project.blind_mode_changed", { isBlind: "yes" }, { isBlind: false })).toEqual([{ kind: "unknown", field: "isBlind" }]);
  });

  it("dispatches claims and taxonomies, and has nothing to say for other actions", () => {
    expect(changesOf("claim.updated", snapshot(), snapshot({ verdict: "true" }))).toHaveLength(1);
    expect(changesOf("project.taxonomy_updated", DEFAULT_TAXONOMY, DEFAULT_TAXONOMY)).toEqual([]);
    expect(changesOf("assignment.created", null, { articleId: "a", userId: "u" })).toEqual([]);
  });
});
