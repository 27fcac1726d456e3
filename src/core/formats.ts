// Parsers for the text formats of cgroup control files (cgroup-v2.rst "Interface Files" conventions,
// plus the v1 shapes). Every parser takes the file's text and returns a value; none throws.
// Integers beyond Number.MAX_SAFE_INTEGER keep their exact decimal text (v1 "unlimited" memory reads
// 9223372036854771712, which a double would round), so the result stays JSON-serialisable.
import type { ControlFileFormat } from './controlFiles';
import { lookupControlFile, guessControlFileFormat } from './controlFiles';
import type { CgroupVersion } from './model';

/** A value inside a keyed file: a number when it is exact as a JS number, otherwise the text ("max", big integers, words). */
export type Scalar = number | string;

export interface ParseError {
  kind: 'error';
  message: string;
  /** The text that could not be parsed. */
  raw: string;
}

export type SingleValue =
  | {
      kind: 'number';
      /** The value as a JS number (rounded when |value| > 2^53; use `exact` then). */
      value: number;
      /** The decimal text as the kernel printed it. */
      exact: string;
      /** True when the value is the file's "no limit" sentinel (-1 in v1 cpu.cfs_quota_us, >= 2^62 bytes in v1 memory). */
      unlimited: boolean;
    }
  | { kind: 'max'; unlimited: true }
  | { kind: 'string'; value: string };

export type ParsedValue =
  | SingleValue
  | { kind: 'empty' }
  /** Fixed positional fields on one line, e.g. cpu.max "max 100000". */
  | { kind: 'fields'; values: SingleValue[] }
  /** `key value` per line: cpu.stat, memory.stat, memory.events, cgroup.events. */
  | { kind: 'flatKeyed'; entries: Record<string, Scalar> }
  /** `key k=v k=v` per line: io.max, io.stat, PSI files, memory.numa_stat. */
  | { kind: 'nestedKeyed'; entries: Record<string, Record<string, Scalar>> }
  /** Space-separated words: cgroup.controllers, cgroup.subtree_control. */
  | { kind: 'words'; values: string[] }
  /** Space-separated numbers: cpuacct.usage_percpu. */
  | { kind: 'numbers'; values: Scalar[] }
  /** A CPU or memory-node list such as 0-3,8 expanded and sorted. */
  | { kind: 'rangeList'; values: number[] }
  /** One id per line: cgroup.procs, tasks, cgroup.threads. */
  | { kind: 'idList'; values: number[] }
  /** Free-form lines: devices.list, blkio.*_recursive tables. */
  | { kind: 'lines'; values: string[] }
  /** Whitespace-separated rows with a varying shape: blkio.io_service_bytes, cpuacct.usage_all. */
  | { kind: 'table'; rows: string[][] }
  /** Files the kernel lets you write but not read (cgroup.kill, memory.force_empty). */
  | { kind: 'writeOnly' }
  | ParseError;

/** 2^62: v1 memory "unlimited" reads PAGE_COUNTER_MAX * PAGE_SIZE, which is at least this on 64-bit (cgroup-facts §2). */
export const UNLIMITED_THRESHOLD = 1n << 62n;

const INTEGER = /^[+-]?\d+$/;
const DECIMAL = /^[+-]?(\d+\.\d*|\.\d+|\d+)$/;

function error(message: string, raw: string): ParseError {
  return { kind: 'error', message, raw };
}

/** True when a decimal integer text is at or above 2^62 (v1's "unlimited" for memory and hugetlb limits). */
export function isHugeUnlimited(digits: string): boolean {
  if (!INTEGER.test(digits)) return false;
  try {
    return BigInt(digits) >= UNLIMITED_THRESHOLD;
  } catch {
    return false;
  }
}

/** A scalar as found in keyed files: numbers when exact, the text otherwise. */
export function parseScalar(token: string): Scalar {
  if (INTEGER.test(token)) {
    const value = Number(token);
    return Number.isSafeInteger(value) ? value : token;
  }
  if (DECIMAL.test(token)) return Number(token);
  return token;
}

/** The exact integer behind a Scalar or SingleValue, as bigint, or undefined when it is not an integer. */
export function exactInteger(value: Scalar | SingleValue): bigint | undefined {
  let text: string;
  if (typeof value === 'number') {
    if (!Number.isInteger(value)) return undefined;
    return BigInt(value);
  } else if (typeof value === 'string') {
    text = value;
  } else if (value.kind === 'number') {
    text = value.exact;
  } else {
    return undefined;
  }
  return INTEGER.test(text) ? BigInt(text) : undefined;
}

