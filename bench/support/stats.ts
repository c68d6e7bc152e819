import { performance } from 'node:perf_hooks';

/** The middle value (the mean of the two middle values for an even count). */
export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

export function minimum(values: readonly number[]): number {
  return values.length === 0 ? Number.NaN : Math.min(...values);
}

export function maximum(values: readonly number[]): number {
  return values.length === 0 ? Number.NaN : Math.max(...values);
}

/** Milliseconds `run` takes, on the monotonic clock. */
export async function timed(run: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await run();
  return performance.now() - started;
}

export function timedSync(run: () => unknown): number {
  const started = performance.now();
  run();
  return performance.now() - started;
}

/** "12.3 ms" below 10 s, else "12.3 s"; sub-millisecond values keep two decimals. */
export function formatMs(ms: number): string {
  if (!Number.isFinite(ms)) return 'n/a';
  if (Math.abs(ms) < 1) return `${ms.toFixed(2)} ms`;
  if (Math.abs(ms) < 10_000) return `${ms.toFixed(ms < 100 ? 1 : 0)} ms`;
  return `${(ms / 1000).toFixed(1)} s`;
}

export function formatRatio(ratio: number): string {
  return Number.isFinite(ratio) ? `${ratio.toFixed(2)}×` : 'n/a';
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${Math.round(bytes)} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / 1024 / 1024).toFixed(2)} MiB`;
}

/** "min 1.0 ms · median 1.2 ms · max 3.0 ms (n = 7)". */
export function spread(values: readonly number[], format: (value: number) => string = formatMs): string {
  return `min ${format(minimum(values))} · median ${format(median(values))} · max ${format(maximum(values))} (n = ${values.length})`;
}

/** "median of 1 run", "median of 5 runs". */
export function medianOf(count: number, unit = 'run'): string {
  return `median of ${count} ${unit}${count === 1 ? '' : 's'}`;
}
