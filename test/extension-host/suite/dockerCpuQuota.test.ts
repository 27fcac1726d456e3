// "Cgroup: Set CPU Quota" on a REAL Docker container's group, inside the real extension host: the write goes
// through docker update (the extension wires Docker into its write path), so docker inspect agrees.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { activateCgroupLens } from './extensionApi';
import { docker, ensureDockerEngine, removeContainers, runTestContainer } from '../../system/dockerKit';

interface GroupLocations {
  cgroups: {
    findGroup(path: string, controller: string): Promise<Array<{ hierarchy: { mountPoint: string } }>>;
  };
}

suite('Set CPU Quota on a Docker container', () => {
  let containerId = '';

  suiteSetup(function () {
    this.timeout(120_000);
    ensureDockerEngine();
    containerId = runTestContainer('--cpus', '0.5');
  });

  suiteTeardown(() => {
    // Only the container this suite created, by its full id.
    if (containerId !== '') removeContainers([containerId]);
  });

  test('0.25 goes through docker update: NanoCpus and the kernel file agree', async () => {
    const group = `/docker/${containerId}`;
    const api = (await activateCgroupLens()) as unknown as GroupLocations;
    const location = (await api.cgroups.findGroup(group, 'cpu'))[0];
    assert.ok(location, `${group} is not found in a cpu hierarchy`);
    await vscode.commands.executeCommand(
      'cgroupLens.cgroup.setCpuQuota',
      { hierarchy: location.hierarchy, path: group },
      '0.25',
    );
    assert.equal(docker('inspect', '-f', '{{.HostConfig.NanoCpus}}', containerId), '250000000');
    const quotaFile = path.join(location.hierarchy.mountPoint, group, 'cpu.cfs_quota_us');
    assert.equal(fs.readFileSync(quotaFile, 'utf8').trim(), '25000');
  });
});
