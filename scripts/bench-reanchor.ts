/**
 * Benchmark: re-anchoring claims onto a new revision (issue 14 item 7).
 *
 *   npx tsx scripts/bench-reanchor.ts        (or BENCH_ONLY=reanchor npm run bench)
 *
 * Two parts, both on the generated revision-pair corpus (lib/reanchor-corpus.ts,
 * seeded, identical on every run):
 *   - correctness over the whole corpus: misplaced claims (target 0), the share
 *     of unchanged quotes kept or relocated automatically (target ≥ 0.98), and
 *     the outcome counts;
 *   - speed on the large pair (3,000 claims on a 3,000-sentence article), as the
 *     median of several runs and as a ratio to segmenting the new revision into
 *     sentences — work every new revision costs anyway, measured in the same run,
 *     so the figure stays comparable on a shared, noisy machine.
 */
import { performance } from "node:perf_hooks";
import { pathToFileURL } from "node:url";
import { reanchorClaims } from "../lib/reanchor";
import { generateReanchorCorpus, scoreReanchorCorpus } from "../lib/reanchor-corpus";
import { segmentSentences } from "../lib/segmentation";
import { median, round1 as round } from "./bench-stats";

export type ReanchorBenchResult = {
  name: "reanchor";
  pairs: number;
  claims: number;
  misplaced: number;
  unchangedQuotes: number;
  unchangedPlacedShare: number;
  typoFixes: number;
  typoProposalsRight: number;
  outcomes: Record<string, number>;
  large: { claims: number; sentences: number; medianMs: number; segmentMedianMs: number; ratioToSegmentation: number };
};

const RUNS = 7;

function timed(run: () => unknown): number[] {
  run(); // warm-up: the first call pays for JIT compilation, which a long-lived server has paid already
  return Array.from({ length: RUNS }, () => {
    const t0 = performance.now();
    run();
    return performance.now() - t0;
  });
}

export function runReanchorBench(): ReanchorBenchResult {
  const corpus = generateReanchorCorpus();
  const outcomes = corpus.map((pair) => reanchorClaims(pair.oldText, pair.newText, pair.claims));
  const score = scoreReanchorCorpus(corpus, outcomes);
  const large = corpus.find((pair) => pair.name === "large")!;
  const reanchorMs = median(timed(() => reanchorClaims(large.oldText, large.newText, large.claims)));
  const segmentMs = median(timed(() => segmentSentences(large.newText, "en")));
  return {
    name: "reanchor",
    pairs: corpus.length,
    claims: score.claims,
    misplaced: score.misplaced,
    unchangedQuotes: score.unchangedQuotes,
    unchangedPlacedShare: Math.round((score.unchangedPlaced / score.unchangedQuotes) * 10_000) / 10_000,
    typoFixes: score.typoFixes,
    typoProposalsRight: score.typoProposalsRight,
    outcomes: score.outcomes,
    large: {
      claims: large.claims.length,
      sentences: large.sentences,
      medianMs: round(reanchorMs),
      segmentMedianMs: round(segmentMs),
      ratioToSegmentation: round(reanchorMs / segmentMs),
    },
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  console.log(JSON.stringify(runReanchorBench(), null, 2));
}
