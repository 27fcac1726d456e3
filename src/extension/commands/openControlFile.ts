import * as vscode from 'vscode';
import { commandIds } from './commandIds';
import { ControlFileNode } from '../tree/ControlFileNode';

/** Opens a control file as a `cgroup:` document, in preview like a file clicked in the Explorer. */
export function registerOpenControlFile(): vscode.Disposable {
  return vscode.commands.registerCommand(
    commandIds.openControlFile,
    async (target?: ControlFileNode | vscode.Uri) => {
      const uri = target instanceof ControlFileNode ? target.uri : target;
      if (!uri) return;
      await vscode.window.showTextDocument(uri, { preview: true });
    },
  );
}
