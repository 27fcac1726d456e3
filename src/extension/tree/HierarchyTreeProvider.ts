import * as vscode from 'vscode';
import type { CgroupFs } from '../../adapters/cgroupfs';
import type { TreeNode } from './treeNode';
import { GroupNode } from './GroupNode';
import { errorNode, errorText } from './MessageNode';

/** The Hierarchy view: one root per mounted hierarchy, groups below it loaded lazily. */
export class HierarchyTreeProvider implements vscode.TreeDataProvider<TreeNode>, vscode.Disposable {
  static readonly viewId = 'cgroupLens.hierarchy';

  private readonly changed = new vscode.EventEmitter<TreeNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly hierarchiesFound = new vscode.EventEmitter<number>();
  /** Fires with the number of hierarchies after each load of the roots (drives the welcome text). */
  readonly onDidFindHierarchies = this.hierarchiesFound.event;

  constructor(
    private readonly cgroups: CgroupFs,
    private readonly log: vscode.LogOutputChannel,
  ) {}

  refresh(node?: TreeNode): void {
    this.changed.fire(node);
  }

  /** A full refresh that also reads mountinfo again, for hierarchies mounted or unmounted since. */
  rediscover(): void {
    this.cgroups.refreshHierarchies();
    this.changed.fire(undefined);
  }

  getTreeItem(node: TreeNode): vscode.TreeItem {
    return node.getTreeItem();
  }

  getParent(node: TreeNode): TreeNode | undefined {
    return node.parent;
  }

  async getChildren(node?: TreeNode): Promise<TreeNode[]> {
    if (node) return node.getChildren();
    try {
      const hierarchies = await this.cgroups.hierarchies();
      this.hierarchiesFound.fire(hierarchies.length);
      return hierarchies.map((h) => new GroupNode(this.cgroups, undefined, h, h.root, undefined));
    } catch (err) {
      this.log.error(`finding cgroup hierarchies failed: ${errorText(err)}`);
      this.hierarchiesFound.fire(0);
      return [errorNode(undefined, 'hierarchies', err)];
    }
  }

  dispose(): void {
    this.changed.dispose();
    this.hierarchiesFound.dispose();
  }
}
