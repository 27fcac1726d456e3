// Cgroup hierarchy discovery from /proc/PID/mountinfo text (proc(5)). Pure: the adapter reads the file
// and fills v2 controllers from <mount>/cgroup.controllers.
//
// Line shape: ID PARENT MAJ:MIN ROOT MOUNT_POINT MOUNT_OPTIONS [OPTIONAL_FIELDS...] - FSTYPE SOURCE SUPER_OPTIONS

import type { Hierarchy } from './model';

/** One parsed mountinfo line, only the fields discovery needs. */
export interface MountinfoEntry {
  mountId: number;
  device: string;
  root: string;
  mountPoint: string;
  fsType: string;
  superOptions: string[];
}

/** Super options of a v1 cgroup mount that are settings, not controllers (kernel/cgroup/cgroup-v1.c). */
const V1_NON_CONTROLLER_OPTIONS = new Set([
  'rw',
  'ro',
  'xattr',
  'noprefix',
  'clone_children',
  'cpuset_v2_mode',
  'favordynmods',
  'nofavordynmods',
  'none',
  'all',
]);

/** Decodes the octal escapes the kernel uses in mountinfo paths: \040 space, \011 tab, \012 newline, \134 backslash. */
export function unescapeMountinfoField(field: string): string {
  return field.replace(/\\([0-7]{3})/g, (_match, octal: string) => String.fromCharCode(parseInt(octal, 8)));
}

/** Parses one mountinfo line; undefined for lines that do not have the documented shape. */
export function parseMountinfoLine(line: string): MountinfoEntry | undefined {
  const fields = line.trim().split(' ');
  // The optional fields end at a lone "-"; search from field 6 so a mount point named "-" cannot confuse us.
  const separator = fields.indexOf('-', 6);
  if (fields.length < 7 || separator < 0 || fields.length < separator + 3) return undefined;
  const [mountId, , device, root, mountPoint] = fields;
  if (mountId === undefined || device === undefined || root === undefined || mountPoint === undefined) {
    return undefined;
  }
  return {
    mountId: Number(mountId),
    device,
    root: unescapeMountinfoField(root),
    mountPoint: unescapeMountinfoField(mountPoint),
    fsType: fields[separator + 1] ?? '',
    superOptions: (fields[separator + 3] ?? '').split(',').filter((option) => option !== ''),
  };
}

/** The controllers (and `name=` of a named hierarchy) of a v1 mount, from its super options. */
export function v1ControllersFromSuperOptions(superOptions: string[]): string[] {
  return superOptions.filter((option) => {
    if (option.startsWith('name=')) return true;
    // release_agent=..., and any other key=value setting
    if (option.includes('=')) return false;
    return !V1_NON_CONTROLLER_OPTIONS.has(option);
  });
}

/**
 * All cgroup hierarchies in a mountinfo text, in mount order. A hierarchy mounted more than once (bind
 * mounts, a container's view) is listed once: the mount whose root is "/" wins, else the shortest root,
 * else the first.
 */
export function parseMountinfo(text: string): Hierarchy[] {
  const byId = new Map<string, Hierarchy>();
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    const entry = parseMountinfoLine(line);
    if (entry === undefined) continue;
    const hierarchy = hierarchyFromEntry(entry);
    if (hierarchy === undefined) continue;
    const existing = byId.get(hierarchy.id);
    if (existing === undefined || isBetterMount(hierarchy, existing)) byId.set(hierarchy.id, hierarchy);
  }
  return [...byId.values()];
}

function hierarchyFromEntry(entry: MountinfoEntry): Hierarchy | undefined {
  if (entry.fsType === 'cgroup2') {
    return { id: 'v2', version: 2, controllers: [], mountPoint: entry.mountPoint, root: entry.root };
  }
  if (entry.fsType === 'cgroup') {
    const controllers = v1ControllersFromSuperOptions(entry.superOptions);
    if (controllers.length === 0) return undefined;
    return {
      id: 'v1:' + controllers.join(','),
      version: 1,
      controllers,
      mountPoint: entry.mountPoint,
      root: entry.root,
    };
  }
  return undefined;
}

function isBetterMount(candidate: Hierarchy, existing: Hierarchy): boolean {
  if (existing.root === '/') return false;
  if (candidate.root === '/') return true;
  return candidate.root.length < existing.root.length;
}

/**
 * Converts a cgroup path as the kernel prints it (/proc/PID/cgroup) to a path below the hierarchy's mount
 * point. When the mount's root is not "/" (a container's or cgroup namespace's view), only paths under that
 * root are visible: others give undefined, as do the "/.." paths of processes outside our namespace.
 */
export function cgroupPathToRelative(hierarchy: Hierarchy, cgroupPath: string): string | undefined {
  if (cgroupPath === '/..' || cgroupPath.startsWith('/../')) return undefined;
  const root = hierarchy.root;
  if (root === '/') return cgroupPath;
  if (cgroupPath === root) return '/';
  if (cgroupPath.startsWith(root + '/')) return cgroupPath.slice(root.length);
  return undefined;
}

/** The inverse of cgroupPathToRelative: a path below the mount point back to the kernel's cgroup path. */
export function relativeToCgroupPath(hierarchy: Hierarchy, relativePath: string): string {
  if (hierarchy.root === '/') return relativePath;
  if (relativePath === '/') return hierarchy.root;
  return hierarchy.root + relativePath;
}

/** The hierarchies holding a controller (v1 by mount options, v2 by the controllers the adapter filled in). */
export function hierarchiesWithController(hierarchies: Hierarchy[], controller: string): Hierarchy[] {
  return hierarchies.filter((hierarchy) => hierarchy.controllers.includes(controller));
}
