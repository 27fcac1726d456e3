// The Hierarchy view's provider, inside the real extension host, on a real group this test creates.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { activateCgroupLens } from './extensionApi';

const cpuMount = '/sys/fs/cgroup/cpu';

function labelOf(item: vscode.TreeItem): string {
  return typeof item.label === 'string' ? item.label : (item.label?.label ?? '');
}

suite('hierarchy view', () => {
  const groupName = `cgroup-lens-test-ext-${process.pid}-${Math.random().toString(16).slice(2, 8)}`;
  const groupDir = path.join(cpuMount, groupName);

  suiteSetup(() => {
    fs.mkdirSync(groupDir);
    fs.writeFileSync(path.join(groupDir, 'cpu.cfs_quota_us'), '20000');
  });

  suiteTeardown(() => {
    fs.rmdirSync(groupDir);
  });

  test('lists a test group under the cpu hierarchy with its CPU limit', async () => {
    const { hierarchyProvider: provider } = await activateCgroupLens();
    const roots = (await provider.getChildren()) ?? [];
    const cpuRoot = roots.find((n) => labelOf(provider.getTreeItem(n) as vscode.TreeItem) === 'cpu');
    assert.ok(cpuRoot, `no "cpu" root among ${roots.length} hierarchies`);

    const children = (await provider.getChildren(cpuRoot)) ?? [];
    const labels = children.map((n) => labelOf(provider.getTreeItem(n) as vscode.TreeItem));
    assert.ok(labels.includes('Control files') && labels.includes('Processes'), labels.join(', '));
    const group = children.find((n) => labelOf(provider.getTreeItem(n) as vscode.TreeItem) === groupName);
    assert.ok(group, `test group ${groupName} not listed`);
    const item = provider.getTreeItem(group) as vscode.TreeItem;
    assert.equal(item.id, `v1:cpu:/${groupName}`);
    assert.match(String(item.description), /^0\.2 CPU\b/);
  });

  test('opens a control file as a cgroup: document with the kernel value', async () => {
    const uri = vscode.Uri.from({ scheme: 'cgroup', path: `/cpu/${groupName}/cpu.cfs_quota_us` });
    const document = await vscode.workspace.openTextDocument(uri);
    assert.equal(document.getText(), fs.readFileSync(path.join(groupDir, 'cpu.cfs_quota_us'), 'utf8'));
    assert.equal(document.getText().trim(), '20000');
  });
});
