import { describe, expect, it } from "vitest";
import { sliceCodePoints } from "@/lib/offsets";
import { DEFAULT_TAXONOMY, type Taxonomy } from "@/lib/taxonomy";
import { expectCarriesExactly } from "@/test-support/export-carries";
import {
  CLAIM_REVIEW_CARRIES,
  type ClaimReview,
  claimToClaimReview,
  createClaimReviewWriter,
  footer,
  formatClaim,
  header,
  isClaimReviewable,
  speakerAgent,
} from "./claim-review";
import { expectGolden } from "./fixtures/golden";
import { articleOf, articles, claims, ctx } from "./fixtures/sample-data";
import type { ExportClaim } from "./records";

function render(): string {
  const writer = createClaimReviewWriter(ctx);
  return writer.header() + claims.map((c) => writer.formatClaim(c, articleOf(c))).join("") + writer.footer();
}

const MARKUP = "</script><img src=x onerror=alert(1)> &amp; \u2028\u2029 <!--";

describe("claimreview export", () => {
  it("can be embedded in a <script> element: markup characters escaped, values intact", () => {
    const claim: ExportClaim = { ...claims[0]!, speaker: `Der Sprecher ${MARKUP}`, normalizedClaim: MARKUP };
    const article = { ...articleOf(claims[0]!), title: `Titel ${MARKUP}` };
    const json = formatClaim(claim, article, ctx)!;
    expect(json).not.toMatch(/[<>&\u2028\u2029]/);
    expect(json).toContain("\\u003c/script\\u003e\\u003cimg src=x onerror=alert(1)\\u003e \\u0026amp; \\u2028\\u2029 \\u003c!--");
    expect(JSON.parse(json)).toEqual(claimToClaimReview(claim, article, ctx));
    const review = JSON.parse(json) as ClaimReview;
    expect(review.claimReviewed).toBe(MARKUP);
    expect(review.itemReviewed.author?.name).toBe(`Der Sprecher ${MARKUP}`);
    expect(review.itemReviewed.appearance.headline).toBe(`Titel ${MARKUP}`);
  });

  it("carries exactly the content fields CLAIM_REVIEW_CARRIES names", () => {
    const claim: ExportClaim = { ...claims[0]!, verdict: "mostly_true", speaker: "Bundesregierung", normalizedClaim: "Die Inflation sank." };
    expectCarriesExactly(
      CLAIM_REVIEW_CARRIES,
      (c) => claimToClaimReview(c, articleOf(c), ctx),
      claim,
      (key, carriedAs) => `${key} (${carriedAs ?? "not carried"})`,
    );
  });

  it("matches the golden file", () => {
    expectGolden("golden.claimreview.jsonld", render());
  });

  it("writes only reviewable claims, as a valid JSON array", () => {
    const reviews = JSON.parse(render()) as ClaimReview[];
    const expected = claims.filter((c) => isClaimReviewable(c, ctx.taxonomy)).map((c) => `https://claimwork.example/claims/${c.id}`);
    expect(reviews.map((r) => r.url)).toEqual(expected);
    // mostly_true, false, misleading, true, false; not "unverified", not the deleted one.
    expect(reviews.map((r) => r.reviewRating.alternateName)).toEqual(["Mostly true", "False", "Misleading", "True", "False"]);
    expect(JSON.parse(header() + footer())).toEqual([]);
    const writer = createClaimReviewWriter(ctx);
    expect(writer.formatClaim(claims[1]!, articleOf(claims[1]!))).toBe("");
    expect(writer.count).toBe(0);
  });

  it("builds the schema.org ClaimReview shape", () => {
    expect(claimToClaimReview(claims[0]!, articles[0]!, ctx)).toEqual({
      "@context": "https://schema.org",
      "@type": "ClaimReview",
      url: "https://claimwork.example/claims/a1000000-0000-4000-8000-000000000001",
      claimReviewed: "Die Inflation in Deutschland ist auf 2,1 % gefallen.",
      datePublished: "2024-05-06",
      author: { "@type": "Organization", name: "Claimwork Faktencheck", url: "https://faktencheck.example" },
      reviewRating: { "@type": "Rating", ratingValue: 4, bestRating: 5, worstRating: 1, alternateName: "Mostly true" },
      itemReviewed: {
        "@type": "Claim",
        author: { "@type": "Organization", name: "Bundesregierung" },
        appearance: { "@type": "CreativeWork", url: "https://news.example/de/inflation", headline: "Inflation sinkt – sagt die Regierung 🇩🇪" },
        datePublished: "2024-05-01",
      },
    });
  });

  it("quotes the exact code point slice when there is no normalised claim", () => {
    for (const claim of claims.filter((c) => isClaimReviewable(c, ctx.taxonomy) && !c.normalizedClaim)) {
      const review = claimToClaimReview(claim, articleOf(claim), ctx)!;
      expect(review.claimReviewed).toBe(sliceCodePoints(articleOf(claim).text, claim.target.start, claim.target.end));
    }
    const flags = claimToClaimReview(claims[4]!, articles[1]!, ctx)!;
    expect(flags.claimReviewed).toBe("🇺🇦🇺🇸");
  });

  it("never links a non-http article URL, omits unparseable dates and empty speakers", () => {
    const review = claimToClaimReview(claims[5]!, articles[1]!, ctx)!;
    expect(review.itemReviewed.appearance.url).toBe(`https://claimwork.example/articles/${articles[1]!.id}`);
    expect(review.itemReviewed).not.toHaveProperty("datePublished");
    expect(review.itemReviewed).not.toHaveProperty("author");
    const noUrl = claimToClaimReview(claims[0]!, articles[0]!, { ...ctx, publisher: { name: "X" } })!;
    expect(noUrl.author).toEqual({ "@type": "Organization", name: "X" });
  });

  it("takes the rating scale from the taxonomy", () => {
    const threePoint: Taxonomy = {
      ...DEFAULT_TAXONOMY,
      verdicts: [
        { key: "true", label: "Wahr", rating: 3 },
        { key: "half", label: "Halb", rating: 2 },
        { key: "false", label: "Falsch", rating: 1 },
        { key: "open", label: "Offen", rating: null },
      ],
    };
    const c: ExportClaim = { ...claims[0]!, verdict: "half" };
    expect(claimToClaimReview(c, articles[0]!, { ...ctx, taxonomy: threePoint })!.reviewRating).toMatchObject({
      ratingValue: 2,
      bestRating: 3,
      worstRating: 1,
      alternateName: "Halb",
    });
    expect(isClaimReviewable({ ...c, verdict: "open" }, threePoint)).toBe(false);
    expect(isClaimReviewable({ ...c, verdict: "unknown-key" }, threePoint)).toBe(false);
    expect(isClaimReviewable({ ...c, deletedAt: "2024-01-01T00:00:00.000Z" }, threePoint)).toBe(false);
    expect(formatClaim({ ...c, verdict: "open" }, articles[0]!, { ...ctx, taxonomy: threePoint })).toBeNull();
  });

  it.each([
    ["Reuters", "Organization"],
    ["Die Bundesregierung", "Organization"],
    ["Bundesministerium der Finanzen", "Organization"],
    ["Nachrichtenagentur dpa", "Organization"],
    ["Acme Inc.", "Organization"],
    ["Siemens AG", "Organization"],
    ["Muster GmbH", "Organization"],
    ["UK Government", "Organization"],
    ["Ministry of Health", "Organization"],
    ["the Kremlin", "Organization"],
    ["US officials", "Organization"],
    ["Polizeibeamte", "Organization"],
    ["informierte Quellen", "Organization"],
    ["Olaf Scholz", "Person"],
    ["Regierungssprecher Steffen Hebestreit", "Person"],
    ["Der Kanzler", "Person"],
    ["Agnes Ag", "Person"],
    ["Ingrid Incognito", "Person"],
  ])("speakerAgent(%j) is a %s", (speaker, type) => {
    expect(speakerAgent(speaker)).toEqual({ "@type": type, name: speaker });
  });

  it("speakerAgent of an empty speaker is null", () => {
    expect(speakerAgent("")).toBeNull();
    expect(speakerAgent("   ")).toBeNull();
  });
});
