// Human formatting of the units cgroup files use: bytes (binary multiples, as the kernel's K/M/G suffixes
// are), microseconds, nanoseconds. Exact big integers come in as bigint or decimal text.

const BYTE_UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB', 'EiB'] as const;

/** Trims "1.50" to "1.5" and "2.00" to "2". */
function trimDecimals(value: number, digits: number): string {
  const fixed = value.toFixed(digits);
  return fixed.includes('.') ? fixed.replace(/\.?0+$/, '') : fixed;
}

/** 536870912 → "512 MiB", 1536 → "1.5 KiB", 100 → "100 B". Accepts numbers, bigint or decimal text. */
export function formatBytes(bytes: number | bigint | string): string {
  let value: number;
  if (typeof bytes === 'bigint') value = Number(bytes);
  else if (typeof bytes === 'string') value = Number(bytes.trim());
  else value = bytes;
  if (!Number.isFinite(value)) return String(bytes);
  const negative = value < 0;
  let magnitude = Math.abs(value);
  let unit = 0;
  while (magnitude >= 1024 && unit < BYTE_UNITS.length - 1) {
    magnitude /= 1024;
    unit += 1;
  }
  const digits = unit === 0 ? 0 : magnitude < 10 ? 2 : magnitude < 100 ? 1 : 0;
  return `${negative ? '-' : ''}${trimDecimals(magnitude, digits)} ${BYTE_UNITS[unit]}`;
}

/** 20000 → "20 ms", 1500000 → "1.5 s", 250 → "250 µs". */
export function formatMicroseconds(us: number): string {
  if (!Number.isFinite(us)) return String(us);
  const abs = Math.abs(us);
  if (abs < 1000) return `${trimDecimals(us, 0)} µs`;
  if (abs < 1_000_000) return `${trimDecimals(us / 1000, abs < 10_000 ? 2 : 1)} ms`;
  return formatSeconds(us / 1_000_000);
}

/** 1234567890 ns → "1.23 s". */
export function formatNanoseconds(ns: number): string {
  if (!Number.isFinite(ns)) return String(ns);
  if (Math.abs(ns) < 1000) return `${trimDecimals(ns, 0)} ns`;
  return formatMicroseconds(ns / 1000);
}

/** Seconds as "12.3 s", "5 min 3 s", "2 h 5 min", "3 d 4 h". */
export function formatSeconds(seconds: number): string {
  if (!Number.isFinite(seconds)) return String(seconds);
  const abs = Math.abs(seconds);
  const sign = seconds < 0 ? '-' : '';
  if (abs < 60) return `${sign}${trimDecimals(abs, abs < 10 ? 2 : 1)} s`;
  if (abs < 3600) return `${sign}${Math.floor(abs / 60)} min ${Math.floor(abs % 60)} s`;
  if (abs < 86400) return `${sign}${Math.floor(abs / 3600)} h ${Math.floor((abs % 3600) / 60)} min`;
  return `${sign}${Math.floor(abs / 86400)} d ${Math.floor((abs % 86400) / 3600)} h`;
}

/** 0.2 → "0.2", 1.5 → "1.5", 0.3333 → "0.33". */
export function formatCores(cores: number): string {
  return trimDecimals(cores, cores >= 100 ? 0 : 2);
}

/** A count with its noun: 1 → "1 process", 3 → "3 processes". */
export function plural(count: number, singular: string, pluralForm = singular + 's'): string {
  return `${count} ${count === 1 ? singular : pluralForm}`;
}

/** Percent with sensible precision: 12.345 → "12.3%", 0.04 → "0.04%". */
export function formatPercent(percent: number): string {
  if (!Number.isFinite(percent)) return String(percent);
  const abs = Math.abs(percent);
  return `${trimDecimals(percent, abs < 1 ? 2 : abs < 100 ? 1 : 0)}%`;
}

/**
 * Parses a byte size the way the kernel's memparse does: digits with an optional K/M/G/T/P/E suffix
 * (either case, base 1024). Returns undefined for anything else.
 */
export function parseByteSize(text: string): bigint | undefined {
  const match = /^\s*(\d+)\s*([kKmMgGtTpPeE]?)(?:i?[bB])?\s*$/.exec(text);
  if (!match) return undefined;
  const shift: Record<string, bigint> = { '': 0n, k: 10n, m: 20n, g: 30n, t: 40n, p: 50n, e: 60n };
  return BigInt(match[1] as string) << (shift[(match[2] ?? '').toLowerCase()] ?? 0n);
}
