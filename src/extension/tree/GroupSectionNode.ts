import * as vscode from 'vscode';
import type { CgroupFs } from '../../adapters/cgroupfs';
import type { Hierarchy } from '../../core/model';
import type { TreeNode } from './treeNode';
import { contextValue, type NodeKind } from './contextValues';

export interface Section {
  /** Distinguishes the section's id from its siblings' ("files", "procs"). */
  key: string;
  label: string;
  icon: string;
  kind: NodeKind;
}

/** A fixed node under a group ("Control files", "Processes") whose children are read when expanded. */
export abstract class GroupSectionNode implements TreeNode {
  constructor(
    protected readonly cgroups: CgroupFs,
    readonly parent: TreeNode,
    protected readonly hierarchy: Hierarchy,
    protected readonly groupPath: string,
    private readonly section: Section,
  ) {}

  get id(): string {
    return `${this.parent.id}#${this.section.key}`;
  }

  getTreeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(this.section.label, vscode.TreeItemCollapsibleState.Collapsed);
    item.id = this.id;
    item.iconPath = new vscode.ThemeIcon(this.section.icon);
    item.contextValue = contextValue(this.section.kind);
    return item;
  }

  abstract getChildren(): Promise<TreeNode[]>;
}
