import * as vscode from 'vscode';
import type { CgroupFs, GroupSummary } from '../../adapters/cgroupfs';
import type { Hierarchy } from '../../core/model';
import { formatCpuLimit } from '../../core/cpuLimit';
import { hierarchyLabel, ownerText, processCountText } from '../tree/describe';

export interface PickedGroup {
  hierarchy: Hierarchy;
  path: string;
}

interface GroupItem extends vscode.QuickPickItem {
  group: PickedGroup;
}

/**
 * A searchable quick pick of every group in the given hierarchies: the path to type against, the owner
 * (docker, pod, user...) and the current limit beside it, so "which container was it" needs no lookup.
 */
export async function pickGroup(
  cgroups: CgroupFs,
  hierarchies: Hierarchy[],
  title: string,
): Promise<PickedGroup | undefined> {
  const quickPick = vscode.window.createQuickPick<GroupItem>();
  quickPick.title = title;
  quickPick.placeholder = vscode.l10n.t('Type to search groups by path or owner');
  quickPick.matchOnDescription = true;
  quickPick.matchOnDetail = true;
  quickPick.busy = true;
  quickPick.show();
  try {
    const items: GroupItem[] = [];
    for (const hierarchy of hierarchies) {
      if (hierarchies.length > 1) {
        items.push({
          label: hierarchyLabel(hierarchy),
          kind: vscode.QuickPickItemKind.Separator,
        } as GroupItem);
      }
      await cgroups.walk(hierarchy, hierarchy.root, {}, (summary) =>
        items.push(groupItem(hierarchy, summary)),
      );
    }
    quickPick.items = items;
    quickPick.busy = false;
    const listeners: vscode.Disposable[] = [];
    try {
      return await new Promise<PickedGroup | undefined>((resolve) => {
        listeners.push(quickPick.onDidAccept(() => resolve(quickPick.selectedItems[0]?.group)));
        listeners.push(quickPick.onDidHide(() => resolve(undefined)));
      });
    } finally {
      for (const l of listeners) l.dispose();
    }
  } finally {
    quickPick.dispose();
  }
}

function groupItem(hierarchy: Hierarchy, summary: GroupSummary): GroupItem {
  const parts = [
    summary.cpuLimit ? formatCpuLimit(summary.cpuLimit) : undefined,
    processCountText(summary.processCount),
    ownerText(summary.owner),
  ].filter((p): p is string => !!p);
  return {
    label: summary.path,
    description: parts.join(' · '),
    detail: summary.owner.kind !== 'group' ? ownerDetail(summary) : undefined,
    group: { hierarchy, path: summary.path },
  };
}

function ownerDetail(summary: GroupSummary): string {
  const o = summary.owner;
  return [o.kind, o.runtime, o.name, o.unit, o.containerId, o.podUid]
    .filter((p): p is string => !!p)
    .join(' · ');
}
