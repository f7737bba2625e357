import { createTranslator } from "next-intl";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import deClaim from "@/messages/de/claim.json";
import { claimSaveFor, sourceInput } from "@/test-support/fixtures";
import {
  type ClaimDraft,
  type ClaimTranslator,
  checkDraft,
  describeServerField,
  draftOf,
  fieldIssueWords,
  maxLengthOf,
  prepareSave,
  refusedChanges,
  refusedField,
  sameContent,
  TEXT_LIMITS,
} from "./claim-fields";

const ARTICLE = "00000000-0000-4000-8000-0000000000a1";

function draft(overrides: Partial<ClaimDraft> = {}): ClaimDraft {
  const { mutationId: _m, baseVersion: _b, ...fields } = claimSaveFor(ARTICLE, "Text hier", "Text", { id: "00000000-0000-4000-8000-0000000000c1" });
  return { ...fields, ...overrides };
}

describe("checkDraft: the editor's own words and numbering", () => {
  it("numbers sources from 1 and says what is wrong with each URL", () => {
    const issues = checkDraft(
      draft({
        sources: [
          sourceInput({ url: "https://ok.example" }),
          sourceInput({ url: "" }),
          sourceInput({ url: "javascript:alert(1)" }),
          sourceInput({ url: "https://ok.example", archiveUrl: "web.archive.org/x" }),
        ],
      }),
    );
    expect(issues.map((i) => [i.path, i.field, i.message])).toEqual([
      ["sources.1.url", "Source 2 URL", "Source 2: URL is missing"],
      ["sources.2.url", "Source 3 URL", "Source 3: URL must start with http:// or https://"],
      ["sources.3.archiveUrl", "Source 4 Archive URL", "Source 4: Archive URL must start with http:// or https://"],
    ]);
  });

  it("names lengths, impossible dates and text the database cannot store", () => {
    const issues = checkDraft(
      draft({
        speaker: "x".repeat(301),
        rationale: "a\u0000b",
        tags: ["ok", "t".repeat(65)],
        sources: [sourceInput({ accessedOn: "2024-02-30" })],
      }),
    );
    expect(issues.map((i) => i.message)).toEqual([
      "Speaker is longer than 300 characters",
      "Rationale contains a NUL character (U+0000), which cannot be stored",
      "Tags: tag 2 is longer than 64 characters",
      "Source 1: Accessed is not a date (YYYY-MM-DD)",
    ]);
  });

  it("finds nothing in a claim the API accepts", () => {
    expect(checkDraft(draft({ sources: [sourceInput()] }))).toEqual([]);
  });

  it("puts a server field error (paths from 0) in the editor's numbering", () => {
    const d = draft({ sources: [sourceInput(), sourceInput()] });
    expect(describeServerField(d, "sources.1.publisher", "contains a broken character")).toEqual({
      path: "sources.1.publisher",
      place: { source: 2, field: "publisher" },
      problem: { key: "said", text: "contains a broken character" },
      field: "Source 2 Publisher",
      message: "Source 2: Publisher contains a broken character",
      from: "server",
    });
    expect(describeServerField(d, "normalizedClaim", "is too long").message).toBe("Normalised claim is too long");
  });
});

describe("fieldIssueWords: an issue in the interface's language", () => {
  const german: ClaimTranslator = createTranslator({ locale: "de", messages: { claim: deClaim }, namespace: "claim" });

  it("words the editor's own problems in German, numbers formatted for the locale and sources numbered from 1", () => {
    const issues = checkDraft(
      draft({ rationale: "r".repeat(10_001), tags: ["ok", "t".repeat(65)], sources: [sourceInput(), sourceInput({ url: "example.org" })] }),
    );
    expect(issues.map((issue) => fieldIssueWords(german, issue))).toEqual([
      { field: "Begründung", message: "Begründung ist länger als 10.000 Zeichen" },
      { field: "Schlagwörter", message: "Schlagwörter: Schlagwort 2 ist länger als 64 Zeichen" },
      { field: "Quelle 2 URL", message: "Quelle 2: URL muss mit http:// oder https:// beginnen" },
    ]);
    // The English the issue carries for the sync is the English catalogue's.
    expect(issues[0]?.message).toBe("Rationale is longer than 10,000 characters");
  });

  it("keeps the server's own words inside the German frame", () => {
    const issue = describeServerField(draft({ sources: [sourceInput()] }), "sources.0.title", "contains a broken character");
    expect(fieldIssueWords(german, issue)).toEqual({ field: "Quelle 1 Titel", message: "Quelle 1: Titel contains a broken character" });
  });
});

describe("prepareSave: hold back what cannot be saved, send the rest", () => {
  it("sends the server's copy of a field or source that became invalid, and leaves out a new one", () => {
    const saved = sourceInput({ url: "https://a.example", title: "A" });
    const base = draft({ speaker: "base speaker", sources: [saved] });
    const fresh = sourceInput({ url: "" });
    const { body, held } = prepareSave(draft({ speaker: "y".repeat(400), rationale: "new", sources: [{ ...saved, url: "a.example" }, fresh] }), base);
    expect(body.speaker).toBe("base speaker");
    expect(body.rationale).toBe("new");
    expect(body.sources).toEqual([saved]);
    expect(held.map((i) => i.field)).toEqual(["Speaker", "Source 1 URL", "Source 2 URL"]);
  });

  it("for a claim not created yet, holds fields back with their empty values", () => {
    const { body } = prepareSave(draft({ speaker: "z".repeat(400), sources: [sourceInput({ url: "" })] }), null);
    expect(body.speaker).toBe("");
    expect(body.sources).toEqual([]);
  });

  it("keeps a server refusal on its source by id, and drops it once the value changes", () => {
    const a = sourceInput({ title: "a" });
    const b = sourceInput({ title: "bad" });
    const sent = draft({ sources: [a, b] });
    const refusal = refusedField(sent, "sources.1.title", "is not allowed");
    expect(prepareSave(draft({ sources: [b] }), null, [refusal]).held.map((i) => i.message)).toEqual(["Source 1: Title is not allowed"]);
    expect(prepareSave(draft({ sources: [{ ...b, title: "good" }] }), null, [refusal]).held).toEqual([]);
  });
});

describe("refusedChanges", () => {
  it("lists what the refused edit changed that the current version lacks", () => {
    const base = draft({ speaker: "", rationale: "" });
    const current = draft({ speaker: "theirs", rationale: "" });
    const refused = draft({ speaker: "mine", rationale: "my reasons" });
    expect(refusedChanges(refused, base, current)).toEqual(["speaker", "rationale"]);
    expect(refusedChanges(refused, base, { ...current, speaker: "mine", rationale: "my reasons" })).toEqual([]);
    // A field the user did not touch is not theirs to restore.
    expect(refusedChanges(draft({ speaker: "" }), base, current)).toEqual([]);
  });
});

describe("drafts kept before a field existed", () => {
  it("read with the field's default, so they equal the server's copy instead of looking edited", () => {
    const current = draftOf(draft());
    const { language: _language, ...older } = current;
    const restored = draftOf(older as ClaimDraft);
    expect(restored.language).toBeNull();
    expect(sameContent(restored, current)).toBe(true);
  });
});

describe("maxLengthOf", () => {
  it("reads a text field's limit from its schema, through its default", () => {
    expect(TEXT_LIMITS).toEqual({ speaker: 300, normalizedClaim: 1000 });
    expect(maxLengthOf(z.string().max(5))).toBe(5);
    expect(maxLengthOf(z.string())).toBeNull();
  });
});
