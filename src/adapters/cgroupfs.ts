// The cgroupfs reader: hierarchies, groups, control files, processes, CPU limits and owners, over a
// configurable root so fixture trees work like the real /sys/fs/cgroup.
//
// Reads are synchronous, in bounded chunks with a yield to the event loop in between. cgroupfs and procfs
// are kernfs files answered from memory, so a sync read costs microseconds; firing thousands of reads as
// promises measured ~4x slower than find+cat (thread-pool round trips), a sync loop ~0.6x. Chunking keeps the
// extension host responsive: a stretch ends after DEFAULT_CHUNK_SIZE groups or MAX_SLICE_MS, whichever
// comes first (syscalls are slow on some VMs), then the loop yields with setImmediate.
import * as fs from 'node:fs';
import { cgroupPathDepth, parentCgroupPath } from '../core/cgroupPath';
import { cpuLimitFromV1, cpuLimitFromV2, isParseError } from '../core/cpuLimit';
import { explainFsError, toFsErrorCode } from '../core/errors';
import type { ParsedValue } from '../core/formats';
import { parseControlFile } from '../core/formats';
import type { CpuLimit, FsProblem, Hierarchy, Owner, ProcessInfo } from '../core/model';
import { cgroupPathToRelative, parseMountinfo } from '../core/mountinfo';
import type { ProcCgroupEntry } from '../core/owner';
import { identifyOwner, parseProcCgroup } from '../core/owner';
import { errnoCode, readProcCgroupText, readProcessCommand } from './proc';
import { readSmallFileSync } from './smallFile';

export interface CgroupFsOptions {
  /** The mountinfo to discover hierarchies from; default /proc/self/mountinfo. */
  mountinfoPath?: string;
  /** A prefix for every cgroupfs path (fixture trees); default '' (the real file system). */
  fsRoot?: string;
  /** Where /proc is; default /proc. */
  procRoot?: string;
}

export type ReadResult = { ok: true; raw: string; parsed: ParsedValue } | { ok: false; problem: FsProblem };

/** A problem reading one file of a group. */
export interface FileProblem extends FsProblem {
  file: string;
}

/** What the sidebar shows per group. */
export interface GroupSummary {
  /** The cgroup path as the kernel prints it in /proc/PID/cgroup. */
  path: string;
  /** The hierarchy's id ("v1:cpu", "v2"). */
  hierarchy: string;
  /** null when the hierarchy has no CPU bandwidth files here (no cpu controller, v2 root). */
  cpuLimit: CpuLimit | null;
  /** Number of processes in cgroup.procs; null when it could not be read. */
  processCount: number | null;
  owner: Owner;
  /** The group vanished while it was being read (a container just exited): a normal result. */
  gone?: true;
  /** Files that could not be read (permissions), one entry each. */
  problems?: FileProblem[];
}

/** A cgroup path located in one hierarchy. */
export interface GroupLocation {
  hierarchy: Hierarchy;
  path: string;
}

/** One line of /proc/PID/cgroup, matched to a mounted hierarchy when one is visible. */
export interface ProcCgroupMembership {
  /** The hierarchy id the line names ("v1:cpu", "v1:name=systemd", "v2"). */
  hierarchyId: string;
  hierarchy: Hierarchy | undefined;
  path: string;
  /** The parsed line itself. */
  entry: ProcCgroupEntry;
}

export interface WalkOptions {
  /** Levels below the start to visit; 0 = the start only; undefined = all. */
  depth?: number;
  /** Groups read between two yields to the event loop. */
  chunkSize?: number;
}

export interface WalkStats {
  visited: number;
  gone: number;
}

/** An fs failure that is neither "gone" nor per-file (e.g. the mountinfo cannot be read). */
export class CgroupFsError extends Error {
  constructor(readonly problem: FsProblem) {
    super(problem.message);
    this.name = 'CgroupFsError';
  }
}

const DEFAULT_CHUNK_SIZE = 64;
/** Longest synchronous stretch of a bulk read before yielding to the event loop. */
const MAX_SLICE_MS = 8;

/** Decides when a bulk loop should yield: after `chunkSize` items or MAX_SLICE_MS, whichever is first. */
class Slicer {
  private count = 0;
  private sliceStart = performance.now();

