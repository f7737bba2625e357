import type { AgreementClaim } from "./agreement";

/**
 * Where annotators disagree on an article, sentence by sentence: what a
 * reviewer opens in adjudication. Pure; the data layer passes the counted
 * annotators (submitted) and their claims, as for lib/agreement.
 *
 * A sentence's coder holds the claims whose `sentenceIndexes` list it (the
 * rule of the sentence figures). Each disagreeing sentence gets the most
 * basic kind that applies:
 * - `claim`: some annotators have a claim on it, others none;
 * - `type`: all have one, but the type of their first covering claim (by
 *   start, then end, then input order: the label the kappa and alpha on
 *   types use) differs; a claim without a type differs from one with a type,
 *   since the reviewer has to settle it either way;
 * - `span`: same type, but the covering claims' extents (start and end, as a
 *   multiset) differ.
 * A sentence where nobody has a claim, or all agree on all three, is agreement
 * and is not listed. Excluded sentences (not annotatable) are never listed.
 */

export const DISAGREEMENT_KINDS = ["claim", "type", "span"] as const;
export type DisagreementKind = (typeof DISAGREEMENT_KINDS)[number];

/** One annotator's reading of a sentence. */
export type SentenceValue<C extends AgreementClaim = AgreementClaim> = {
  annotatorId: string;
  /** Their claims that cover the sentence, by start, then end, then input order. */
  claims: C[];
  /** The type of the first covering claim; null when it has none or there is no claim. */
  claimType: string | null;
};

export type SentenceDisagreement<C extends AgreementClaim = AgreementClaim> = {
  sentenceIndex: number;
  kind: DisagreementKind;
  /** One per annotator, in the order given. */
  values: SentenceValue<C>[];
};

export type DisagreementInput<C extends AgreementClaim> = {
  annotators: readonly string[];
  sentenceCount: number;
  claims: readonly C[];
  excludedSentences?: readonly number[];
};

/** One annotatable sentence as the annotators read it: `kind` null when they agree (nobody claimed it, or all alike). */
export type SentenceReading<C extends AgreementClaim = AgreementClaim> = {
  sentenceIndex: number;
  kind: DisagreementKind | null;
  /** One per annotator, in the order given. */
  values: SentenceValue<C>[];
};

/** The disagreeing sentences, in sentence order. Fewer than two annotators: none. */
export function findDisagreements<C extends AgreementClaim>(input: DisagreementInput<C>): SentenceDisagreement<C>[] {
  return readSentences(input).flatMap((r) => (r.kind === null ? [] : [{ sentenceIndex: r.sentenceIndex, kind: r.kind, values: r.values }]));
}

/**
 * Every annotatable sentence with the annotators' values and its kind of
 * disagreement, or null where they agree: the one rule both the drill-down
 * (the disagreeing ones) and adjudication (disputed and agreed sentences,
 * lib/adjudication-agreed.ts) read. Fewer than two annotators: none, since
 * nobody agrees or disagrees alone.
 */
export function readSentences<C extends AgreementClaim>(input: DisagreementInput<C>): SentenceReading<C>[] {
  const annotators = [...new Set(input.annotators)];
  if (annotators.length < 2) return [];
  const excluded = new Set(input.excludedSentences ?? []);
  const sentenceCount = Math.max(0, Math.floor(input.sentenceCount));
  // Coder → sentence → covering claims, filled in claim order so each list comes out sorted.
  const order = input.claims
    .map((claim, index) => ({ claim, index }))
    .sort((x, y) => x.claim.start - y.claim.start || x.claim.end - y.claim.end || x.index - y.index);
  const covering = new Map<string, Map<number, C[]>>(annotators.map((a) => [a, new Map()]));
  for (const { claim } of order) {
    const bySentence = covering.get(claim.annotatorId);
    if (!bySentence) continue;
    for (const s of new Set(claim.sentenceIndexes)) {
      if (!Number.isInteger(s) || s < 0 || s >= sentenceCount || excluded.has(s)) continue;
      const list = bySentence.get(s);
      if (list) list.push(claim);
      else bySentence.set(s, [claim]);
    }
  }
  const read: SentenceReading<C>[] = [];
  for (let s = 0; s < sentenceCount; s++) {
    if (excluded.has(s)) continue;
    const values = annotators.map((annotatorId): SentenceValue<C> => {
      const claims = covering.get(annotatorId)?.get(s) ?? [];
      return { annotatorId, claims, claimType: claims[0]?.claimType ?? null };
    });
    read.push({ sentenceIndex: s, kind: kindOf(values), values });
  }
  return read;
}

function kindOf(values: readonly SentenceValue[]): DisagreementKind | null {
  const claimed = values.filter((v) => v.claims.length > 0).length;
  if (claimed === 0) return null;
  if (claimed < values.length) return "claim";
  const first = values[0]!;
  if (values.some((v) => v.claimType !== first.claimType)) return "type";
  const extents = (v: SentenceValue) =>
    v.claims
      .map((c) => `${c.start}:${c.end}`)
      .sort()
      .join(",");
  const reference = extents(first);
  return values.some((v) => extents(v) !== reference) ? "span" : null;
}

/** How many sentences of each kind. */
export function countByKind(disagreements: readonly SentenceDisagreement<AgreementClaim>[]): Record<DisagreementKind, number> {
  const counts: Record<DisagreementKind, number> = { claim: 0, type: 0, span: 0 };
  for (const d of disagreements) counts[d.kind]++;
  return counts;
}
