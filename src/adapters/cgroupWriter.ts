// The ONE place that writes cgroupfs: the helper daemon and the extension's direct write path both call it.
// Each write: check the target (inside a mounted cgroup hierarchy, no symlinks, no "..", same filesystem),
// read the old value, write one value per write(), read it back. Several files are written in an order the
// kernel accepts, and restored if a later one fails, so nothing is left half-written.
// Sync fs calls for checks and reads (cgroupfs answers from memory in microseconds); the write itself is
// async because some writes block in the kernel (memory reclaim, freezing).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { explainFsError, toFsErrorCode, type FsOperation } from '../core/errors';
import { normalizeCgroupPath } from '../core/cgroupPath';
import { cgroupPathToRelative } from '../core/mountinfo';
import {
  cpuLimitFiles,
  cpuLimitFromV1,
  cpuLimitFromV2,
  isParseError,
  makeCpuLimit,
  validateCpuLimit,
} from '../core/cpuLimit';
import type { FileWrite } from '../core/helperProtocol';
import { freezeWrite, validateLimitValue } from '../core/limits';
import type { CgroupVersion, CpuLimit, FsErrorCode, Hierarchy } from '../core/model';
import { DEFAULT_POLICY, checkGenericValue, checkLimitFile, type WritePolicy } from '../core/writePolicy';

const CGROUP_SUPER_MAGIC = 0x27e0eb;
const CGROUP2_SUPER_MAGIC = 0x63677270;

/** Where a write goes: a group (as /proc/PID/cgroup prints it) in one mounted hierarchy. */
export interface GroupLocation {
  hierarchy: Hierarchy;
  group: string;
}

export type WriteFailureKind = 'refused' | 'invalid-value' | 'kernel';

export interface WriteFailure {
  ok: false;
  kind: WriteFailureKind;
  message: string;
  fsCode?: FsErrorCode;
  /** True when the kernel was asked to change something (the helper audits exactly these). */
  attempted: boolean;
  /** Files written and then restored, for the record. */
  writes: FileWrite[];
}
export interface WriteSuccess {
  ok: true;
  writes: FileWrite[];
}
export type WriteOutcome = WriteSuccess | WriteFailure;

export type DirCheck = { ok: true; dir: string } | WriteFailure;

function refused(message: string): WriteFailure {
  return { ok: false, kind: 'refused', message, attempted: false, writes: [] };
}

function kernelFailure(
  error: unknown,
  op: FsOperation,
  ctx: { file?: string; value?: string; path?: string },
  attempted: boolean,
): WriteFailure {
  const code = (error as NodeJS.ErrnoException).code;
  const problem = explainFsError(code, { op, ...ctx });
  return {
    ok: false,
    kind: 'kernel',
    message: problem.message,
    fsCode: toFsErrorCode(code),
    attempted,
    writes: [],
  };
}

/**
 * Resolves a group to its directory and proves it is safe to write under: the path is normalized, lies under
 * the hierarchy's mount, every component is a real directory (lstat: no symlinks), realpath agrees, and the
 * directory is on the same cgroup filesystem as the mount point.
 * `mustExist: false` checks the parent instead (for mkdir).
 */
