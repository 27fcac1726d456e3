// Who owns a cgroup path: a container (Docker, containerd, CRI-O, Podman, LXC, systemd-nspawn), a
// Kubernetes pod, a systemd unit, a user, or nobody in particular. Works on the path string alone, so it can
// explain paths pasted from other hosts. Rules: docs/cgroup-facts.md §9 and docs/design.md "Owner".
import type { Owner, QosClass, Runtime } from './model';
import { systemdUnitType, unescapeSystemdName } from './systemd';

export { unescapeSystemdName } from './systemd';

/** The parts of a systemd-escaped unit name before its type suffix: "a\x2db-c.slice" → "a-b-c". */
function unitStem(unit: string): string {
  return unescapeSystemdName(
    unit.replace(/\.(service|scope|slice|mount|socket|swap|target|device|path|timer)$/, ''),
  );
}

/** Container ids: 64 hex normally; tools and fixtures use shorter ones, so accept 6+ where the pattern is unambiguous. */
const HEX_ID = '[0-9a-f]{6,64}';
const DOCKER_SCOPE = new RegExp(`^docker-(${HEX_ID})\\.scope$`);
const CONTAINERD_SCOPE = new RegExp(`^cri-containerd-(${HEX_ID})(\\.scope)?$`);
const NERDCTL_SCOPE = new RegExp(`^nerdctl-(${HEX_ID})\\.scope$`);
const CRIO_SCOPE = new RegExp(`^crio-(${HEX_ID})(\\.scope)?$`);
const LIBPOD_SCOPE = new RegExp(`^libpod-(?:payload-)?(${HEX_ID})(\\.scope)?$`);
const LITERAL_CGROUPS_PATH = new RegExp(`^[^:]*:(cri-containerd|crio|docker|libpod):(${HEX_ID})$`);
const CONMON_SCOPE = new RegExp(`^(libpod|crio)-conmon-(${HEX_ID})(\\.scope)?$`);
const FULL_HEX_ID = /^[0-9a-f]{64}$/;
const SHORT_HEX_ID = /^[0-9a-f]{12,64}$/;

interface ContainerMatch {
  runtime: Runtime | null;
  containerId?: string;
  unit?: string;
  name?: string;
}

/** Kubernetes pod information from one path segment. */
interface PodMatch {
  podUid: string;
  qos: QosClass;
  unit?: string;
}

type SegmentMatch =
  | { type: 'container'; match: ContainerMatch }
  | { type: 'pod'; match: PodMatch }
  | { type: 'special'; owner: Owner };

const QOS_NAMES: Record<string, QosClass> = { burstable: 'burstable', besteffort: 'besteffort' };

/** Matches container patterns on one segment; `parent` is the segment above it (for bare ids). */
function matchContainer(
  segment: string,
  parent: string | undefined,
  grandParent: string | undefined,
): ContainerMatch | undefined {
  let m: RegExpExecArray | null;
  // systemd-driver scopes created by runc/crun for each runtime.
  if ((m = DOCKER_SCOPE.exec(segment))) {
    return { runtime: 'docker', containerId: m[1] as string, unit: segment };
  }
  if ((m = CONTAINERD_SCOPE.exec(segment))) {
    return { runtime: 'containerd', containerId: m[1] as string, ...(m[2] ? { unit: segment } : {}) };
  }
  if ((m = NERDCTL_SCOPE.exec(segment))) {
    return { runtime: 'containerd', containerId: m[1] as string, unit: segment };
  }
  if ((m = CRIO_SCOPE.exec(segment))) {
    return { runtime: 'cri-o', containerId: m[1] as string, ...(m[2] ? { unit: segment } : {}) };
  }
  if ((m = LIBPOD_SCOPE.exec(segment))) {
    return { runtime: 'podman', containerId: m[1] as string, ...(m[2] ? { unit: segment } : {}) };
  }
  // A systemd-style cgroupsPath ("slice:prefix:id") used literally as a directory by a cgroupfs runtime.
  if ((m = LITERAL_CGROUPS_PATH.exec(segment))) {
    const runtime: Record<string, Runtime> = {
      'cri-containerd': 'containerd',
      crio: 'cri-o',
      docker: 'docker',
      libpod: 'podman',
    };
    return { runtime: runtime[m[1] as string] ?? null, containerId: m[2] as string };
  }
  // LXC and LXD: lxc.payload.NAME (LXC 4+), lxc/NAME (older), lxc.payload/NAME.
  if ((m = /^lxc\.payload\.(.+)$/.exec(segment))) return { runtime: 'lxc', name: m[1] as string };
  if ((parent === 'lxc' || parent === 'lxc.payload') && !/^lxc\.(monitor|pivot)/.test(segment)) {
    return { runtime: 'lxc', name: segment };
  }
  // systemd-nspawn: systemd-nspawn@NAME.service, or a machined-registered machine-NAME.scope.
  if ((m = /^systemd-nspawn@(.+)\.service$/.exec(segment))) {
    return { runtime: 'systemd-nspawn', name: unescapeSystemdName(m[1] as string), unit: segment };
  }
  if ((m = /^machine-(.+)\.scope$/.exec(segment))) {
    const name = unescapeSystemdName(m[1] as string);
    // libvirt registers VMs (and libvirt-lxc guests) here too; those are not nspawn containers.
    if (/^(qemu|lxc|kvm|xen)-/.test(name)) return undefined;
    return { runtime: 'systemd-nspawn', name, unit: segment };
  }
  // Bare ids: docker's cgroupfs driver (/docker/ID), Kubernetes cgroupfs pods (…/pod<uid>/ID), ECS (/ecs/TASK/ID).
  if (SHORT_HEX_ID.test(segment)) {
    if (parent === 'docker') return { runtime: 'docker', containerId: segment };
    if (parent !== undefined && isPodSegment(parent)) return { runtime: null, containerId: segment };
    if (grandParent === 'ecs') return { runtime: null, containerId: segment };
    if (FULL_HEX_ID.test(segment)) return { runtime: null, containerId: segment };
  }
  // AWS Fargate: <32 hex>-<digits> below /ecs/<task>.
  if ((m = /^([0-9a-f]{32}-\d+)$/.exec(segment)) && grandParent === 'ecs') {
    return { runtime: null, containerId: m[1] as string };
  }
  return undefined;
}

