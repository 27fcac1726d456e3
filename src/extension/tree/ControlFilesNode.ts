import * as vscode from 'vscode';
import type { CgroupFs } from '../../adapters/cgroupfs';
import type { Hierarchy } from '../../core/model';
import type { RelatedValues } from '../../core/decode';
import type { TreeNode } from './treeNode';
import { nodeKinds } from './contextValues';
import { GroupSectionNode } from './GroupSectionNode';
import { ControlFileNode } from './ControlFileNode';
import { errorNode } from './MessageNode';

/** "Control files" under a group: every file with its current value, read when expanded. */
export class ControlFilesNode extends GroupSectionNode {
  constructor(cgroups: CgroupFs, parent: TreeNode, hierarchy: Hierarchy, groupPath: string) {
    super(cgroups, parent, hierarchy, groupPath, {
      key: 'files',
      label: vscode.l10n.t('Control files'),
      icon: 'settings',
      kind: nodeKinds.controlFiles,
    });
  }

  async getChildren(): Promise<TreeNode[]> {
    try {
      const names = await this.cgroups.controlFileNames(this.hierarchy, this.groupPath);
      const values = await Promise.all(
        names.map((name) => this.cgroups.readControlFile(this.hierarchy, this.groupPath, name)),
      );
      const related: RelatedValues = {};
      names.forEach((name, i) => {
        const value = values[i];
        if (value?.ok) related[name] = value.raw;
      });
      return names.map(
        (name, i) => new ControlFileNode(this, this.hierarchy, this.groupPath, name, values[i]!, related),
      );
    } catch (err) {
      return [errorNode(this, 'files', err)];
    }
  }
}