export function checkGroupDir(location: GroupLocation, options: { mustExist?: boolean } = {}): DirCheck {
  const normalized = normalizeCgroupPath(location.group);
  if (!normalized.ok) return refused(normalized.reason);
  const relative = cgroupPathToRelative(location.hierarchy, normalized.path);
  if (relative === undefined) {
    return refused(
      `${normalized.path} is not visible in the ${location.hierarchy.id} hierarchy mounted here.`,
    );
  }
  const mount = location.hierarchy.mountPoint;
  const segments = relative.split('/').filter((s) => s !== '');
  const mustExist = options.mustExist ?? true;
  const checked = mustExist ? segments : segments.slice(0, -1);
  let mountStat: fs.Stats;
  try {
    mountStat = fs.lstatSync(mount);
    const mountProblem = checkMount(mount, mountStat.dev);
    if (mountProblem !== undefined) return refused(mountProblem);
  } catch (error) {
    return kernelFailure(error, 'list', { path: mount }, false);
  }
  if (!mountStat.isDirectory()) return refused(`${mount} is not a directory.`);
  let dir = mount;
  for (const segment of checked) {
    dir = path.join(dir, segment);
    let stat: fs.Stats;
    try {
      stat = fs.lstatSync(dir);
    } catch (error) {
      return kernelFailure(error, 'list', { path: normalized.path }, false);
    }
    if (stat.isSymbolicLink()) return refused(`${dir} is a symbolic link; the helper follows none.`);
    if (!stat.isDirectory()) return refused(`${dir} is not a cgroup directory.`);
    if (stat.dev !== mountStat.dev) return refused(`${dir} is on another filesystem than ${mount}.`);
  }
  // No realpath of `dir` needed: the mount resolves to itself (checkMount) and every component below it
  // was just lstat'ed as a real directory on the same filesystem.
  const target = mustExist ? dir : path.join(dir, segments[segments.length - 1] ?? '');
  if (!mustExist && segments.length === 0) return refused('The root group cannot be created or removed.');
  return { ok: true, dir: target };
}

/**
 * Checks a hierarchy's mount point: a cgroup filesystem (statfs) whose path resolves to itself (no link on
 * the way to it). Remembered for a second per mount point and device (a remount changes the device).
 * Returns the problem, or undefined when the mount is fine.
 */
const mountChecks = new Map<string, { dev: number; problem: string | undefined; at: number }>();

function checkMount(mount: string, dev: number): string | undefined {
  const now = performance.now();
  const cached = mountChecks.get(mount);
  if (cached && cached.dev === dev && now - cached.at < 1000) return cached.problem;
  const type = fs.statfsSync(mount).type;
  let problem: string | undefined;
  if (type !== CGROUP_SUPER_MAGIC && type !== CGROUP2_SUPER_MAGIC)
    problem = `${mount} is not a cgroup filesystem.`;
  else if (fs.realpathSync.native(mount) !== mount)
    problem = `${mount} does not resolve to itself (a link on the way).`;
  mountChecks.set(mount, { dev, problem, at: now });
  return problem;
}

/** One buffer for every read: reads are synchronous, so it is never shared between two at once. */
const readBuffer = Buffer.alloc(64 * 1024);

const FILE_NAME = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,254}$/;

