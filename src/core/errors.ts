// Turns an errno from a cgroupfs read or write into words a user can act on. The causes per file follow
// the kernel's rules collected in docs/cgroup-facts.md §7.
import type { FsErrorCode, FsProblem } from './model';

export type FsOperation = 'read' | 'write' | 'mkdir' | 'rmdir' | 'list' | 'move';

export interface FsErrorContext {
  op: FsOperation;
  /** The control file's name, e.g. cpu.cfs_quota_us. */
  file?: string;
  /** The value that was written. */
  value?: string;
  /** The cgroup path (or the full file path) involved. */
  path?: string;
}

const KNOWN_CODES: ReadonlySet<string> = new Set<FsErrorCode>([
  'ENOENT',
  'EACCES',
  'EPERM',
  'EINVAL',
  'EBUSY',
  'ERANGE',
  'ENOSPC',
  'EOPNOTSUPP',
  'EAGAIN',
  'ENODEV',
  'EIO',
  'ESRCH',
  'EEXIST',
  'EROFS',
]);

/** Maps any error code string to the codes we explain; ENOTSUP is an alias of EOPNOTSUPP on Linux. */
export function toFsErrorCode(code: string | undefined): FsErrorCode {
  if (code === undefined) return 'OTHER';
  if (code === 'ENOTSUP') return 'EOPNOTSUPP';
  if (code === 'EWOULDBLOCK') return 'EAGAIN';
  return KNOWN_CODES.has(code) ? (code as FsErrorCode) : 'OTHER';
}

function target(ctx: FsErrorContext): string {
  const where = ctx.path ? ` in ${ctx.path}` : '';
  switch (ctx.op) {
    case 'read':
      return ctx.file ? `Reading ${ctx.file}${where}` : `Reading${where || ' the file'}`;
    case 'write': {
      const what = ctx.value !== undefined ? `"${ctx.value.trim()}" to ` : '';
      return ctx.file ? `Writing ${what}${ctx.file}${where}` : `Writing ${what}${where || 'the file'}`.trim();
    }
    case 'mkdir':
      return `Creating the group${ctx.path ? ' ' + ctx.path : ''}`;
    case 'rmdir':
      return `Removing the group${ctx.path ? ' ' + ctx.path : ''}`;
    case 'list':
      return `Listing${ctx.path ? ' ' + ctx.path : ' the group'}`;
    case 'move':
      return `Moving the process${ctx.value ? ' ' + ctx.value.trim() : ''}${ctx.path ? ' into ' + ctx.path : ''}`;
  }
}

function baseFile(file: string | undefined): string {
  if (!file) return '';
  const slash = file.lastIndexOf('/');
  return slash >= 0 ? file.slice(slash + 1) : file;
}

