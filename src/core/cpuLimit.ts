// One CPU bandwidth model for v1 (cpu.cfs_quota_us + cpu.cfs_period_us) and v2 (cpu.max), with the user
// input grammar and the kernel's validation rules (kernel/sched/core.c tg_set_cfs_bandwidth; cgroup-facts §1, §7).
import type { ParseError } from './formats';
import type { CgroupVersion, CpuLimit } from './model';
import { formatCores, formatMicroseconds } from './units';

/** The kernel's smallest quota and period: 1 ms. */
export const MIN_CFS_QUOTA_US = 1000;
export const MIN_CFS_PERIOD_US = 1000;
/** The kernel's largest period: 1 s. */
export const MAX_CFS_PERIOD_US = 1_000_000;
/** max_cfs_runtime: 2^44-1 µs (about 203 days). */
export const MAX_CFS_QUOTA_US = 2 ** 44 - 1;
export const DEFAULT_CFS_PERIOD_US = 100_000;

export function isParseError(value: unknown): value is ParseError {
  return typeof value === 'object' && value !== null && (value as { kind?: unknown }).kind === 'error';
}

function parseError(message: string, raw: string): ParseError {
  return { kind: 'error', message, raw };
}

/** Builds a limit from quota and period, computing cores; a null quota is unlimited. */
export function makeCpuLimit(quotaUs: number | null, periodUs: number): CpuLimit {
  return { quotaUs, periodUs, cores: quotaUs === null || periodUs <= 0 ? null : quotaUs / periodUs };
}

/** Unlimited with the given period. */
export function unlimitedCpuLimit(periodUs = DEFAULT_CFS_PERIOD_US): CpuLimit {
  return makeCpuLimit(null, periodUs);
}

/** A limit of `cores` CPUs for the period: quota = round(cores × period). */
export function cpuLimitFromCores(cores: number, periodUs = DEFAULT_CFS_PERIOD_US): CpuLimit {
  return makeCpuLimit(Math.round(cores * periodUs), periodUs);
}

function parseInteger(text: string): number | undefined {
  const trimmed = text.trim();
  if (!/^[+-]?\d+$/.test(trimmed)) return undefined;
  const value = Number(trimmed);
  return Number.isSafeInteger(value) ? value : undefined;
}

/** Reads v1 cpu.cfs_quota_us ("-1" or µs; any negative means unlimited) and cpu.cfs_period_us. */
export function cpuLimitFromV1(quotaText: string, periodText: string): CpuLimit | ParseError {
  const quota = parseInteger(quotaText);
  if (quota === undefined)
    return parseError(`cpu.cfs_quota_us should hold a number, not "${quotaText.trim()}".`, quotaText);
  const period = parseInteger(periodText);
  if (period === undefined || period <= 0) {
    return parseError(
      `cpu.cfs_period_us should hold a positive number, not "${periodText.trim()}".`,
      periodText,
    );
  }
  return makeCpuLimit(quota < 0 ? null : quota, period);
}

/** Reads v2 cpu.max: "max 100000" or "20000 100000". */
export function cpuLimitFromV2(cpuMaxText: string): CpuLimit | ParseError {
  const tokens = cpuMaxText.trim().split(/\s+/);
  if (tokens.length !== 2) {
    return parseError(`cpu.max should hold "<quota|max> <period>", not "${cpuMaxText.trim()}".`, cpuMaxText);
  }
  const [quotaToken, periodToken] = tokens as [string, string];
  const period = parseInteger(periodToken);
  if (period === undefined || period <= 0) {
    return parseError(`The period in cpu.max should be a positive number, not "${periodToken}".`, cpuMaxText);
  }
  if (quotaToken === 'max') return makeCpuLimit(null, period);
  const quota = parseInteger(quotaToken);
  if (quota === undefined || quota < 0) {
    return parseError(`The quota in cpu.max should be "max" or a number, not "${quotaToken}".`, cpuMaxText);
  }
  return makeCpuLimit(quota, period);
}

/** The text for v2 cpu.max: "max 100000" or "20000 100000". */
export function cpuMaxText(limit: CpuLimit): string {
  return `${limit.quotaUs === null ? 'max' : String(limit.quotaUs)} ${limit.periodUs}`;
}

