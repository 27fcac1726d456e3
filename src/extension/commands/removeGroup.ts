import * as vscode from 'vscode';
import type { WriteRouter } from '../../adapters/writeRouter';
import { commandIds } from './commandIds';
import { GroupNode } from '../tree/GroupNode';
import { applyWrite } from '../writes/applyWrite';

/** Removes an empty group; the kernel refuses (EBUSY, explained) while it has processes or children. */
export function registerRemoveGroup(
  writer: WriteRouter,
  log: vscode.LogOutputChannel,
  onDidWrite: () => void,
) {
  return vscode.commands.registerCommand(commandIds.removeGroup, async (node?: GroupNode) => {
    if (!(node instanceof GroupNode) || node.isHierarchyRoot) return;
    const remove = vscode.l10n.t('Remove');
    const answer = await vscode.window.showWarningMessage(
      vscode.l10n.t('Remove the group {0}?', node.path),
      {
        modal: true,
        detail: vscode.l10n.t('Only an empty group (no processes, no child groups) can be removed.'),
      },
      remove,
    );
    if (answer !== remove) return;
    const report = await applyWrite(log, vscode.l10n.t('Remove group {0}', node.path), () =>
      writer.removeGroup({ hierarchy: node.hierarchy, group: node.path }),
    );
    if (report) onDidWrite();
  });
}
