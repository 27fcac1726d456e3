// Test groups on the REAL cgroupfs, under a unique prefix (cgroup-lens-test-<pid>-<random>), and the
// sleeping processes moved into them. Everything created here is removed by cleanup(): our processes
// are killed by PID, then directories are removed deepest first. Nothing outside the prefix is touched.
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseMountinfo } from '../../src/core/mountinfo';
import type { Hierarchy } from '../../src/core/model';

export const TEST_PREFIX_START = 'cgroup-lens-test-';

/** A unique group name for this test process: cgroup-lens-test-<pid>-<random>[-label]. */
export function uniqueTestName(label?: string): string {
  const random = crypto.randomBytes(4).toString('hex');
  return `${TEST_PREFIX_START}${process.pid}-${random}${label !== undefined ? '-' + label : ''}`;
}

/** The hierarchies this machine mounts (from /proc/self/mountinfo). */
export function mountedHierarchies(): Hierarchy[] {
  return parseMountinfo(fs.readFileSync('/proc/self/mountinfo', 'utf8'));
}

/** The mount point of the v1 hierarchy holding `controller`, or undefined. */
export function v1Mount(controller: string): string | undefined {
  return mountedHierarchies().find((h) => h.version === 1 && h.controllers.includes(controller))?.mountPoint;
}

/** The mount point of the v2 hierarchy, or undefined. */
export function v2Mount(): string | undefined {
  return mountedHierarchies().find((h) => h.version === 2)?.mountPoint;
}

export interface TestGroup {
  /** Where the hierarchy is mounted, e.g. /sys/fs/cgroup/cpu. */
  hierarchyMount: string;
  /** The kernel's cgroup path of the group, e.g. /cgroup-lens-test-123-ab12cd34. */
  path: string;
  /** The directory, e.g. /sys/fs/cgroup/cpu/cgroup-lens-test-123-ab12cd34. */
  dir: string;
}

const createdDirs: string[] = [];
const spawned = new Set<ChildProcess>();

const sweptMounts = new Set<string>();

/**
 * Removes empty test groups left behind by test processes that died before their cleanup ran (killed
 * runner): only names cgroup-lens-test-<pid>-... whose <pid> no longer exists. rmdir refuses groups that
 * still hold processes (EBUSY), so nothing alive is touched.
 */
export function sweepStaleTestGroups(hierarchyMount: string): string[] {
  const removed: string[] = [];
  for (const name of fs.readdirSync(hierarchyMount)) {
    const owner = /^cgroup-lens-test-(\d+)-/.exec(name);
    if (!owner || fs.existsSync(`/proc/${owner[1]}`)) continue;
    const dir = path.join(hierarchyMount, name);
    const leftovers: string[] = [];
    for (const child of descendantsDeepestFirst(dir)) rmdirWithRetry(child, leftovers, 1);
    rmdirWithRetry(dir, leftovers, 1);
    if (leftovers.length === 0) removed.push(dir);
  }
  return removed;
}

/** Creates a top-level test group (name must start with cgroup-lens-test-) in a hierarchy. */
export function createTestGroup(hierarchyMount: string, name: string = uniqueTestName()): TestGroup {
  if (!name.startsWith(TEST_PREFIX_START) || name.includes('/')) {
    throw new Error(`Test groups must be named ${TEST_PREFIX_START}..., without "/": ${name}`);
  }
  if (!sweptMounts.has(hierarchyMount)) {
    sweptMounts.add(hierarchyMount);
    sweepStaleTestGroups(hierarchyMount);
  }
  const dir = path.join(hierarchyMount, name);
  fs.mkdirSync(dir);
  createdDirs.push(dir);
  return { hierarchyMount, path: '/' + name, dir };
}

/** Creates a group below a test group (relative path, parents first). */
export function createChildGroup(parent: TestGroup, relativePath: string): TestGroup {
  let dir = parent.dir;
  let cgroupPath = parent.path;
  for (const segment of relativePath.split('/').filter(Boolean)) {
    dir = path.join(dir, segment);
    cgroupPath = `${cgroupPath}/${segment}`;
    if (!fs.existsSync(dir)) {
      fs.mkdirSync(dir);
      createdDirs.push(dir);
    }
  }
  return { hierarchyMount: parent.hierarchyMount, path: cgroupPath, dir };
}

/** Writes a control file of a test group (e.g. cpu.cfs_quota_us). */
export function writeControlFile(group: TestGroup, file: string, value: string): void {
  assertOurs(group.dir);
  fs.writeFileSync(path.join(group.dir, file), value);
}

export function readControlFile(group: TestGroup, file: string): string {
  return fs.readFileSync(path.join(group.dir, file), 'utf8');
}

/** Starts `sleep 600` (ended by cleanup) and returns it. */
export function spawnSleeper(): ChildProcess & { pid: number } {
  const child = spawn('sleep', ['600'], { stdio: 'ignore' });
  if (child.pid === undefined) throw new Error('could not start sleep');
  spawned.add(child);
  child.once('exit', () => spawned.delete(child));
  return child as ChildProcess & { pid: number };
}

/** Moves one of our processes into a test group (one PID per write, as the kernel requires). */
export function moveProcess(group: TestGroup, pid: number): void {
  assertOurs(group.dir);
  fs.writeFileSync(path.join(group.dir, 'cgroup.procs'), String(pid));
}

/** Kills a process we spawned and waits until it has been reaped. */
export async function killProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGKILL');
  await exited;
}

/**
 * Kills every process this helper spawned, then removes every directory it created, deepest first.
 * Safe to call more than once and after partial failures; reports what it could not remove.
 */
export async function cleanupTestGroups(): Promise<void> {
  await Promise.all([...spawned].map((child) => killProcess(child)));
  const leftovers: string[] = [];
  const dirs = [...new Set(createdDirs)].sort((a, b) => b.split('/').length - a.split('/').length);
  for (const dir of dirs) {
    if (!fs.existsSync(dir)) continue;
    assertOurs(dir);
    // Children created by others under our group (a walk test, docker) go first, deepest first.
    for (const child of descendantsDeepestFirst(dir)) rmdirWithRetry(child, leftovers);
    rmdirWithRetry(dir, leftovers);
  }
  createdDirs.length = 0;
  if (leftovers.length > 0) throw new Error(`Could not remove test groups: ${leftovers.join(', ')}`);
}

function descendantsDeepestFirst(dir: string): string[] {
  const result: string[] = [];
  const visit = (current: string): void => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(current, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      if (!entry.isDirectory()) continue;
      const child = path.join(current, entry.name);
      visit(child);
      result.push(child);
    }
  };
  visit(dir);
  return result;
}

function rmdirWithRetry(dir: string, leftovers: string[], attempts = 50): void {
  // A killed task can linger in cgroup.procs for a moment while it exits: EBUSY, try again briefly.
  for (let attempt = 0; attempt < attempts; attempt++) {
    try {
      fs.rmdirSync(dir);
      return;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') return;
      if (code !== 'EBUSY') break;
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 20);
    }
  }
  leftovers.push(dir);
}

function assertOurs(dir: string): void {
  if (!dir.split('/').some((segment) => segment.startsWith(TEST_PREFIX_START))) {
    throw new Error(`Refusing to touch ${dir}: not under a ${TEST_PREFIX_START} group`);
  }
}