export interface CpuFileWrite {
  file: 'cpu.cfs_period_us' | 'cpu.cfs_quota_us' | 'cpu.max';
  value: string;
}

/**
 * The writes that apply `limit`, in an order that keeps every intermediate state valid. In v1 the kernel
 * checks each write against the parent and the children (quota/period must stay between them), so with
 * `current` known we go through the intermediate whose ratio lies between the old and the new one.
 */
export function cpuLimitFiles(limit: CpuLimit, version: CgroupVersion, current?: CpuLimit): CpuFileWrite[] {
  if (version === 2) return [{ file: 'cpu.max', value: cpuMaxText(limit) }];
  const period: CpuFileWrite = { file: 'cpu.cfs_period_us', value: String(limit.periodUs) };
  const quota: CpuFileWrite = {
    file: 'cpu.cfs_quota_us',
    value: limit.quotaUs === null ? '-1' : String(limit.quotaUs),
  };
  if (!current) return [period, quota];
  const samePeriod = current.periodUs === limit.periodUs;
  const sameQuota = current.quotaUs === limit.quotaUs;
  if (samePeriod && sameQuota) return [];
  if (samePeriod) return [quota];
  if (sameQuota) return [period];
  // Unlimited before or after: the period alone changes nothing while the quota is unlimited.
  if (current.quotaUs === null) return [period, quota];
  if (limit.quotaUs === null) return [quota, period];
  const oldRatio = current.quotaUs / current.periodUs;
  const newRatio = limit.quotaUs / limit.periodUs;
  const low = Math.min(oldRatio, newRatio);
  const high = Math.max(oldRatio, newRatio);
  const quotaFirst = limit.quotaUs / current.periodUs;
  const periodFirst = current.quotaUs / limit.periodUs;
  const distance = (ratio: number): number => (ratio < low ? low - ratio : ratio > high ? ratio - high : 0);
  return distance(quotaFirst) <= distance(periodFirst) ? [quota, period] : [period, quota];
}

/** Why the kernel would refuse this limit (cgroup-facts §7), or undefined when it is acceptable. */
export function validateCpuLimit(limit: CpuLimit, version: CgroupVersion): string | undefined {
  const { quotaUs, periodUs } = limit;
  if (!Number.isInteger(periodUs)) return `The period must be a whole number of µs, not ${periodUs}.`;
  if (periodUs < MIN_CFS_PERIOD_US || periodUs > MAX_CFS_PERIOD_US) {
    return `The period must be between ${MIN_CFS_PERIOD_US} µs (1 ms) and ${MAX_CFS_PERIOD_US} µs (1 s); ${periodUs} µs is outside.`;
  }
  if (quotaUs === null) return undefined;
  if (!Number.isInteger(quotaUs)) return `The quota must be a whole number of µs, not ${quotaUs}.`;
  if (quotaUs < 0) {
    return version === 2
      ? 'cpu.max does not accept a negative quota; use "max" for no limit.'
      : 'A negative quota means unlimited; use "max" to say so.';
  }
  if (quotaUs < MIN_CFS_QUOTA_US) {
    const cores = quotaUs / periodUs;
    return `The quota must be at least ${MIN_CFS_QUOTA_US} µs (1 ms) per period; ${quotaUs} µs (${formatCores(cores)} CPU at a ${formatMicroseconds(periodUs)} period) is too small. Use a longer period or a larger limit.`;
  }
  if (quotaUs > MAX_CFS_QUOTA_US)
    return `The quota may be at most ${MAX_CFS_QUOTA_US} µs (2^44-1, about 203 days).`;
  return undefined;
}

/** "unlimited", "0.2 CPU", "1 CPU", "1.5 CPUs". */
export function formatCpuLimit(limit: CpuLimit): string {
  if (limit.quotaUs === null || limit.cores === null) return 'unlimited';
  const cores = limit.cores;
  return `${formatCores(cores)} ${cores > 1 ? 'CPUs' : 'CPU'}`;
}

