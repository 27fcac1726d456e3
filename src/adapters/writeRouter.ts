// The one write path of the extension and the CLI. A write goes straight to cgroupfs when this process may
// make it (root, or a delegated subtree the user owns), otherwise through the privileged helper; the same core
// validation runs on either route, and the helper runs it again on its side. A Docker container's CPU limit
// goes through Docker's update API instead (Docker is that group's single writer), unless the caller asks
// for a raw file write.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { cgroupPathToRelative } from '../core/mountinfo';
import { cpuLimitFiles, makeCpuLimit, validateCpuLimit } from '../core/cpuLimit';
import type { FileWrite, MutationResult } from '../core/helperProtocol';
import { identifyOwner } from '../core/owner';
import {
  checkGroupDir,
  createGroupDir,
  moveProcessInto,
  readControlFile,
  readCpuLimit,
  removeGroupDir,
  writeCpuLimit,
  writeFreeze,
  writeLimitFile,
  type GroupLocation,
  type WriteOutcome,
} from './cgroupWriter';
import { DockerError, shortContainerId, type DockerEngine } from './docker';
import { HelperCallError, type HelperClient } from './helperClient';

export type WriteRoute = 'direct' | 'helper' | 'docker';

/** How to route writes: decide per write (default), or force one route (CLI `--helper`, tests). */
export type WriteMode = 'auto' | 'direct' | 'helper';

export interface WriteReport {
  route: WriteRoute;
  /** Files written, each with its old value and the value read back after the write. */
  writes: FileWrite[];
  /** What the user should know when the writer could not take the value exactly as asked (Docker). */
  note?: string;
}

/**
 * 'docker': Docker owns the group and is not reachable (the files are written only on explicit request);
 * 'docker-refused': Docker answered and refused (its own message), or the container is gone.
 */
export type WriteErrorKind =
  'refused' | 'invalid-value' | 'kernel' | 'no-route' | 'helper' | 'docker' | 'docker-refused';

/** A write that did not happen (or was undone): `message` is for the user as it stands. */
export class WriteError extends Error {
  constructor(
    message: string,
    readonly kind: WriteErrorKind,
    readonly fsCode?: string,
  ) {
    super(message);
    this.name = 'WriteError';
  }
}

/** What each verb does on the direct route and asks of the helper on the other. */
interface WriteRequest {
  /** Files the direct route writes, relative to the group directory (or the parent, for create/remove). */
  directFiles: string[];
  /** Create and remove change the parent directory, not files of the group. */
  onParent?: boolean;
  direct(): Promise<WriteOutcome> | WriteOutcome;
  viaHelper(helper: HelperClient): Promise<MutationResult>;
}

export interface WriteRouterOptions {
  /** Docker, for the CPU limits of its containers. Without it those are written as files, like any group. */
  docker?: DockerEngine;
}

export interface CpuLimitWriteOptions {
  /** Write the cgroup files even when Docker owns the group (Docker's own settings will then disagree). */
  raw?: boolean;
}

export class WriteRouter {
  constructor(
    private readonly helper: HelperClient,
    private readonly mode: WriteMode = 'auto',
    private readonly options: WriteRouterOptions = {},
  ) {}

  /** The container whose CPU limit Docker writes for this group, or undefined when files are written. */
  dockerContainerFor(group: string): string | undefined {
    return this.options.docker ? dockerContainerOf(group) : undefined;
  }

  /** Which route a write to these files of this group would take now. */
  routeFor(location: GroupLocation, files: string[], onParent = false): WriteRoute {
    if (this.mode !== 'auto') return this.mode;
    return canWriteDirectly(location, files, onParent) ? 'direct' : 'helper';
  }

  setCpuLimit(
    location: GroupLocation,
    quotaUs: number | null,
    periodUs?: number,
    options: CpuLimitWriteOptions = {},
  ): Promise<WriteReport> {
    const containerId = options.raw ? undefined : this.dockerContainerFor(location.group);
    if (containerId !== undefined && this.options.docker) {
      return setCpuLimitViaDocker(this.options.docker, containerId, location, quotaUs, periodUs);
    }
    const v1 = location.hierarchy.version === 1;
    return this.run(location, {
      directFiles: v1 ? ['cpu.cfs_quota_us', 'cpu.cfs_period_us'] : ['cpu.max'],
      direct: () => writeCpuLimit(location, quotaUs, periodUs),
      viaHelper: (h) =>
        h.call('setCpuLimit', {
          group: location.group,
          hierarchy: location.hierarchy.id,
          quotaUs,
          ...(periodUs !== undefined ? { periodUs } : {}),
        }),
    });
  }

  setLimit(location: GroupLocation, file: string, value: string): Promise<WriteReport> {
    return this.run(location, {
      directFiles: [file],
      direct: () => writeLimitFile(location, file, value),
      viaHelper: (h) =>
        h.call('setLimit', { group: location.group, hierarchy: location.hierarchy.id, file, value }),
    });
  }

  setFrozen(location: GroupLocation, frozen: boolean): Promise<WriteReport> {
    return this.run(location, {
      directFiles: [location.hierarchy.version === 1 ? 'freezer.state' : 'cgroup.freeze'],
      direct: () => writeFreeze(location, frozen),
      viaHelper: (h) =>
        h.call(frozen ? 'freeze' : 'thaw', { group: location.group, hierarchy: location.hierarchy.id }),
    });
  }

  createGroup(location: GroupLocation): Promise<WriteReport> {
    return this.run(location, {
      directFiles: [],
      onParent: true,
      direct: () => createGroupDir(location),
      viaHelper: (h) => h.call('createGroup', { group: location.group, hierarchy: location.hierarchy.id }),
    });
  }

