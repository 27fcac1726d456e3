import * as vscode from 'vscode';
import type { CgroupFs } from '../../adapters/cgroupfs';
import type { WriteRouter } from '../../adapters/writeRouter';
import type { Hierarchy } from '../../core/model';
import { commandIds } from './commandIds';
import { GroupNode } from '../tree/GroupNode';
import { applyWrite } from '../writes/applyWrite';

/**
 * Freeze and thaw a group. v1 groups freeze in the freezer hierarchy (the same path there), v2 groups
 * through cgroup.freeze; from a group of another v1 hierarchy we use the freezer hierarchy's group.
 */
export function registerFreezeCommands(
  cgroups: CgroupFs,
  writer: WriteRouter,
  log: vscode.LogOutputChannel,
  onDidWrite: () => void,
): vscode.Disposable[] {
  const run = async (node: GroupNode | undefined, frozen: boolean) => {
    if (!(node instanceof GroupNode) || node.isHierarchyRoot) return;
    const hierarchy = await freezingHierarchy(cgroups, node.hierarchy);
    if (!hierarchy) {
      void vscode.window.showErrorMessage(
        vscode.l10n.t('No freezer hierarchy is mounted for {0}.', node.path),
      );
      return;
    }
    const what = frozen ? vscode.l10n.t('Freeze {0}', node.path) : vscode.l10n.t('Thaw {0}', node.path);
    const report = await applyWrite(log, what, () =>
      writer.setFrozen({ hierarchy, group: node.path }, frozen),
    );
    if (report) onDidWrite();
  };
  return [
    vscode.commands.registerCommand(commandIds.freezeGroup, (node?: GroupNode) => run(node, true)),
    vscode.commands.registerCommand(commandIds.thawGroup, (node?: GroupNode) => run(node, false)),
  ];
}

async function freezingHierarchy(cgroups: CgroupFs, from: Hierarchy): Promise<Hierarchy | undefined> {
  if (from.version === 2) return from;
  const hierarchies = await cgroups.hierarchies();
  return hierarchies.find((h) => h.version === 1 && h.controllers.includes('freezer'));
}
