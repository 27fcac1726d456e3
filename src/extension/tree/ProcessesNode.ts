import * as vscode from 'vscode';
import type { CgroupFs } from '../../adapters/cgroupfs';
import type { Hierarchy } from '../../core/model';
import type { TreeNode } from './treeNode';
import { contextValue, nodeKinds } from './contextValues';
import { GroupSectionNode } from './GroupSectionNode';
import { MessageNode, errorNode } from './MessageNode';

/** Enough processes to recognise what runs here; a root group can hold thousands. */
const shownProcessLimit = 500;

/** "Processes" under a group: pid and command of each member process (cgroup.procs). */
export class ProcessesNode extends GroupSectionNode {
  constructor(cgroups: CgroupFs, parent: TreeNode, hierarchy: Hierarchy, groupPath: string) {
    super(cgroups, parent, hierarchy, groupPath, {
      key: 'procs',
      label: vscode.l10n.t('Processes'),
      icon: 'server-process',
      kind: nodeKinds.processes,
    });
  }

  async getChildren(): Promise<TreeNode[]> {
    try {
      const processes = await this.cgroups.processes(this.hierarchy, this.groupPath);
      if (processes.length === 0) return [new MessageNode(this, 'none', vscode.l10n.t('No processes'))];
      const nodes: TreeNode[] = processes
        .slice(0, shownProcessLimit)
        .map((p) => new ProcessNode(this, p.pid, p.command));
      if (processes.length > shownProcessLimit) {
        const more = processes.length - shownProcessLimit;
        nodes.push(new MessageNode(this, 'more', vscode.l10n.t('… and {0} more', more)));
      }
      return nodes;
    } catch (err) {
      return [errorNode(this, 'procs', err)];
    }
  }
}

export class ProcessNode implements TreeNode {
  constructor(
    readonly parent: TreeNode,
    readonly pid: number,
    private readonly command: string | null,
  ) {}

  get id(): string {
    return `${this.parent.id}/${this.pid}`;
  }

  getTreeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(String(this.pid), vscode.TreeItemCollapsibleState.None);
    item.id = this.id;
    item.description = this.command ?? vscode.l10n.t('(exited)');
    item.iconPath = new vscode.ThemeIcon('terminal');
    item.contextValue = contextValue(nodeKinds.process);
    return item;
  }

  getChildren(): Promise<TreeNode[]> {
    return Promise.resolve([]);
  }
}