  constructor(private readonly chunkSize: number) {}

  /** Call after each item; resolves at once or after a yield. */
  async tick(): Promise<void> {
    if (++this.count < this.chunkSize && performance.now() - this.sliceStart < MAX_SLICE_MS) return;
    await yieldToEventLoop();
    this.count = 0;
    this.sliceStart = performance.now();
  }
}

const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

export class CgroupFs {
  private readonly fsRoot: string;
  private readonly procRoot: string;
  private readonly mountinfoPath: string;
  private hierarchiesPromise: Promise<Hierarchy[]> | undefined;

  constructor(options: CgroupFsOptions = {}) {
    this.fsRoot = options.fsRoot ?? '';
    this.procRoot = options.procRoot ?? '/proc';
    this.mountinfoPath = options.mountinfoPath ?? '/proc/self/mountinfo';
  }

  /** The mounted hierarchies (cached); v2 controllers are read from the mount's cgroup.controllers. */
  hierarchies(): Promise<Hierarchy[]> {
    this.hierarchiesPromise ??= Promise.resolve().then(() => this.discoverHierarchies());
    return this.hierarchiesPromise;
  }

  /** Forget the cached hierarchies (after a mount change). */
  refreshHierarchies(): void {
    this.hierarchiesPromise = undefined;
  }

  private discoverHierarchies(): Hierarchy[] {
    let text: string;
    try {
      text = fs.readFileSync(this.mountinfoPath, 'utf8');
    } catch (error) {
      throw new CgroupFsError(explainFsError(errnoCode(error), { op: 'read', path: this.mountinfoPath }));
    }
    return parseMountinfo(text).map((hierarchy) => {
      if (hierarchy.version !== 2) return hierarchy;
      // At the mount itself: its cgroup path is the mount's root ("/" unless this is a container's view).
      const controllers = this.readText(hierarchy, hierarchy.root, 'cgroup.controllers');
      return {
        ...hierarchy,
        controllers: controllers.ok ? controllers.raw.split(/\s+/).filter(Boolean) : [],
      };
    });
  }

  /**
   * The directory of a cgroup path in a hierarchy, or undefined when the path lies outside the part of the
   * hierarchy this mount shows (a container's view).
   */
  directoryOf(hierarchy: Hierarchy, cgroupPath: string): string | undefined {
    const relative = cgroupPathToRelative(hierarchy, cgroupPath);
    if (relative === undefined) return undefined;
    return this.fsRoot + hierarchy.mountPoint + (relative === '/' ? '' : relative);
  }

  exists(hierarchy: Hierarchy, cgroupPath: string): Promise<boolean> {
    return Promise.resolve(this.existsSync(hierarchy, cgroupPath));
  }

  private existsSync(hierarchy: Hierarchy, cgroupPath: string): boolean {
    const dir = this.directoryOf(hierarchy, cgroupPath);
    if (dir === undefined) return false;
    try {
      return fs.statSync(dir).isDirectory();
    } catch {
      return false;
    }
  }

  /** The child groups (one level, sorted by name). A group that is gone has none. */
  children(hierarchy: Hierarchy, cgroupPath: string): Promise<string[]> {
    return Promise.resolve().then(() => {
      const listing = this.listSync(hierarchy, cgroupPath);
      if (!listing.ok) {
        if (listing.problem.code === 'ENOENT') return [];
        throw new CgroupFsError(listing.problem);
      }
      return listing.childNames.map((name) => childPath(cgroupPath, name));
    });
  }

  /** The control files of a group, sorted. A group that is gone has none. */
  controlFileNames(hierarchy: Hierarchy, cgroupPath: string): Promise<string[]> {
    return Promise.resolve().then(() => {
      const listing = this.listSync(hierarchy, cgroupPath);
      if (!listing.ok) {
        if (listing.problem.code === 'ENOENT') return [];
        throw new CgroupFsError(listing.problem);
      }
      return listing.fileNames;
    });
  }

  /** Reads and parses one control file; failures (gone, permissions, write-only files) are results. */
  readControlFile(hierarchy: Hierarchy, cgroupPath: string, name: string): Promise<ReadResult> {
    return Promise.resolve().then(() => {
      const text = this.readText(hierarchy, cgroupPath, name);
      if (!text.ok) return text;
      return { ok: true, raw: text.raw, parsed: parseControlFile(name, text.raw, hierarchy.version) };
    });
  }

