// The cgroupfs adapter and the CLI against this machine's REAL cgroupfs: groups under a unique
// cgroup-lens-test-* prefix in the v1 cpu hierarchy and in the v2 hierarchy, a quota, a sleeping process
// moved in; every answer is checked against the kernel files read directly here.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CgroupFs } from '../../src/adapters/cgroupfs';
import type { GroupSummary } from '../../src/adapters/cgroupfs';
import type { Hierarchy } from '../../src/core/model';
import type { TestGroup } from './cgroupTestTree';
import {
  cleanupTestGroups,
  createChildGroup,
  createTestGroup,
  moveProcess,
  readControlFile,
  spawnSleeper,
  uniqueTestName,
  v1Mount,
  v2Mount,
  writeControlFile,
} from './cgroupTestTree';
import { runCli, runCliJson } from './cliRunner';

function kernelPids(group: TestGroup): number[] {
  return readControlFile(group, 'cgroup.procs')
    .split('\n')
    .filter(Boolean)
    .map(Number)
    .sort((a, b) => a - b);
}

function kernelCpuLimit(group: TestGroup): {
  quotaUs: number | null;
  periodUs: number;
  cores: number | null;
} {
  const quota = Number(readControlFile(group, 'cpu.cfs_quota_us').trim());
  const period = Number(readControlFile(group, 'cpu.cfs_period_us').trim());
  return quota < 0
    ? { quotaUs: null, periodUs: period, cores: null }
    : { quotaUs: quota, periodUs: period, cores: quota / period };
}

interface TreeJson {
  hierarchies: Array<Hierarchy & { groups: Array<GroupSummary & { depth: number }>; gone: number }>;
}

