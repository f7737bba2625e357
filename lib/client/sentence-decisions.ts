/**
 * The sentence decisions the annotator shows and counts (server/sentence-decisions.ts
 * keeps and checks them): a person's "no claim here" and the article's
 * "not annotatable" exclusions, each by the sentence's stored index. Offsets
 * are the stored ones (code points), like claim targets.
 */

/** A visible "no claim here" decision: the actor's own, or (where the blind rule allows) someone else's. */
export type NoClaimMark = { sentenceIndex: number; authorId: string; authorName: string };

/** A sentence left out of annotation for everyone. */
export type Exclusion = { sentenceIndex: number; reason: string | null; excludedByName: string | null };

export type SentenceDecisions = { decisions: NoClaimMark[]; exclusions: Exclusion[] };

export type SentenceCoverage = {
  /** Sentences not excluded. */
  annotatable: number;
  /** Annotatable sentences a live claim or a no-claim decision covers. */
  decided: number;
};

type Span = { start: number; end: number };

/**
 * The sentences a claim's target covers: every one it overlaps, as the server
 * stores a claim's `sentence_indexes` (server/claim-rows.ts sentenceIndexesSql),
 * so a draft not saved yet counts as it will once saved. `sentences` are in
 * text order and do not overlap (as segmentation makes them); any unit will
 * do, as long as the target counts in the same one.
 */
export function coveredSentences(target: Span, sentences: ReadonlyArray<Span & { index: number }>): number[] {
  // Sentences are in text order and do not overlap: find the first that ends after the target starts, then
  // walk while they start before it ends (the page counts this for thousands of claims on every change).
  let low = 0;
  let high = sentences.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (sentences[middle]!.end <= target.start) low = middle + 1;
    else high = middle;
  }
  const covered: number[] = [];
  for (let i = low; i < sentences.length && sentences[i]!.start < target.end; i++) {
    if (sentences[i]!.end > target.start) covered.push(sentences[i]!.index);
  }
  return covered;
}

/**
 * How far the article's annotation has come on the page, by the server's
 * definition (server/sentence-decisions.ts `sentenceCoverage`): the
 * sentences not excluded, and how many of those a claim on the page (live
 * ones: the page shows only what the person may see) or a visible no-claim
 * decision covers. Decisions and exclusions naming no stored sentence count
 * nowhere.
 */
export function sentenceCoverage(
  sentences: ReadonlyArray<Span & { index: number }>,
  claimTargets: readonly Span[],
  { decisions, exclusions }: SentenceDecisions,
): SentenceCoverage {
  const excluded = new Set(exclusions.map((e) => e.sentenceIndex));
  const covered = new Set(decisions.map((d) => d.sentenceIndex));
  for (const target of claimTargets) for (const index of coveredSentences(target, sentences)) covered.add(index);
  let annotatable = 0;
  let decided = 0;
  for (const s of sentences) {
    if (excluded.has(s.index)) continue;
    annotatable++;
    if (covered.has(s.index)) decided++;
  }
  return { annotatable, decided };
}

/** Why the server did not take a decision, as the page words it in the person's language. */
export type DecisionRefusal =
  /** 409: the person's own live claim covers the sentence. */
  | { kind: "covered" }
  /** 409: the article is closed. */
  | { kind: "closed" }
  /** 409: the person submitted their work on the article. */
  | { kind: "submitted" }
  /** 403: the person's role does not allow it. */
  | { kind: "forbidden" }
  /** The server could not be reached. */
  | { kind: "unreachable" }
  /** Anything else, in the server's words. */
  | { kind: "other"; message: string };

type ErrorBody = { error?: { code?: string; message?: string } } | null;

function refusalOf(status: number, body: ErrorBody): DecisionRefusal {
  const code = body?.error?.code;
  if (code === "conflict:sentence") return { kind: "covered" };
  if (code === "conflict:article") return { kind: "closed" };
  if (code === "conflict:assignment") return { kind: "submitted" };
  if (status === 403) return { kind: "forbidden" };
  return { kind: "other", message: body?.error?.message ?? String(status) };
}

async function put(url: string, body: unknown): Promise<DecisionRefusal | null> {
  const response = await fetch(url, { method: "PUT", headers: { "content-type": "application/json" }, body: JSON.stringify(body) }).catch(() => null);
  if (!response) return { kind: "unreachable" };
  if (response.ok) return null;
  return refusalOf(response.status, (await response.json().catch(() => null)) as ErrorBody);
}

const sentenceUrl = (articleId: string, index: number) => `/api/articles/${articleId}/sentences/${index}`;

/** Set or clear the person's "no claim here" on a sentence; null when the server took it. */
export function putNoClaim(articleId: string, sentenceIndex: number, isSet: boolean): Promise<DecisionRefusal | null> {
  return put(`${sentenceUrl(articleId, sentenceIndex)}/decision`, { decision: isSet ? "no_claim" : null });
}

/** Mark a sentence not annotatable, or annotatable again; null when the server took it. */
export function putExclusion(articleId: string, sentenceIndex: number, isExcluded: boolean): Promise<DecisionRefusal | null> {
  return put(`${sentenceUrl(articleId, sentenceIndex)}/exclusion`, { excluded: isExcluded });
}

/** The article's decisions as the person may see them, or null when they could not be loaded. */
export async function fetchSentenceDecisions(articleId: string): Promise<SentenceDecisions | null> {
  const response = await fetch(`/api/articles/${articleId}/sentences/decisions`).catch(() => null);
  if (!response?.ok) return null;
  const body = (await response.json().catch(() => null)) as SentenceDecisions | null;
  if (!body || !Array.isArray(body.decisions) || !Array.isArray(body.exclusions)) return null;
  return toSentenceDecisions(body);
}

/** Only what the page uses, from the server's answer (or the page's own load, whose dates are Date objects). */
export function toSentenceDecisions(source: { decisions: ReadonlyArray<NoClaimMark>; exclusions: ReadonlyArray<Exclusion> }): SentenceDecisions {
  return {
    decisions: source.decisions.map(({ sentenceIndex, authorId, authorName }) => ({ sentenceIndex, authorId, authorName })),
    exclusions: source.exclusions.map(({ sentenceIndex, reason, excludedByName }) => ({ sentenceIndex, reason, excludedByName })),
  };
}
