// Validation of the allowlisted limit files other than CPU bandwidth (that one is core/cpuLimit.ts).
// The rules follow docs/cgroup-facts.md §2, §3, §7: each file gets the sentinel and syntax its kernel parser
// accepts, so a value refused here would have been refused (or silently mangled) by the kernel.
import type { CgroupVersion } from './model';

export type LimitCheck = { ok: true; value: string } | { ok: false; reason: string };

/** Files with a known value grammar, per cgroup version. cpu.cfs_* / cpu.max go through setCpuLimit. */
export type LimitKind =
  | 'memory-bytes'
  | 'pids'
  | 'cpu-list'
  | 'cpu-shares'
  | 'cpu-weight'
  | 'blkio-throttle'
  | 'io-max'
  | 'freezer-state'
  | 'cgroup-freeze';

const V1_LIMIT_FILES: Record<string, LimitKind> = {
  'memory.limit_in_bytes': 'memory-bytes',
  'memory.memsw.limit_in_bytes': 'memory-bytes',
  'memory.soft_limit_in_bytes': 'memory-bytes',
  'pids.max': 'pids',
  'cpuset.cpus': 'cpu-list',
  'cpuset.mems': 'cpu-list',
  'cpu.shares': 'cpu-shares',
  'blkio.throttle.read_bps_device': 'blkio-throttle',
  'blkio.throttle.write_bps_device': 'blkio-throttle',
  'blkio.throttle.read_iops_device': 'blkio-throttle',
  'blkio.throttle.write_iops_device': 'blkio-throttle',
  'freezer.state': 'freezer-state',
};

const V2_LIMIT_FILES: Record<string, LimitKind> = {
  'memory.max': 'memory-bytes',
  'memory.high': 'memory-bytes',
  'memory.low': 'memory-bytes',
  'memory.min': 'memory-bytes',
  'memory.swap.max': 'memory-bytes',
  'memory.swap.high': 'memory-bytes',
  'pids.max': 'pids',
  'cpuset.cpus': 'cpu-list',
  'cpuset.mems': 'cpu-list',
  'cpu.weight': 'cpu-weight',
  'io.max': 'io-max',
  'cgroup.freeze': 'cgroup-freeze',
};

/** The grammar of a limit file in this version, or undefined when it is not one we know. */
export function limitKind(file: string, version: CgroupVersion): LimitKind | undefined {
  const table = version === 1 ? V1_LIMIT_FILES : V2_LIMIT_FILES;
  return Object.prototype.hasOwnProperty.call(table, file) ? table[file] : undefined;
}

/** Every limit file with a known grammar in this version. */
export function knownLimitFiles(version: CgroupVersion): string[] {
  return Object.keys(version === 1 ? V1_LIMIT_FILES : V2_LIMIT_FILES);
}

/** pids.max is refused by the kernel at PIDS_MAX = PID_MAX_LIMIT + 1 = 4194305 and above. */
export const PIDS_MAX_LIMIT = 4194304;
/** v1 cpu.shares is clamped by the kernel to 2..262144; we refuse instead of letting it clamp silently. */
export const CPU_SHARES_MIN = 2;
export const CPU_SHARES_MAX = 262144;
export const CPU_WEIGHT_MIN = 1;
export const CPU_WEIGHT_MAX = 10000;
/** Largest byte count: a 64-bit signed long. Above it memparse overflows. */
const MAX_BYTES = 2n ** 63n - 1n;
/** The kernel's bitmap lists: a CPU or node number this large exists on no machine. */
const MAX_CPU_INDEX = 65535;

const SUFFIX_SHIFT: Record<string, bigint> = { k: 10n, m: 20n, g: 30n, t: 40n, p: 50n, e: 60n };

/**
 * Parses a byte count exactly as it will be written: decimal digits with an optional K/M/G/T/P/E suffix
 * (either case, base 1024), nothing else (stricter than units.ts parseByteSize, which also reads "512 MiB"
 * for display: the kernel's memparse would refuse that). Decimal only: memparse takes 0x.. too, but
 * nobody means hex for memory and it hides mistakes.
 */
export function parseMemparseBytes(text: string): bigint | undefined {
  const match = /^(\d{1,20})([kKmMgGtTpPeE]?)$/.exec(text);
  if (!match) return undefined;
  const digits = match[1] as string;
  const suffix = (match[2] as string).toLowerCase();
  const bytes = BigInt(digits) << (suffix === '' ? 0n : (SUFFIX_SHIFT[suffix] as bigint));
  return bytes <= MAX_BYTES ? bytes : undefined;
}

function checkMemoryBytes(file: string, value: string, version: CgroupVersion): LimitCheck {
  const sentinel = version === 1 ? '-1' : 'max';
  const wrongSentinel = version === 1 ? 'max' : '-1';
  if (value === sentinel) return { ok: true, value };
  if (value === wrongSentinel || value === 'unlimited') {
    return {
      ok: false,
      reason: `${file} (cgroup v${version}) takes "${sentinel}" for unlimited, not "${value}".`,
    };
  }
  const bytes = parseMemparseBytes(value);
  if (bytes === undefined) {
    return {
      ok: false,
      reason: `${file} takes a byte count with an optional K, M, G, T suffix (e.g. 512M) or "${sentinel}"; "${value}" is neither.`,
    };
  }
  return { ok: true, value };
}

