/** Figures for the benches: what a run's timings are reported as. */

/** Milliseconds (or seconds) to one decimal: finer digits are noise on these machines. */
export function round1(n: number): number {
  return Math.round(n * 10) / 10;
}

/** The nearest-rank percentile `p` (0–100) of `values`; NaN for none. */
export function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? Number.NaN;
}

/** The median by nearest rank: the middle value of an odd number of runs, as every bench takes. */
export function median(values: readonly number[]): number {
  return percentile(values, 50);
}