  /** The processes of a group with their command names (cgroup.procs, then /proc/PID/comm). */
  async processes(hierarchy: Hierarchy, cgroupPath: string): Promise<ProcessInfo[]> {
    const procs = this.readText(hierarchy, cgroupPath, 'cgroup.procs');
    if (!procs.ok) {
      if (procs.problem.code === 'ENOENT') return [];
      throw new CgroupFsError(procs.problem);
    }
    const pids = parsePidLines(procs.raw);
    const result: ProcessInfo[] = [];
    const slicer = new Slicer(512);
    for (const pid of pids) {
      result.push({ pid, command: readProcessCommand(this.procRoot, pid) });
      await slicer.tick();
    }
    return result;
  }

  /** The group's own CPU bandwidth limit; null when the hierarchy has no CPU bandwidth files for it. */
  cpuLimit(hierarchy: Hierarchy, cgroupPath: string): Promise<CpuLimit | null> {
    return Promise.resolve().then(() => this.cpuLimitSync(hierarchy, cgroupPath).limit);
  }

  /**
   * The CPU limits from a group up to the top of what this mount shows (the group first). Ancestors
   * without bandwidth files (the v2 root) are skipped.
   */
  async cpuLimitChain(
    hierarchy: Hierarchy,
    cgroupPath: string,
  ): Promise<Array<{ path: string; limit: CpuLimit }>> {
    const chain: Array<{ path: string; limit: CpuLimit }> = [];
    for (
      let current: string | undefined = cgroupPath;
      current !== undefined;
      current = parentCgroupPath(current)
    ) {
      if (cgroupPathToRelative(hierarchy, current) === undefined) break;
      const limit = this.cpuLimitSync(hierarchy, current).limit;
      if (limit !== null) chain.push({ path: current, limit });
    }
    return Promise.resolve(chain);
  }

  /** What the sidebar shows for one group. */
  summary(hierarchy: Hierarchy, cgroupPath: string): Promise<GroupSummary> {
    return Promise.resolve().then(() => {
      const summary = this.summarySync(hierarchy, cgroupPath);
      if (!summary.gone && !this.existsSync(hierarchy, cgroupPath)) summary.gone = true;
      return summary;
    });
  }

  /**
   * Summaries of many groups (a node's children), in order; null for a group that is gone. Reads in
   * chunks with yields in between, like walk().
   */
  async summaries(
    hierarchy: Hierarchy,
    cgroupPaths: string[],
    chunkSize = DEFAULT_CHUNK_SIZE,
  ): Promise<Array<GroupSummary | null>> {
    const result: Array<GroupSummary | null> = [];
    const slicer = new Slicer(chunkSize);
    for (const cgroupPath of cgroupPaths) {
      const summary = this.summarySync(hierarchy, cgroupPath);
      result.push(summary.gone ? null : summary);
      await slicer.tick();
    }
    return result;
  }

  /**
   * Visits a group and its descendants depth-first (pre-order, children sorted by name), reading each
   * group's summary. Yields to the event loop every `chunkSize` groups or MAX_SLICE_MS. Groups that vanish mid-walk are
   * skipped and counted in `gone`.
   */
  async walk(
    hierarchy: Hierarchy,
    cgroupPath: string,
    options: WalkOptions,
    visit: (summary: GroupSummary, depth: number) => void,
  ): Promise<WalkStats> {
    const chunkSize = options.chunkSize ?? DEFAULT_CHUNK_SIZE;
    const maxDepth = options.depth ?? Number.POSITIVE_INFINITY;
    const stats: WalkStats = { visited: 0, gone: 0 };
    const stack: Array<{ path: string; depth: number }> = [{ path: cgroupPath, depth: 0 }];
    const slicer = new Slicer(chunkSize);
    while (stack.length > 0) {
      const { path: groupPath, depth } = stack.pop() as { path: string; depth: number };
      const listing = this.listSync(hierarchy, groupPath);
      if (!listing.ok && listing.problem.code === 'ENOENT') {
        stats.gone++;
        continue;
      }
      const summary = this.summarySync(hierarchy, groupPath, listing.ok ? listing.fileNames : undefined);
      if (!listing.ok) addProblem(summary, { file: '(directory listing)', ...listing.problem });
      if (summary.gone) {
        stats.gone++;
        continue;
      }
      visit(summary, depth);
      stats.visited++;
      if (listing.ok && depth < maxDepth) {
        for (let i = listing.childNames.length - 1; i >= 0; i--) {
          stack.push({ path: childPath(groupPath, listing.childNames[i] as string), depth: depth + 1 });
        }
      }
      await slicer.tick();
    }
    return stats;
  }

