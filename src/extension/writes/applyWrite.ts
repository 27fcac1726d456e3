import * as vscode from 'vscode';
import { WriteError, type WriteReport } from '../../adapters/writeRouter';
import { commandIds } from '../commands/commandIds';

/**
 * Runs one write with progress, then says what changed as read back from the kernel, or why nothing did.
 * A write that needs the helper when none answers offers to start it.
 */
export async function applyWrite(
  log: vscode.LogOutputChannel,
  what: string,
  write: () => Promise<WriteReport>,
): Promise<WriteReport | undefined> {
  try {
    const report = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: what },
      () => write(),
    );
    const changes = report.writes.map(
      (w) => `${w.file} ${w.old?.trim() ?? '?'} → ${w.readBack?.trim() ?? '?'}`,
    );
    log.info(`${what} (${report.route}): ${changes.join(', ') || 'done'}`);
    void vscode.window.showInformationMessage(
      changes.length
        ? vscode.l10n.t('{0}: {1} (read back from the kernel)', what, changes.join(', '))
        : vscode.l10n.t('{0}: done', what),
    );
    return report;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    log.warn(`${what} failed: ${message}`);
    if (error instanceof WriteError && error.kind === 'no-route') {
      const start = vscode.l10n.t('Start Helper');
      const choice = await vscode.window.showErrorMessage(message, start);
      if (choice === start) await vscode.commands.executeCommand(commandIds.startHelper);
    } else {
      void vscode.window.showErrorMessage(vscode.l10n.t('{0} failed: {1}', what, message));
    }
    return undefined;
  }
}