/** Reads a control file without following links; null when it cannot be read (write-only files). */
export function readControlFile(dir: string, file: string): string | null {
  let fd: number | undefined;
  try {
    fd = fs.openSync(path.join(dir, file), fs.constants.O_RDONLY | fs.constants.O_NOFOLLOW);
    const n = fs.readSync(fd, readBuffer, 0, readBuffer.length, null);
    return readBuffer.toString('utf8', 0, n).replace(/\n$/, '');
  } catch {
    return null;
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

function writeOnce(fd: number, data: Buffer): Promise<void> {
  return new Promise((resolve, reject) => {
    fs.write(fd, data, 0, data.length, null, (error, written) => {
      if (error) reject(error);
      else if (written !== data.length) reject(Object.assign(new Error('short write'), { code: 'EIO' }));
      else resolve();
    });
  });
}

/**
 * Memory limits can block in the kernel (lowering a limit reclaims synchronously), so those writes go to
 * libuv's thread pool; every other control file answers in microseconds and is written synchronously,
 * which saves a thread hop per write.
 */
function mayBlock(file: string): boolean {
  return file.startsWith('memory.');
}

/**
 * No links followed, nothing created; O_TRUNC as a shell's `>` does (cgroupfs ignores the truncation, and a
 * plain-file fixture then holds exactly the value written).
 */
const OPEN_FLAGS = fs.constants.O_NOFOLLOW | fs.constants.O_TRUNC;
const WRITE_FLAGS = fs.constants.O_WRONLY | OPEN_FLAGS;

/** Writes one value with one write() to an open control file. */
async function writeToFd(fd: number, file: string, value: string): Promise<void> {
  const data = Buffer.from(value, 'utf8');
  if (mayBlock(file)) {
    await writeOnce(fd, data);
  } else if (fs.writeSync(fd, data, 0, data.length, null) !== data.length) {
    throw Object.assign(new Error('short write'), { code: 'EIO' });
  }
}

/** One write() of one value to an existing control file, no links followed, no file created. */
async function writeValue(dir: string, file: string, value: string): Promise<void> {
  const fd = fs.openSync(path.join(dir, file), WRITE_FLAGS);
  try {
    await writeToFd(fd, file, value);
  } finally {
    fs.closeSync(fd);
  }
}

/** The file's text from offset 0 (cgroupfs regenerates it on each read from the start); null if unreadable. */
function readOrNull(fd: number): string | null {
  try {
    const n = fs.readSync(fd, readBuffer, 0, readBuffer.length, 0);
    return readBuffer.toString('utf8', 0, n).replace(/\n$/, '');
  } catch {
    return null;
  }
}

/**
 * Opens a control file for reading and writing (one open for the old value, the write and the read-back),
 * or write-only when the kernel offers no read (cgroup.kill, memory.force_empty).
 */
function openForWrite(filePath: string): { fd: number; readable: boolean } {
  try {
    return { fd: fs.openSync(filePath, fs.constants.O_RDWR | OPEN_FLAGS), readable: true };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'EACCES' && code !== 'EPERM' && code !== 'EINVAL') throw error;
    return { fd: fs.openSync(filePath, WRITE_FLAGS), readable: false };
  }
}

export interface PlannedWrite {
  file: string;
  value: string;
}

/**
 * Writes files in order in an already checked group directory. If one fails, the files already written get
 * their old values back (in reverse order) and the failure explains the kernel's errno.
 */
export async function writeFilesInDir(
  dir: string,
  group: string,
  planned: PlannedWrite[],
  /** Values just read by the caller in this same synchronous stretch, to save reading them twice. */
  knownOld?: ReadonlyMap<string, string | null>,
): Promise<WriteOutcome> {
  const done: FileWrite[] = [];
  for (const { file, value } of planned) {
    if (!FILE_NAME.test(file)) return refused(`"${file}" is not a control file name.`);
    let opened: { fd: number; readable: boolean };
    try {
      opened = openForWrite(path.join(dir, file));
    } catch (error) {
      await restore(dir, done);
      return { ...kernelFailure(error, 'write', { file, value, path: group }, true), writes: done };
    }
    const { fd, readable } = opened;
    try {
      const known = knownOld !== undefined && knownOld.has(file) && done.length === 0;
      const old = known ? (knownOld.get(file) ?? null) : readable ? readOrNull(fd) : null;
      try {
        await writeToFd(fd, file, value);
      } catch (error) {
        await restore(dir, done);
        return { ...kernelFailure(error, 'write', { file, value, path: group }, true), writes: done };
      }
      done.push({ file, old, new: value, readBack: readable ? readOrNull(fd) : null });
    } finally {
      fs.closeSync(fd);
    }
  }
  return { ok: true, writes: done };
}

async function restore(dir: string, done: FileWrite[]): Promise<void> {
  for (const write of [...done].reverse()) {
    if (write.old === null) continue;
    try {
      await writeValue(dir, write.file, write.old);
    } catch {
      // Best effort: the failure reported to the caller names what was written.
    }
  }
}

/** Checks the group, then writes one control file (callers validate the file and value first). */
async function writeOneFile(location: GroupLocation, file: string, value: string): Promise<WriteOutcome> {
  const checked = checkGroupDir(location);
  if (!checked.ok) return checked;
  return writeFilesInDir(checked.dir, location.group, [{ file, value }]);
}

/**
 * Sets a CPU bandwidth limit (quota null = unlimited; period kept when omitted) after the same validation
 * the UI uses (core validateCpuLimit). v2: one write to cpu.max. v1: cpu.cfs_quota_us and cpu.cfs_period_us
 * are two writes the kernel checks one by one against the parent and the children; core cpuLimitFiles picks
 * the order whose in-between ratio lies between the old and new ones, and if the kernel still refuses the
 * second write we restore the first and try the other order once.
 */
export async function writeCpuLimit(
  location: GroupLocation,
  quotaUs: number | null,
  periodUs: number | undefined,
): Promise<WriteOutcome> {
  const checked = checkGroupDir(location);
  if (!checked.ok) return checked;
  return writeCpuLimitInDir(checked.dir, location.hierarchy.version, location.group, quotaUs, periodUs);
}

/**
 * writeCpuLimit after the directory checks: exported for fixture trees only (v2 cpu.max, which this test
 * machine's kernel cannot give); everything else must go through writeCpuLimit.
 */
export async function writeCpuLimitInDir(
  dir: string,
  version: CgroupVersion,
  group: string,
  quotaUs: number | null,
  periodUs: number | undefined,
): Promise<WriteOutcome> {
  const raw = readCpuFiles(dir, version);
  const current = cpuLimitFromRaw(raw, version);
  if (current === undefined) {
    const file = version === 1 ? 'cpu.cfs_quota_us' : 'cpu.max';
    return kernelFailure(
      Object.assign(new Error('missing'), { code: 'ENOENT' }),
      'read',
      { file, path: group },
      false,
    );
  }
  const limit = makeCpuLimit(quotaUs, periodUs ?? current.periodUs);
  const invalid = validateCpuLimit(limit, version);
  if (invalid !== undefined) return { ...refused(invalid), kind: 'invalid-value' };
  const planned = cpuLimitFiles(limit, version, current);
  if (planned.length === 0) {
    const file = version === 1 ? 'cpu.cfs_quota_us' : 'cpu.max';
    const value = readControlFile(dir, file);
    return { ok: true, writes: [{ file, old: value, new: value ?? '', readBack: value }] };
  }
  const outcome = await writeFilesInDir(dir, group, planned, raw);
  if (outcome.ok || outcome.kind !== 'kernel' || outcome.writes.length === 0) return outcome;
  // The first write went in and the second was refused (the first has been restored): try the other order.
  const second = await writeFilesInDir(dir, group, [...planned].reverse());
  return second.ok ? second : outcome;
}

const V1_CPU_FILES = ['cpu.cfs_quota_us', 'cpu.cfs_period_us'];

function readCpuFiles(dir: string, version: CgroupVersion): Map<string, string | null> {
  const files = version === 1 ? V1_CPU_FILES : ['cpu.max'];
  return new Map(files.map((file) => [file, readControlFile(dir, file)]));
}

function cpuLimitFromRaw(raw: Map<string, string | null>, version: CgroupVersion): CpuLimit | undefined {
  const parsed =
    version === 1
      ? cpuLimitFromV1(raw.get('cpu.cfs_quota_us') ?? '', raw.get('cpu.cfs_period_us') ?? '')
      : cpuLimitFromV2(raw.get('cpu.max') ?? '');
  return isParseError(parsed) ? undefined : parsed;
}

/** The group's CPU limit as the files say now, or undefined when the files are missing. */
export function readCpuLimit(dir: string, version: CgroupVersion): CpuLimit | undefined {
  return cpuLimitFromRaw(readCpuFiles(dir, version), version);
}

/**
 * Sets an allowlisted limit file (memory, pids, cpuset, weights, io throttles, freezer) after the allowlist
 * and value checks of core writePolicy/limits: the same checks whoever calls.
 */
export async function writeLimitFile(
  location: GroupLocation,
  file: string,
  value: string,
  policy: WritePolicy = DEFAULT_POLICY,
): Promise<WriteOutcome> {
  const fileCheck = checkLimitFile(policy, file, location.hierarchy.version);
  if (!fileCheck.ok) return refused(fileCheck.reason);
  const valueCheck = fileCheck.known
    ? validateLimitValue(file, location.hierarchy.version, value)
    : checkGenericValue(file, value);
  if (!valueCheck.ok) return { ...refused(valueCheck.reason), kind: 'invalid-value' };
  return writeOneFile(location, file, valueCheck.value);
}

/** Freezes or thaws a group: v1 freezer.state FROZEN/THAWED, v2 cgroup.freeze 1/0. */
export async function writeFreeze(location: GroupLocation, frozen: boolean): Promise<WriteOutcome> {
  const { file, value } = freezeWrite(location.hierarchy.version, frozen);
  return writeOneFile(location, file, value);
}

/** Creates a group (mkdir) after checking its parent. */
export function createGroupDir(location: GroupLocation): WriteOutcome {
  const checked = checkGroupDir(location, { mustExist: false });
  if (!checked.ok) return checked;
  try {
    fs.mkdirSync(checked.dir, 0o755);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') {
      const message = `The group ${location.group} already exists.`;
      return { ok: false, kind: 'kernel', fsCode: 'OTHER', message, attempted: true, writes: [] };
    }
    return kernelFailure(error, 'mkdir', { path: location.group }, true);
  }
  return { ok: true, writes: [] };
}

