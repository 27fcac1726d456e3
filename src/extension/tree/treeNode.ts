import type * as vscode from 'vscode';

/**
 * A node of a Cgroup Lens tree: a small model that builds its TreeItem and loads its children lazily.
 * Ids are stable (hierarchy + cgroup path + role) so expansion survives refreshes.
 */
export interface TreeNode {
  readonly id: string;
  readonly parent: TreeNode | undefined;
  getTreeItem(): vscode.TreeItem;
  getChildren(): Promise<TreeNode[]>;
}
