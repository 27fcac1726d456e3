// The CLI and the adapter over FIXTURE trees (test/fixtures/*): layouts this kernel cannot show, i.e.
// v2 cpu.max, systemd slices and kubepods, and a v1 container view whose mount roots are /docker/<id>.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CgroupFs } from '../../src/adapters/cgroupfs';
import type { GroupSummary } from '../../src/adapters/cgroupfs';
import type { Hierarchy, Owner } from '../../src/core/model';
import { CLI_PATH, REPO_ROOT, runCli, runCliJson } from './cliRunner';

const V2_FIXTURE = path.join(REPO_ROOT, 'test', 'fixtures', 'v2-systemd-kubepods');
const V1_VIEW_FIXTURE = path.join(REPO_ROOT, 'test', 'fixtures', 'v1-cpu-cpuacct-container-view');

const DOCKER_ID = '9d4f3c2b1a0e8f7d6c5b4a39281706f5e4d3c2b1a0f9e8d7c6b5a4938271605f';
const DOCKER_SCOPE = `/system.slice/docker-${DOCKER_ID}.scope`;
const CTR_ID = '0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0';
const BURSTABLE_POD =
  '/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod8c4b7a2e_5f1d_4e3a_9b6c_0d2e1f3a4b5c.slice';
const BURSTABLE_CONTAINER = `${BURSTABLE_POD}/cri-containerd-${CTR_ID}.scope`;
const VIEW_ID = '5b2c9e7f1a3d4c6b8e0f2a4c6e8b0d2f4a6c8e0b2d4f6a8c0e2b4d6f8a0c2e4b';

type TreeJson = { hierarchies: Array<Hierarchy & { groups: Array<GroupSummary & { depth: number }> }> };

