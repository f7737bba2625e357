import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { verifyTarget } from "@/lib/anchoring";
import { codePointLength, sliceCodePoints } from "@/lib/offsets";
import { expectCarriesExactly } from "@/test-support/export-carries";
import { expectGolden, fixturePath } from "./fixtures/golden";
import { claims as allClaims, articleOf, articles, liveClaims as claims, ctx } from "./fixtures/sample-data";
import type { ExportClaim } from "./records";
import {
  claimToAnnotation,
  collectionFooter,
  collectionHeader,
  createCollectionWriter,
  DERIVED_FROM_TERM,
  formatAnnotation,
  ITEM_SEPARATOR,
  parseW3cAnnotations,
  W3C_ANNO_CONTEXT,
  W3C_BODIES,
} from "./w3c";

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const VALIDATOR = path.join(REPO, "tests/conformance/w3c-annotation-model/validate.mjs");
const META = { id: "golden", label: "Claimwork export: sample project", total: claims.length };

function render(list: readonly ExportClaim[] = claims, meta = { ...META, total: list.length }): string {
  const writer = createCollectionWriter(ctx, meta);
  let out = writer.header();
  for (const claim of list) out += writer.formatClaim(claim, articleOf(claim));
  return out + writer.footer();
}

type ValidatorReport = {
  passed: number;
  failed: number;
  errors: number;
  known: number;
  skipped: number;
  results: { status: string; where: string; file: string }[];
};

