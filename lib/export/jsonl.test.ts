import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { verifyTarget } from "@/lib/anchoring";
import { sliceCodePoints } from "@/lib/offsets";
import { unstorableProblem } from "@/lib/storable-text";
import { expectGolden } from "./fixtures/golden";
import { articleOf, articles, claims, ctx } from "./fixtures/sample-data";
import {
  footer,
  formatArticle,
  formatClaim,
  formatSentenceDecision,
  formatSentenceExclusion,
  header,
  type JsonlClaimRecord,
  parseJsonl,
  parseJsonlLine,
} from "./jsonl";
import {
  type ExportArticle,
  type ExportClaim,
  type ExportSentenceDecision,
  type ExportSentenceExclusion,
  MAX_STORED_INT,
  pickArticle,
  pickClaim,
} from "./records";

function render(): string {
  let out = header(ctx);
  for (const article of articles) {
    out += formatArticle(article);
    for (const claim of claims.filter((c) => c.articleId === article.id)) out += formatClaim(claim);
  }
  return out + footer();
}

function parseClaimLine(line: string): JsonlClaimRecord {
  const result = parseJsonlLine(line, 1);
  if (!result.ok) throw new Error(result.error.message);
  if (result.record?.type !== "claim") throw new Error("not a claim");
  return result.record;
}

describe("jsonl export", () => {
  it("matches the golden file", () => {
    expectGolden("golden.jsonl", render());
  });

  it("starts with the header record carrying the injected clock", () => {
    const first = JSON.parse(render().split("\n")[0] ?? "");
    expect(first).toMatchObject({ type: "header", format: "claimwork-jsonl", format_version: 1, generated_at: "2025-01-15T12:00:00.000Z" });
  });

  it("differs between two exports only in generated_at", () => {
    const later = { ...ctx, generatedAt: new Date("2030-01-01T00:00:00Z") };
    const a = render().split("\n");
    const b = (header(later) + render().split("\n").slice(1).join("\n")).split("\n");
    expect(b.slice(1)).toEqual(a.slice(1));
    expect(b[0]).not.toEqual(a[0]);
  });

  it("is one line per record, even with U+2028/U+2029/U+0085 in the text", () => {
    const article: ExportArticle = { ...articles[0]!, title: "a\u2028b\u2029c\u0085d\ne" };
    const line = formatArticle(article);
    expect(line.endsWith("\n")).toBe(true);
    expect(line.slice(0, -1)).not.toMatch(/[\n\r\u2028\u2029\u0085]/);
    const parsed = parseJsonlLine(line, 1);
    expect(parsed.ok && parsed.record?.type === "article" && parsed.record.title).toBe(article.title);
  });

  it("does not leak extra properties of a DB row", () => {
    const row = { ...claims[0]!, lastMutationId: "x" } as ExportClaim;
    expect(JSON.parse(formatClaim(row))).not.toHaveProperty("lastMutationId");
  });

  it("carries a gold claim's provenance beside its gold flag, and an empty list for every other claim", () => {
    const gold = JSON.parse(formatClaim(claims[0]!)) as Record<string, unknown>;
    expect(gold.derivedFrom).toEqual(claims[0]!.derivedFrom);
    const keys = Object.keys(gold);
    expect(keys.slice(keys.indexOf("isGold"), keys.indexOf("isGold") + 2)).toEqual(["isGold", "derivedFrom"]);
    expect(JSON.parse(formatClaim(claims[1]!))).toMatchObject({ isGold: false, derivedFrom: [] });
  });
});

