import type { Hierarchy } from '../../core/model';

/** Hierarchies whose groups have CPU bandwidth files: v1 with the cpu controller, v2 with cpu enabled. */
export function cpuHierarchies(hierarchies: Hierarchy[]): Hierarchy[] {
  return hierarchies.filter((h) => h.controllers.includes('cpu'));
}
