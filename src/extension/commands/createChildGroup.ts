import * as vscode from 'vscode';
import type { WriteRouter } from '../../adapters/writeRouter';
import { joinCgroupPath } from '../../core/cgroupPath';
import { commandIds } from './commandIds';
import { GroupNode } from '../tree/GroupNode';
import { applyWrite } from '../writes/applyWrite';

/** A group name is one path component; the kernel refuses "/" and the tools refuse the rest. */
const groupNamePattern = /^[A-Za-z0-9_.@:+-]{1,200}$/;

export function registerCreateChildGroup(
  writer: WriteRouter,
  log: vscode.LogOutputChannel,
  onDidWrite: () => void,
) {
  return vscode.commands.registerCommand(commandIds.createChildGroup, async (parent?: GroupNode) => {
    if (!(parent instanceof GroupNode)) {
      void vscode.window.showInformationMessage(
        vscode.l10n.t('Right-click a group in the Cgroups view to create a child.'),
      );
      return;
    }
    const name = await vscode.window.showInputBox({
      title: vscode.l10n.t('New group under {0}', parent.path),
      prompt: vscode.l10n.t('Name of the new group'),
      validateInput: (value) =>
        groupNamePattern.test(value) && value !== '.' && value !== '..'
          ? undefined
          : vscode.l10n.t('Use letters, digits and . _ - @ : + (no slashes).'),
    });
    if (!name) return;
    const group = joinCgroupPath(parent.path, name);
    const report = await applyWrite(log, vscode.l10n.t('Create group {0}', group), () =>
      writer.createGroup({ hierarchy: parent.hierarchy, group }),
    );
    if (report) onDidWrite();
  });
}