  /** Every hierarchy where a kernel cgroup path exists (optionally only those with a controller). */
  async findGroup(cgroupPath: string, controller?: string): Promise<GroupLocation[]> {
    const hierarchies = await this.hierarchies();
    return hierarchies
      .filter((hierarchy) => controller === undefined || hierarchy.controllers.includes(controller))
      .filter((hierarchy) => this.existsSync(hierarchy, cgroupPath))
      .map((hierarchy) => ({ hierarchy, path: cgroupPath }));
  }

  /** The cgroups of a process, from /proc/PID/cgroup, matched to the mounted hierarchies. */
  async cgroupsOfPid(pid: number): Promise<ProcCgroupMembership[]> {
    let text: string;
    try {
      text = readProcCgroupText(this.procRoot, pid);
    } catch (error) {
      const code = errnoCode(error);
      const problem =
        code === 'ENOENT'
          ? { code: toFsErrorCode(code), message: `No process with PID ${pid} (it may have exited).` }
          : explainFsError(code, { op: 'read', path: `${this.procRoot}/${pid}/cgroup` });
      throw new CgroupFsError(problem);
    }
    const hierarchies = await this.hierarchies();
    return parseProcCgroup(text).map((entry) => {
      // Match v1 lines by controller set: the order in /proc/PID/cgroup need not be the mount's order.
      const key = entry.hierarchyId === 0 ? 'v2' : controllerSetKey(entry.controllers);
      const hierarchy = hierarchies.find(
        (h) => (h.version === 2 ? 'v2' : controllerSetKey(h.controllers)) === key,
      );
      return {
        hierarchyId: hierarchy?.id ?? (entry.hierarchyId === 0 ? 'v2' : 'v1:' + entry.controllers.join(',')),
        hierarchy,
        path: entry.path,
        entry,
      };
    });
  }

  // ---- synchronous building blocks (callers batch and yield) ----

  private listSync(
    hierarchy: Hierarchy,
    cgroupPath: string,
  ): { ok: true; childNames: string[]; fileNames: string[] } | { ok: false; problem: FsProblem } {
    const dir = this.directoryOf(hierarchy, cgroupPath);
    if (dir === undefined) return { ok: false, problem: outsideMountProblem(hierarchy, cgroupPath) };
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch (error) {
      return { ok: false, problem: explainFsError(errnoCode(error), { op: 'list', path: cgroupPath }) };
    }
    const childNames: string[] = [];
    const fileNames: string[] = [];
    for (const entry of entries) {
      if (entry.isDirectory()) childNames.push(entry.name);
      else fileNames.push(entry.name);
    }
    childNames.sort();
    fileNames.sort();
    return { ok: true, childNames, fileNames };
  }

  private readText(
    hierarchy: Hierarchy,
    cgroupPath: string,
    name: string,
  ): { ok: true; raw: string } | { ok: false; problem: FsProblem } {
    if (name === '' || name === '.' || name === '..' || name.includes('/')) {
      return { ok: false, problem: { code: 'EINVAL', message: `"${name}" is not a control file name.` } };
    }
    const dir = this.directoryOf(hierarchy, cgroupPath);
    if (dir === undefined) return { ok: false, problem: outsideMountProblem(hierarchy, cgroupPath) };
    try {
      return { ok: true, raw: readSmallFileSync(dir + '/' + name) };
    } catch (error) {
      return {
        ok: false,
        problem: explainFsError(errnoCode(error), { op: 'read', file: name, path: cgroupPath }),
      };
    }
  }

