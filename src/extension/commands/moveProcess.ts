import * as vscode from 'vscode';
import type { WriteRouter } from '../../adapters/writeRouter';
import { commandIds } from './commandIds';
import { GroupNode } from '../tree/GroupNode';
import { applyWrite } from '../writes/applyWrite';

/** Moves one process (by PID) into the group: one PID per write into cgroup.procs, as the kernel wants. */
export function registerMoveProcess(
  writer: WriteRouter,
  log: vscode.LogOutputChannel,
  onDidWrite: () => void,
) {
  return vscode.commands.registerCommand(
    commandIds.moveProcess,
    async (node?: GroupNode, pidArg?: number) => {
      if (!(node instanceof GroupNode)) {
        void vscode.window.showInformationMessage(
          vscode.l10n.t('Right-click a group in the Cgroups view to move a process into it.'),
        );
        return;
      }
      const pidText =
        pidArg !== undefined
          ? String(pidArg)
          : await vscode.window.showInputBox({
              title: vscode.l10n.t('Move a process into {0}', node.path),
              prompt: vscode.l10n.t('Process ID'),
              validateInput: (value) =>
                /^[1-9]\d{0,6}$/.test(value.trim())
                  ? undefined
                  : vscode.l10n.t('A process ID is a positive whole number.'),
            });
      if (!pidText) return;
      const pid = Number(pidText.trim());
      const report = await applyWrite(log, vscode.l10n.t('Move process {0} into {1}', pid, node.path), () =>
        writer.moveProcess({ hierarchy: node.hierarchy, group: node.path }, pid),
      );
      if (report) onDidWrite();
    },
  );
}
