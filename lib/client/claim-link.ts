/**
 * How a link names the claim to open on the article page: `#claim-<id>`
 * (an anchor, as the claim page and the review queue write it) or
 * `?claim=<id>`. One definition, for the page that reads it and the pages
 * that write it.
 */

const HASH_PREFIX = "#claim-";

export function claimLink(articleId: string, claimId: string): string {
  return `/articles/${encodeURIComponent(articleId)}${HASH_PREFIX}${encodeURIComponent(claimId)}`;
}

/** The claim a location asks for, or null. */
export function claimIdFromLocation(location: Pick<Location, "hash" | "search">): string | null {
  if (location.hash.startsWith(HASH_PREFIX)) {
    const id = decodeURIComponent(location.hash.slice(HASH_PREFIX.length));
    if (id) return id;
  }
  return new URLSearchParams(location.search).get("claim") || null;
}
