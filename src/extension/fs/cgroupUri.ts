import * as vscode from 'vscode';
import type { Hierarchy } from '../../core/model';

/**
 * `cgroup:` URIs name one control file of one group in one hierarchy:
 *   cgroup:/<hierarchy key>/<cgroup path>/<file>, e.g. cgroup:/cpu/docker/5d5c…/cpu.cfs_quota_us
 * The hierarchy key is what people call the mount (cpu, cpu,cpuacct, name=systemd, unified), so the
 * editor tab and breadcrumbs read naturally.
 */
export const cgroupScheme = 'cgroup';

export function hierarchyKey(h: Hierarchy): string {
  return h.version === 2 ? 'unified' : h.controllers.join(',');
}

export interface ControlFileLocation {
  hierarchyKey: string;
  groupPath: string;
  fileName: string;
}

export function controlFileUri(h: Hierarchy, groupPath: string, fileName: string): vscode.Uri {
  const group = groupPath === '/' ? '' : groupPath;
  return vscode.Uri.from({ scheme: cgroupScheme, path: `/${hierarchyKey(h)}${group}/${fileName}` });
}

export function parseControlFileUri(uri: vscode.Uri): ControlFileLocation | undefined {
  if (uri.scheme !== cgroupScheme) return undefined;
  const parts = uri.path.split('/').filter((p) => p.length > 0);
  if (parts.length < 2) return undefined;
  const key = parts[0]!;
  const fileName = parts[parts.length - 1]!;
  const groupParts = parts.slice(1, -1);
  if (groupParts.some((p) => p === '.' || p === '..')) return undefined;
  return { hierarchyKey: key, groupPath: `/${groupParts.join('/')}`, fileName };
}
