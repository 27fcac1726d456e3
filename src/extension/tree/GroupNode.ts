import * as vscode from 'vscode';
import type { CgroupFs } from '../../adapters/cgroupfs';
import type { Hierarchy, Owner, CpuLimit } from '../../core/model';
import type { TreeNode } from './treeNode';
import { contextValue, nodeKinds } from './contextValues';
import { cpuLimitText, groupDescription, hierarchyLabel, processCountText } from './describe';
import { errorNode } from './MessageNode';
import { ControlFilesNode } from './ControlFilesNode';
import { ProcessesNode } from './ProcessesNode';

export interface GroupSummaryView {
  gone?: true;
  cpuLimit?: CpuLimit | null;
  processCount?: number | null;
  owner?: Owner;
}

/** A cgroup, or (without a parent) the root of a hierarchy. Children: control files, processes, child groups. */
export class GroupNode implements TreeNode {
  constructor(
    private readonly cgroups: CgroupFs,
    readonly parent: GroupNode | undefined,
    readonly hierarchy: Hierarchy,
    readonly path: string,
    private readonly summary: GroupSummaryView | undefined,
  ) {}

  get id(): string {
    return `${this.hierarchy.id}:${this.path}`;
  }

  /** The top group of the hierarchy as mounted: "/" normally, the namespace's root inside a container. */
  get isHierarchyRoot(): boolean {
    return this.parent === undefined;
  }

  getTreeItem(): vscode.TreeItem {
    const h = this.hierarchy;
    const label = this.isHierarchyRoot ? hierarchyLabel(h) : this.path.slice(this.path.lastIndexOf('/') + 1);
    const item = new vscode.TreeItem(label, vscode.TreeItemCollapsibleState.Collapsed);
    item.id = this.id;
    if (this.isHierarchyRoot) {
      item.description = h.version === 2 ? h.mountPoint : `v1 · ${h.mountPoint}`;
      item.iconPath = new vscode.ThemeIcon('type-hierarchy');
      item.contextValue = contextValue(nodeKinds.hierarchy, { v1: h.version === 1, v2: h.version === 2 });
      item.tooltip = new vscode.MarkdownString(
        [
          `**${label}** — cgroup v${h.version}`,
          `- ${vscode.l10n.t('mounted at')} \`${h.mountPoint}\``,
          h.root !== '/' ? `- ${vscode.l10n.t('namespace root')} \`${h.root}\`` : '',
          h.controllers.length ? `- ${vscode.l10n.t('controllers')}: ${h.controllers.join(', ')}` : '',
        ]
          .filter(Boolean)
          .join('\n'),
      );
      return item;
    }
    const s = this.summary ?? {};
    item.description = groupDescription(s);
    item.iconPath = new vscode.ThemeIcon(s.owner?.kind === 'container' ? 'package' : 'symbol-namespace');
    item.contextValue = contextValue(nodeKinds.cgroup, {
      [`v${h.version}`]: true,
      cpu: h.controllers.includes('cpu'),
      container: s.owner?.kind === 'container',
      hasProcs: (s.processCount ?? 0) > 0,
    });
    item.tooltip = this.tooltip(s);
    return item;
  }

  async getChildren(): Promise<TreeNode[]> {
    let childPaths: string[];
    try {
      childPaths = await this.cgroups.children(this.hierarchy, this.path);
    } catch (err) {
      return [errorNode(this, 'children', err)];
    }
    const summaries = await this.cgroups.summaries(this.hierarchy, childPaths);
    const children: TreeNode[] = [
      new ControlFilesNode(this.cgroups, this, this.hierarchy, this.path),
      new ProcessesNode(this.cgroups, this, this.hierarchy, this.path),
    ];
    childPaths.forEach((childPath, i) => {
      const summary = summaries[i];
      // A group that vanished between listing and reading (a container just stopped) is simply not shown.
      if (!summary || summary.gone) return;
      children.push(new GroupNode(this.cgroups, this, this.hierarchy, childPath, summary));
    });
    return children;
  }

  private tooltip(s: GroupSummaryView): vscode.MarkdownString {
    const lines = [`**${this.path}**`, `- ${vscode.l10n.t('hierarchy')}: ${hierarchyLabel(this.hierarchy)}`];
    const cpu = cpuLimitText(s.cpuLimit);
    if (s.cpuLimit) {
      lines.push(
        `- ${vscode.l10n.t('CPU limit')}: ${
          cpu ? `${cpu} (${s.cpuLimit.quotaUs} / ${s.cpuLimit.periodUs} µs)` : vscode.l10n.t('unlimited')
        }`,
      );
    }
    const procs = processCountText(s.processCount);
    if (procs) lines.push(`- ${vscode.l10n.t('processes')}: ${procs}`);
    if (s.owner && s.owner.kind !== 'group') {
      const o = s.owner;
      const parts = [
        o.kind,
        o.runtime,
        o.name,
        o.unit,
        o.containerId,
        o.podUid && `pod ${o.podUid}`,
        o.qos,
      ].filter((p): p is string => typeof p === 'string' && p.length > 0);
      lines.push(`- ${vscode.l10n.t('owner')}: ${[...new Set(parts)].join(' · ')}`);
    }
    return new vscode.MarkdownString(lines.join('\n'));
  }
}
