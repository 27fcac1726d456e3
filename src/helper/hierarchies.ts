// The mounted cgroup hierarchies the helper may act in, from /proc/self/mountinfo (never assumed paths).
// Re-read at most every second: mounts change rarely, but a helper running for weeks must notice.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseMountinfo } from '../core/mountinfo';
import type { Hierarchy } from '../core/model';

const REFRESH_MS = 1000;

export class HierarchyTable {
  private cached: Hierarchy[] = [];
  private readAt = -Infinity;

  constructor(private readonly mountinfoPath = '/proc/self/mountinfo') {}

  list(): Hierarchy[] {
    const now = performance.now();
    if (now - this.readAt > REFRESH_MS) {
      this.cached = parseMountinfo(fs.readFileSync(this.mountinfoPath, 'utf8')).map(withV2Controllers);
      this.readAt = now;
    }
    return this.cached;
  }
}

/** v2 lists its controllers in the root's cgroup.controllers, not in the mount options. */
function withV2Controllers(hierarchy: Hierarchy): Hierarchy {
  if (hierarchy.version !== 2) return hierarchy;
  try {
    const text = fs.readFileSync(path.join(hierarchy.mountPoint, 'cgroup.controllers'), 'utf8');
    return { ...hierarchy, controllers: text.split(/\s+/).filter((c) => c !== '') };
  } catch {
    return hierarchy;
  }
}

/** The controller a control file belongs to: "memory.max" → memory, "cgroup.procs" → undefined. */
function controllerOfFile(file: string): string | undefined {
  if (!file.includes('.')) return undefined; // tasks, release_agent, notify_on_release: no controller
  const prefix = file.split('.')[0] ?? '';
  return prefix === 'cgroup' || prefix === '' ? undefined : prefix;
}

export type HierarchyChoice = { ok: true; hierarchy: Hierarchy } | { ok: false; reason: string };

/**
 * Picks the hierarchy a request acts in: the one it names (which must hold the controller, for v1), else
 * the v1 hierarchy holding the controller, else v2 when the controller is enabled there (or when the file
 * is a core cgroup.* file).
 */
export function chooseHierarchy(
  all: Hierarchy[],
  requested: string | undefined,
  controller: string | undefined,
): HierarchyChoice {
  if (requested !== undefined) {
    const hierarchy = all.find((h) => h.id === requested);
    if (hierarchy === undefined) {
      const known = all.map((h) => h.id).join(', ');
      return { ok: false, reason: `No cgroup hierarchy "${requested}" is mounted here (mounted: ${known}).` };
    }
    if (hierarchy.version === 1 && controller !== undefined && !hierarchy.controllers.includes(controller)) {
      return { ok: false, reason: `The ${requested} hierarchy does not hold the ${controller} controller.` };
    }
    return { ok: true, hierarchy };
  }
  const v2 = all.find((h) => h.version === 2);
  if (controller === undefined) {
    return v2
      ? { ok: true, hierarchy: v2 }
      : { ok: false, reason: 'No cgroup v2 hierarchy is mounted here.' };
  }
  const v1 = all.find((h) => h.version === 1 && h.controllers.includes(controller));
  if (v1) return { ok: true, hierarchy: v1 };
  if (v2 && v2.controllers.includes(controller)) return { ok: true, hierarchy: v2 };
  return { ok: false, reason: `No mounted cgroup hierarchy holds the ${controller} controller.` };
}

export function hierarchyForFile(
  all: Hierarchy[],
  requested: string | undefined,
  file: string,
): HierarchyChoice {
  return chooseHierarchy(all, requested, controllerOfFile(file));
}

/** freeze/thaw: the v1 freezer when mounted, else v2's cgroup.freeze. */
export function hierarchyForFreeze(all: Hierarchy[], requested: string | undefined): HierarchyChoice {
  if (requested !== undefined) {
    const choice = chooseHierarchy(all, requested, undefined);
    if (choice.ok && choice.hierarchy.version === 1 && !choice.hierarchy.controllers.includes('freezer')) {
      return { ok: false, reason: `The ${requested} hierarchy does not hold the freezer controller.` };
    }
    return choice;
  }
  const freezer = all.find((h) => h.version === 1 && h.controllers.includes('freezer'));
  return freezer ? { ok: true, hierarchy: freezer } : chooseHierarchy(all, undefined, undefined);
}
