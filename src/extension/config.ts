import * as vscode from 'vscode';
import { DEFAULT_SOCKET_PATH } from '../core/helperProtocol';

/** Every setting the extension reads, with the defaults package.json declares. Read only through here. */
export interface CgroupLensSettings {
  /** Seconds between automatic refreshes of a visible tree; 0 turns them off. */
  refreshIntervalSeconds: number;
  /** The privileged helper's Unix socket (machine scope: a workspace cannot redirect writes). */
  helperSocketPath: string;
}

const section = 'cgroupLens';

export class Config implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  private readonly listener: vscode.Disposable;

  constructor() {
    this.listener = vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration(section)) this.changed.fire();
    });
  }

  get settings(): CgroupLensSettings {
    const c = vscode.workspace.getConfiguration(section);
    return {
      refreshIntervalSeconds: Math.max(0, c.get<number>('hierarchy.refreshIntervalSeconds', 5)),
      helperSocketPath: c.get<string>('helper.socketPath', '') || DEFAULT_SOCKET_PATH,
    };
  }

  dispose(): void {
    this.listener.dispose();
    this.changed.dispose();
  }
}