export interface SingleValueOptions {
  /** Negative numbers mean "no limit" (v1 cpu.cfs_quota_us, cpu.rt_runtime_us). */
  negativeIsUnlimited?: boolean;
}

/** One value: a number, `max`, or a string (cgroup.type, freezer.state). Empty text is `empty`. */
export function parseSingleValue(
  text: string,
  options: SingleValueOptions = {},
): SingleValue | { kind: 'empty' } {
  const trimmed = text.trim();
  if (trimmed === '') return { kind: 'empty' };
  if (trimmed === 'max') return { kind: 'max', unlimited: true };
  if (INTEGER.test(trimmed)) {
    const exact = trimmed.startsWith('+') ? trimmed.slice(1) : trimmed;
    const value = Number(exact);
    const unlimited = isHugeUnlimited(exact) || (options.negativeIsUnlimited === true && value < 0);
    return { kind: 'number', value, exact, unlimited };
  }
  if (DECIMAL.test(trimmed)) {
    return { kind: 'number', value: Number(trimmed), exact: trimmed, unlimited: false };
  }
  return { kind: 'string', value: trimmed };
}

function contentLines(text: string): string[] {
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '');
}

/** `key value` lines. A line without a value, or with more than one, is an error. */
export function parseFlatKeyed(text: string): ParsedValue {
  const entries: Record<string, Scalar> = Object.create(null) as Record<string, Scalar>;
  for (const line of contentLines(text)) {
    const tokens = line.split(/\s+/);
    if (tokens.length !== 2) return error(`Expected "key value" but found "${line}".`, text);
    const [key, value] = tokens as [string, string];
    entries[key] = parseScalar(value);
  }
  return { kind: 'flatKeyed', entries };
}

/**
 * `key k=v k=v` lines (io.max, io.stat, PSI). A first token that itself holds `=` (v1 memory.numa_stat
 * "total=12 N0=12") names the line by the part before `=` and keeps all pairs.
 */
export function parseNestedKeyed(text: string): ParsedValue {
  const entries: Record<string, Record<string, Scalar>> = Object.create(null) as Record<
    string,
    Record<string, Scalar>
  >;
  for (const line of contentLines(text)) {
    const tokens = line.split(/\s+/);
    const first = tokens[0] ?? '';
    const firstEq = first.indexOf('=');
    const key = firstEq > 0 ? first.slice(0, firstEq) : first;
    const pairs = firstEq > 0 ? tokens : tokens.slice(1);
    const fields: Record<string, Scalar> = Object.create(null) as Record<string, Scalar>;
    for (const pair of pairs) {
      const eq = pair.indexOf('=');
      if (eq <= 0) return error(`Expected "name=value" but found "${pair}" in "${line}".`, text);
      fields[pair.slice(0, eq)] = parseScalar(pair.slice(eq + 1));
    }
    entries[key] = fields;
  }
  return { kind: 'nestedKeyed', entries };
}

/** Space-separated words (cgroup.controllers). Empty text gives []. */
export function parseWords(text: string): ParsedValue {
  const trimmed = text.trim();
  return { kind: 'words', values: trimmed === '' ? [] : trimmed.split(/\s+/) };
}

/** Space-separated numbers (cpuacct.usage_percpu). */
export function parseNumbers(text: string): ParsedValue {
  const trimmed = text.trim();
  if (trimmed === '') return { kind: 'numbers', values: [] };
  const values: Scalar[] = [];
  for (const token of trimmed.split(/\s+/)) {
    if (!DECIMAL.test(token)) return error(`Expected a number but found "${token}".`, text);
    values.push(parseScalar(token));
  }
  return { kind: 'numbers', values };
}

/** Largest CPU or node number we expand; guards against "0-4000000000" eating memory. */
const MAX_RANGE_ID = 1 << 20;

