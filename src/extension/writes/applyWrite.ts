import * as vscode from 'vscode';
import { WriteError, type WriteErrorKind, type WriteReport } from '../../adapters/writeRouter';
import { commandIds } from '../commands/commandIds';

/** A second way to make the write, offered as a button when the first fails with this kind of error. */
export interface WriteFallback {
  kind: WriteErrorKind;
  label: string;
  write: () => Promise<WriteReport>;
}

/**
 * Runs one write with progress, then says what changed as read back from the kernel, or why nothing did.
 * A write that needs the helper when none answers offers to start it; `fallback` offers another way.
 */
export async function applyWrite(
  log: vscode.LogOutputChannel,
  what: string,
  write: () => Promise<WriteReport>,
  fallback?: WriteFallback,
): Promise<WriteReport | undefined> {
  try {
    const report = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: what },
      () => write(),
    );
    const changes = report.writes.map(
      (w) => `${w.file} ${w.old?.trim() ?? '?'} → ${w.readBack?.trim() ?? '?'}`,
    );
    log.info(
      `${what} (${report.route}): ${changes.join(', ') || 'done'}${report.note ? `. ${report.note}` : ''}`,
    );
    const done = changes.length
      ? vscode.l10n.t('{0}: {1} (read back from the kernel)', what, changes.join(', '))
      : vscode.l10n.t('{0}: done', what);
    void vscode.window.showInformationMessage(report.note ? `${done} ${report.note}` : done);
    return report;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    log.warn(`${what} failed: ${message}`);
    if (error instanceof WriteError && error.kind === 'no-route') {
      const start = vscode.l10n.t('Start Helper');
      const choice = await vscode.window.showErrorMessage(message, start);
      if (choice === start) await vscode.commands.executeCommand(commandIds.startHelper);
    } else if (fallback && error instanceof WriteError && error.kind === fallback.kind) {
      const choice = await vscode.window.showErrorMessage(message, fallback.label);
      if (choice === fallback.label) return applyWrite(log, what, fallback.write);
    } else {
      void vscode.window.showErrorMessage(vscode.l10n.t('{0}: {1}', what, message));
    }
    return undefined;
  }
}