function isPodSegment(segment: string): boolean {
  return matchPod(segment, undefined) !== undefined;
}

/** Normalises a pod uid: systemd-driver paths escape "-" as "_" (kubelet's CgroupName.ToSystemd). */
function podUidFrom(raw: string): string {
  return raw.replace(/_/g, '-');
}

/** Kubernetes pod segments: cgroupfs `pod<uid>` and systemd `[kubelet-]kubepods[-qos]-pod<uid>.slice`. */
function matchPod(segment: string, qosFromParents: QosClass | undefined): PodMatch | undefined {
  let m = /^(?:kubelet-)?kubepods(?:-(burstable|besteffort))?-pod([0-9a-fA-F_-]+)\.slice$/.exec(segment);
  if (m) {
    const qos = m[1] ? (QOS_NAMES[m[1]] as QosClass) : 'guaranteed';
    return { podUid: podUidFrom(m[2] as string), qos, unit: segment };
  }
  m = /^pod([0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12})$/.exec(segment);
  if (m) return { podUid: m[1] as string, qos: qosFromParents ?? 'guaranteed' };
  return undefined;
}

/** The QoS class that the segments above `index` place a cgroupfs pod in. */
function cgroupfsQos(segments: readonly string[], index: number): QosClass | undefined {
  const parent = segments[index - 1];
  const grandParent = segments[index - 2];
  if (parent && QOS_NAMES[parent] && grandParent === 'kubepods') return QOS_NAMES[parent];
  if (parent === 'kubepods') return 'guaranteed';
  return undefined;
}

/** Segments that are never containers but say who runs them: conmon, podman-PID, lxc.monitor, VMs, podman pods. */
function matchSpecial(segment: string, parent: string | undefined): Owner | undefined {
  let m: RegExpExecArray | null;
  if (parent === 'lxc.monitor') return { kind: 'group', runtime: 'lxc', name: `lxc monitor for ${segment}` };
  if (parent === 'libpod_parent' && segment === 'conmon') {
    return { kind: 'group', runtime: 'podman', name: 'podman conmon (container monitors)' };
  }
  if ((m = CONMON_SCOPE.exec(segment))) {
    const runtime: Runtime = m[1] === 'crio' ? 'cri-o' : 'podman';
    const id = m[2] as string;
    return {
      kind: m[3] ? 'scope' : 'group',
      runtime,
      ...(m[3] ? { unit: segment } : {}),
      name: `${runtime} conmon (container monitor) for ${id.slice(0, 12)}`,
    };
  }
  if ((m = /^podman-(\d+)\.scope$/.exec(segment))) {
    return { kind: 'scope', runtime: 'podman', unit: segment, name: `podman process ${m[1]}` };
  }
  if ((m = /^lxc\.monitor\.(.+)$/.exec(segment))) {
    return { kind: 'group', runtime: 'lxc', name: `lxc monitor for ${m[1]}` };
  }
  if ((m = /^machine-libpod_pod_([0-9a-f]+)\.slice$/.exec(segment))) {
    return {
      kind: 'pod',
      runtime: 'podman',
      unit: segment,
      name: `podman pod ${(m[1] as string).slice(0, 12)}`,
    };
  }
  return undefined;
}

