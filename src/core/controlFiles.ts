// The catalog of cgroup control files: what each file is, its format and unit, what it accepts, and
// what its sentinels mean. It powers parsing (formats.ts), value decoding and the editor hovers.
// Sources: linux Documentation/admin-guide/cgroup-v2.rst, cgroup-v1/*.rst, kernel/sched/core.c,
// mm/memcontrol*.c, and docs/cgroup-facts.md. The entries themselves live in controlFileEntries.ts.
import { CONTROL_FILE_ENTRIES } from './controlFileEntries';
import type { CgroupVersion } from './model';

export type ControlFileFormat =
  | 'single'
  | 'fields'
  | 'flatKeyed'
  | 'nestedKeyed'
  | 'words'
  | 'numbers'
  | 'rangeList'
  | 'idList'
  | 'lines'
  | 'table'
  | 'writeOnly';

export type ControlFileUnit =
  | 'µs'
  | 'ns'
  | 'bytes'
  | 'USER_HZ ticks'
  | 'pages'
  | 'count'
  | 'weight'
  | 'shares'
  | 'boolean'
  | 'percent'
  | 'pids'
  | 'cpus'
  | 'memory nodes'
  | 'controllers'
  | 'text'
  | 'nice'
  | 'classid'
  | 'level'
  | 'mixed';

export type VersionScope = 1 | 2 | 'both';

/** Where the file appears: every group, only the root, or only groups below the root. */
export type ControlFilePlacement = 'all' | 'root' | 'nonRoot';

export interface ControlFileInfo {
  /** The file name; patterns use placeholders such as `hugetlb.<size>.max`. */
  name: string;
  /** The controller the file belongs to; "cgroup" for core files. */
  controller: string;
  versions: VersionScope;
  format: ControlFileFormat;
  unit: ControlFileUnit;
  /** One line, for tree descriptions and hover titles. */
  summary: string;
  /** A few sentences: what the value does and the rules around it. */
  explanation: string;
  /** What may be written (or what is read, for read-only files). */
  validValues: string;
  writable: boolean;
  /** False for files that can be written but not read (cgroup.kill, memory.force_empty). */
  readable: boolean;
  /** The meaning of sentinel values ("-1 = no limit"), when the file has one. */
  sentinel?: string;
  /** The default value in a new group, as the kernel prints it. */
  defaultValue?: string;
  /** Negative numbers read back or written mean "no limit". */
  negativeIsUnlimited?: boolean;
  placement: ControlFilePlacement;
  /** The kernel version that introduced the file, when it is recent enough to matter. */
  since?: string;
  /** Names of the values of enumerated or boolean files ("0" → "off"). */
  valueNames?: Record<string, string>;
}

/** Entry as written in controlFileEntries.ts: defaults filled in by the catalog. */
export type ControlFileEntry = Omit<ControlFileInfo, 'readable' | 'placement'> &
  Partial<Pick<ControlFileInfo, 'readable' | 'placement'>>;

/** Hugepage size component in hugetlb file names: 2MB, 1GB, 64KB, 32MB, 16GB. */
const HUGETLB_SIZE = /^hugetlb\.(\d+[KMGT]B)\.(.+)$/;

function complete(entry: ControlFileEntry): ControlFileInfo {
  return { readable: true, placement: 'nonRoot', ...entry };
}

const byName = new Map<string, ControlFileInfo[]>();
for (const entry of CONTROL_FILE_ENTRIES) {
  const info = complete(entry);
  const list = byName.get(info.name) ?? [];
  list.push(info);
  byName.set(info.name, list);
}

function appliesTo(info: ControlFileInfo, version: CgroupVersion): boolean {
  return info.versions === 'both' || info.versions === version;
}

/** Catalog name for a concrete file name: hugetlb.2MB.max → hugetlb.<size>.max. */
export function catalogName(fileName: string): string {
  const hugetlb = HUGETLB_SIZE.exec(fileName);
  if (hugetlb) return `hugetlb.<size>.${hugetlb[2]}`;
  return fileName;
}

/**
 * The catalog entry for a control file in the given cgroup version, or undefined when unknown.
 * Accepts concrete pattern instances (`hugetlb.1GB.limit_in_bytes`) and bare names only (no paths).
 */
export function lookupControlFile(name: string, version: CgroupVersion): ControlFileInfo | undefined {
  const candidates = byName.get(catalogName(name.trim()));
  const info = candidates?.find((candidate) => appliesTo(candidate, version));
  if (!info) {
    // A v1 cpuset mounted with "noprefix" (older Android and embedded systems) names files "cpus", "mems"...
    const prefixed = version === 1 && !name.includes('.') ? byName.get(`cpuset.${name.trim()}`) : undefined;
    const cpuset = prefixed?.find((candidate) => appliesTo(candidate, 1));
    return cpuset ? { ...cpuset, name: name.trim() } : undefined;
  }
  const hugetlb = HUGETLB_SIZE.exec(name.trim());
  if (!hugetlb) return info;
  const size = hugetlb[1] as string;
  return {
    ...info,
    name: name.trim(),
    summary: info.summary.replace(/<size>/g, size),
    explanation: info.explanation.replace(/<size>/g, size),
  };
}

/** Every catalog entry (patterns included), for listings and documentation. */
export function allControlFiles(): readonly ControlFileInfo[] {
  return [...byName.values()].flat();
}

/** A format for a file the catalog does not know, guessed from its text. */
export function guessControlFileFormat(text: string): ControlFileFormat {
  const lines = text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '');
  if (lines.length === 0) return 'single';
  if (lines.every((line) => /^\d+$/.test(line))) return lines.length === 1 ? 'single' : 'idList';
  if (lines.length === 1) {
    const tokens = (lines[0] as string).split(/\s+/);
    if (tokens.length === 1) return 'single';
    if (tokens.slice(1).every((token) => token.includes('=') && !token.startsWith('='))) return 'nestedKeyed';
    if (tokens.length === 2) return 'flatKeyed';
    return 'words';
  }
  const split = lines.map((line) => line.split(/\s+/));
  if (split.every((tokens) => tokens.length === 2)) return 'flatKeyed';
  if (split.every((tokens) => tokens.length >= 2 && tokens.slice(1).every((token) => token.includes('=')))) {
    return 'nestedKeyed';
  }
  return 'lines';
}
