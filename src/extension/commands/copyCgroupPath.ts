import * as vscode from 'vscode';
import { commandIds } from './commandIds';
import { GroupNode } from '../tree/GroupNode';

/** Copies the cgroup path as /proc/PID/cgroup prints it, the form `cgroup-lens show` and other tools take. */
export function registerCopyCgroupPath(): vscode.Disposable {
  return vscode.commands.registerCommand(commandIds.copyCgroupPath, async (node?: GroupNode) => {
    if (!(node instanceof GroupNode)) return;
    await vscode.env.clipboard.writeText(node.path);
  });
}
