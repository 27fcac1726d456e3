import * as vscode from 'vscode';
import type { CpuLimit, Hierarchy, Owner } from '../../core/model';

/** The label of a hierarchy root: its controllers for v1, "unified (v2)" for the v2 tree. */
export function hierarchyLabel(h: Hierarchy): string {
  if (h.version === 2) return vscode.l10n.t('unified (v2)');
  return h.controllers.join(',');
}

export function cpuLimitText(limit: CpuLimit | null | undefined): string | undefined {
  if (!limit || limit.cores === null) return undefined;
  const cores = Number(limit.cores.toFixed(3));
  return vscode.l10n.t('{0} CPU', String(cores));
}

export function processCountText(count: number | null | undefined): string | undefined {
  if (count === null || count === undefined) return undefined;
  return count === 1 ? vscode.l10n.t('1 proc') : vscode.l10n.t('{0} procs', count);
}

/** A short owner tag for the description: only owners a user would not read off the group's own name. */
export function ownerText(owner: Owner | undefined): string | undefined {
  if (!owner) return undefined;
  switch (owner.kind) {
    case 'container': {
      const who = owner.runtime ?? vscode.l10n.t('container');
      // Docker's own short id length, so it matches `docker ps`.
      return owner.containerId
        ? `${who} ${owner.containerId.slice(0, 12)}`
        : `${who} ${owner.name ?? ''}`.trim();
    }
    case 'pod':
      return owner.qos ? vscode.l10n.t('pod ({0})', owner.qos) : vscode.l10n.t('pod');
    case 'user':
      return owner.uid !== undefined ? vscode.l10n.t('user {0}', owner.uid) : vscode.l10n.t('user');
    default:
      return undefined;
  }
}

/** "0.2 CPU · 1 proc · docker 5d5c9f67d0ab": what matters, in the order people ask for it. */
export function groupDescription(summary: {
  cpuLimit?: CpuLimit | null;
  processCount?: number | null;
  owner?: Owner;
}): string {
  return [cpuLimitText(summary.cpuLimit), processCountText(summary.processCount), ownerText(summary.owner)]
    .filter((part): part is string => !!part)
    .join(' · ');
}

/** One line of a control file's value for a tree description. */
export function oneLine(raw: string, max = 60): string {
  const lines = raw.trim().split('\n');
  let text = lines[0] ?? '';
  if (lines.length > 1) text += ` … (+${lines.length - 1})`;
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
