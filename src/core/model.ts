// The shapes every layer shares. Field names here are the stable JSON surface of the CLI
// (docs/design.md, "The command line"): add fields freely, never rename.

export type CgroupVersion = 1 | 2;

/** One mounted cgroup hierarchy, as found in /proc/self/mountinfo. */
export interface Hierarchy {
  /** Stable key: "v2", or "v1:" + the comma-joined controllers ("v1:cpu,cpuacct", "v1:name=systemd"). */
  id: string;
  version: CgroupVersion;
  /** v1: the mount's controllers and named hierarchy (`name=systemd`); v2: the root's cgroup.controllers. */
  controllers: string[];
  /** Where the hierarchy is mounted, e.g. /sys/fs/cgroup/cpu. */
  mountPoint: string;
  /** The mountinfo root field: "/" normally, a deeper cgroup path inside a container or cgroup namespace. */
  root: string;
}

/** A CPU bandwidth limit, one model for v1 (cfs_quota_us/cfs_period_us) and v2 (cpu.max). null = unlimited. */
export interface CpuLimit {
  quotaUs: number | null;
  periodUs: number;
  cores: number | null;
}

export interface ProcessInfo {
  pid: number;
  /** /proc/PID/comm; null when the process exited before it could be read. */
  command: string | null;
}

export type OwnerKind = 'container' | 'pod' | 'service' | 'scope' | 'slice' | 'user' | 'group';
export type Runtime = 'docker' | 'containerd' | 'cri-o' | 'podman' | 'lxc' | 'systemd-nspawn';
export type QosClass = 'guaranteed' | 'burstable' | 'besteffort';

/** Who owns a cgroup path. Fields that do not apply are omitted. */
export interface Owner {
  kind: OwnerKind;
  runtime?: Runtime | null;
  /** Full container id when the path holds one. */
  containerId?: string;
  /** Kubernetes pod uid, with dashes. */
  podUid?: string;
  qos?: QosClass;
  /** The systemd unit name (unescaped is in `name`), when the path element is one. */
  unit?: string;
  /** A human name: the unescaped unit, the LXC container name, the user of user@UID.service. */
  name?: string;
  /** uid for user@UID.service and user-UID.slice. */
  uid?: number;
}

/** Error codes a read or write can end with, as the kernel reports them. */
export type FsErrorCode =
  | 'ENOENT'
  | 'EACCES'
  | 'EPERM'
  | 'EINVAL'
  | 'EBUSY'
  | 'ERANGE'
  | 'ENOSPC'
  | 'EOPNOTSUPP'
  | 'EAGAIN'
  | 'ENODEV'
  | 'EIO'
  | 'ESRCH'
  | 'EEXIST'
  | 'EROFS'
  | 'OTHER';

export interface FsProblem {
  code: FsErrorCode;
  /** The words a user reads: what happened and what to do. */
  message: string;
}