  private cpuLimitSync(
    hierarchy: Hierarchy,
    cgroupPath: string,
    fileNames?: string[],
  ): { limit: CpuLimit | null; gone: boolean; problems: FileProblem[] } {
    const none = { limit: null, gone: false, problems: [] };
    const files = cpuBandwidthFiles(hierarchy);
    if (files === undefined) return none;
    // With a listing at hand, skip reads of files this group does not have (the v2 root has no cpu.max).
    if (fileNames !== undefined && !files.every((file) => fileNames.includes(file))) return none;
    const texts: string[] = [];
    const problems: FileProblem[] = [];
    for (const file of files) {
      const text = this.readText(hierarchy, cgroupPath, file);
      if (text.ok) {
        texts.push(text.raw);
        continue;
      }
      if (text.problem.code === 'ENOENT') {
        // Either the group is gone or it simply has no such file (v2 without the cpu controller).
        return { ...none, gone: !this.existsSync(hierarchy, cgroupPath) };
      }
      problems.push({ file, ...text.problem });
    }
    if (problems.length > 0) return { limit: null, gone: false, problems };
    const limit =
      hierarchy.version === 1
        ? cpuLimitFromV1(texts[0] ?? '', texts[1] ?? '')
        : cpuLimitFromV2(texts[0] ?? '');
    if (isParseError(limit)) {
      return {
        limit: null,
        gone: false,
        problems: [{ file: files.join('+'), code: 'OTHER', message: limit.message }],
      };
    }
    return { limit, gone: false, problems };
  }

  private summarySync(hierarchy: Hierarchy, cgroupPath: string, fileNames?: string[]): GroupSummary {
    const summary: GroupSummary = {
      path: cgroupPath,
      hierarchy: hierarchy.id,
      cpuLimit: null,
      processCount: null,
      owner: identifyOwner(cgroupPath),
    };
    const cpu = this.cpuLimitSync(hierarchy, cgroupPath, fileNames);
    summary.cpuLimit = cpu.limit;
    for (const problem of cpu.problems) addProblem(summary, problem);
    if (cpu.gone) summary.gone = true;
    const procs = this.readText(hierarchy, cgroupPath, 'cgroup.procs');
    if (procs.ok) {
      summary.processCount = countLines(procs.raw);
    } else if (procs.problem.code === 'ENOENT') {
      summary.gone = true;
    } else {
      addProblem(summary, { file: 'cgroup.procs', ...procs.problem });
    }
    return summary;
  }
}

/** The files that hold a hierarchy's CPU bandwidth limit, or undefined when it has none. */
function cpuBandwidthFiles(hierarchy: Hierarchy): string[] | undefined {
  if (hierarchy.version === 1) {
    return hierarchy.controllers.includes('cpu') ? ['cpu.cfs_quota_us', 'cpu.cfs_period_us'] : undefined;
  }
  // cpu.max exists only where the cpu controller is enabled, which needs it in the mount's cgroup.controllers
  // (hybrid hosts often bind cpu to v1): skip reads that would all fail.
  return hierarchy.controllers.includes('cpu') ? ['cpu.max'] : undefined;
}

function controllerSetKey(controllers: readonly string[]): string {
  return [...controllers].sort().join(',');
}

/** A child's path from a directory entry name (never holds "/"), without re-splitting the parent. */
function childPath(parent: string, name: string): string {
  return parent === '/' ? '/' + name : parent + '/' + name;
}

function addProblem(summary: GroupSummary, problem: FileProblem): void {
  (summary.problems ??= []).push(problem);
}

function outsideMountProblem(hierarchy: Hierarchy, cgroupPath: string): FsProblem {
  return {
    code: 'ENOENT',
    message: `${cgroupPath} is outside the part of the ${hierarchy.id} hierarchy mounted here (root ${hierarchy.root}).`,
  };
}

function countLines(text: string): number {
  let count = 0;
  let start = 0;
  for (;;) {
    const newline = text.indexOf('\n', start);
    if (newline < 0) return count + (start < text.length ? 1 : 0);
    if (newline > start) count++;
    start = newline + 1;
  }
}

function parsePidLines(text: string): number[] {
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map(Number)
    .filter((pid) => Number.isInteger(pid) && pid > 0);
}

/** Depth of a path below another (for callers printing trees from summaries). */
export function depthBelow(start: string, cgroupPath: string): number {
  return cgroupPathDepth(cgroupPath) - cgroupPathDepth(start);
}