describe("jsonl import", () => {
  it("round-trips every record losslessly", () => {
    const { records, errors } = parseJsonl(render());
    // Article 2 carries a javascript: sourceUrl, which import refuses on purpose.
    expect(errors).toEqual([{ line: 7, field: "sourceUrl", message: "sourceUrl: must be an http:// or https:// URL" }]);
    const parsedClaims = records.filter((r) => r.type === "claim");
    const inWrittenOrder = articles.flatMap((a) => claims.filter((c) => c.articleId === a.id));
    expect(parsedClaims.map(({ type: _t, ...c }) => c)).toEqual(inWrittenOrder.map(pickClaim));
    const parsedArticles = records.filter((r) => r.type === "article");
    expect(parsedArticles.map(({ type: _t, ...a }) => a)).toEqual([pickArticle(articles[0]!)]);
  });

  it("keeps code point offsets: exact is the code point slice of the article text", () => {
    for (const claim of claims) {
      const parsed = parseClaimLine(formatClaim(claim));
      const text = articleOf(claim).text;
      expect(parsed.target.exact).toBe(sliceCodePoints(text, parsed.target.start, parsed.target.end));
      expect(verifyTarget(text, parsed.target)).toEqual({ ok: true });
    }
  });

  it("keeps arbitrary Unicode targets exact (property)", () => {
    const piece = fc.constantFrom("a", "é", "e\u0301", "🇩🇪", "👍🏽", "👨‍👩‍👧", "東", "𝕌", "\n", "\t", " ", "\u2028", '"', "\\");
    fc.assert(
      fc.property(
        fc.array(fc.oneof(piece, fc.string({ unit: "binary", maxLength: 3 })), { minLength: 1, maxLength: 40 }),
        fc.nat(),
        fc.nat(),
        (parts, x, y) => {
          const text = parts.join("");
          const chars = Array.from(text);
          // Text Postgres can store (NUL and lone surrogates are refused on import, tested below).
          fc.pre(chars.length > 0 && unstorableProblem(text) === null);
          const start = x % chars.length;
          const end = start + 1 + (y % (chars.length - start));
          const exact = chars.slice(start, end).join("");
          const claim: ExportClaim = {
            ...claims[0]!,
            target: { start, end, exact, prefix: chars.slice(Math.max(0, start - 32), start).join(""), suffix: chars.slice(end, end + 32).join("") },
          };
          const parsed = parseClaimLine(formatClaim(claim));
          expect(parsed.target).toEqual(claim.target);
          expect(sliceCodePoints(text, parsed.target.start, parsed.target.end)).toBe(exact);
          expect(verifyTarget(text, parsed.target)).toEqual({ ok: true });
        },
      ),
    );
  });

  it("reads files written before a field existed: the field gets its default (a claim's language, added later, is null)", () => {
    const { language: _language, ...older } = JSON.parse(formatClaim(claims[0]!)) as Record<string, unknown>;
    expect(parseClaimLine(JSON.stringify(older)).language).toBeNull();
    const bad = parseJsonlLine(JSON.stringify({ ...older, language: "not a tag!" }), 3);
    expect(bad.ok === false && bad.error.field).toBe("language");
  });

  it("reads exports made before provenance was carried (no derivedFrom: none), and refuses ids that are not UUIDs", () => {
    const { derivedFrom: _derivedFrom, ...older } = JSON.parse(formatClaim(claims[0]!)) as Record<string, unknown>;
    expect(parseClaimLine(JSON.stringify(older)).derivedFrom).toEqual([]);
    const bad = parseJsonlLine(JSON.stringify({ ...older, derivedFrom: [claims[1]!.id, "claim 7"] }), 4);
    expect(bad).toMatchObject({ ok: false, error: { line: 4, field: "derivedFrom[1]" } });
  });

  it("names the line and field path of invalid records", () => {
    const claim = JSON.parse(formatClaim(claims[0]!));
    const bad = (patch: object) => parseJsonlLine(JSON.stringify({ ...claim, ...patch }), 7);
    expect(bad({ target: { ...claim.target, end: claim.target.start } })).toEqual({
      ok: false,
      error: { line: 7, field: "target.end", message: "target.end: end must be greater than start" },
    });
    const url = bad({ sources: [{ ...claim.sources[0], url: "javascript:alert(1)" }] });
    expect(url.ok === false && url.error.field).toBe("sources[0].url");
    const id = bad({ id: "not-a-uuid", isGold: "yes" });
    expect(id.ok === false && id.error).toMatchObject({ line: 7, field: "id" });
    expect(id.ok === false && id.error.message).toMatch(/^id: .*; isGold: /);
  });

  it("refuses what the database cannot store, naming the field: NUL, lone surrogates, unknown statuses, huge integers, impossible dates", () => {
    const claim = JSON.parse(formatClaim(claims[0]!));
    const line = (patch: object) => JSON.stringify({ ...claim, ...patch });
    const error = (text: string) => {
      const result = parseJsonlLine(text, 9);
      return result.ok ? null : result.error;
    };
    expect(error(line({ speaker: "a\u0000b" }))).toEqual({
      line: 9,
      field: "speaker",
      message: "speaker: contains a NUL character (U+0000), which cannot be stored",
    });
    // As JSON escapes, the way they arrive in a file.
    expect(error(line({}).replace('"rationale":"', '"rationale":"\\ud800'))).toMatchObject({
      field: "rationale",
      message: expect.stringContaining("lone UTF-16 surrogate"),
    });
    expect(error(line({ tags: ["ok", "x\udfff"] }))).toMatchObject({ field: "tags[1]" });
    expect(error(line({ sources: [{ ...claim.sources[0], title: "\u0000" }] }))).toMatchObject({ field: "sources[0].title" });
    expect(error(line({ target: { ...claim.target, exact: "\ud83d" } }))).toMatchObject({ field: "target.exact" });
    const article = JSON.parse(formatArticle(articles[0]!));
    expect(error(JSON.stringify({ ...article, text: "Titel\n\udc00" }))).toMatchObject({ field: "text" });
    expect(error(JSON.stringify({ ...article, "key\u0000": 1 }))).toMatchObject({ field: "key\u0000" });

    expect(error(line({ status: "published" }))).toMatchObject({ field: "status", message: expect.stringContaining("draft, submitted, accepted") });
    expect(error(line({ version: MAX_STORED_INT + 1 }))).toMatchObject({ field: "version" });
    expect(error(line({ version: MAX_STORED_INT }))).toBeNull();
    expect(error(line({ target: { ...claim.target, end: 2 ** 31 } }))).toMatchObject({ field: "target.end" });
    expect(error(line({ sentenceIndexes: [2 ** 40] }))).toMatchObject({ field: "sentenceIndexes[0]" });
    expect(error(line({ checkWorthiness: 2 ** 31 }))).toMatchObject({ field: "checkWorthiness" });
    expect(error(line({ sources: [{ ...claim.sources[0], accessedOn: "2024-02-30" }] }))).toMatchObject({ field: "sources[0].accessedOn" });
    expect(error(line({ sources: [{ ...claim.sources[0], accessedOn: "2023-02-29" }] }))).toMatchObject({ field: "sources[0].accessedOn" });
    expect(error(line({ sources: [{ ...claim.sources[0], accessedOn: "2024-02-29" }] }))).toBeNull();
    expect(error(line({ sources: [{ ...claim.sources[0], accessedOn: "0000-01-01" }] }))).toMatchObject({ field: "sources[0].accessedOn" });
    expect(error(line({ createdAt: "2024-02-30T10:00:00Z" }))).toMatchObject({ field: "createdAt" });
    expect(error(line({ updatedAt: "0000-06-01T00:00:00Z" }))).toMatchObject({ field: "updatedAt" });
  });

  it("reports malformed lines and unknown types without throwing", () => {
    expect(parseJsonlLine("{nope", 3)).toMatchObject({ ok: false, error: { line: 3, field: "" } });
    expect(parseJsonlLine("[1,2]", 4)).toMatchObject({ ok: false, error: { line: 4, message: "a line must be a JSON object" } });
    expect(parseJsonlLine('{"type":"comment"}', 5)).toMatchObject({ ok: false, error: { line: 5, field: "type" } });
    expect(parseJsonlLine("   \r", 6)).toEqual({ ok: true, record: null });
    expect(parseJsonlLine(formatArticle(articles[0]!).replace("\n", "\r"), 8).ok).toBe(true);
    // A byte-order mark some editors save opens line 1 only.
    expect(parseJsonlLine(`\uFEFF${header(ctx)}`, 1).ok).toBe(true);
    expect(parseJsonlLine(`\uFEFF${formatArticle(articles[0]!)}`, 2).ok).toBe(false);
  });

  it("requires the header first and exactly once, and a supported version", () => {
    const h = header(ctx);
    const article = formatArticle(articles[0]!);
    expect(parseJsonl(article + h).errors.map((e) => e.line)).toEqual([1, 2]);
    expect(parseJsonl("").errors).toHaveLength(1);
    const v2 = h.replace('"format_version":1', '"format_version":2');
    expect(parseJsonl(v2).errors[0]).toMatchObject({ line: 1, field: "format_version" });
    expect(parseJsonl(h + article).errors).toEqual([]);
  });

  describe("sentence records", () => {
    const decision: ExportSentenceDecision = {
      articleId: articles[0]!.id,
      sentenceIndex: 3,
      decision: "no_claim",
      authorId: "user_ana",
      authorName: "Ana \u2028 Müller",
      createdAt: "2026-11-20T08:00:00.000Z",
      updatedAt: "2026-11-20T08:05:00.000Z",
    };
    const exclusion: ExportSentenceExclusion = {
      articleId: articles[0]!.id,
      sentenceIndex: 0,
      reason: "Schreibe einen Kommentar",
      authorId: null,
      authorName: null,
      createdAt: "2026-11-20T08:00:00.000Z",
      updatedAt: "2026-11-20T08:00:00.000Z",
    };

    it("are written with their fields in order, one line each, nothing else leaking", () => {
      expect(formatSentenceDecision({ ...decision, projectId: "x" } as ExportSentenceDecision)).toBe(
        `{"type":"sentence_decision","articleId":"${decision.articleId}","sentenceIndex":3,"decision":"no_claim","authorId":"user_ana","authorName":"Ana \\u2028 Müller","createdAt":"2026-11-20T08:00:00.000Z","updatedAt":"2026-11-20T08:05:00.000Z"}\n`,
      );
      expect(formatSentenceExclusion(exclusion)).toBe(
        `{"type":"sentence_exclusion","articleId":"${exclusion.articleId}","sentenceIndex":0,"reason":"Schreibe einen Kommentar","authorId":null,"authorName":null,"createdAt":"2026-11-20T08:00:00.000Z","updatedAt":"2026-11-20T08:00:00.000Z"}\n`,
      );
    });

    it("round-trip after the other records, which read as they did without them", () => {
      const before = parseJsonl(render());
      const { records, errors } = parseJsonl(render() + formatSentenceExclusion(exclusion) + formatSentenceDecision(decision));
      expect(errors).toEqual(before.errors);
      expect(records).toEqual([...before.records, { type: "sentence_exclusion", ...exclusion }, { type: "sentence_decision", ...decision }]);
    });

    it("name the field of an invalid one", () => {
      const line = (over: Record<string, unknown>, of: unknown = decision, type = "sentence_decision") =>
        JSON.stringify({ type, ...(of as object), ...over });
      expect(parseJsonlLine(line({ decision: "maybe" }), 9)).toMatchObject({ ok: false, error: { line: 9, field: "decision" } });
      expect(parseJsonlLine(line({ sentenceIndex: -1 }), 9)).toMatchObject({ ok: false, error: { field: "sentenceIndex" } });
      expect(parseJsonlLine(line({ sentenceIndex: MAX_STORED_INT + 1 }), 9)).toMatchObject({ ok: false, error: { field: "sentenceIndex" } });
      expect(parseJsonlLine(line({ reason: "x".repeat(201) }, exclusion, "sentence_exclusion"), 9)).toMatchObject({
        ok: false,
        error: { field: "reason" },
      });
      expect(parseJsonlLine('{"type":"sentence"}', 9)).toMatchObject({
        ok: false,
        error: {
          field: "type",
          message: 'type: must be "header", "article", "article_revision", "claim", "sentence_decision" or "sentence_exclusion", got "sentence"',
        },
      });
    });
  });
});