describe('fixture: cgroup v2 with systemd slices and kubepods (FIXTURE tree)', () => {
  const fixtureArgs = ['--fs-root', V2_FIXTURE];

  it('tree --json: v2 controllers, cpu.max limits, process counts and owners', () => {
    const tree = runCliJson<TreeJson>(['tree', ...fixtureArgs]);
    assert.equal(tree.hierarchies.length, 1);
    const v2 = tree.hierarchies[0];
    assert.deepEqual(
      { id: v2?.id, version: v2?.version, mountPoint: v2?.mountPoint, root: v2?.root },
      { id: 'v2', version: 2, mountPoint: '/sys/fs/cgroup', root: '/' },
    );
    assert.deepEqual(v2?.controllers, ['cpuset', 'cpu', 'io', 'memory', 'hugetlb', 'pids', 'rdma', 'misc']);
    const byPath = new Map(v2?.groups.map((g) => [g.path, g]));
    assert.equal(byPath.get('/')?.cpuLimit, null, 'the v2 root has no cpu.max');
    assert.deepEqual(byPath.get('/system.slice')?.cpuLimit, { quotaUs: null, periodUs: 100000, cores: null });
    const docker = byPath.get(DOCKER_SCOPE);
    assert.deepEqual(docker?.cpuLimit, { quotaUs: 50000, periodUs: 100000, cores: 0.5 });
    assert.equal(docker?.processCount, 2);
    assert.deepEqual(docker?.owner, {
      kind: 'container',
      runtime: 'docker',
      containerId: DOCKER_ID,
      unit: `docker-${DOCKER_ID}.scope`,
    } satisfies Owner);
    const container = byPath.get(BURSTABLE_CONTAINER);
    assert.deepEqual(container?.cpuLimit, { quotaUs: 150000, periodUs: 100000, cores: 1.5 });
    assert.equal(container?.owner.containerId, CTR_ID);
    assert.equal(container?.owner.podUid, '8c4b7a2e-5f1d-4e3a-9b6c-0d2e1f3a4b5c');
    assert.equal(container?.owner.qos, 'burstable');
    assert.equal(byPath.get(BURSTABLE_POD)?.owner.kind, 'pod');
    assert.equal(byPath.get('/system.slice/cron.service')?.owner.kind, 'service');
    assert.equal(container?.depth, 4);
    assert.equal(v2?.groups.length, 19);
  });

  it('tree PATH --depth 1 lists the group and its children only', () => {
    const tree = runCliJson<TreeJson>(['tree', '/kubepods.slice', '--depth', '1', ...fixtureArgs]);
    assert.deepEqual(
      tree.hierarchies[0]?.groups.map((g) => g.path),
      [
        '/kubepods.slice',
        '/kubepods.slice/kubepods-besteffort.slice',
        '/kubepods.slice/kubepods-burstable.slice',
        '/kubepods.slice/kubepods-pod1a2b3c4d_5e6f_4a1b_8c2d_3e4f5a6b7c8d.slice',
      ],
    );
  });

  it('show --json: control files raw and parsed, processes with fixture command names', () => {
    const shown = runCliJson<{
      owner: Owner;
      groups: Array<{
        controlFiles: Array<{ name: string; raw?: string; parsed?: unknown }>;
        processes: unknown;
      }>;
    }>(['show', DOCKER_SCOPE, ...fixtureArgs]);
    assert.equal(shown.owner.runtime, 'docker');
    const [group] = shown.groups;
    const cpuMax = group?.controlFiles.find((f) => f.name === 'cpu.max');
    assert.equal(cpuMax?.raw, '50000 100000\n');
    assert.deepEqual(group?.processes, [
      { pid: 4242, command: 'nginx' },
      { pid: 4243, command: 'nginx' },
    ]);
    const memoryMax = group?.controlFiles.find((f) => f.name === 'memory.max');
    assert.deepEqual(memoryMax?.parsed, { kind: 'max', unlimited: true });
  });

  it('cpu --json reads cpu.max as quota, period and cores', () => {
    const cpu = runCliJson<Record<string, unknown>>([
      'cpu',
      DOCKER_SCOPE,
      '--sample-ms',
      '0',
      ...fixtureArgs,
    ]);
    assert.deepEqual(cpu, {
      path: DOCKER_SCOPE,
      hierarchy: 'v2',
      quotaUs: 50000,
      periodUs: 100000,
      cores: 0.5,
      unlimited: false,
      effective: { cores: 0.5, source: 'quota', path: DOCKER_SCOPE },
      usage: null,
    });
  });

  it('whois --pid reads the fixture /proc and names the pod container', () => {
    const who = runCliJson<Record<string, unknown>>(['whois', '--pid', '5151', ...fixtureArgs]);
    assert.equal(who.path, BURSTABLE_CONTAINER);
    assert.equal(who.kind, 'container');
    assert.equal(who.runtime, 'containerd');
    assert.equal(who.containerId, CTR_ID);
    assert.equal(who.qos, 'burstable');
  });

  it('human tree draws the hierarchy like systemd-cgls', () => {
    const result = runCli(['tree', '/system.slice', ...fixtureArgs]);
    assert.equal(result.status, 0, result.stderr);
    assert.match(result.stdout, /^v2: cgroup v2/m);
    assert.match(result.stdout, /├─docker-9d4f3c2b1a0e.*0\.5 CPU.*2 procs.*docker 9d4f3c2b1a0e/);
    assert.match(result.stdout, /│ └─getty@tty1\.service/);
  });

  it('the adapter walks the fixture as it walks the real cgroupfs', async () => {
    const cgroupFs = new CgroupFs({
      fsRoot: V2_FIXTURE,
      mountinfoPath: path.join(V2_FIXTURE, 'mountinfo'),
      procRoot: path.join(V2_FIXTURE, 'proc'),
    });
    const [v2] = await cgroupFs.hierarchies();
    assert.ok(v2);
    assert.deepEqual(await cgroupFs.children(v2, '/user.slice'), ['/user.slice/user-1000.slice']);
    const found = await cgroupFs.findGroup(DOCKER_SCOPE);
    assert.equal(found.length, 1);
    assert.deepEqual(await cgroupFs.cpuLimit(v2, '/'), null);
    const summary = await cgroupFs.summary(v2, '/user.slice/user-1000.slice/user@1000.service');
    assert.equal(summary.owner.kind, 'user');
    assert.equal(summary.owner.uid, 1000);
    assert.deepEqual(await cgroupFs.processes(v2, '/'), [{ pid: 2, command: 'kthreadd' }]);
  });
});

