import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { codePointLength, codeUnitIndex, sliceCodePoints } from "./code-points";
import { checkTargetAgainstText, idFromIri, articleIri, claimIri, userIri } from "./records";
import { EXPORT_FORMAT_INFO, EXPORT_FORMATS, isExportFormat } from "./index";

describe("code points", () => {
  it("counts and slices code points, not UTF-16 units", () => {
    const text = "a🇩🇪e\u0301👍🏽b";
    expect(text.length).toBe(12);
    expect(codePointLength(text)).toBe(8);
    expect(sliceCodePoints(text, 1, 3)).toBe("🇩🇪");
    expect(sliceCodePoints(text, 3, 5)).toBe("e\u0301");
    expect(sliceCodePoints(text, 5, 7)).toBe("👍🏽");
    expect(sliceCodePoints(text, 7)).toBe("b");
    expect(sliceCodePoints(text, 6, 100)).toBe("🏽b");
    expect(codeUnitIndex(text, 2)).toBe(3);
  });

  it("agrees with Array.from on any string, lone surrogates included (property)", () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.oneof(fc.constantFrom("\uD83D", "\uDE00", "😀"), fc.string({ unit: "binary", minLength: 1, maxLength: 1 })) }), fc.nat(20), fc.nat(20), (text, a, b) => {
        const chars = Array.from(text);
        expect(codePointLength(text)).toBe(chars.length);
        const [start, end] = a <= b ? [a, b] : [b, a];
        expect(sliceCodePoints(text, start, end)).toBe(chars.slice(start, end).join(""));
      }),
    );
  });

  it("checks a target against the article text", () => {
    const text = "Hi 🇩🇪 there";
    expect(checkTargetAgainstText(text, { start: 3, end: 5, exact: "🇩🇪", prefix: "Hi ", suffix: " the" })).toBeNull();
    // UTF-16 offsets (as another tool might send) are caught.
    expect(checkTargetAgainstText(text, { start: 3, end: 7, exact: "🇩🇪", prefix: "Hi ", suffix: "" })?.field).toBe("target.exact");
    expect(checkTargetAgainstText(text, { start: 3, end: 5, exact: "🇩🇪", prefix: "Ho ", suffix: "" })?.field).toBe("target.prefix");
    expect(checkTargetAgainstText(text, { start: 3, end: 5, exact: "🇩🇪", prefix: "", suffix: "x" })?.field).toBe("target.suffix");
    expect(checkTargetAgainstText(text, { start: 3, end: 50, exact: "🇩🇪", prefix: "", suffix: "" })?.field).toBe("target.end");
  });
});

describe("IRIs", () => {
  it("mint and read back ids, ignoring a trailing slash on baseUrl", () => {
    const base = "https://claimwork.example/";
    expect(claimIri(base, "c1")).toBe("https://claimwork.example/claims/c1");
    expect(userIri(base, "a/b c")).toBe("https://claimwork.example/users/a%2Fb%20c");
    expect(idFromIri(base, "users", userIri(base, "a/b c"))).toBe("a/b c");
    expect(idFromIri(base, "articles", articleIri(base, "x"))).toBe("x");
    expect(idFromIri(base, "articles", "https://other.example/articles/x")).toBeNull();
    expect(idFromIri(base, "articles", "https://claimwork.example/articles/x/y")).toBeNull();
    expect(idFromIri(base, "articles", "https://claimwork.example/articles/%E0%A4%A")).toBeNull();
  });
});

describe("EXPORT_FORMATS", () => {
  it("describes every format with a content type and extension", () => {
    expect(EXPORT_FORMATS).toEqual(["jsonl", "csv", "w3c", "claimreview", "tsv"]);
    for (const format of EXPORT_FORMATS) {
      expect(EXPORT_FORMAT_INFO[format].contentType).toMatch(/^[a-z]+\/[\w.+-]+/);
      expect(EXPORT_FORMAT_INFO[format].extension).toMatch(/^\./);
    }
    expect(isExportFormat("csv")).toBe(true);
    expect(isExportFormat("xlsx")).toBe(false);
    expect(isExportFormat(undefined)).toBe(false);
  });
});
