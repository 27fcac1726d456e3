import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { cgroupLensExtension } from './extensionApi';

interface ContributedCommand {
  command: string;
}

suite('activation', () => {
  test('the extension activates', async () => {
    const extension = cgroupLensExtension();
    await extension.activate();
    assert.equal(extension.isActive, true);
  });

  test('every command in package.json contributes.commands is registered', async () => {
    const extension = cgroupLensExtension();
    await extension.activate();
    const packageJson = extension.packageJSON as { contributes?: { commands?: ContributedCommand[] } };
    const contributed = (packageJson.contributes?.commands ?? []).map((c) => c.command);
    assert.ok(contributed.length > 0, 'package.json contributes no commands');
    const registered = new Set(await vscode.commands.getCommands(true));
    const missing = contributed.filter((id) => !registered.has(id));
    assert.deepEqual(missing, [], 'contributed commands without a registered handler');
  });
});
