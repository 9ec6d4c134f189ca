/** Small numeric helpers for the benchmark: percentiles, rounding, formatting. */

/** The p-th percentile (0..100) of the samples, nearest-rank. */
export function percentile(samples: number[], p: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)));
  return sorted[rank - 1]!;
}

export function median(samples: number[]): number {
  return percentile(samples, 50);
}

export const round = (n: number, digits = 1): number => {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
};

export const int = (n: number): string => Math.round(n).toLocaleString('en-AU');

export const ms = (n: number, digits = 1): string => `${round(n, digits).toLocaleString('en-AU')} ms`;

export const ratio = (n: number): string => `${round(n, 2)}x`;

export const seconds = (n: number): string => `${round(n / 1000, 2)} s`;