describe('real cgroup v1 cpu hierarchy', () => {
  const mount = v1Mount('cpu');
  const cgroupFs = new CgroupFs();
  let hierarchy: Hierarchy;
  let top: TestGroup;
  let limited: TestGroup;
  let inner: TestGroup;
  let sleeperPid: number;

  before(async () => {
    assert.ok(mount, 'this machine must mount a v1 cpu hierarchy (see docs/real-vscode-and-docker-here.md)');
    top = createTestGroup(mount, uniqueTestName('v1'));
    limited = createChildGroup(top, 'limited');
    inner = createChildGroup(top, 'limited/inner');
    createChildGroup(top, 'open');
    writeControlFile(limited, 'cpu.cfs_quota_us', '20000');
    sleeperPid = spawnSleeper().pid;
    moveProcess(limited, sleeperPid);
    const found = (await cgroupFs.hierarchies()).find(
      (h) => h.version === 1 && h.controllers.includes('cpu'),
    );
    assert.ok(found);
    hierarchy = found;
  });
  after(cleanupTestGroups);

  it('discovers the hierarchy where mountinfo says it is', () => {
    assert.equal(hierarchy.mountPoint, mount);
    assert.equal(hierarchy.root, '/');
    assert.ok(hierarchy.id.startsWith('v1:'));
  });

  it('lists children one level at a time, sorted', async () => {
    assert.deepEqual(await cgroupFs.children(hierarchy, top.path), [
      `${top.path}/limited`,
      `${top.path}/open`,
    ]);
    assert.deepEqual(await cgroupFs.children(hierarchy, limited.path), [inner.path]);
    assert.deepEqual(await cgroupFs.children(hierarchy, inner.path), []);
  });

  it('reads the CPU limit exactly as cpu.cfs_quota_us / cpu.cfs_period_us say', async () => {
    assert.deepEqual(await cgroupFs.cpuLimit(hierarchy, limited.path), kernelCpuLimit(limited));
    assert.deepEqual(await cgroupFs.cpuLimit(hierarchy, limited.path), {
      quotaUs: 20000,
      periodUs: 100000,
      cores: 0.2,
    });
    assert.deepEqual(await cgroupFs.cpuLimit(hierarchy, top.path), {
      quotaUs: null,
      periodUs: 100000,
      cores: null,
    });
  });

  it('lists the processes of cgroup.procs with their command names', async () => {
    const processes = await cgroupFs.processes(hierarchy, limited.path);
    assert.deepEqual(
      processes.map((p) => p.pid).sort((a, b) => a - b),
      kernelPids(limited),
    );
    assert.deepEqual(processes, [{ pid: sleeperPid, command: 'sleep' }]);
  });

  it('reads and parses a control file, and lists the control files', async () => {
    const quota = await cgroupFs.readControlFile(hierarchy, limited.path, 'cpu.cfs_quota_us');
    assert.ok(quota.ok);
    assert.equal(quota.raw, readControlFile(limited, 'cpu.cfs_quota_us'));
    assert.equal(quota.parsed.kind, 'number');
    const names = await cgroupFs.controlFileNames(hierarchy, limited.path);
    assert.deepEqual(
      names,
      fs
        .readdirSync(limited.dir)
        .filter((n) => !fs.statSync(path.join(limited.dir, n)).isDirectory())
        .sort(),
    );
    assert.ok(names.includes('cpu.cfs_quota_us'));
  });

  it('summarises a group as the sidebar shows it', async () => {
    const summary = await cgroupFs.summary(hierarchy, limited.path);
    assert.equal(summary.path, limited.path);
    assert.equal(summary.hierarchy, hierarchy.id);
    assert.deepEqual(summary.cpuLimit, kernelCpuLimit(limited));
    assert.equal(summary.processCount, kernelPids(limited).length);
    assert.equal(summary.owner.kind, 'group');
    assert.equal(summary.gone, undefined);
  });

  it('walks the subtree pre-order, honouring depth', async () => {
    const all: string[] = [];
    const stats = await cgroupFs.walk(hierarchy, top.path, {}, (s) => all.push(s.path));
    assert.deepEqual(all, [top.path, limited.path, inner.path, `${top.path}/open`]);
    assert.deepEqual(stats, { visited: 4, gone: 0 });
    const shallow: Array<[string, number]> = [];
    await cgroupFs.walk(hierarchy, top.path, { depth: 1 }, (s, depth) => shallow.push([s.path, depth]));
    assert.deepEqual(shallow, [
      [top.path, 0],
      [limited.path, 1],
      [`${top.path}/open`, 1],
    ]);
  });

  it('yields to the event loop while walking many groups (the extension host stays responsive)', async () => {
    const wide = createChildGroup(top, 'wide');
    for (let i = 0; i < 200; i++) createChildGroup(wide, `g${i}`);
    let ticks = 0;
    let walking = true;
    const spin = (): void => {
      ticks++;
      if (walking) setImmediate(spin);
    };
    setImmediate(spin);
    const stats = await cgroupFs.walk(hierarchy, wide.path, { chunkSize: 16 }, () => undefined);
    walking = false;
    assert.equal(stats.visited, 201);
    assert.ok(ticks >= 201 / 16 - 1, `the event loop ran ${ticks} times during the walk`);
    for (let i = 0; i < 200; i++) fs.rmdirSync(path.join(wide.dir, `g${i}`));
    fs.rmdirSync(wide.dir);
  });

  it('treats a group that disappeared as a normal result', async () => {
    const doomed = createChildGroup(top, 'doomed');
    fs.rmdirSync(doomed.dir);
    const summary = await cgroupFs.summary(hierarchy, doomed.path);
    assert.equal(summary.gone, true);
    const read = await cgroupFs.readControlFile(hierarchy, doomed.path, 'cpu.cfs_quota_us');
    assert.equal(read.ok, false);
    assert.equal(!read.ok && read.problem.code, 'ENOENT');
    assert.deepEqual(await cgroupFs.children(hierarchy, doomed.path), []);
    assert.deepEqual(await cgroupFs.processes(hierarchy, doomed.path), []);
    assert.deepEqual(
      await cgroupFs
        .summaries(hierarchy, [limited.path, doomed.path])
        .then((s) => s.map((x) => x?.path ?? null)),
      [limited.path, null],
    );
  });

  it('finds a path in every hierarchy where it exists, and reads /proc/PID/cgroup', async () => {
    const locations = await cgroupFs.findGroup(limited.path);
    assert.deepEqual(
      locations.map((l) => l.hierarchy.id),
      [hierarchy.id],
    );
    const memberships = await cgroupFs.cgroupsOfPid(sleeperPid);
    const cpuLine = memberships.find((m) => m.hierarchyId === hierarchy.id);
    assert.equal(cpuLine?.path, limited.path);
    assert.equal(cpuLine?.hierarchy?.mountPoint, mount);
  });

  it('CLI tree --json reports what the kernel files say', () => {
    const tree = runCliJson<TreeJson>(['tree', top.path, '--controller', 'cpu']);
    assert.equal(tree.hierarchies.length, 1);
    const [only] = tree.hierarchies;
    assert.equal(only?.mountPoint, mount);
    assert.equal(only?.version, 1);
    const groups = only?.groups ?? [];
    assert.deepEqual(
      groups.map((g) => [g.path, g.depth]),
      [
        [top.path, 0],
        [limited.path, 1],
        [inner.path, 2],
        [`${top.path}/open`, 1],
      ],
    );
    for (const group of groups) {
      const test: TestGroup = {
        hierarchyMount: mount ?? '',
        path: group.path,
        dir: (mount ?? '') + group.path,
      };
      assert.deepEqual(group.cpuLimit, kernelCpuLimit(test), group.path);
      assert.equal(group.processCount, kernelPids(test).length, group.path);
    }
  });

  it('CLI tree --depth 0 and a missing path', () => {
    const tree = runCliJson<TreeJson>(['tree', top.path, '--controller', 'cpu', '--depth', '0']);
    assert.deepEqual(
      tree.hierarchies[0]?.groups.map((g) => g.path),
      [top.path],
    );
    const missing = runCli(['tree', `${top.path}/no-such-group`, '--json']);
    assert.equal(missing.status, 1);
    assert.equal(missing.stdout, '');
    assert.match(missing.stderr, /no-such-group/);
  });

  it('CLI show --json gives raw and parsed control files and the processes', () => {
    const shown = runCliJson<{
      path: string;
      owner: { kind: string };
      groups: Array<{
        hierarchy: string;
        cpuLimit: unknown;
        controlFiles: Array<{ name: string; raw?: string; parsed?: { kind: string } }>;
        processes: Array<{ pid: number; command: string | null }>;
      }>;
    }>(['show', limited.path, '--controller', 'cpu']);
    assert.equal(shown.path, limited.path);
    assert.equal(shown.owner.kind, 'group');
    const [group] = shown.groups;
    assert.equal(group?.hierarchy, hierarchy.id);
    for (const file of ['cpu.cfs_quota_us', 'cpu.cfs_period_us', 'cpu.shares', 'cgroup.procs']) {
      const entry: { name: string; raw?: string } | undefined = group?.controlFiles.find(
        (f) => f.name === file,
      );
      assert.equal(entry?.raw, readControlFile(limited, file), file);
    }
    assert.deepEqual(group?.controlFiles.find((f) => f.name === 'cgroup.procs')?.parsed, {
      kind: 'idList',
      values: kernelPids(limited),
    });
    assert.deepEqual(group?.processes, [{ pid: sleeperPid, command: 'sleep' }]);
    assert.deepEqual(group?.cpuLimit, kernelCpuLimit(limited));
  });

  it('CLI cpu --json gives quota, period and cores', () => {
    const cpu = runCliJson<Record<string, unknown>>(['cpu', limited.path, '--sample-ms', '50']);
    assert.equal(cpu.path, limited.path);
    assert.equal(cpu.hierarchy, hierarchy.id);
    assert.equal(cpu.quotaUs, 20000);
    assert.equal(cpu.periodUs, 100000);
    assert.equal(cpu.cores, 0.2);
    assert.equal(cpu.unlimited, false);
    assert.deepEqual(cpu.effective, { cores: 0.2, source: 'quota', path: limited.path });
    const below = runCliJson<Record<string, unknown>>(['cpu', inner.path, '--sample-ms', '0']);
    assert.equal(below.unlimited, true);
    assert.deepEqual(below.effective, { cores: 0.2, source: 'quota', path: limited.path });
    const open = runCliJson<Record<string, unknown>>(['cpu', `${top.path}/open`, '--sample-ms', '0']);
    assert.equal(open.quotaUs, null);
    assert.equal(open.cores, null);
    assert.equal(open.unlimited, true);
  });

  it('CLI whois --pid --json names the group the process is in', () => {
    const who = runCliJson<Record<string, unknown>>(['whois', '--pid', String(sleeperPid)]);
    assert.equal(who.pid, sleeperPid);
    assert.equal(who.path, limited.path);
    assert.equal(who.kind, 'group');
    const cgroups = who.cgroups as Array<{ hierarchy: string; path: string }>;
    assert.ok(cgroups.some((c) => c.hierarchy === hierarchy.id && c.path === limited.path));
  });

  it('CLI human tree shows the limit and the process', () => {
    const result = runCli(['tree', top.path, '--controller', 'cpu']);
    assert.equal(result.status, 0, result.stderr);
    assert.match(result.stdout, /limited.*0\.2 CPU.*1 proc/);
    assert.match(result.stdout, /└─open/);
  });
});

