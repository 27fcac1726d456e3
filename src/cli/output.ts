// Printing: one JSON document for --json, plain words for people.
import { formatCpuLimitLong } from '../core/cpuLimit';
import type { CpuLimit, Hierarchy } from '../core/model';

export interface Output {
  out(text: string): void;
  err(text: string): void;
}

export const processOutput: Output = {
  out: (text) => process.stdout.write(text + '\n'),
  err: (text) => process.stderr.write(text + '\n'),
};

export function printJson(output: Output, value: unknown): void {
  output.out(JSON.stringify(value, null, 2));
}

/** A hierarchy as the JSON surface shows it (design.md: {version, controllers, mountPoint, root}, plus id). */
export function hierarchyJson(hierarchy: Hierarchy): Hierarchy {
  return {
    id: hierarchy.id,
    version: hierarchy.version,
    controllers: hierarchy.controllers,
    mountPoint: hierarchy.mountPoint,
    root: hierarchy.root,
  };
}

export function describeHierarchy(hierarchy: Hierarchy): string {
  const controllers = hierarchy.controllers.length > 0 ? hierarchy.controllers.join(',') : 'no controllers';
  const root = hierarchy.root === '/' ? '' : ` (root ${hierarchy.root})`;
  return `cgroup v${hierarchy.version} [${controllers}] at ${hierarchy.mountPoint}${root}`;
}

/** "0.5 CPU (50 ms per 100 ms)" or "unlimited". */
export function describeCpuLimit(limit: CpuLimit): string {
  return formatCpuLimitLong(limit);
}
