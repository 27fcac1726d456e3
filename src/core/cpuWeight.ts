// v1 cpu.shares ↔ v2 cpu.weight, the way the kernel and the runtimes convert them (cgroup-facts §3).
// Several formulas are in use, so a pod's cpu.weight of 39 and one of 100 can both mean "1 CPU requested".

export const MIN_SHARES = 2;
export const MAX_SHARES = 262144;
export const MIN_WEIGHT = 1;
export const MAX_WEIGHT = 10000;
export const DEFAULT_SHARES = 1024;
export const DEFAULT_WEIGHT = 100;

/** DIV_ROUND_CLOSEST for non-negative integers. */
function divRoundClosest(dividend: number, divisor: number): number {
  return Math.floor((dividend + Math.floor(divisor / 2)) / divisor);
}

function clamp(value: number, low: number, high: number): number {
  return Math.min(high, Math.max(low, value));
}

/** The kernel's own mapping of a v2 weight to the scheduler's shares: weight 100 → 1024. */
export function kernelWeightToShares(weight: number): number {
  return divRoundClosest(weight * 1024, 100);
}

/** The kernel's mapping back from shares to the weight it reads out: 1024 → 100. */
export function kernelSharesToWeight(shares: number): number {
  return divRoundClosest(shares * 100, 1024);
}

/** runc ≤ 1.3.1 and crun < 1.23: linear, so the v1 default 1024 becomes 39. */
export function runcOldSharesToWeight(shares: number): number {
  if (shares === 0) return 0;
  const s = clamp(Math.floor(shares), MIN_SHARES, MAX_SHARES);
  return 1 + Math.floor(((s - 2) * 9999) / 262142);
}

/** runc ≥ 1.3.2 and crun ≥ 1.23: quadratic in log space, mapping 2 → 1, 1024 → 100, 262144 → 10000. */
export function runcNewSharesToWeight(shares: number): number {
  if (shares === 0) return 0;
  if (shares <= MIN_SHARES) return MIN_WEIGHT;
  if (shares >= MAX_SHARES) return MAX_WEIGHT;
  const l = Math.log2(shares);
  const exponent = (l * l + 125 * l) / 612 - 7 / 34;
  // Guard against 99.99999… rounding up past an exact power.
  return clamp(Math.ceil(Number(Math.pow(10, exponent).toFixed(9))), MIN_WEIGHT, MAX_WEIGHT);
}

/** systemd's CPUShares= → CPUWeight= conversion. */
export function systemdSharesToWeight(shares: number): number {
  return clamp(Math.floor((shares * 100) / 1024), MIN_WEIGHT, MAX_WEIGHT);
}

/** Kubernetes: a CPU request in millicores to v1 shares (0 → 2). */
export function milliCpuToShares(milliCpu: number): number {
  if (milliCpu <= 0) return MIN_SHARES;
  return clamp(Math.floor((milliCpu * 1024) / 1000), MIN_SHARES, MAX_SHARES);
}

/** runc's v1 blkio.weight → v2 io.weight. */
export function blkioWeightToIoWeight(weight: number): number {
  if (weight === 0) return 0;
  return 1 + Math.floor(((weight - 10) * 9999) / 990);
}

export interface SharesRange {
  from: number;
  to: number;
}

export interface WeightReading {
  /** The shares v1 would show for this weight under the kernel's mapping. */
  kernelShares: number;
  /** The shares that the old and the new runc/crun formulas turn into this weight, if any. */
  runcOldShares?: SharesRange;
  runcNewShares?: SharesRange;
}

/** The shares values whose conversion gives `weight`, by binary search (the formulas are monotonic). */
function invert(weight: number, convert: (shares: number) => number): SharesRange | undefined {
  const firstAtLeast = (target: number): number => {
    let low = MIN_SHARES;
    let high = MAX_SHARES + 1;
    while (low < high) {
      const middle = Math.floor((low + high) / 2);
      if (convert(middle) < target) low = middle + 1;
      else high = middle;
    }
    return low;
  };
  const from = firstAtLeast(weight);
  if (from > MAX_SHARES || convert(from) !== weight) return undefined;
  return { from, to: firstAtLeast(weight + 1) - 1 };
}

/** What a v2 cpu.weight may stand for in v1 shares, for hovers ("39 = 1024 shares by old runc"). */
export function readCpuWeight(weight: number): WeightReading {
  const reading: WeightReading = { kernelShares: kernelWeightToShares(weight) };
  const oldShares = invert(weight, runcOldSharesToWeight);
  const newShares = invert(weight, runcNewSharesToWeight);
  if (oldShares !== undefined) reading.runcOldShares = oldShares;
  if (newShares !== undefined) reading.runcNewShares = newShares;
  return reading;
}
