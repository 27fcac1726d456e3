import * as vscode from 'vscode';
import type { FsProblem, Hierarchy } from '../../core/model';
import { lookupControlFile } from '../../core/controlFiles';
import { decodeControlValue, type RelatedValues } from '../../core/decode';
import { controlFileHover } from '../../core/hover';
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
    /** The group's other files (e.g. the period beside a v1 quota), so values decode in context. */
    private readonly related: RelatedValues,
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
    const version = this.hierarchy.version;
    let tooltip: vscode.MarkdownString;
    if (this.value.ok) {
      const raw = this.value.raw;
      const decoded = decodeControlValue(this.fileName, version, raw, this.related);
      item.description = valueDescription(raw, decoded);
      tooltip = new vscode.MarkdownString(controlFileHover(this.fileName, version, raw, this.related));
      if (raw.trim().includes('\n')) {
        tooltip.appendMarkdown('\n\n');
        tooltip.appendCodeblock(raw.length > 4000 ? `${raw.slice(0, 4000)}\n…` : raw, 'text');
      }
    } else {
      item.description = this.value.problem.code;
      tooltip = new vscode.MarkdownString(controlFileHover(this.fileName, version));
      tooltip.appendMarkdown('\n\n');
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

/** The row's value: the raw value with its meaning ("20000 — 0.2 CPU"), or the meaning of a multi-line file. */
function valueDescription(raw: string, decoded: string): string {
  const trimmed = raw.trim();
  if (trimmed === '') return decoded || vscode.l10n.t('(empty)');
  if (!decoded || decoded === trimmed) return oneLine(raw);
  return trimmed.includes('\n') ? oneLine(decoded, 80) : oneLine(`${trimmed} — ${decoded}`, 80);
}