  removeGroup(location: GroupLocation): Promise<WriteReport> {
    return this.run(location, {
      directFiles: [],
      onParent: true,
      direct: () => removeGroupDir(location),
      viaHelper: (h) => h.call('removeGroup', { group: location.group, hierarchy: location.hierarchy.id }),
    });
  }

  moveProcess(location: GroupLocation, pid: number): Promise<WriteReport> {
    return this.run(location, {
      directFiles: ['cgroup.procs'],
      direct: () => moveProcessInto(location, pid),
      viaHelper: (h) =>
        h.call('moveProcess', { pid, group: location.group, hierarchy: location.hierarchy.id }),
    });
  }

  private async run(location: GroupLocation, request: WriteRequest): Promise<WriteReport> {
    const route = this.routeFor(location, request.directFiles, request.onParent);
    if (route === 'direct') {
      const outcome = await request.direct();
      if (!outcome.ok) throw new WriteError(outcome.message, outcome.kind, outcome.fsCode);
      return { route, writes: outcome.writes };
    }
    try {
      const result = await request.viaHelper(this.helper);
      return { route, writes: result.writes };
    } catch (error) {
      throw fromHelperError(error);
    }
  }
}

/**
 * The container id when the group is a Docker container's own group (/docker/<id>, docker-<id>.scope), not a
 * group below it: those are the container's business, and Docker knows nothing of them.
 */
function dockerContainerOf(group: string): string | undefined {
  const owner = identifyOwner(group);
  if (owner.kind !== 'container' || owner.runtime !== 'docker' || owner.containerId === undefined)
    return undefined;
  const last =
    group
      .split('/')
      .filter((s) => s !== '')
      .pop() ?? '';
  return last.includes(owner.containerId) ? owner.containerId : undefined;
}

/**
 * `docker update` for the container, then the kernel files read back: the same validation and the same
 * report as a file write, with Docker as the writer.
 */
async function setCpuLimitViaDocker(
  docker: DockerEngine,
  containerId: string,
  location: GroupLocation,
  quotaUs: number | null,
  periodUs: number | undefined,
): Promise<WriteReport> {
  const checked = checkGroupDir(location);
  if (!checked.ok) throw new WriteError(checked.message, checked.kind, checked.fsCode);
  const version = location.hierarchy.version;
  const current = readCpuLimit(checked.dir, version);
  if (current === undefined) throw new WriteError(`${location.group} has no CPU bandwidth files.`, 'kernel');
  const limit = makeCpuLimit(quotaUs, periodUs ?? current.periodUs);
  const invalid = validateCpuLimit(limit, version);
  if (invalid !== undefined) throw new WriteError(invalid, 'invalid-value');

  const expected = cpuLimitFiles(limit, version);
  const old = new Map(expected.map(({ file }) => [file, readControlFile(checked.dir, file)]));
  let update;
  try {
    update = await docker.updateCpuLimit(containerId, limit.quotaUs, limit.periodUs);
  } catch (error) {
    throw fromDockerError(error, containerId);
  }
  const applied = cpuLimitFiles(makeCpuLimit(update.limit.quotaUs, update.limit.periodUs), version);
  const writes = applied.map(({ file, value }) => ({
    file,
    old: old.get(file) ?? null,
    new: value,
    readBack: readControlFile(checked.dir, file),
  }));
  return { route: 'docker', writes, ...(update.note !== undefined ? { note: update.note } : {}) };
}

function fromDockerError(error: unknown, containerId: string): WriteError {
  const message = error instanceof Error ? error.message : String(error);
  if (error instanceof DockerError && error.reason !== 'unreachable')
    return new WriteError(message, 'docker-refused');
  return new WriteError(
    `Docker is not reachable, so container ${shortContainerId(containerId)}'s CPU limit was not changed: ` +
      `${message} Its cgroup files are written directly only when you ask for it (cgroup-lens set-cpu ` +
      '--raw, or "Write cgroup files directly" in VS Code), and Docker\'s own settings then disagree.',
    'docker',
  );
}

function fromHelperError(error: unknown): WriteError {
  if (!(error instanceof HelperCallError)) {
    return new WriteError(error instanceof Error ? error.message : String(error), 'helper');
  }
  if (error.unreachable) {
    return new WriteError(
      `This change needs root, and the Cgroup Lens helper is not reachable (${error.message}). ` +
        'Start it with: sudo cgroup-lens-helper --group "$(id -gn)"',
      'no-route',
    );
  }
  const reason = error.data?.reason;
  const kind: WriteErrorKind =
    reason === 'refused'
      ? 'refused'
      : reason === 'invalid-value'
        ? 'invalid-value'
        : reason === 'kernel'
          ? 'kernel'
          : 'helper';
  return new WriteError(error.message, kind, error.data?.fsCode);
}

/**
 * True when this process may write the files itself: as root, or when it owns a delegated subtree
 * (the files, or for create/remove the parent directory, are writable by it).
 */
export function canWriteDirectly(location: GroupLocation, files: string[], onParent = false): boolean {
  if (process.getuid?.() === 0) return true;
  const relative = cgroupPathToRelative(location.hierarchy, location.group);
  if (relative === undefined) return false;
  const dir = path.join(location.hierarchy.mountPoint, relative);
  const targets = onParent ? [path.dirname(dir)] : files.map((f) => path.join(dir, f));
  try {
    for (const target of targets) fs.accessSync(target, fs.constants.W_OK);
    return targets.length > 0;
  } catch {
    return false;
  }
}