/** Why the kernel says EINVAL for this file (cgroup-facts §7), or a general reason. */
function invalidReason(ctx: FsErrorContext): string {
  const file = baseFile(ctx.file);
  if (file === 'cpu.cfs_quota_us' || file === 'cpu.cfs_period_us') {
    return (
      'the kernel rejected the CPU bandwidth: the quota may be below 1000 µs (1 ms), the period outside ' +
      '1000..1000000 µs, the group may be the root group, the quota may be below cpu.cfs_burst_us, or (v1) the ' +
      "new limit would be above the parent's quota or below a child's"
    );
  }
  if (file === 'cpu.max') {
    return (
      'cpu.max takes "<quota> <period>" or "max <period>" in µs: the quota must be at least 1000 µs, the period ' +
      '1000..1000000 µs, "-1" is not accepted (use "max"), the quota may not be below cpu.max.burst, and the ' +
      'root group cannot be limited'
    );
  }
  if (file === 'cpu.shares' || file === 'cpu.weight' || file === 'cpu.weight.nice') {
    return 'the root group cannot be weighted, and a group with cpu.idle set to 1 ignores weights';
  }
  if (file === 'cpu.idle') return 'cpu.idle takes only 0 or 1';
  if (file.startsWith('memory.memsw.')) {
    return 'memory.memsw.limit_in_bytes must be at least memory.limit_in_bytes (raise memsw first, lower it last)';
  }
  if (file === 'memory.limit_in_bytes') {
    return (
      'v1 memory limits take bytes (with an optional K/M/G suffix) or -1 for unlimited; "max" is not accepted, ' +
      'the root group cannot be limited, and the limit may not exceed memory.memsw.limit_in_bytes'
    );
  }
  if (file.startsWith('memory.') && file.endsWith('_in_bytes')) {
    return 'v1 memory values take bytes (with an optional K/M/G suffix) or -1 for unlimited; "max" is not accepted';
  }
  if (
    /^memory\.(min|low|high|max|swap\.high|swap\.max|zswap\.max)$/.test(file) ||
    /^hugetlb\..*\.max$/.test(file)
  ) {
    return 'v2 memory values take bytes (with an optional K/M/G suffix) or "max"; "-1" is not accepted';
  }
  if (file === 'memory.swappiness') return 'memory.swappiness takes 0..100 (0..200 on newer kernels)';
  if (file === 'memory.oom_control')
    return 'memory.oom_control takes 0 or 1 and cannot be set on the root group';
  if (file === 'memory.use_hierarchy') return 'memory.use_hierarchy can no longer be set to 0 (kernel 5.16+)';
  if (file === 'pids.max') return 'pids.max takes a non-negative number below 4194305, or "max"';
  if (file === 'cgroup.subtree_control') {
    return 'each token must be "+name" or "-name" of a controller the kernel knows';
  }
  if (file === 'cgroup.type') return 'cgroup.type accepts only "threaded"';
  if (file === 'cgroup.procs' || file === 'tasks' || file === 'cgroup.threads') {
    return 'write exactly one process id per write, with no other text';
  }
  if (file.startsWith('cpuset.')) {
    return 'the CPU or memory-node list is malformed or names CPUs that do not exist, or exclusive CPUs overlap a sibling';
  }
  if (file.startsWith('devices.'))
    return 'the device rule is malformed, or "a" was written to a group with children';
  if (file === 'io.weight' || file === 'blkio.weight') return 'the weight is out of range';
  return 'the value is not in a format or range this file accepts';
}

function busyReason(ctx: FsErrorContext): string {
  const file = baseFile(ctx.file);
  if (ctx.op === 'rmdir') return 'the group still has processes or child groups: move or stop them first';
  if (file === 'cgroup.procs' || file === 'cgroup.threads' || ctx.op === 'move') {
    return (
      'cgroup v2 does not allow processes in a group that hands controllers to its children ' +
      '(the "no internal processes" rule): move the process into a leaf group instead'
    );
  }
  if (file === 'cgroup.subtree_control') {
    return (
      'enabling a controller needs a group without processes of its own (move them to a leaf group first), ' +
      'and disabling one needs every child to have disabled it first'
    );
  }
  if (file === 'memory.limit_in_bytes' || file === 'memory.memsw.limit_in_bytes') {
    return 'the kernel could not reclaim enough memory to get the usage under the new limit';
  }
  if (file.startsWith('cpuset.')) {
    return 'a child group uses CPUs or memory nodes outside the new set: shrink the children first';
  }
  if (file === 'cpu.rt_runtime_us') return 'real-time tasks in the group need a non-zero runtime';
  return 'the kernel reported the resource as busy';
}

