// CPU limits of REAL Docker containers (scripts/start-docker.sh starts the engine): set-cpu goes through
// Docker's update API by default, so the kernel files and `docker inspect` agree; --raw writes the files
// and leaves Docker's settings alone; a gone container or an unreachable Docker is a clear error.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { CgroupFs } from '../../src/adapters/cgroupfs';
import { DockerError, createDockerEngine } from '../../src/adapters/docker';
import { HelperClient } from '../../src/adapters/helperClient';
import { WriteRouter } from '../../src/adapters/writeRouter';
import { runCli, runCliJson } from './cliRunner';
import { docker, ensureDockerEngine, removeContainers, runTestContainer } from './dockerKit';

interface SetCpuJson {
  route: string;
  new: { quotaUs: number | null; periodUs: number; cores: number | null };
  writes: Array<{ file: string; old: string | null; new: string; readBack: string | null }>;
  note?: string;
}

interface DockerCpu {
  NanoCpus: number;
  CpuQuota: number;
  CpuPeriod: number;
}

function dockerCpu(id: string): DockerCpu {
  return JSON.parse(docker('inspect', '-f', '{{json .HostConfig}}', id)) as DockerCpu;
}

/** A test container: labelled, removed in after(), with its cgroup found from its PID. */
interface TestContainer {
  id: string;
  group: string;
  dir: string;
}