describe('real cgroup v2 hierarchy', () => {
  const mount = v2Mount();
  const cgroupFs = new CgroupFs();
  let hierarchy: Hierarchy;
  let top: TestGroup;
  let leaf: TestGroup;
  let sleeperPid: number;

  before(async () => {
    assert.ok(mount, 'this machine must mount a cgroup2 hierarchy');
    top = createTestGroup(mount, uniqueTestName('v2'));
    leaf = createChildGroup(top, 'leaf');
    sleeperPid = spawnSleeper().pid;
    moveProcess(leaf, sleeperPid);
    const found = (await cgroupFs.hierarchies()).find((h) => h.version === 2);
    assert.ok(found);
    hierarchy = found;
  });
  after(cleanupTestGroups);

  it('reads the v2 controllers from the root cgroup.controllers', () => {
    const kernel = fs
      .readFileSync(path.join(mount ?? '', 'cgroup.controllers'), 'utf8')
      .split(/\s+/)
      .filter(Boolean);
    assert.deepEqual(hierarchy.controllers, kernel);
    assert.equal(hierarchy.id, 'v2');
  });

  it('walks v2 groups with process counts; no CPU limit without the cpu controller', async () => {
    const seen: GroupSummary[] = [];
    await cgroupFs.walk(hierarchy, top.path, {}, (s) => seen.push(s));
    assert.deepEqual(
      seen.map((s) => [s.path, s.processCount]),
      [
        [top.path, 0],
        [leaf.path, kernelPids(leaf).length],
      ],
    );
    const hasCpuMax = fs.existsSync(path.join(leaf.dir, 'cpu.max'));
    assert.equal(seen[1]?.cpuLimit === null, !hasCpuMax);
  });

  it('parses core v2 files: cgroup.events and cpu.stat', async () => {
    const events = await cgroupFs.readControlFile(hierarchy, leaf.path, 'cgroup.events');
    assert.ok(events.ok);
    assert.equal(events.raw, readControlFile(leaf, 'cgroup.events'));
    assert.equal(events.parsed.kind, 'flatKeyed');
    assert.equal(events.parsed.kind === 'flatKeyed' && events.parsed.entries.populated, 1);
    const stat = await cgroupFs.readControlFile(hierarchy, leaf.path, 'cpu.stat');
    assert.ok(
      stat.ok && stat.parsed.kind === 'flatKeyed' && typeof stat.parsed.entries.usage_usec === 'number',
    );
  });

  it('CLI tree --json and show --json match the kernel files', () => {
    const tree = runCliJson<TreeJson>(['tree', top.path]);
    const v2 = tree.hierarchies.find((h) => h.version === 2);
    assert.equal(v2?.mountPoint, mount);
    assert.deepEqual(
      v2?.groups.map((g) => [g.path, g.processCount]),
      [
        [top.path, 0],
        [leaf.path, kernelPids(leaf).length],
      ],
    );
    const shown = runCliJson<{
      groups: Array<{
        hierarchy: string;
        controlFiles: Array<{ name: string; raw?: string }>;
        processes: unknown[];
      }>;
    }>(['show', leaf.path]);
    const group = shown.groups.find((g) => g.hierarchy === 'v2');
    assert.equal(
      group?.controlFiles.find((f) => f.name === 'cgroup.procs')?.raw,
      readControlFile(leaf, 'cgroup.procs'),
    );
    assert.deepEqual(group?.processes, [{ pid: sleeperPid, command: 'sleep' }]);
  });

  it('CLI whois --pid lists the v2 line; cpu explains a missing cpu.max', () => {
    const who = runCliJson<{ cgroups: Array<{ hierarchy: string; path: string }> }>([
      'whois',
      '--pid',
      String(sleeperPid),
    ]);
    assert.ok(who.cgroups.some((c) => c.hierarchy === 'v2' && c.path === leaf.path));
    if (!fs.existsSync(path.join(leaf.dir, 'cpu.max'))) {
      const cpu = runCli(['cpu', leaf.path, '--json']);
      assert.equal(cpu.status, 1);
      assert.equal(cpu.stdout, '');
      assert.match(cpu.stderr, /no CPU bandwidth files/);
    }
  });
});
