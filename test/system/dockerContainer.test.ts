// A REAL Docker container (scripts/start-docker.sh starts the engine and imports local/busybox:test):
// find its cgroup from its PID, and check that whois and cpu describe it as Docker and the kernel do.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CgroupFs } from '../../src/adapters/cgroupfs';
import { runCliJson } from './cliRunner';
import { docker, ensureDockerEngine, removeContainers, runTestContainer } from './dockerKit';

describe('real Docker container (cgroupfs driver)', () => {
  const cgroupFs = new CgroupFs();
  let containerId = '';
  let containerPid = 0;
  let cgroupPath = '';

  before(() => {
    ensureDockerEngine();
    containerId = runTestContainer('--cpus', '0.5');
    containerPid = Number(docker('inspect', '-f', '{{.State.Pid}}', containerId));
    assert.ok(containerPid > 0, 'the container has a PID');
  });

  after(() => {
    // Only the container this test created, by its full id.
    if (containerId !== '') removeContainers([containerId]);
  });

  it('finds the container cgroup from its PID (cgroupsOfPid)', async () => {
    const memberships = await cgroupFs.cgroupsOfPid(containerPid);
    const cpuLine = memberships.find((m) => m.hierarchy?.controllers.includes('cpu'));
    assert.ok(cpuLine, 'the process has a line for the cpu hierarchy');
    assert.ok(cpuLine.path.endsWith(containerId), `${cpuLine.path} names the container`);
    cgroupPath = cpuLine.path;
    const processes = await cgroupFs.processes(cpuLine.hierarchy!, cgroupPath);
    assert.ok(processes.some((p) => p.pid === containerPid && p.command === 'sleep'));
  });

  it('whois --pid says docker with the full container id', () => {
    const who = runCliJson<Record<string, unknown>>(['whois', '--pid', String(containerPid)]);
    assert.equal(who.kind, 'container');
    assert.equal(who.runtime, 'docker');
    assert.equal(who.containerId, containerId);
    assert.equal(who.path, cgroupPath);
    const byPath = runCliJson<Record<string, unknown>>(['whois', cgroupPath]);
    assert.equal(byPath.containerId, containerId);
  });

  it('cpu says 0.5 cores, as the kernel files say', async () => {
    const cpu = runCliJson<Record<string, unknown>>(['cpu', cgroupPath, '--sample-ms', '50']);
    assert.equal(cpu.cores, 0.5);
    assert.equal(cpu.quotaUs, 50000);
    assert.equal(cpu.periodUs, 100000);
    assert.deepEqual(cpu.effective, { cores: 0.5, source: 'quota', path: cgroupPath });
    const hierarchy = (await cgroupFs.findGroup(cgroupPath, 'cpu'))[0]?.hierarchy;
    assert.ok(hierarchy);
    const dir = cgroupFs.directoryOf(hierarchy, cgroupPath) ?? '';
    assert.equal(String(cpu.quotaUs), fs.readFileSync(path.join(dir, 'cpu.cfs_quota_us'), 'utf8').trim());
    assert.equal(String(cpu.periodUs), fs.readFileSync(path.join(dir, 'cpu.cfs_period_us'), 'utf8').trim());
  });

  it('tree shows the container under its parent with limit, process and owner', () => {
    const parent = cgroupPath.slice(0, cgroupPath.lastIndexOf('/')) || '/';
    const tree = runCliJson<{
      hierarchies: Array<{
        groups: Array<{
          path: string;
          cpuLimit: unknown;
          processCount: number;
          owner: Record<string, unknown>;
        }>;
      }>;
    }>(['tree', parent, '--controller', 'cpu', '--depth', '1']);
    const group = tree.hierarchies[0]?.groups.find((g) => g.path === cgroupPath);
    assert.deepEqual(group?.cpuLimit, { quotaUs: 50000, periodUs: 100000, cores: 0.5 });
    assert.equal(group?.processCount, 1);
    assert.equal(group?.owner.containerId, containerId);
  });
});