describe('fixture: cgroup v1 co-mounted cpu,cpuacct seen from inside a container (FIXTURE tree)', () => {
  const fixtureArgs = ['--fs-root', V1_VIEW_FIXTURE];
  const root = `/docker/${VIEW_ID}`;

  it('tree --json uses the kernel paths below the mount root, with the co-mounted hierarchy once', () => {
    const tree = runCliJson<TreeJson>(['tree', ...fixtureArgs]);
    assert.deepEqual(
      tree.hierarchies.map((h) => [h.id, h.mountPoint, h.root]),
      [
        ['v1:cpu,cpuacct', '/sys/fs/cgroup/cpu,cpuacct', root],
        ['v1:memory', '/sys/fs/cgroup/memory', root],
        ['v1:name=systemd', '/sys/fs/cgroup/systemd', root],
      ],
    );
    const cpu = tree.hierarchies[0];
    assert.deepEqual(
      cpu?.groups.map((g) => [g.path, g.depth, g.cpuLimit?.cores ?? null, g.processCount]),
      [
        [root, 0, 1.5, 0],
        [`${root}/init`, 1, null, 1],
        [`${root}/workers`, 1, 1, 0],
        [`${root}/workers/batch`, 2, 0.25, 2],
      ],
    );
    assert.equal(cpu?.groups[3]?.owner.containerId, VIEW_ID);
  });

  it('cpu and show resolve a /proc/PID/cgroup path through the mount root', () => {
    const cpu = runCliJson<Record<string, unknown>>([
      'cpu',
      `${root}/workers/batch`,
      '--sample-ms',
      '0',
      ...fixtureArgs,
    ]);
    assert.equal(cpu.hierarchy, 'v1:cpu,cpuacct');
    assert.equal(cpu.quotaUs, 25000);
    assert.equal(cpu.cores, 0.25);
    // /init has no quota of its own: the container's 1.5 CPUs at the mount root are its ceiling.
    const init = runCliJson<Record<string, unknown>>([
      'cpu',
      `${root}/init`,
      '--sample-ms',
      '0',
      ...fixtureArgs,
    ]);
    assert.equal(init.unlimited, true);
    assert.deepEqual(init.effective, { cores: 1.5, source: 'quota', path: root });
    const shown = runCliJson<{
      groups: Array<{ hierarchy: string; controlFiles: Array<{ name: string; parsed?: unknown }> }>;
    }>(['show', `${root}/init`, '--controller', 'memory', ...fixtureArgs]);
    assert.deepEqual(
      shown.groups.map((g) => g.hierarchy),
      ['v1:memory'],
    );
    const limit = shown.groups[0]?.controlFiles.find((f) => f.name === 'memory.limit_in_bytes');
    assert.equal((limit?.parsed as { unlimited?: boolean }).unlimited, true);
  });

  it('whois --pid picks the cpu line and names the container', () => {
    const who = runCliJson<Record<string, unknown>>(['whois', '--pid', '31', ...fixtureArgs]);
    assert.equal(who.path, `${root}/workers/batch`);
    assert.equal(who.kind, 'container');
    assert.equal(who.runtime, 'docker');
    assert.equal(who.containerId, VIEW_ID);
  });

  it('matches /proc/PID/cgroup lines to mounts by controller set, whatever their order', () => {
    // proc/77/cgroup says "cpuacct,cpu" while the mount says "cpu,cpuacct".
    const who = runCliJson<{ path: string; cgroups: Array<{ hierarchy: string; path: string }> }>([
      'whois',
      '--pid',
      '77',
      ...fixtureArgs,
    ]);
    assert.equal(who.path, `${root}/workers`);
    assert.deepEqual(who.cgroups[0], { hierarchy: 'v1:cpu,cpuacct', path: `${root}/workers` });
  });

  it('a path outside the visible root is an error, not a crash', () => {
    const result = runCli(['show', '/docker/other', '--json', ...fixtureArgs]);
    assert.equal(result.status, 1);
    assert.equal(result.stdout, '');
    assert.match(result.stderr, /does not exist/);
  });
});