function checkInteger(file: string, value: string, min: number, max: number, sentinel?: string): LimitCheck {
  if (sentinel !== undefined && value === sentinel) return { ok: true, value };
  // Decimal only: the kernel's base-0 parser reads "010" as octal 8, which surprises everybody.
  if (!/^(0|[1-9]\d{0,9})$/.test(value)) {
    const alt = sentinel !== undefined ? ` or "${sentinel}"` : '';
    return {
      ok: false,
      reason: `${file} takes a whole number from ${min} to ${max}${alt}; "${value}" is not one.`,
    };
  }
  const n = Number(value);
  if (n < min || n > max) {
    return { ok: false, reason: `${file} takes ${min}..${max}; ${n} is out of range.` };
  }
  return { ok: true, value };
}

/** A kernel bitmap list: "0-3,5,7-8". Ranges must ascend; empty is allowed (it empties the set). */
export function checkCpuList(file: string, value: string): LimitCheck {
  if (value === '') return { ok: true, value };
  const parts = value.split(',');
  for (const part of parts) {
    const match = /^(\d{1,5})(?:-(\d{1,5}))?$/.exec(part);
    if (!match) {
      return {
        ok: false,
        reason: `${file} takes a list such as "0-3,5"; "${part}" is not a number or range.`,
      };
    }
    const from = Number(match[1]);
    const to = match[2] === undefined ? from : Number(match[2]);
    if (to < from) return { ok: false, reason: `${file}: the range "${part}" goes backwards.` };
    if (to > MAX_CPU_INDEX)
      return { ok: false, reason: `${file}: ${to} is not a CPU or memory node number.` };
  }
  return { ok: true, value };
}

const DEVICE = /^(\d{1,4}):(\d{1,7})$/;

function checkBlkioThrottle(file: string, value: string): LimitCheck {
  const tokens = value.split(/\s+/);
  const device = tokens[0] ?? '';
  if (tokens.length !== 2 || !DEVICE.test(device) || !/^(0|[1-9]\d{0,19})$/.test(tokens[1] ?? '')) {
    return {
      ok: false,
      reason: `${file} takes "MAJOR:MINOR VALUE" (e.g. "8:0 1048576"; 0 removes the limit); "${value}" is not that.`,
    };
  }
  if (BigInt(tokens[1] as string) > 2n ** 64n - 1n)
    return { ok: false, reason: `${file}: the value is too large.` };
  return { ok: true, value };
}

const IO_MAX_KEYS = new Set(['rbps', 'wbps', 'riops', 'wiops']);

function checkIoMax(file: string, value: string): LimitCheck {
  const tokens = value.split(/\s+/);
  const device = tokens[0] ?? '';
  const usage = `${file} takes "MAJOR:MINOR key=value ..." with keys rbps, wbps, riops, wiops and values a number or "max" (e.g. "8:0 rbps=1048576 wbps=max")`;
  if (!DEVICE.test(device) || tokens.length < 2)
    return { ok: false, reason: `${usage}; "${value}" is not that.` };
  const seen = new Set<string>();
  for (const token of tokens.slice(1)) {
    const match = /^([a-z]+)=(max|[1-9]\d{0,19})$/.exec(token);
    if (!match || !IO_MAX_KEYS.has(match[1] as string)) {
      const zero = /=0$/.test(token) ? ' (use "max" rather than 0 to remove a limit)' : '';
      return { ok: false, reason: `${usage}; "${token}" is not one${zero}.` };
    }
    if (seen.has(match[1] as string)) return { ok: false, reason: `${file}: "${match[1]}" is given twice.` };
    seen.add(match[1] as string);
  }
  return { ok: true, value };
}

/**
 * Checks a value for a limit file. Surrounding whitespace is trimmed (the kernel strips it too); the
 * returned value is what should be written. Unknown files are refused: the caller decides with the write
 * policy which files may be written at all.
 */
export function validateLimitValue(file: string, version: CgroupVersion, rawValue: string): LimitCheck {
  const kind = limitKind(file, version);
  if (kind === undefined) {
    return { ok: false, reason: `${file} is not a limit file Cgroup Lens knows for cgroup v${version}.` };
  }
  const value = rawValue.trim();
  if (/[\n\r\0]/.test(value))
    return { ok: false, reason: `${file} takes a single line; the value has several.` };
  if (value.length > 1024) return { ok: false, reason: `The value for ${file} is too long.` };
  switch (kind) {
    case 'memory-bytes':
      return checkMemoryBytes(file, value, version);
    case 'pids':
      return checkInteger(file, value, 0, PIDS_MAX_LIMIT, 'max');
    case 'cpu-list':
      return checkCpuList(file, value);
    case 'cpu-shares':
      return checkInteger(file, value, CPU_SHARES_MIN, CPU_SHARES_MAX);
    case 'cpu-weight':
      return checkInteger(file, value, CPU_WEIGHT_MIN, CPU_WEIGHT_MAX);
    case 'blkio-throttle':
      return checkBlkioThrottle(file, value);
    case 'io-max':
      return checkIoMax(file, value);
    case 'freezer-state':
      if (value === 'FROZEN' || value === 'THAWED') return { ok: true, value };
      return { ok: false, reason: `freezer.state takes FROZEN or THAWED; "${value}" is neither.` };
    case 'cgroup-freeze':
      if (value === '0' || value === '1') return { ok: true, value };
      return { ok: false, reason: `cgroup.freeze takes 1 (freeze) or 0 (thaw); "${value}" is neither.` };
  }
}

/** The file and value that freeze or thaw a group in this version. */
export function freezeWrite(version: CgroupVersion, frozen: boolean): { file: string; value: string } {
  return version === 1
    ? { file: 'freezer.state', value: frozen ? 'FROZEN' : 'THAWED' }
    : { file: 'cgroup.freeze', value: frozen ? '1' : '0' };
}
