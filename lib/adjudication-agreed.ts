/**
 * Disputed and agreed sentences on the adjudication page, and the gold claims
 * "Accept all agreed" makes. Pure. Agreement is the agreement drill-down's
 * own rule (lib/agreement-disagreements.ts `readSentences`): a sentence is
 * disputed exactly when the drill-down lists it (claim or not, type, span),
 * so a drill-down link always lands on a sentence the "Disputed" view shows.
 * The data layer passes the same input it passes the drill-down: the
 * submitted annotators, their live non-gold claims and the excluded sentences.
 */
import type { AgreementClaim } from "./agreement";
import { type DisagreementInput, readSentences } from "./agreement-disagreements";

/** The adjudication page's views: only the disputed sentences, or all of them. */
export const SENTENCE_VIEWS = ["disputed", "all"] as const;
export type SentenceView = (typeof SENTENCE_VIEWS)[number];

/**
 * The view a `?show=` value asks for. Without one (or with a hand-edited
 * value that is none of the views) the page shows all sentences: a plain
 * link to the page always shows the same thing, whatever is left to settle,
 * and the sentences about to be accepted in one step are on screen.
 */
export function parseSentenceView(value: unknown): SentenceView {
  return typeof value === "string" && (SENTENCE_VIEWS as readonly string[]).includes(value) ? (value as SentenceView) : "all";
}

/** A claim as the split needs it: agreement's fields and the claim's id. */
export type IdentifiedClaim = AgreementClaim & { id: string };

/**
 * One reading all annotators share: one claim of each (in annotator order)
 * with the same start, end and type. "Accept all agreed" merges them into
 * one gold claim.
 */
export type AgreedReading<C extends IdentifiedClaim = IdentifiedClaim> = {
  claims: C[];
  /** The agreed sentences the reading covers, in order. */
  sentenceIndexes: number[];
};

export type AgreementSplit<C extends IdentifiedClaim = IdentifiedClaim> = {
  /** Two or more annotators to compare; otherwise nothing is disputed or agreed and there is nothing to accept. */
  isComparable: boolean;
  /** Annotatable sentences the drill-down lists (claim / not, type, span), in order. */
  disputed: number[];
  /** The other annotatable sentences: nobody claimed them, or everyone alike. */
  agreed: number[];
  /** The shared readings of the agreed sentences, each once, by position in the text. */
  readings: AgreedReading<C>[];
};

/**
 * Split an article's annotatable sentences into disputed and agreed, and
 * list the readings of the agreed ones. On an agreed sentence every
 * annotator's covering claims have the same extents (readSentences' rule),
 * so, each list being sorted by start and end, the i-th claims of all
 * annotators share an extent; they are a reading when they also share a type
 * (the rule compares the first claim's type only, and gold claims must not
 * merge claims typed differently). A claim that reaches into a disputed
 * sentence is in no reading: that sentence is for the reviewer to settle.
 */
export function splitByAgreement<C extends IdentifiedClaim>(input: DisagreementInput<C>): AgreementSplit<C> {
  const read = readSentences(input);
  const isComparable = new Set(input.annotators).size >= 2;
  const disputed: number[] = [];
  const agreed: number[] = [];
  const contested = new Set<string>();
  const byKey = new Map<string, AgreedReading<C>>();
  /** Claim id → the reading it is in; a claim in two different readings is in none. */
  const readingOf = new Map<string, string>();
  for (const sentence of read) {
    if (sentence.kind !== null) {
      disputed.push(sentence.sentenceIndex);
      for (const value of sentence.values) for (const c of value.claims) contested.add(c.id);
      continue;
    }
    agreed.push(sentence.sentenceIndex);
    const count = sentence.values[0]?.claims.length ?? 0;
    for (let i = 0; i < count; i++) {
      const group = sentence.values.map((v) => v.claims[i]!);
      const first = group[0]!;
      if (group.some((c) => c.start !== first.start || c.end !== first.end || c.claimType !== first.claimType)) {
        for (const c of group) contested.add(c.id);
        continue;
      }
      const key = group.map((c) => c.id).join(" ");
      for (const c of group) {
        const other = readingOf.get(c.id);
        if (other !== undefined && other !== key) contested.add(c.id);
        readingOf.set(c.id, key);
      }
      const reading = byKey.get(key);
      if (reading) reading.sentenceIndexes.push(sentence.sentenceIndex);
      else byKey.set(key, { claims: group, sentenceIndexes: [sentence.sentenceIndex] });
    }
  }
  const readings = [...byKey.values()]
    .filter((r) => r.claims.every((c) => !contested.has(c.id)))
    .sort((a, b) => a.claims[0]!.start - b.claims[0]!.start || a.claims[0]!.end - b.claims[0]!.end);
  return { isComparable, disputed, agreed, readings };
}
