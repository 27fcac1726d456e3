import * as vscode from 'vscode';
import { commandIds } from './commandIds';
import type { Config } from '../config';

/**
 * Opens a terminal that runs the helper with sudo, so the user sees and approves the privilege themselves.
 * The socket is made accessible to the user's primary group (access by group membership, like docker's).
 */
export function registerStartHelper(extensionUri: vscode.Uri, config: Config): vscode.Disposable {
  return vscode.commands.registerCommand(commandIds.startHelper, () => {
    const helper = vscode.Uri.joinPath(extensionUri, 'dist', 'helper.js').fsPath;
    const socket = config.settings.helperSocketPath;
    // VS Code desktop runs extensions in Electron: ELECTRON_RUN_AS_NODE makes its binary a plain Node.
    const command = [
      'sudo env ELECTRON_RUN_AS_NODE=1',
      shellQuote(process.execPath),
      shellQuote(helper),
      '--socket',
      shellQuote(socket),
      '--group "$(id -gn)"',
    ].join(' ');
    const terminal = vscode.window.createTerminal({ name: vscode.l10n.t('Cgroup Lens helper') });
    terminal.show();
    terminal.sendText(command, true);
  });
}

function shellQuote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}