/** user-UID.slice and user@UID.service carry a uid. */
function uidOf(segment: string): number | undefined {
  const m = /^user[-@](\d+)\.(slice|service)$/.exec(segment);
  return m ? Number(m[1]) : undefined;
}

/** The owner for a plain systemd unit segment. */
function unitOwner(segment: string): Owner | undefined {
  const type = systemdUnitType(segment);
  if (!type) return undefined;
  const name = unescapeSystemdName(segment);
  const uid = uidOf(segment);
  if (uid !== undefined) return { kind: 'user', unit: segment, name, uid };
  switch (type) {
    case 'service':
      return { kind: 'service', unit: segment, name };
    case 'scope':
      return { kind: 'scope', unit: segment, name };
    case 'slice':
      return { kind: 'slice', unit: segment, name };
    default:
      // .mount, .socket, .swap units get cgroups for their helper processes.
      return { kind: 'group', unit: segment, name };
  }
}

/** Path segments without empty, "." and ".." parts (relative paths from another cgroup namespace). */
function meaningfulSegments(path: string): string[] {
  return path
    .trim()
    .split('/')
    .filter((segment) => segment !== '' && segment !== '.' && segment !== '..');
}

/** Kubernetes context (pod uid and QoS) from the segments above `index` (exclusive). */
function kubernetesContext(segments: readonly string[], index: number): { podUid?: string; qos?: QosClass } {
  for (let i = index - 1; i >= 0; i--) {
    const pod = matchPod(segments[i] as string, cgroupfsQos(segments, i));
    if (pod) return { podUid: pod.podUid, qos: pod.qos };
  }
  // A mismatched-driver literal "kubepods-burstable-pod<uid>.slice:cri-containerd:<id>" names its pod itself.
  const own = segments[index] ?? '';
  const colon = own.indexOf(':');
  if (colon > 0) {
    const pod = matchPod(own.slice(0, colon), undefined);
    if (pod) return { podUid: pod.podUid, qos: pod.qos };
  }
  return {};
}

/** The uid of the user slice or manager the path lies in (rootless containers, user sessions). */
function userContext(segments: readonly string[], index: number): number | undefined {
  for (let i = index - 1; i >= 0; i--) {
    const uid = uidOf(segments[i] as string);
    if (uid !== undefined) return uid;
  }
  return undefined;
}

function classify(segments: readonly string[], index: number): SegmentMatch | undefined {
  const segment = segments[index] as string;
  const special = matchSpecial(segment, segments[index - 1]);
  if (special) return { type: 'special', owner: special };
  const container = matchContainer(segment, segments[index - 1], segments[index - 2]);
  if (container) return { type: 'container', match: container };
  const pod = matchPod(segment, cgroupfsQos(segments, index));
  if (pod) return { type: 'pod', match: pod };
  return undefined;
}

/**
 * Identifies who owns a cgroup path as printed in /proc/PID/cgroup (v1 or v2). Scans from the innermost
 * segment outwards: the first container, pod or runtime-specific segment wins, and anything below a
 * container belongs to it. Without one, the innermost systemd unit names the owner; otherwise "group".
 */
export function identifyOwner(cgroupPath: string): Owner {
  const segments = meaningfulSegments(String(cgroupPath));
  for (let index = segments.length - 1; index >= 0; index--) {
    const found = classify(segments, index);
    if (!found) continue;
    if (found.type === 'special') {
      const uid = found.owner.uid ?? userContext(segments, index);
      return { ...found.owner, ...kubernetesContext(segments, index), ...(uid !== undefined ? { uid } : {}) };
    }
    if (found.type === 'pod') {
      const { podUid, qos, unit } = found.match;
      return { kind: 'pod', podUid, qos, ...(unit ? { unit } : {}) };
    }
    const { runtime, containerId, unit, name } = found.match;
    const uid = userContext(segments, index);
    return {
      kind: 'container',
      runtime,
      ...(containerId !== undefined ? { containerId } : {}),
      ...kubernetesContext(segments, index),
      ...(unit !== undefined ? { unit } : {}),
      ...(name !== undefined ? { name } : {}),
      ...(uid !== undefined ? { uid } : {}),
    };
  }
  for (let index = segments.length - 1; index >= 0; index--) {
    const segment = segments[index] as string;
    const owner = unitOwner(segment);
    if (owner) {
      if (owner.kind === 'slice') {
        const qos = kubepodsSliceQos(segment);
        if (qos) owner.qos = qos;
      }
      const uid = owner.uid ?? userContext(segments, index);
      return uid !== undefined ? { ...owner, uid } : owner;
    }
    // cgroupfs Kubernetes QoS levels: /kubepods/burstable, /kubepods/besteffort.
    if (QOS_NAMES[segment] && segments[index - 1] === 'kubepods') {
      return { kind: 'group', qos: QOS_NAMES[segment] };
    }
  }
  return { kind: 'group' };
}