/** Runs the W3C suite's "must" assertions (the vendored conformance kit) on one file. */
function validate(file: string): { status: number | null; report: ValidatorReport; stderr: string } {
  const run = spawnSync(process.execPath, [VALIDATOR, "--json", file], { cwd: REPO, encoding: "utf8", maxBuffer: 64 << 20 });
  if (run.status === 2 || !run.stdout) throw new Error(`validator could not run: ${run.stderr}`);
  const report = (JSON.parse(run.stdout) as { reports: ValidatorReport[] }).reports[0]!;
  return { status: run.status, report, stderr: run.stderr };
}

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "claimwork-w3c-"));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe("w3c export", () => {
  it("carries exactly the content fields W3C_BODIES renders", () => {
    const claim: ExportClaim = { ...claims[0]!, speaker: "Bundesregierung", normalizedClaim: "Die Inflation sank.", rationale: "Laut Destatis." };
    expectCarriesExactly(W3C_BODIES, (c) => claimToAnnotation(c, articleOf(c), ctx), claim);
  });

  it("matches the golden file", () => {
    expectGolden("golden.w3c.jsonld", render());
  });

  it("is one JSON document with every claim as an item", () => {
    const doc = JSON.parse(render());
    expect(doc["@context"][0]).toBe(W3C_ANNO_CONTEXT);
    expect(doc).toMatchObject({
      id: "https://claimwork.example/export/collections/golden",
      type: "AnnotationCollection",
      total: 6,
      generated: "2025-01-15T12:00:00.000Z",
    });
    expect(doc.first).toMatchObject({ type: "AnnotationPage", startIndex: 0, partOf: { id: doc.id, total: 6 } });
    expect(doc.first.items).toHaveLength(claims.length);
    expect(doc.first.items[0]).toEqual(claimToAnnotation(claims[0]!, articleOf(claims[0]!), ctx));
  });

  it("skips deleted claims", () => {
    const deleted = allClaims.filter((c) => c.deletedAt !== null);
    expect(deleted.length).toBeGreaterThan(0);
    const writer = createCollectionWriter(ctx, META);
    expect(writer.formatClaim(deleted[0]!, articleOf(deleted[0]!))).toBe("");
    expect(writer.count).toBe(0);
    expect(render(allClaims, META)).toBe(render());
  });

  it("streams the same bytes as the stateless pieces, and an empty collection is valid JSON", () => {
    const pieces = claims.map((c) => formatAnnotation(c, articleOf(c), ctx)).join(ITEM_SEPARATOR);
    expect(render()).toBe(collectionHeader(ctx, META) + pieces + collectionFooter());
    expect(JSON.parse(render([])).first.items).toEqual([]);
    const writer = createCollectionWriter(ctx, META);
    writer.formatClaim(claims[0]!, articleOf(claims[0]!));
    expect(writer.count).toBe(1);
  });

  it("maps a claim to bodies by purpose, sources as linking resources, and a code point target", () => {
    const anno = claimToAnnotation(claims[0]!, articles[0]!, ctx);
    expect(anno).toMatchObject({
      id: "https://claimwork.example/claims/a1000000-0000-4000-8000-000000000001",
      motivation: "assessing",
      creator: { id: "https://claimwork.example/users/user_ana", type: "Person", name: "Ana Müller" },
      target: {
        source: {
          id: `https://claimwork.example/articles/${articles[0]!.id}`,
          format: "text/plain",
          language: "de",
          via: "https://news.example/de/inflation",
        },
        selector: [
          { type: "TextQuoteSelector", exact: claims[0]!.target.exact, prefix: "Berlin 🇩🇪: " },
          { type: "TextPositionSelector", start: 11, end: 75 },
        ],
      },
    });
    expect(anno.body.map((b) => b.purpose)).toEqual([
      "classifying",
      "describing",
      "assessing",
      "commenting",
      "tagging",
      "tagging",
      "linking",
      "linking",
    ]);
    expect(anno.body[2]).toMatchObject({ value: "Mostly true\n\nDestatis meldet 2,2 %.\nDie Rundung ist großzügig, aber vertretbar." });
    expect(anno.body[6]).toEqual({
      type: "SpecificResource",
      purpose: "linking",
      "claimwork:stance": "supports",
      source: { id: "https://destatis.example/pm/2024-05", type: "Text", label: "Inflationsrate im April 2024: +2,2 %" },
      selector: { type: "TextQuoteSelector", exact: "Die Inflationsrate lag im April 2024 bei +2,2 %." },
    });
    // A javascript: article URL is never emitted as `via`.
    expect(claimToAnnotation(claims[3]!, articles[1]!, ctx).target.source).not.toHaveProperty("via");
  });

  it("names a gold claim's source claims as prov:wasDerivedFrom IRIs, declared in the context as links; other claims carry none", () => {
    const doc = JSON.parse(render());
    // The PROV namespace and the term's IRI typing live in the extension entry of the context, after the W3C context.
    expect(doc["@context"]).toEqual([
      W3C_ANNO_CONTEXT,
      {
        claimwork: "https://claimwork.example/ns#",
        prov: "http://www.w3.org/ns/prov#",
        [DERIVED_FROM_TERM]: { "@type": "@id", "@container": "@set" },
      },
    ]);
    expect(DERIVED_FROM_TERM).toBe("prov:wasDerivedFrom");
    const [gold, ...others] = doc.first.items as Array<Record<string, unknown>>;
    expect(claims[0]!.isGold).toBe(true);
    expect(gold![DERIVED_FROM_TERM]).toEqual(claims[0]!.derivedFrom.map((id) => `https://claimwork.example/claims/${id}`));
    for (const annotation of others) expect(annotation).not.toHaveProperty(DERIVED_FROM_TERM);
    // A gold claim written from scratch has no sources to name.
    expect(claimToAnnotation({ ...claims[0]!, derivedFrom: [] }, articles[0]!, ctx)).not.toHaveProperty(DERIVED_FROM_TERM);
  });

  it("can be embedded in a <script> element: markup characters escaped, values intact", () => {
    const markup = "</script><img src=x onerror=alert(1)> &amp; \u2028\u2029 <!--";
    const claim: ExportClaim = { ...claims[0]!, speaker: markup, rationale: markup, tags: [markup], authorName: markup };
    const json = formatAnnotation(claim, articleOf(claim), ctx);
    expect(json).not.toMatch(/[<>&\u2028\u2029]/);
    expect(json.toLowerCase()).not.toContain("</script");
    expect(JSON.parse(json)).toEqual(claimToAnnotation(claim, articleOf(claim), ctx));
    const header = collectionHeader({ ...ctx, baseUrl: "https://claims.example/a&b<c>" }, { ...META, label: markup });
    expect(header).not.toMatch(/[<>&\u2028\u2029]/);
    expect((JSON.parse(header + collectionFooter()) as { label: string }).label).toBe(markup);
  });

  it("keeps code point offsets: every TextQuoteSelector is the code point slice at its TextPositionSelector", () => {
    const doc = JSON.parse(render());
    doc.first.items.forEach((item: ReturnType<typeof claimToAnnotation>, i: number) => {
      const [quote, position] = item.target.selector;
      const text = articleOf(claims[i]!).text;
      expect(sliceCodePoints(text, position.start, position.end)).toBe(quote.exact);
      expect(codePointLength(quote.exact)).toBe(position.end - position.start);
    });
  });
});

