import * as vscode from 'vscode';

/** Context keys package.json's when-clauses read (viewsWelcome, menus). */
export const contextKeys = {
  hierarchyCount: 'cgroupLens:hierarchyCount',
} as const;

export function setContext(key: (typeof contextKeys)[keyof typeof contextKeys], value: unknown): void {
  void vscode.commands.executeCommand('setContext', key, value);
}
