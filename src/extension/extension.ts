import * as vscode from 'vscode';
import { createServices, type CgroupLensApi } from './services';

export function activate(context: vscode.ExtensionContext): CgroupLensApi {
  const log = vscode.window.createOutputChannel('Cgroup Lens', { log: true });
  context.subscriptions.push(log);
  try {
    const { api, disposable } = createServices(context, log);
    context.subscriptions.push(disposable);
    const { version } = context.extension.packageJSON as { version: string };
    log.info(`Cgroup Lens ${version} activated`);
    void api.cgroups.hierarchies().then(
      (hs) => log.info(`hierarchies: ${hs.map((h) => `${h.id} at ${h.mountPoint}`).join(', ') || 'none'}`),
      (err: unknown) => log.error(`finding hierarchies failed: ${String(err)}`),
    );
    return api;
  } catch (err) {
    log.error(`activation failed: ${String(err)}`);
    void vscode.window.showErrorMessage(vscode.l10n.t('Cgroup Lens could not start: {0}', String(err)));
    throw err;
  }
}

export function deactivate(): void {}
