import * as vscode from 'vscode';
import { commandIds } from './commandIds';

export function registerShowLog(log: vscode.LogOutputChannel): vscode.Disposable {
  return vscode.commands.registerCommand(commandIds.showLog, () => log.show(true));
}