describe('permission errors are reported per file (CLI run as nobody over a copy of a FIXTURE tree)', () => {
  it('an unreadable cpu.max and an unreadable group are per-group problems, not failures', () => {
    const copy = fs.mkdtempSync(path.join(os.tmpdir(), 'cgroup-lens-perm-'));
    try {
      fs.cpSync(V2_FIXTURE, copy, { recursive: true });
      spawnSync('chmod', ['-R', 'a+rX', copy]);
      fs.chmodSync(copy, 0o755);
      const slice = path.join(copy, 'sys/fs/cgroup/system.slice');
      fs.chmodSync(path.join(slice, 'cron.service/cpu.max'), 0o600);
      fs.chmodSync(path.join(slice, 'system-getty.slice'), 0o700);
      const asNobody = (args: string[]) =>
        spawnSync(
          'setpriv',
          ['--reuid', '65534', '--regid', '65534', '--clear-groups', process.execPath, CLI_PATH, ...args],
          {
            encoding: 'utf8',
          },
        );
      const tree = asNobody(['tree', '/system.slice', '--fs-root', copy, '--json']);
      assert.equal(tree.status, 0, tree.stderr);
      const groups = (JSON.parse(tree.stdout) as TreeJson).hierarchies[0]?.groups ?? [];
      const cron = groups.find((g) => g.path === '/system.slice/cron.service');
      assert.equal(cron?.cpuLimit, null);
      assert.equal(cron?.processCount, 1);
      assert.deepEqual(
        cron?.problems?.map((p) => [p.file, p.code]),
        [['cpu.max', 'EACCES']],
      );
      assert.match(cron?.problems?.[0]?.message ?? '', /\S/);
      const getty = groups.find((g) => g.path === '/system.slice/system-getty.slice');
      assert.ok(getty?.problems?.some((p) => p.code === 'EACCES'));
      assert.equal(
        groups.some((g) => g.path === '/system.slice/system-getty.slice/getty@tty1.service'),
        false,
      );
      const show = asNobody(['show', '/system.slice/cron.service', '--fs-root', copy, '--json']);
      assert.equal(show.status, 0, show.stderr);
      const files = (
        JSON.parse(show.stdout) as {
          groups: Array<{ controlFiles: Array<{ name: string; problem?: { code: string } }> }>;
        }
      ).groups[0]?.controlFiles;
      assert.equal(files?.find((f) => f.name === 'cpu.max')?.problem?.code, 'EACCES');
      assert.ok(files?.some((f) => f.name === 'cgroup.procs' && f.problem === undefined));
    } finally {
      fs.rmSync(copy, { recursive: true, force: true });
    }
  });
});

describe('command line surface', () => {
  it('--help and --version print to stdout and exit 0', () => {
    const help = runCli(['--help']);
    assert.equal(help.status, 0);
    assert.match(help.stdout, /Usage: cgroup-lens <command>/);
    for (const command of ['tree', 'show', 'whois', 'cpu']) {
      const commandHelp = runCli([command, '--help']);
      assert.equal(commandHelp.status, 0, command);
      assert.match(commandHelp.stdout, new RegExp(`Usage: cgroup-lens ${command}`));
    }
    const version = runCli(['--version']);
    assert.equal(version.status, 0);
    assert.match(version.stdout.trim(), /^\d+\.\d+\.\d+/);
  });

  it('usage errors go to stderr with exit code 2 and nothing on stdout', () => {
    for (const args of [
      ['frobnicate'],
      ['tree', '--depth', 'two', '--json'],
      ['tree', '--bogus', '--json'],
      ['show', '--json'],
      ['show', 'relative/path', '--json'],
      ['whois', '--json'],
      ['whois', '/a', '--pid', '1', '--json'],
    ]) {
      const result = runCli(args);
      assert.equal(result.status, 2, args.join(' '));
      assert.equal(result.stdout, '', args.join(' '));
      assert.notEqual(result.stderr, '', args.join(' '));
    }
  });

  it('whois PATH works on the string alone', () => {
    const who = runCliJson<Record<string, unknown>>(['whois', '/system.slice/docker-abc123def456.scope']);
    assert.deepEqual(who, {
      path: '/system.slice/docker-abc123def456.scope',
      kind: 'container',
      runtime: 'docker',
      containerId: 'abc123def456',
      unit: 'docker-abc123def456.scope',
    });
  });

  it('whois --pid of a process that does not exist fails clearly', () => {
    const result = runCli(['whois', '--pid', '999999999', '--json']);
    assert.equal(result.status, 1);
    assert.equal(result.stdout, '');
    assert.match(result.stderr, /No process with PID 999999999/);
  });
});
