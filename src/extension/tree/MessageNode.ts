import * as vscode from 'vscode';
import type { TreeNode } from './treeNode';
import { contextValue, nodeKinds } from './contextValues';

/** An error or notice shown in place of children: trees report problems in place, not as toasts. */
export class MessageNode implements TreeNode {
  constructor(
    readonly parent: TreeNode | undefined,
    private readonly key: string,
    private readonly text: string,
    private readonly severity: 'info' | 'warning' | 'error' = 'info',
    private readonly detail?: string,
  ) {}

  get id(): string {
    return `${this.parent?.id ?? ''}#message:${this.key}`;
  }

  getTreeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(this.text, vscode.TreeItemCollapsibleState.None);
    item.id = this.id;
    item.contextValue = contextValue(nodeKinds.message);
    item.iconPath = new vscode.ThemeIcon(
      this.severity === 'error' ? 'error' : this.severity === 'warning' ? 'warning' : 'info',
      this.severity === 'error'
        ? new vscode.ThemeColor('list.errorForeground')
        : this.severity === 'warning'
          ? new vscode.ThemeColor('list.warningForeground')
          : undefined,
    );
    item.tooltip = this.detail ?? this.text;
    return item;
  }

  getChildren(): Promise<TreeNode[]> {
    return Promise.resolve([]);
  }
}

export function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** A failure shown where the children would be. */
export function errorNode(parent: TreeNode | undefined, key: string, err: unknown): MessageNode {
  return new MessageNode(parent, key, errorText(err), 'error');
}