describe("w3c conformance (W3C annotation-model suite, must assertions)", () => {
  it("passes every must assertion on the golden collection", () => {
    const { status, report, stderr } = validate(fixturePath("golden.w3c.jsonld"));
    const failures = report.results.filter((r) => r.status !== "PASS");
    expect(failures, stderr).toEqual([]);
    expect(status).toBe(0);
    expect(report.failed + report.errors + report.known + report.skipped).toBe(0);
    // 10 collection + 15 page + 54 per annotation.
    expect(report.passed).toBe(10 + 15 + 54 * claims.length);
  });

  it("passes on a collection of generated claims with random Unicode targets and fields", () => {
    const text = fc.array(
      fc.oneof(fc.constantFrom("🇩🇪", "👍🏽", "👨‍👩‍👧", "e\u0301", "東", "𝕌", "\n", " "), fc.string({ unit: "binary", maxLength: 3 })),
      {
        minLength: 1,
        maxLength: 30,
      },
    );
    const generated = fc.sample(
      fc.record({
        parts: text,
        a: fc.nat(),
        b: fc.nat(),
        words: fc.array(fc.string({ unit: "grapheme", minLength: 1, maxLength: 8 }), { maxLength: 3 }),
      }),
      { numRuns: 25, seed: 20250115 },
    );
    const list: ExportClaim[] = [];
    const byClaim = new Map<string, (typeof articles)[number]>();
    generated.forEach(({ parts, a, b, words }, i) => {
      const chars = Array.from(parts.join("") || "x");
      const start = a % chars.length;
      const end = start + 1 + (b % (chars.length - start));
      const id = `c0000000-0000-4000-8000-${String(i).padStart(12, "0")}`;
      const article = { ...articles[i % 2]!, text: chars.join("") };
      const claim: ExportClaim = {
        ...claims[i % claims.length]!,
        id,
        articleId: article.id,
        tags: words,
        speaker: words.join(" "),
        rationale: words.join("\n"),
        target: {
          start,
          end,
          exact: chars.slice(start, end).join(""),
          prefix: chars.slice(Math.max(0, start - 32), start).join(""),
          suffix: chars.slice(end, end + 32).join(""),
        },
      };
      list.push(claim);
      byClaim.set(id, article);
    });
    const writer = createCollectionWriter(ctx, { id: "generated", label: "generated", total: list.length });
    const out = writer.header() + list.map((c) => writer.formatClaim(c, byClaim.get(c.id)!)).join("") + writer.footer();
    const file = path.join(tmp, "generated.jsonld");
    fs.writeFileSync(file, out);
    const { status, report } = validate(file);
    expect(report.results.filter((r) => r.status !== "PASS")).toEqual([]);
    expect(status).toBe(0);

    const { annotations, errors } = parseW3cAnnotations(out, { baseUrl: ctx.baseUrl });
    expect(errors).toEqual([]);
    annotations.forEach((a, i) => {
      const claim = list[i]!;
      const articleText = byClaim.get(claim.id)!.text;
      expect(a.position).toEqual({ start: claim.target.start, end: claim.target.end });
      expect(a.quote?.exact).toBe(sliceCodePoints(articleText, claim.target.start, claim.target.end));
    });
  });

  it("detects a broken annotation (the harness is not vacuous)", () => {
    const doc = JSON.parse(render());
    doc.first.items[1].target.selector[1].start = -5;
    delete doc.first.items[2].target;
    const file = path.join(tmp, "broken.jsonld");
    fs.writeFileSync(file, JSON.stringify(doc));
    const { status, report } = validate(file);
    expect(status).toBe(1);
    const failedWhere = new Set(report.results.filter((r) => r.status === "FAIL").map((r) => r.where));
    expect([...failedWhere].sort()).toEqual(["collection.first.items[1]", "collection.first.items[2]"]);
  });
});