/** A list such as `0-3,8,10-11` (cpuset.cpus, cpuset.mems), expanded, sorted and deduplicated. */
export function parseRangeList(text: string): { kind: 'rangeList'; values: number[] } | ParseError {
  const trimmed = text.trim();
  if (trimmed === '') return { kind: 'rangeList', values: [] };
  const ids = new Set<number>();
  for (const part of trimmed.split(',')) {
    const item = part.trim();
    // The kernel's bitmap list format also allows a stride: 0-15:2/4 (bitmap_parselist).
    const match = /^(\d+)(?:-(\d+)(?::(\d+)\/(\d+))?)?$/.exec(item);
    if (!match) return error(`"${item}" is not a number or a range like 0-3.`, text);
    const start = Number(match[1]);
    const end = match[2] !== undefined ? Number(match[2]) : start;
    if (end < start) return error(`The range "${item}" ends before it starts.`, text);
    if (end > MAX_RANGE_ID) return error(`The range "${item}" is too large.`, text);
    const used = match[3] !== undefined ? Number(match[3]) : 1;
    const group = match[4] !== undefined ? Number(match[4]) : 1;
    if (group === 0 || used === 0 || used > group) return error(`The stride in "${item}" is invalid.`, text);
    for (let id = start; id <= end; id++) {
      if ((id - start) % group < used) ids.add(id);
    }
  }
  return { kind: 'rangeList', values: [...ids].sort((a, b) => a - b) };
}

/** Formats ids back into the kernel's compact list: [0,1,2,3,8] → "0-3,8". */
export function formatRangeList(ids: readonly number[]): string {
  const sorted = [...new Set(ids)].filter((id) => Number.isInteger(id) && id >= 0).sort((a, b) => a - b);
  const parts: string[] = [];
  let index = 0;
  while (index < sorted.length) {
    const start = sorted[index] as number;
    let end = start;
    while (sorted[index + 1] === end + 1) {
      end += 1;
      index += 1;
    }
    parts.push(start === end ? String(start) : `${start}-${end}`);
    index += 1;
  }
  return parts.join(',');
}

/** One non-negative id per line (cgroup.procs, tasks). */
export function parseIdList(text: string): { kind: 'idList'; values: number[] } | ParseError {
  const values: number[] = [];
  for (const line of contentLines(text)) {
    if (!/^\d+$/.test(line)) return error(`Expected a process id but found "${line}".`, text);
    values.push(Number(line));
  }
  return { kind: 'idList', values };
}

/** Positional fields on one line (cpu.max "max 100000"). */
export function parseFields(text: string): ParsedValue {
  const trimmed = text.trim();
  if (trimmed === '') return { kind: 'empty' };
  const values: SingleValue[] = [];
  for (const token of trimmed.split(/\s+/)) {
    const value = parseSingleValue(token);
    if (value.kind === 'empty') continue;
    values.push(value);
  }
  return { kind: 'fields', values };
}

export function parseLines(text: string): ParsedValue {
  return { kind: 'lines', values: contentLines(text) };
}

export function parseTable(text: string): ParsedValue {
  return { kind: 'table', rows: contentLines(text).map((line) => line.split(/\s+/)) };
}

/** Parses text in the given format. */
export function parseWithFormat(
  format: ControlFileFormat,
  text: string,
  options: SingleValueOptions = {},
): ParsedValue {
  if (typeof text !== 'string') return error('The file content is not text.', String(text));
  switch (format) {
    case 'single':
      return parseSingleValue(text, options);
    case 'fields':
      return parseFields(text);
    case 'flatKeyed':
      return parseFlatKeyed(text);
    case 'nestedKeyed':
      return parseNestedKeyed(text);
    case 'words':
      return parseWords(text);
    case 'numbers':
      return parseNumbers(text);
    case 'rangeList':
      return parseRangeList(text);
    case 'idList':
      return parseIdList(text);
    case 'lines':
      return parseLines(text);
    case 'table':
      return parseTable(text);
    case 'writeOnly':
      return text.trim() === '' ? { kind: 'writeOnly' } : parseLines(text);
  }
}

function baseName(fileName: string): string {
  const slash = fileName.lastIndexOf('/');
  return slash >= 0 ? fileName.slice(slash + 1) : fileName;
}

/**
 * Parses a control file's text, choosing the format from the catalog (docs: controlFiles.ts). Unknown
 * files get a format guessed from their text. `fileName` may be a bare name or a path.
 */
export function parseControlFile(fileName: string, text: string, version?: CgroupVersion): ParsedValue {
  const name = baseName(fileName);
  const info =
    version !== undefined
      ? lookupControlFile(name, version)
      : (lookupControlFile(name, 2) ?? lookupControlFile(name, 1));
  if (!info) return parseWithFormat(guessControlFileFormat(text), text);
  return parseWithFormat(info.format, text, { negativeIsUnlimited: info.negativeIsUnlimited === true });
}

/** True when a parsed value reads as "no limit" (`max`, -1 where that is the sentinel, or v1's huge number). */
export function isUnlimited(value: ParsedValue): boolean {
  if (value.kind === 'max') return true;
  if (value.kind === 'number') return value.unlimited;
  return false;
}