/** kubepods-burstable.slice → burstable; kubepods.slice → undefined (it holds all classes). */
function kubepodsSliceQos(segment: string): QosClass | undefined {
  const m = /^(?:kubelet-)?kubepods-(burstable|besteffort)\.slice$/.exec(segment);
  return m ? QOS_NAMES[m[1] as string] : undefined;
}

export interface ProcCgroupEntry {
  /** 0 for the v2 line; the v1 hierarchy id otherwise. */
  hierarchyId: number;
  /** v1 controllers of the hierarchy (`cpu`, `cpuacct`, `name=systemd`); [] for v2. */
  controllers: string[];
  /** The cgroup path, relative to the reader's cgroup namespace root. */
  path: string;
}

/**
 * Parses /proc/PID/cgroup: `4:cpu,cpuacct:/docker/x`, `1:name=systemd:/…`, `0::/…`. Malformed lines are
 * skipped; paths may themselves contain ":".
 */
export function parseProcCgroup(text: string): ProcCgroupEntry[] {
  const entries: ProcCgroupEntry[] = [];
  for (const rawLine of String(text).split('\n')) {
    const line = rawLine.replace(/\r$/, '');
    if (line.trim() === '') continue;
    const first = line.indexOf(':');
    const second = first >= 0 ? line.indexOf(':', first + 1) : -1;
    if (first <= 0 || second < 0) continue;
    const idText = line.slice(0, first);
    if (!/^\d+$/.test(idText)) continue;
    const controllerText = line.slice(first + 1, second);
    const path = line.slice(second + 1);
    if (!path.startsWith('/')) continue;
    entries.push({
      hierarchyId: Number(idText),
      controllers: controllerText === '' ? [] : controllerText.split(','),
      path,
    });
  }
  return entries;
}

/**
 * The line to identify a process's owner by (cgroup-facts §9.1): a v1 cpu, memory or name=systemd line
 * when present (in hybrid mode the v2 line often points at the runtime's service), else the v2 line.
 */
export function preferredProcCgroupEntry(entries: readonly ProcCgroupEntry[]): ProcCgroupEntry | undefined {
  for (const controller of ['cpu', 'memory', 'name=systemd']) {
    const entry = entries.find(
      (candidate) => candidate.hierarchyId !== 0 && candidate.controllers.includes(controller),
    );
    if (entry) return entry;
  }
  return entries.find((entry) => entry.hierarchyId === 0) ?? entries[0];
}

/** The owner of a process from the text of its /proc/PID/cgroup. */
export function identifyOwnerFromProcCgroup(text: string): Owner {
  const entry = preferredProcCgroupEntry(parseProcCgroup(text));
  return entry ? identifyOwner(entry.path) : { kind: 'group' };
}

/** A short label for tree descriptions: "docker 5d5c9f67d0a1", "pod 3c6a5f7e (burstable)", "cron.service". */
export function describeOwner(owner: Owner): string {
  switch (owner.kind) {
    case 'container': {
      const who = owner.runtime ?? 'container';
      const id = owner.containerId ? owner.containerId.slice(0, 12) : owner.name;
      return id ? `${who} ${id}` : who;
    }
    case 'pod':
      if (owner.podUid) return `pod ${owner.podUid.slice(0, 8)}${owner.qos ? ` (${owner.qos})` : ''}`;
      return owner.name ?? 'pod';
    case 'user':
      return owner.uid !== undefined ? `user ${owner.uid}` : (owner.name ?? 'user');
    case 'service':
    case 'scope':
    case 'slice':
      return owner.name ?? owner.unit ?? owner.kind;
    case 'group':
      if (owner.name) return owner.name;
      if (owner.qos) return `kubepods ${owner.qos}`;
      return owner.unit ? unitStem(owner.unit) : '';
  }
}
