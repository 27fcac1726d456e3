// Sampling math for CPU charts (cgroup-facts §5, §6): usage percent from two counter samples, throttle
// ratios, and a fixed-capacity ring buffer for the history a chart shows.

export interface UsageSample {
  /** Cumulative CPU time in µs (v2 cpu.stat usage_usec, or v1 cpuacct.usage / 1000). */
  usageUs: number;
  /** A monotonic timestamp in ms (performance.now(), process.hrtime). */
  atMs: number;
}

/**
 * CPU use between two samples as percent of one CPU (200 = two CPUs busy), or undefined when the pair is
 * unusable: time did not advance, or the counter went backwards (group recreated, cpuacct.usage reset).
 */
export function cpuPercent(prev: UsageSample, next: UsageSample): number | undefined {
  const usageDelta = next.usageUs - prev.usageUs;
  const elapsedUs = (next.atMs - prev.atMs) * 1000;
  if (!Number.isFinite(usageDelta) || !Number.isFinite(elapsedUs)) return undefined;
  if (elapsedUs <= 0 || usageDelta < 0) return undefined;
  return (100 * usageDelta) / elapsedUs;
}

/** Percent of one CPU as percent of the host (divide by the CPUs) or of a limit in cores. */
export function percentOf(percentOfOneCpu: number, cores: number): number | undefined {
  if (!(cores > 0)) return undefined;
  return percentOfOneCpu / cores;
}

export interface ThrottleSample {
  nrPeriods: number;
  nrThrottled: number;
  /** Throttled time in µs (v2 throttled_usec; v1 throttled_time / 1000). */
  throttledUs?: number;
  atMs?: number;
}

/** Share of enforcement periods that ended throttled between two samples (0..1), or undefined without periods. */
export function throttleRatio(prev: ThrottleSample, next: ThrottleSample): number | undefined {
  const periods = next.nrPeriods - prev.nrPeriods;
  const throttled = next.nrThrottled - prev.nrThrottled;
  if (!(periods > 0) || throttled < 0) return undefined;
  return Math.min(1, throttled / periods);
}

/** Throttled seconds per wall-clock second between two samples (can exceed 1: summed over CPUs). */
export function throttledSecondsPerSecond(prev: ThrottleSample, next: ThrottleSample): number | undefined {
  if (prev.throttledUs === undefined || next.throttledUs === undefined) return undefined;
  if (prev.atMs === undefined || next.atMs === undefined) return undefined;
  const elapsedMs = next.atMs - prev.atMs;
  const throttledUs = next.throttledUs - prev.throttledUs;
  if (!(elapsedMs > 0) || throttledUs < 0) return undefined;
  return throttledUs / 1000 / elapsedMs;
}

/** A fixed-capacity buffer that keeps the newest `capacity` items. */
export class RingBuffer<T> {
  private readonly items: (T | undefined)[];
  private start = 0;
  private count = 0;

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity <= 0) {
      throw new RangeError(`RingBuffer capacity must be a positive integer, not ${capacity}.`);
    }
    this.items = new Array<T | undefined>(capacity);
  }

  get length(): number {
    return this.count;
  }

  /** Adds an item, dropping the oldest when full. */
  push(item: T): void {
    const index = (this.start + this.count) % this.capacity;
    this.items[index] = item;
    if (this.count < this.capacity) this.count += 1;
    else this.start = (this.start + 1) % this.capacity;
  }

  /** The item at position `index` from the oldest (0) to the newest (length-1). */
  at(index: number): T | undefined {
    if (index < 0) index += this.count;
    if (index < 0 || index >= this.count) return undefined;
    return this.items[(this.start + index) % this.capacity];
  }

  newest(): T | undefined {
    return this.at(this.count - 1);
  }

  oldest(): T | undefined {
    return this.at(0);
  }

  /** Oldest first. */
  toArray(): T[] {
    const result: T[] = [];
    for (let i = 0; i < this.count; i++) result.push(this.at(i) as T);
    return result;
  }

  clear(): void {
    this.items.fill(undefined);
    this.start = 0;
    this.count = 0;
  }

  [Symbol.iterator](): Iterator<T> {
    return this.toArray()[Symbol.iterator]();
  }
}

/** Turns a series of cumulative samples into percent-of-one-CPU points, skipping unusable pairs. */
export function usageSeries(samples: readonly UsageSample[]): Array<{ atMs: number; percent: number }> {
  const points: Array<{ atMs: number; percent: number }> = [];
  for (let i = 1; i < samples.length; i++) {
    const percent = cpuPercent(samples[i - 1] as UsageSample, samples[i] as UsageSample);
    if (percent !== undefined) points.push({ atMs: (samples[i] as UsageSample).atMs, percent });
  }
  return points;
}
