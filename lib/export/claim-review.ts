import type { ClaimContentKey } from "@/lib/fields";
import type { Taxonomy, VerdictEntry } from "@/lib/taxonomy";
import {
  articleIri,
  claimIri,
  createElementWriter,
  type ElementWriter,
  type ExportArticle,
  type ExportClaim,
  type ExportContext,
  isLiveClaim,
  stringifyForScript,
} from "./records";

/**
 * schema.org ClaimReview (JSON-LD) for publishing fact-checks, e.g. as the
 * `<script type="application/ld+json">` of a review page or a feed for search
 * engines. The stream is one JSON array; each element is a self-contained
 * ClaimReview with its own @context, so any element can be embedded alone:
 * `<`, `>`, `&`, U+2028 and U+2029 inside its strings are written as `\u003c`
 * etc. (escapeForScript), so a title or speaker holding `</script>` cannot
 * end the element. A page that embeds {@link claimToClaimReview}'s object
 * itself must serialise it with `stringifyForScript`, not JSON.stringify.
 *
 * Only reviewable claims are written (see {@link isClaimReviewable}); which
 * review statuses are fit to publish (e.g. only accepted or gold claims) is
 * the caller's policy and filter. No field depends on the export clock.
 */

export type SchemaAgent = { "@type": "Person" | "Organization"; name: string };
export type ClaimReview = {
  "@context": "https://schema.org";
  "@type": "ClaimReview";
  url: string;
  claimReviewed: string;
  datePublished: string;
  author: { "@type": "Organization"; name: string; url?: string };
  reviewRating: { "@type": "Rating"; ratingValue: number; bestRating: number; worstRating: number; alternateName: string };
  itemReviewed: {
    "@type": "Claim";
    author?: SchemaAgent;
    appearance: { "@type": "CreativeWork"; url: string; headline: string };
    datePublished?: string;
    /** The claim's own language, when it is not the article's (schema.org CreativeWork `inLanguage`). */
    inLanguage?: string;
  };
};

function ratedVerdict(taxonomy: Taxonomy, key: string): (VerdictEntry & { rating: number }) | null {
  const entry = taxonomy.verdicts.find((v) => v.key === key);
  return entry && entry.rating !== null ? (entry as VerdictEntry & { rating: number }) : null;
}

/**
 * True when the claim can be published as a ClaimReview: not deleted, and its
 * verdict is one the taxonomy places on the rating scale ("unverified" and
 * other non-ratings are not reviews).
 */
export function isClaimReviewable(claim: Pick<ExportClaim, "verdict" | "deletedAt">, taxonomy: Taxonomy): boolean {
  return isLiveClaim(claim) && ratedVerdict(taxonomy, claim.verdict) !== null;
}

// Words that mark a speaker as an institution. German institution names are
// compounds with the institution word at the end ("Bundesregierung",
// "Nachrichtenagentur"), so those match as word endings; a compound that only
// starts with one ("Regierungssprecher" = a spokesperson) stays a Person.
const ORG_WORD_ENDINGS = /(regierung|ministerium|agentur|behörde|beamte|beamten|quellen|kreise|polizei|kommission)(?![\p{L}\p{N}])/iu;
const ORG_WORDS =
  /(?<![\p{L}\p{N}])(reuters|government|ministry|kremlin|officials?|agency|department|police|commission|council|committee|inc|ltd|llc|corp|gmbh|plc)(?![\p{L}\p{N}])/iu;
// "AG" only in capitals: lower-case "ag" is too common a name fragment to mean Aktiengesellschaft.
const ORG_ACRONYMS = /(?<![\p{L}\p{N}])(AG|SE|KG|UN|EU|WHO|NATO)(?![\p{L}\p{N}])/u;

/**
 * schema.org agent for a claim's speaker: an Organization when the name
 * contains an institution word (Reuters, Regierung, Ministerium, Agentur,
 * Inc, AG, GmbH, Government, Ministry, Kremlin, officials, Beamte, Quellen, …),
 * otherwise a Person; null for an empty speaker. A heuristic: it errs
 * towards Person, the common case for quoted statements.
 */
