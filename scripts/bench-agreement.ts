/**
 * Benchmark: project agreement for 40 annotators × 1,000 articles (30
 * sentences each, ~5 claims per annotator per article ≈ 200k claims), every
 * annotator assigned to every article — the worst case for the pairwise
 * figures (780 pairs per article). Target: ≤ 2,000 ms on 2 cores.
 *
 *   npx tsx scripts/bench-agreement.ts
 *
 * Data come from a seeded PRNG so runs are comparable; only the computation is
 * timed, and on a cold start (no warm-up), as a dashboard request would see it.
 */
import { performance } from "node:perf_hooks";
import { pathToFileURL } from "node:url";
import { type AgreementArticle, computeProjectAgreement, type ProjectAgreementInput } from "../lib/agreement";
import { seededRandom } from "../lib/seeded-random";

export type AgreementBenchResult = {
  name: "agreement-40x1000";
  annotators: number;
  articles: number;
  claims: number;
  ms: number;
};

const ANNOTATORS = 40;
const ARTICLES = 1_000;
const SENTENCES = 30;
const CLAIM_TYPES = ["statistic", "event", "quote", "prediction", "causal", "position"] as const;

/**
 * Each article has ~6 "true" claim sentences; an annotator finds each with
 * p = 0.75, sometimes trims the span or picks another type, and adds a false
 * positive with p = 0.5 — so agreement is realistic, neither 0 nor 1.
 */
export function generateAgreementInput(seed = 42): ProjectAgreementInput {
  const random = seededRandom(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const annotators = Array.from({ length: ANNOTATORS }, (_, i) => `annotator-${i}`);
  const articles: AgreementArticle[] = [];
  const annotatorsByArticle: Record<string, string[]> = {};

  for (let a = 0; a < ARTICLES; a++) {
    const articleId = `article-${a}`;
    const bounds: Array<[number, number]> = [];
    let offset = 0;
    for (let s = 0; s < SENTENCES; s++) {
      const length = 60 + Math.floor(random() * 120);
      bounds.push([offset, offset + length]);
      offset += length + 1;
    }
    const truth = new Map<number, string>();
    while (truth.size < 6) truth.set(Math.floor(random() * SENTENCES), pick(CLAIM_TYPES));

    const claims: AgreementArticle["claims"][number][] = [];
    const claimOn = (annotatorId: string, sentence: number, type: string | null): void => {
      const [start, end] = bounds[sentence]!;
      // Most claims take the whole sentence; some are trimmed, which breaks exact but not overlap matches.
      const trimmed = random() < 0.3;
      const spanStart = trimmed ? start + Math.floor(random() * 15) : start;
      const spanEnd = trimmed ? end - Math.floor(random() * 15) : end;
      const spansNext = sentence + 1 < SENTENCES && random() < 0.05;
      claims.push({
        annotatorId,
        start: spanStart,
        end: spansNext ? bounds[sentence + 1]![1] : spanEnd,
        claimType: type,
        sentenceIndexes: spansNext ? [sentence, sentence + 1] : [sentence],
      });
    };
    for (const annotatorId of annotators) {
      for (const [sentence, type] of truth) {
        if (random() < 0.75) claimOn(annotatorId, sentence, random() < 0.8 ? type : random() < 0.1 ? null : pick(CLAIM_TYPES));
      }
      if (random() < 0.5) claimOn(annotatorId, Math.floor(random() * SENTENCES), pick(CLAIM_TYPES));
    }
    articles.push({ articleId, sentenceCount: SENTENCES, claims });
    annotatorsByArticle[articleId] = annotators;
  }
  return { annotators, articles, annotatorsByArticle };
}

/** Generate the data set, time one computeProjectAgreement over it, and return the figures. */
export function runAgreementBench(): AgreementBenchResult {
  const input = generateAgreementInput();
  const claims = input.articles.reduce((sum, article) => sum + article.claims.length, 0);
  const started = performance.now();
  const result = computeProjectAgreement(input);
  const ms = Math.round(performance.now() - started);
  // Keep the result observable so the computation cannot be optimised away.
  if (result.pairs.length !== (ANNOTATORS * (ANNOTATORS - 1)) / 2) throw new Error("bench-agreement: unexpected pair count");
  return { name: "agreement-40x1000", annotators: ANNOTATORS, articles: ARTICLES, claims, ms };
}

const entry = process.argv[1];
if (entry !== undefined && import.meta.url === pathToFileURL(entry).href) {
  console.log(JSON.stringify(runAgreementBench()));
}