/** Turns an errno code from a cgroupfs operation into a problem with a user-readable message. */
export function explainFsError(code: string | undefined, ctx: FsErrorContext): FsProblem {
  const fsCode = toFsErrorCode(code);
  const what = target(ctx);
  const file = baseFile(ctx.file);
  switch (fsCode) {
    case 'ENOENT':
      if (ctx.op === 'write' && file === 'cgroup.subtree_control') {
        return {
          code: fsCode,
          message: `${what} failed: the controller is not available here, because the parent group has not enabled it in its cgroup.subtree_control.`,
        };
      }
      if (ctx.op === 'write' && (file === 'cgroup.procs' || file === 'tasks')) {
        return {
          code: fsCode,
          message: `${what} failed: the process no longer exists, or the group no longer exists (the container may have just stopped).`,
        };
      }
      if (ctx.op === 'mkdir') {
        return { code: fsCode, message: `${what} failed: its parent group does not exist.` };
      }
      return {
        code: fsCode,
        message: `${what} failed: the group no longer exists (the container may have just stopped), or this kernel does not provide the file.`,
      };
    case 'EACCES':
    case 'EPERM':
      if (file.startsWith('cpuset.')) {
        return {
          code: fsCode,
          message: `${what} failed: a cpuset must stay within its parent's CPUs and memory nodes, the root cpuset cannot be changed, and changes need root or the Cgroup Lens helper.`,
        };
      }
      if (ctx.op === 'move' || file === 'cgroup.procs' || file === 'tasks') {
        return {
          code: fsCode,
          message: `${what} failed: moving a process needs root (or the Cgroup Lens helper), or write access to cgroup.procs of the common ancestor of both groups.`,
        };
      }
      return {
        code: fsCode,
        message: `${what} failed: permission denied. Changing cgroups needs root or the Cgroup Lens helper (or a group delegated to you).`,
      };
    case 'EINVAL':
      return { code: fsCode, message: `${what} failed: ${invalidReason(ctx)}.` };
    case 'ERANGE':
      return {
        code: fsCode,
        message: `${what} failed: the value is out of range${rangeHint(file)}.`,
      };
    case 'EBUSY':
      return { code: fsCode, message: `${what} failed: ${busyReason(ctx)}.` };
    case 'ENOSPC':
      return {
        code: fsCode,
        message: `${what} failed: the cpuset would be empty while it holds processes, or (v1) the target group has no CPUs or memory nodes yet (set cpuset.cpus and cpuset.mems first).`,
      };
    case 'EOPNOTSUPP':
      return {
        code: fsCode,
        message: `${what} failed: the operation is not supported here (a threaded subtree, a group in an invalid domain state, or a file this kernel does not support).`,
      };
    case 'EAGAIN':
      if (ctx.op === 'mkdir') {
        return {
          code: fsCode,
          message: `${what} failed: the limit in cgroup.max.descendants or cgroup.max.depth was reached.`,
        };
      }
      return { code: fsCode, message: `${what} failed: the kernel asked to try again later.` };
    case 'ENODEV':
      return {
        code: fsCode,
        message: `${what} failed: the device or controller is not available (the cgroup hierarchy may have been unmounted).`,
      };
    case 'EIO':
      return { code: fsCode, message: `${what} failed: an input/output error was reported by the kernel.` };
    case 'ESRCH':
      return {
        code: fsCode,
        message: `${what} failed: no such process. It may have exited, or it is not visible in this PID namespace.`,
      };
    case 'EEXIST':
      return { code: fsCode, message: `${what} failed: a group with that name already exists.` };
    case 'EROFS':
      return {
        code: fsCode,
        message: `${what} failed: the cgroup file system is mounted read-only here (as inside most containers); change it from the host.`,
      };
    case 'OTHER':
      return { code: fsCode, message: `${what} failed${code ? ` (${code})` : ''}.` };
  }
}

function rangeHint(file: string): string {
  switch (file) {
    case 'cpu.weight':
      return ': cpu.weight takes 1..10000';
    case 'cpu.weight.nice':
      return ': cpu.weight.nice takes -20..19';
    case 'cgroup.freeze':
      return ': cgroup.freeze takes 0 or 1';
    case 'cgroup.kill':
      return ': cgroup.kill takes only 1';
    case 'io.max':
      return ': use "max" rather than 0 to remove an io.max limit';
    case 'cgroup.max.descendants':
    case 'cgroup.max.depth':
      return ': use a non-negative number or "max"';
    default:
      if (file.startsWith('cpu.uclamp.')) return ': cpu.uclamp values are percentages up to 100';
      return '';
  }
}