/** "0.2 CPU (20 ms per 100 ms)" or "unlimited". */
export function formatCpuLimitLong(limit: CpuLimit): string {
  if (limit.quotaUs === null) return 'unlimited';
  return `${formatCpuLimit(limit)} (${formatMicroseconds(limit.quotaUs)} per ${formatMicroseconds(limit.periodUs)})`;
}

function sameLimit(a: CpuLimit, b: CpuLimit): boolean {
  return a.quotaUs === b.quotaUs && a.periodUs === b.periodUs;
}

/** "unlimited → 0.5 CPU (50 ms per 100 ms)", or "no change: 0.5 CPU". */
export function describeCpuLimitChange(oldLimit: CpuLimit, newLimit: CpuLimit): string {
  if (sameLimit(oldLimit, newLimit)) return `no change: ${formatCpuLimitLong(newLimit)}`;
  const periodNote =
    oldLimit.periodUs !== newLimit.periodUs
      ? `; period ${formatMicroseconds(oldLimit.periodUs)} → ${formatMicroseconds(newLimit.periodUs)}`
      : '';
  return `${formatCpuLimitLong(oldLimit)} → ${formatCpuLimitLong(newLimit)}${periodNote}`;
}

export interface CpuLimitInputContext {
  version: CgroupVersion;
  /** The group's current period, kept unless the input names one. */
  currentPeriodUs: number;
  /** CPUs the group can run on (online CPUs or its effective cpuset); larger limits get a warning. */
  onlineCpus?: number;
}

export type CpuLimitInputResult =
  { ok: true; limit: CpuLimit; warning?: string } | { ok: false; reason: string };

const NUMBER = '(\\d+(?:\\.\\d*)?|\\.\\d+)';
const CORES_SUFFIX = '(?:\\s*(?:cpus?|cores?|c|核|个\\s*cpu))?';

/**
 * Parses what a user types for a CPU limit. Accepted forms (case-insensitive):
 * - `0.5`, `1.5`, `2 cpus`, `2 cores`, `0,5`, `2核`: CPUs (a bare number is always CPUs, never µs);
 * - `500m`: Kubernetes millicores (0.5 CPU);
 * - `50%`, `150%`: percent of one CPU (docker's and systemd's CPUQuota= convention, 150% = 1.5 CPUs);
 * - `20000us`, `20000µs`, `20ms`: a quota per current period;
 * - `20000/100000`, `20000 100000`, `20ms/100ms`: quota and period;
 * - `max`, `unlimited`, `none`, `-1`, `max 100000`: no limit.
 * Full-width characters (５０％) are accepted. The current period is kept unless the input gives one.
 */
