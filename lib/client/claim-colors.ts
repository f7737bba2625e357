/**
 * A claim's colour in the annotator, from its id alone: adding, removing or
 * moving another claim changes no other claim's colour, and a claim keeps its
 * colour across reloads and between the people looking at it.
 */

export const CLAIM_COLORS = ["#f5b400", "#2f9e44", "#1c7ed6", "#e8590c", "#ae3ec9", "#0ca678", "#d6336c", "#5c7cfa"] as const;

export type ClaimColor = (typeof CLAIM_COLORS)[number];

/** FNV-1a over the id's UTF-16 units: cheap, and ids that differ in one character land far apart. */
function hashOf(id: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) {
    hash ^= id.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

export function claimColor(claimId: string): ClaimColor {
  return CLAIM_COLORS[hashOf(claimId) % CLAIM_COLORS.length]!;
}
