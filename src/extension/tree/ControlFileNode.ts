import * as vscode from 'vscode';
import type { FsProblem, Hierarchy } from '../../core/model';
import { decodeControlValue, lookupControlFile } from '../../core/controlFiles';
import type { TreeNode } from './treeNode';
import { contextValue, nodeKinds } from './contextValues';
import { oneLine } from './describe';
import { controlFileUri } from '../fs/cgroupUri';
import { commandIds } from '../commands/commandIds';

export type ControlFileValue = { ok: true; raw: string } | { ok: false; problem: FsProblem };

/** One control file: its name, its value in one line, and the whole value and meaning in the tooltip. */
export class ControlFileNode implements TreeNode {
  constructor(
    readonly parent: TreeNode,
    readonly hierarchy: Hierarchy,
    readonly groupPath: string,
    readonly fileName: string,
    private readonly value: ControlFileValue,
  ) {}

  get id(): string {
    return `${this.parent.id}/${this.fileName}`;
  }

  get uri(): vscode.Uri {
    return controlFileUri(this.hierarchy, this.groupPath, this.fileName);
  }

  getTreeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(this.fileName, vscode.TreeItemCollapsibleState.None);
    item.id = this.id;
    item.resourceUri = this.uri;
    const info = lookupControlFile(this.fileName, this.hierarchy.version);
    item.contextValue = contextValue(nodeKinds.controlFile, { writable: info?.writable ?? false });
    item.iconPath = new vscode.ThemeIcon(info?.writable ? 'symbol-property' : 'symbol-constant');
    const tooltip = new vscode.MarkdownString();
    tooltip.appendMarkdown(`**${this.fileName}**`);
    if (info) tooltip.appendMarkdown(` — ${info.summary}`);
    tooltip.appendMarkdown('\n\n');
    if (this.value.ok) {
      item.description = oneLine(this.value.raw) || vscode.l10n.t('(empty)');
      const decoded = decodeControlValue(this.fileName, this.hierarchy.version, this.value.raw);
      if (decoded && decoded !== this.value.raw.trim()) tooltip.appendMarkdown(`${decoded}\n\n`);
      tooltip.appendCodeblock(
        this.value.raw.length > 4000 ? `${this.value.raw.slice(0, 4000)}\n…` : this.value.raw,
        'text',
      );
    } else {
      item.description = this.value.problem.code;
      tooltip.appendText(this.value.problem.message);
    }
    item.tooltip = tooltip;
    item.command = { command: commandIds.openControlFile, title: vscode.l10n.t('Open'), arguments: [this] };
    return item;
  }

  getChildren(): Promise<TreeNode[]> {
    return Promise.resolve([]);
  }
}