/** Removes an empty group (rmdir: the kernel refuses with EBUSY when it has processes or children). */
export function removeGroupDir(location: GroupLocation): WriteOutcome {
  const checked = checkGroupDir(location);
  if (!checked.ok) return checked;
  if (checked.dir === location.hierarchy.mountPoint) return refused('The root group cannot be removed.');
  try {
    fs.rmdirSync(checked.dir);
  } catch (error) {
    return kernelFailure(error, 'rmdir', { path: location.group }, true);
  }
  return { ok: true, writes: [] };
}

/** Moves one process into a group (one PID per write, into cgroup.procs). */
export async function moveProcessInto(location: GroupLocation, pid: number): Promise<WriteOutcome> {
  const checked = checkGroupDir(location);
  if (!checked.ok) return checked;
  if (!Number.isInteger(pid) || pid < 1)
    return { ...refused(`${pid} is not a process id.`), kind: 'invalid-value' };
  const old = readProcessGroup(location.hierarchy, pid);
  try {
    await writeValue(checked.dir, 'cgroup.procs', String(pid));
  } catch (error) {
    return kernelFailure(
      error,
      'move',
      { file: 'cgroup.procs', value: String(pid), path: location.group },
      true,
    );
  }
  const now = readProcessGroup(location.hierarchy, pid);
  return { ok: true, writes: [{ file: 'cgroup.procs', old, new: String(pid), readBack: now }] };
}

/** The process's group in this hierarchy, from /proc/PID/cgroup; null when unknown. */
export function readProcessGroup(hierarchy: Hierarchy, pid: number): string | null {
  let text: string;
  try {
    text = fs.readFileSync(`/proc/${pid}/cgroup`, 'utf8');
  } catch {
    return null;
  }
  for (const line of text.split('\n')) {
    const first = line.indexOf(':');
    const second = line.indexOf(':', first + 1);
    if (first < 0 || second < 0) continue;
    const controllers = line.slice(first + 1, second);
    const group = line.slice(second + 1);
    if (hierarchy.version === 2 && line.startsWith('0::')) return group;
    if (hierarchy.version === 1 && controllers !== '') {
      const list = controllers.split(',');
      if (hierarchy.controllers.every((c) => list.includes(c))) return group;
    }
  }
  return null;
}