export function speakerAgent(speaker: string): SchemaAgent | null {
  const name = speaker.trim();
  if (!name) return null;
  const isOrg = ORG_WORD_ENDINGS.test(name) || ORG_WORDS.test(name) || ORG_ACRONYMS.test(name);
  return { "@type": isOrg ? "Organization" : "Person", name };
}

/**
 * Where a ClaimReview carries each content field of a claim, or `null` when
 * it does not (schema.org's ClaimReview has no place for it). Every content
 * field of lib/fields.ts must be named here (the compiler checks), and a test
 * checks that a field changes the output exactly when it is carried.
 */
export const CLAIM_REVIEW_CARRIES = {
  normalizedClaim: "claimReviewed (the quote when empty)",
  verdict: "reviewRating",
  speaker: "itemReviewed.author",
  language: "itemReviewed.inLanguage",
  claimType: null,
  checkWorthiness: null,
  rationale: null,
  tags: null,
} as const satisfies Record<ClaimContentKey, string | null>;

/** Builds the ClaimReview for a claim, or null when it is not reviewable. */
export function claimToClaimReview(claim: ExportClaim, article: ExportArticle, ctx: ExportContext): ClaimReview | null {
  const verdict = ratedVerdict(ctx.taxonomy, claim.verdict);
  if (!verdict || !isLiveClaim(claim)) return null;
  // The scale comes from the taxonomy (1–5 by default) so ratingValue always lies within it.
  const ratings = ctx.taxonomy.verdicts.flatMap((v) => (v.rating === null ? [] : [v.rating]));

  const author: ClaimReview["author"] = { "@type": "Organization", name: ctx.publisher.name };
  if (ctx.publisher.url) author.url = ctx.publisher.url;

  const itemReviewed: ClaimReview["itemReviewed"] = {
    "@type": "Claim",
    appearance: {
      "@type": "CreativeWork",
      // Only an http(s) URL may become a link in published markup.
      url: article.sourceUrl && /^https?:\/\//i.test(article.sourceUrl) ? article.sourceUrl : articleIri(ctx.baseUrl, article.id),
      headline: article.title,
    },
  };
  const speaker = speakerAgent(claim.speaker);
  if (speaker) itemReviewed.author = speaker;
  // publishedAt is free text from the article import; pass it on only when it is an ISO 8601 date.
  if (article.publishedAt && /^\d{4}-\d{2}-\d{2}/.test(article.publishedAt)) itemReviewed.datePublished = article.publishedAt;
  if (claim.language) itemReviewed.inLanguage = claim.language;

  return {
    "@context": "https://schema.org",
    "@type": "ClaimReview",
    url: claimIri(ctx.baseUrl, claim.id),
    claimReviewed: claim.normalizedClaim.trim() || claim.target.exact,
    datePublished: claim.updatedAt.slice(0, 10),
    author,
    reviewRating: {
      "@type": "Rating",
      ratingValue: verdict.rating,
      bestRating: Math.max(...ratings),
      worstRating: Math.min(...ratings),
      alternateName: verdict.label,
    },
    itemReviewed,
  };
}

/** Opens the JSON array. */
export function header(): string {
  return "[\n";
}

/** One ClaimReview as single-line JSON without separator (safe to embed in a `<script>`), or null when the claim is not reviewable. */
export function formatClaim(claim: ExportClaim, article: ExportArticle, ctx: ExportContext): string | null {
  const review = claimToClaimReview(claim, article, ctx);
  return review ? stringifyForScript(review) : null;
}

/** Closes the JSON array. */
export function footer(): string {
  return "\n]\n";
}

export type ClaimReviewWriter = ElementWriter;

/** Streams the ClaimReview array with constant memory; claims that are not reviewable are skipped. */
export function createClaimReviewWriter(ctx: ExportContext): ClaimReviewWriter {
  return createElementWriter({ header, footer, element: (claim, article) => formatClaim(claim, article, ctx) });
}