describe("w3c import", () => {
  it("reads every exported annotation back to its claim's target", () => {
    const { annotations, errors } = parseW3cAnnotations(render(), { baseUrl: ctx.baseUrl });
    expect(errors).toEqual([]);
    expect(annotations).toHaveLength(claims.length);
    annotations.forEach((a, i) => {
      const claim = claims[i]!;
      expect(a).toEqual({
        index: i,
        annotationId: `https://claimwork.example/claims/${claim.id}`,
        claimId: claim.id,
        articleId: claim.articleId,
        sourceIri: `https://claimwork.example/articles/${claim.articleId}`,
        quote: { exact: claim.target.exact, prefix: claim.target.prefix, suffix: claim.target.suffix },
        position: { start: claim.target.start, end: claim.target.end },
        // The sample articles were never revised: the state names their first revision.
        revision: 1,
      });
      expect(verifyTarget(articleOf(claim).text, { ...a.quote!, ...a.position! })).toEqual({ ok: true });
    });
  });

  it("accepts a page, an array, a single annotation, and a custom article resolver", () => {
    const annos = claims.slice(0, 2).map((c) => ({ "@context": W3C_ANNO_CONTEXT, ...claimToAnnotation(c, articleOf(c), ctx) }));
    expect(parseW3cAnnotations({ type: "AnnotationPage", items: annos }, { baseUrl: ctx.baseUrl }).annotations).toHaveLength(2);
    expect(parseW3cAnnotations(annos, { baseUrl: ctx.baseUrl }).annotations).toHaveLength(2);
    expect(parseW3cAnnotations(annos[0], { baseUrl: ctx.baseUrl }).annotations[0]?.claimId).toBe(claims[0]!.id);
    const foreign = {
      ...annos[0]!,
      id: "https://hypothes.is/a/xyz",
      target: { source: "https://news.example/de/inflation", selector: annos[0]!.target.selector },
    };
    const resolved = parseW3cAnnotations(foreign, {
      baseUrl: ctx.baseUrl,
      resolveArticleId: (iri) => articles.find((a) => a.sourceUrl === iri)?.id ?? null,
    });
    expect(resolved.annotations[0]).toMatchObject({ articleId: articles[0]!.id, claimId: null, annotationId: "https://hypothes.is/a/xyz" });
  });

  it("reports every bad item with its index and field, and drops none silently", () => {
    const good = claimToAnnotation(claims[0]!, articleOf(claims[0]!), ctx);
    const [quote, position] = good.target.selector;
    const items = [
      good,
      "https://claimwork.example/claims/x",
      { ...good, target: undefined },
      { ...good, target: { ...good.target, source: "https://elsewhere.example/a" } },
      { ...good, target: { ...good.target, selector: [quote, { ...position, end: position.end + 1 }] } },
      { ...good, target: { ...good.target, selector: [{ type: "XPathSelector", value: "/p[1]" }] } },
      { ...good, target: { ...good.target, selector: [{ ...position, start: -1 }] } },
      { ...good, target: [good.target, good.target] },
      { ...good, type: "Note" },
      { ...good, target: { ...good.target, selector: { ...quote, exact: "" } } },
      // Text Postgres cannot store, anywhere in the item, and an offset no integer column holds.
      { ...good, target: { ...good.target, selector: [{ ...quote, prefix: "a\u0000" }, position] } },
      { ...good, body: [{ type: "TextualBody", value: "\ud800 broken" }] },
      { ...good, target: { ...good.target, selector: [{ ...position, start: 0, end: 2 ** 31 }] } },
    ];
    const { annotations, errors } = parseW3cAnnotations(
      { type: "AnnotationCollection", first: { type: "AnnotationPage", items } },
      { baseUrl: ctx.baseUrl },
    );
    expect(annotations.map((a) => a.index)).toEqual([0]);
    expect(errors.map((e) => [e.line, e.field])).toEqual([
      [1, "first.items[1]"],
      [2, "first.items[2].target"],
      [3, "first.items[3].target.source"],
      [4, "first.items[4].target.selector"],
      [5, "first.items[5].target.selector"],
      [6, "first.items[6].target.selector[0].start"],
      [7, "first.items[7].target"],
      [8, "first.items[8].type"],
      [9, "first.items[9].target.selector.exact"],
      [10, "first.items[10].target.selector[0].prefix"],
      [11, "first.items[11].body[0].value"],
      [12, "first.items[12].target.selector[0].end"],
    ]);
    expect(errors[9]!.message).toMatch(/NUL character/);
    expect(errors[10]!.message).toMatch(/lone UTF-16 surrogate/);
    expect(errors[3]!.message).toMatch(/exact is 64 code points long but TextPositionSelector spans 65$/);
    expect(annotations.length + errors.length).toBe(items.length);
  });

  it("reports document-level problems as line -1", () => {
    expect(parseW3cAnnotations("{oops", { baseUrl: ctx.baseUrl }).errors[0]).toMatchObject({ line: -1, field: "" });
    expect(parseW3cAnnotations({ type: "AnnotationCollection", first: "https://x.example/p1" }, { baseUrl: ctx.baseUrl }).errors[0]).toMatchObject({
      line: -1,
      field: "first",
    });
    expect(parseW3cAnnotations(42, { baseUrl: ctx.baseUrl }).errors).toHaveLength(1);
    expect(parseW3cAnnotations(`\uFEFF${render()}`, { baseUrl: ctx.baseUrl }).errors).toEqual([]);
  });
});