describe('CPU limits of real Docker containers go through Docker', () => {
  const cgroupFs = new CgroupFs();
  const created: string[] = [];
  let withCpus: TestContainer;
  let withQuota: TestContainer;

  async function runContainer(...cpuOptions: string[]): Promise<TestContainer> {
    const id = runTestContainer(...cpuOptions);
    created.push(id);
    const pid = Number(docker('inspect', '-f', '{{.State.Pid}}', id));
    const line = (await cgroupFs.cgroupsOfPid(pid)).find((m) => m.hierarchy?.controllers.includes('cpu'));
    assert.ok(line?.hierarchy && line.path.endsWith(id), 'the container has a cpu cgroup named by its id');
    const dir = cgroupFs.directoryOf(line.hierarchy, line.path);
    assert.ok(dir);
    return { id, group: line.path, dir };
  }

  function file(container: TestContainer, name: string): string {
    return fs.readFileSync(path.join(container.dir, name), 'utf8').trim();
  }

  before(async () => {
    ensureDockerEngine();
    withCpus = await runContainer('--cpus', '0.5');
    withQuota = await runContainer('--cpu-quota', '20000', '--cpu-period', '100000');
  });

  after(() => {
    // Only the containers this test created, by their full ids.
    removeContainers(created);
  });

  it('--cpus container: 0.25 becomes NanoCpus, and the kernel holds 25000/100000', () => {
    const result = runCliJson<SetCpuJson>(['set-cpu', withCpus.group, '0.25']);
    assert.equal(result.route, 'docker');
    assert.deepEqual(result.new, { quotaUs: 25000, periodUs: 100000, cores: 0.25 });
    assert.equal(file(withCpus, 'cpu.cfs_quota_us'), '25000');
    assert.equal(file(withCpus, 'cpu.cfs_period_us'), '100000');
    const quota = result.writes.find((w) => w.file === 'cpu.cfs_quota_us');
    assert.deepEqual(quota, { file: 'cpu.cfs_quota_us', old: '50000', new: '25000', readBack: '25000' });
    assert.equal(dockerCpu(withCpus.id).NanoCpus, 250_000_000);
  });

  it('--cpus container: another period keeps the CPUs and Docker keeps its period (a note says so)', () => {
    const result = runCliJson<SetCpuJson>(['set-cpu', withCpus.group, '15000/50000']);
    assert.equal(result.route, 'docker');
    assert.deepEqual(result.new, { quotaUs: 30000, periodUs: 100000, cores: 0.3 });
    assert.match(result.note ?? '', /period of a --cpus limit/);
    assert.equal(dockerCpu(withCpus.id).NanoCpus, 300_000_000);
  });

  it('--cpus container: max allows all of the host CPUs (Docker cannot lift --cpus by update)', () => {
    const cpus = Number(docker('info', '-f', '{{.NCPU}}'));
    const result = runCliJson<SetCpuJson>(['set-cpu', withCpus.group, 'max']);
    assert.equal(result.route, 'docker');
    assert.equal(file(withCpus, 'cpu.cfs_quota_us'), String(cpus * 100000));
    assert.equal(dockerCpu(withCpus.id).NanoCpus, cpus * 1e9);
    assert.match(result.note ?? '', /cannot remove a --cpus limit/);
  });

  it('--cpu-quota container: 0.25 sets CpuQuota/CpuPeriod, and max is CpuQuota -1 in both', () => {
    const limited = runCliJson<SetCpuJson>(['set-cpu', withQuota.group, '0.25']);
    assert.equal(limited.route, 'docker');
    assert.equal(file(withQuota, 'cpu.cfs_quota_us'), '25000');
    assert.equal(file(withQuota, 'cpu.cfs_period_us'), '100000');
    const { NanoCpus, CpuQuota, CpuPeriod } = dockerCpu(withQuota.id);
    assert.deepEqual({ NanoCpus, CpuQuota, CpuPeriod }, { NanoCpus: 0, CpuQuota: 25000, CpuPeriod: 100000 });

    const unlimited = runCliJson<SetCpuJson>(['set-cpu', withQuota.group, 'max']);
    assert.equal(unlimited.route, 'docker');
    assert.equal(unlimited.new.quotaUs, null);
    assert.equal(file(withQuota, 'cpu.cfs_quota_us'), '-1');
    assert.equal(dockerCpu(withQuota.id).CpuQuota, -1);
  });

  it('the Docker adapter reads back what Docker holds', async () => {
    const engine = createDockerEngine({});
    await engine.ping();
    assert.deepEqual(await engine.inspectCpuLimit(withQuota.id), {
      quotaUs: null,
      periodUs: 100000,
      viaNanoCpus: false,
    });
    const cpus = Number(docker('info', '-f', '{{.NCPU}}'));
    assert.deepEqual(await engine.inspectCpuLimit(withCpus.id), {
      quotaUs: cpus * 100000,
      periodUs: 100000,
      viaNanoCpus: true,
    });
  });

  it('--raw writes the files directly and leaves Docker’s settings as they were', () => {
    const before = dockerCpu(withQuota.id);
    const result = runCliJson<SetCpuJson>(['set-cpu', withQuota.group, '0.3', '--raw']);
    assert.equal(result.route, 'direct');
    assert.equal(file(withQuota, 'cpu.cfs_quota_us'), '30000');
    assert.deepEqual(dockerCpu(withQuota.id), before);
  });

  it('Docker refusing a value is reported in Docker’s words, and nothing changes', () => {
    const before = file(withCpus, 'cpu.cfs_quota_us');
    const cpus = Number(docker('info', '-f', '{{.NCPU}}'));
    const result = runCli(['set-cpu', withCpus.group, String(cpus + 1)]);
    assert.equal(result.status, 1);
    assert.match(result.stderr, /Docker refused: Range of CPUs/);
    assert.equal(file(withCpus, 'cpu.cfs_quota_us'), before);
  });

  it('--cpus with --cpu-quota -1 (no update survives a restart): a limit is refused, max is fine', async () => {
    const stuck = await runContainer('--cpus', '0.5');
    docker('update', '--cpu-quota', '-1', stuck.id);
    assert.equal(file(stuck, 'cpu.cfs_quota_us'), '-1');
    const refused = runCli(['set-cpu', stuck.group, '0.25']);
    assert.equal(refused.status, 1);
    assert.match(refused.stderr, /both --cpus and --cpu-quota -1/);
    assert.equal(file(stuck, 'cpu.cfs_quota_us'), '-1');
    const unlimited = runCliJson<SetCpuJson>(['set-cpu', stuck.group, 'max']);
    assert.equal(unlimited.route, 'docker');
    assert.equal(unlimited.new.quotaUs, null);
  });

  it('an unreachable Docker is a "docker" error that offers --raw, and nothing is written', () => {
    const before = file(withQuota, 'cpu.cfs_quota_us');
    const dockerBefore = dockerCpu(withQuota.id);
    const result = runCli(['set-cpu', withQuota.group, '0.2'], { DOCKER_HOST: 'unix:///tmp/nope.sock' });
    assert.equal(result.status, 1);
    assert.match(result.stderr, /Docker is not reachable/);
    assert.match(result.stderr, /not running at \/tmp\/nope\.sock/);
    assert.match(result.stderr, /--raw/);
    assert.equal(file(withQuota, 'cpu.cfs_quota_us'), before);
    assert.deepEqual(dockerCpu(withQuota.id), dockerBefore);
  });

  it('a removed container: set-cpu says the group is gone; Docker says "No such container"', async () => {
    const gone = await runContainer('--cpus', '0.5');
    docker('rm', '-f', gone.id);
    const result = runCli(['set-cpu', gone.group, '0.25']);
    assert.notEqual(result.status, 0);
    assert.match(result.stderr, /does not exist/);
    await assert.rejects(
      createDockerEngine({}).updateCpuLimit(gone.id, 25000, 100000),
      (error: unknown) =>
        error instanceof DockerError &&
        error.reason === 'no-such-container' &&
        error.message === `No such container ${gone.id.slice(0, 12)} (it may have just stopped).`,
    );
  });

  it('a Docker that goes away and comes back is used again on the next call', async () => {
    // A forwarder socket in front of the real engine: it stops and starts while dockerd keeps running.
    const socketPath = path.join(os.tmpdir(), `cgroup-lens-test-docker-${process.pid}.sock`);
    const open = new Set<net.Socket>();
    const forward = () =>
      net.createServer((client) => {
        const upstream = net.connect('/var/run/docker.sock');
        for (const s of [client, upstream]) {
          open.add(s);
          s.on('close', () => open.delete(s));
          s.on('error', () => s.destroy());
        }
        client.pipe(upstream).pipe(client);
      });
    const listen = async (server: net.Server) => {
      fs.rmSync(socketPath, { force: true });
      await new Promise<void>((resolve) => server.listen(socketPath, resolve));
    };
    const close = async (server: net.Server) => {
      for (const s of open) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    };
    const engine = createDockerEngine({ DOCKER_HOST: `unix://${socketPath}` });
    await assert.rejects(engine.ping(), /Docker is not running at/);
    const first = forward();
    await listen(first);
    try {
      await engine.ping();
    } finally {
      await close(first);
    }
    await assert.rejects(engine.inspectCpuLimit(withQuota.id), (error: unknown) => {
      return error instanceof DockerError && error.reason === 'unreachable';
    });
    const second = forward();
    await listen(second);
    try {
      assert.equal((await engine.inspectCpuLimit(withQuota.id)).viaNanoCpus, false);
    } finally {
      await close(second);
      fs.rmSync(socketPath, { force: true });
    }
  });
});

describe('which groups Docker writes (WriteRouter.dockerContainerFor)', () => {
  const id = 'a'.repeat(64);
  const helper = new HelperClient({ socketPath: '/nonexistent/cgroup-lens-test.sock' });
  const withDocker = new WriteRouter(helper, 'auto', { docker: createDockerEngine({}) });

  it('a container group with the cgroupfs or the systemd driver', () => {
    assert.equal(withDocker.dockerContainerFor(`/docker/${id}`), id);
    assert.equal(withDocker.dockerContainerFor(`/system.slice/docker-${id}.scope`), id);
  });

  it('not a group below the container (its own business), nor other owners', () => {
    assert.equal(withDocker.dockerContainerFor(`/docker/${id}/inner`), undefined);
    assert.equal(withDocker.dockerContainerFor('/system.slice/ssh.service'), undefined);
    assert.equal(withDocker.dockerContainerFor('/cgroup-lens-test-1'), undefined);
  });

  it('never without a Docker engine (files, as before)', () => {
    assert.equal(new WriteRouter(helper).dockerContainerFor(`/docker/${id}`), undefined);
  });
});