export function parseCpuLimitInput(input: string, context: CpuLimitInputContext): CpuLimitInputResult {
  // NFKC turns full-width input from CJK keyboards (５０％) into ASCII; "0,5" is a decimal comma.
  const text = String(input)
    .normalize('NFKC')
    .trim()
    .toLowerCase()
    .replace(/^(\d+),(\d+)(?=\D*$)/, '$1.$2')
    .replace(/[\u00b5\u03bc]s/g, 'us');
  if (text === '') return { ok: false, reason: 'Enter a CPU limit such as 0.5, 50%, 20000/100000 or max.' };
  const period = context.currentPeriodUs > 0 ? context.currentPeriodUs : DEFAULT_CFS_PERIOD_US;

  const finish = (limit: CpuLimit): CpuLimitInputResult => {
    const problem = validateCpuLimit(limit, context.version);
    if (problem) return { ok: false, reason: problem };
    if (limit.cores !== null && context.onlineCpus !== undefined && limit.cores > context.onlineCpus) {
      return {
        ok: true,
        limit,
        warning: `${formatCpuLimit(limit)} is more than the ${context.onlineCpus} CPUs available, so it does not limit anything.`,
      };
    }
    return { ok: true, limit };
  };
  const fromCores = (cores: number, what: string): CpuLimitInputResult => {
    if (!Number.isFinite(cores)) return { ok: false, reason: `"${input.trim()}" is not a number.` };
    if (cores <= 0) {
      return {
        ok: false,
        reason: `${what} would stop the group from running at all; use "max" to remove the limit.`,
      };
    }
    return finish(cpuLimitFromCores(cores, period));
  };

  if (['max', 'unlimited', 'none', 'no limit', '-1', 'inf', 'infinity'].includes(text)) {
    return finish(unlimitedCpuLimit(period));
  }
  let match = new RegExp(`^max\\s+(\\d+)\\s*(?:us|µs)?$`).exec(text);
  if (match) return finish(unlimitedCpuLimit(Number(match[1])));

  match = new RegExp(`^${NUMBER}\\s*%$`).exec(text);
  if (match) return fromCores(Number(match[1]) / 100, `${match[1]}%`);

  match = new RegExp(`^${NUMBER}\\s*m$`).exec(text);
  if (match) return fromCores(Number(match[1]) / 1000, `${match[1]} millicores`);

  match = new RegExp(`^${NUMBER}${CORES_SUFFIX}$`).exec(text);
  if (match) return fromCores(Number(match[1]), `${match[1]} CPUs`);

  const duration = '(\\d+(?:\\.\\d+)?)\\s*(us|µs|ms|s)?';
  match = new RegExp(`^${duration}\\s*(?:/|\\s)\\s*${duration}$`).exec(text);
  if (match) {
    const quotaUs = toMicroseconds(Number(match[1]), match[2] ?? 'us');
    const periodUs = toMicroseconds(Number(match[3]), match[4] ?? 'us');
    if (quotaUs === undefined || periodUs === undefined) {
      return { ok: false, reason: 'Quota and period must be whole numbers of µs.' };
    }
    if (quotaUs === 0)
      return { ok: false, reason: 'A quota of 0 would stop the group; use "max" to remove the limit.' };
    return finish(makeCpuLimit(quotaUs, periodUs));
  }

  match = /^(\d+(?:\.\d+)?)\s*(us|µs|ms|s)$/.exec(text);
  if (match) {
    const quotaUs = toMicroseconds(Number(match[1]), match[2] as string);
    if (quotaUs === undefined) return { ok: false, reason: 'The quota must be a whole number of µs.' };
    if (quotaUs === 0)
      return { ok: false, reason: 'A quota of 0 would stop the group; use "max" to remove the limit.' };
    return finish(makeCpuLimit(quotaUs, period));
  }

  if (/^-\d/.test(text)) {
    return { ok: false, reason: 'A negative limit is not meaningful; use "max" to remove the limit.' };
  }
  return {
    ok: false,
    reason: `"${input.trim()}" is not a CPU limit. Use CPUs (0.5, 2), percent of one CPU (50%), millicores (500m), quota/period in µs (20000/100000), a quota with unit (20ms), or max.`,
  };
}

function toMicroseconds(value: number, unit: string): number | undefined {
  const factor = unit === 's' ? 1_000_000 : unit === 'ms' ? 1000 : 1;
  const us = value * factor;
  const rounded = Math.round(us);
  return Math.abs(us - rounded) < 1e-6 ? rounded : undefined;
}

export interface EffectiveCpuLimit {
  /** The usable CPUs, or null when nothing limits the group. */
  cores: number | null;
  /** What sets the ceiling: a quota in the chain, the cpuset, or nothing. */
  source: 'quota' | 'cpuset' | 'none';
  /** For source "quota": the index in the chain of the limit that wins. */
  index?: number;
}

/**
 * The real ceiling for a group: the smallest quota/period among the group and its ancestors (`chain`, any
 * order), capped by the number of CPUs in its effective cpuset.
 */
export function effectiveCpuLimit(chain: readonly CpuLimit[], cpusetCount?: number): EffectiveCpuLimit {
  let best: EffectiveCpuLimit = { cores: null, source: 'none' };
  chain.forEach((limit, index) => {
    if (limit.quotaUs === null || limit.periodUs <= 0) return;
    const cores = limit.quotaUs / limit.periodUs;
    if (best.cores === null || cores < best.cores) best = { cores, source: 'quota', index };
  });
  if (cpusetCount !== undefined && cpusetCount > 0 && (best.cores === null || cpusetCount < best.cores)) {
    return { cores: cpusetCount, source: 'cpuset' };
  }
  return best;
}
