import type * as vscode from 'vscode';
import type { Config } from '../config';

/** Coalesces refresh requests that arrive close together (several events, a timer tick). */
const debounceMs = 300;

/**
 * Refreshes a tree only while its view is visible: on a debounced interval (the setting
 * cgroupLens.hierarchy.refreshIntervalSeconds), and right away when it becomes visible again.
 */
export class RefreshController implements vscode.Disposable {
  private interval: NodeJS.Timeout | undefined;
  private pending: NodeJS.Timeout | undefined;
  private readonly subscriptions: vscode.Disposable[];

  constructor(
    private readonly view: vscode.TreeView<unknown>,
    private readonly config: Config,
    private readonly refresh: () => void,
  ) {
    this.subscriptions = [
      view.onDidChangeVisibility((e) => {
        if (e.visible) this.request();
        this.schedule();
      }),
      config.onDidChange(() => this.schedule()),
    ];
    this.schedule();
  }

  /** Ask for a refresh; several requests within the debounce window make one. */
  request(): void {
    if (!this.view.visible || this.pending) return;
    this.pending = setTimeout(() => {
      this.pending = undefined;
      this.refresh();
    }, debounceMs);
  }

  private schedule(): void {
    clearInterval(this.interval);
    this.interval = undefined;
    const seconds = this.config.settings.refreshIntervalSeconds;
    if (this.view.visible && seconds > 0) {
      this.interval = setInterval(() => this.request(), seconds * 1000);
    }
  }

  dispose(): void {
    clearInterval(this.interval);
    clearTimeout(this.pending);
    for (const s of this.subscriptions) s.dispose();
  }
}
