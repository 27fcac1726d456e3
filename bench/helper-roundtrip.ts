// Benchmark: one CPU quota write through the helper (client call → socket → validation → write → read back
// → audit line → answer), against, in the same run and on this machine:
//   - `docker update --cpu-quota` on a running container (a real engine: scripts/start-docker.sh),
//   - a fresh `sh -c 'echo ... > cpu.cfs_quota_us'` process per write (what people do by hand with sudo),
//   - a write from inside one process (fs.writeFileSync), the floor.
// Prints p50, p99 and writes/s for each, and the ratios. Run: node out/bench/helper-roundtrip.js
import { execFile, execFileSync } from 'node:child_process';
import * as path from 'node:path';
import * as fs from 'node:fs';
import { promisify } from 'node:util';
import { HelperClient } from '../src/adapters/helperClient';
import { cleanupTestGroups, createTestGroup, uniqueTestName, v1Mount } from '../test/system/cgroupTestTree';
import { startHelper, type RunningHelper } from '../test/system/helperKit';

const run = promisify(execFile);
const IMAGE = process.env.CGROUP_LENS_TEST_IMAGE ?? 'local/busybox:test';
const HELPER_WRITES = Number(process.env.BENCH_HELPER_WRITES ?? 5000);
const HELPER_WARMUP = Number(process.env.BENCH_HELPER_WARMUP ?? 3000);
const SHELL_WRITES = Number(process.env.BENCH_SHELL_WRITES ?? 300);
const DOCKER_WRITES = Number(process.env.BENCH_DOCKER_WRITES ?? 30);

interface Stats {
  name: string;
  n: number;
  p50: number;
  p99: number;
  perSecond: number;
}

function stats(name: string, samplesMs: number[], totalMs: number): Stats {
  const sorted = [...samplesMs].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] as number;
  return { name, n: sorted.length, p50: at(0.5), p99: at(0.99), perSecond: (sorted.length / totalMs) * 1000 };
}

async function measure(
  name: string,
  n: number,
  once: (i: number) => Promise<void> | void,
  warmup = Math.min(20, Math.ceil(n / 10)),
): Promise<Stats> {
  // Warm up: JIT, connection, page cache.
  for (let i = 0; i < warmup; i++) await once(i);
  const samples: number[] = [];
  const start = performance.now();
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await once(i);
    samples.push(performance.now() - t);
  }
  return stats(name, samples, performance.now() - start);
}

function format(ms: number): string {
  return ms < 1 ? `${(ms * 1000).toFixed(0)} µs` : `${ms.toFixed(2)} ms`;
}

/** Alternating quotas so every write changes the value. */
const quota = (i: number) => 20000 + (i % 2) * 10000;

async function dockerBench(): Promise<Stats | string> {
  try {
    execFileSync('bash', [path.resolve(__dirname, '../../scripts/start-docker.sh')], { stdio: 'ignore' });
  } catch {
    return 'docker: the engine could not be started (scripts/start-docker.sh)';
  }
  const { stdout } = await run('docker', [
    'run',
    '-d',
    '--label',
    'cgroup-lens-test=1',
    '--cpu-period=100000',
    '--cpu-quota=20000',
    IMAGE,
    '/bin/sleep',
    '600',
  ]);
  const id = stdout.trim();
  try {
    return await measure('docker update --cpu-quota', DOCKER_WRITES, async (i) => {
      await run('docker', ['update', '--cpu-quota', String(quota(i)), id]);
    });
  } finally {
    await run('docker', ['rm', '-f', id]).catch(() => undefined);
  }
}

async function main(): Promise<void> {
  const mount = v1Mount('cpu');
  if (mount === undefined)
    throw new Error('This benchmark needs a v1 cpu hierarchy (or extend it to cpu.max).');
  const group = createTestGroup(mount, uniqueTestName('bench'));
  const quotaFile = path.join(group.dir, 'cpu.cfs_quota_us');
  let helper: RunningHelper | undefined;
  let client: HelperClient | undefined;
  try {
    helper = await startHelper({ policy: { subtrees: { '*': [group.path] } } });
    const c = new HelperClient({ socketPath: helper.socketPath, clientName: 'bench' });
    client = c;
    await c.connect();
    const cold = await measure(
      'helper round trip (cold)',
      500,
      async (i) => {
        await c.call('setCpuLimit', { group: group.path, quotaUs: quota(i) });
      },
      0,
    );
    // The helper is a long-running daemon: measure it warm (V8 has optimised its hot path after a few
    // thousand requests; the first ones after a start are about twice as slow).
    const viaHelper = await measure(
      'helper round trip (warm)',
      HELPER_WRITES,
      async (i) => {
        await c.call('setCpuLimit', { group: group.path, quotaUs: quota(i) });
      },
      HELPER_WARMUP,
    );
    // The protocol's own cost (socket + JSON-RPC on both sides, no cgroup work): the floor under a write.
    const ping = await measure(
      'helper ping (no write)',
      HELPER_WRITES,
      async () => {
        await c.call('ping', {});
      },
      HELPER_WARMUP,
    );
    const inProcess = await measure('in-process writeFileSync', HELPER_WRITES, (i) => {
      fs.writeFileSync(quotaFile, String(quota(i)));
    });
    const viaShell = await measure("sh -c 'echo … > file'", SHELL_WRITES, async (i) => {
      await run('sh', ['-c', `echo ${quota(i)} > ${quotaFile}`]);
    });
    const viaDocker = await dockerBench();

    const rows = [
      viaHelper,
      cold,
      ping,
      inProcess,
      viaShell,
      ...(typeof viaDocker === 'string' ? [] : [viaDocker]),
    ];
    console.log('\nCPU quota write, v1 cpu.cfs_quota_us, sequential, this machine:');
    console.log(
      `${'method'.padEnd(30)} ${'n'.padStart(6)} ${'p50'.padStart(10)} ${'p99'.padStart(10)} ${'writes/s'.padStart(10)}`,
    );
    for (const row of rows) {
      console.log(
        `${row.name.padEnd(30)} ${String(row.n).padStart(6)} ${format(row.p50).padStart(10)} ` +
          `${format(row.p99).padStart(10)} ${row.perSecond.toFixed(0).padStart(10)}`,
      );
    }
    if (typeof viaDocker === 'string') console.log(viaDocker);
    console.log('\nRatios (p50 of the other / p50 of the helper):');
    console.log(`  sh -c echo / helper:   ${(viaShell.p50 / viaHelper.p50).toFixed(1)}×`);
    if (typeof viaDocker !== 'string')
      console.log(`  docker update / helper: ${(viaDocker.p50 / viaHelper.p50).toFixed(1)}×`);
    console.log(`  helper / in-process:   ${(viaHelper.p50 / inProcess.p50).toFixed(1)}×`);
    const target = 0.3;
    console.log(
      `Target helper p50 < ${format(target)}: ${viaHelper.p50 < target ? 'met' : 'NOT met'} (${format(viaHelper.p50)})`,
    );
    console.log(
      JSON.stringify({
        bench: 'helper-roundtrip',
        results: rows,
        ratios: {
          shellOverHelper: viaShell.p50 / viaHelper.p50,
          dockerOverHelper: typeof viaDocker === 'string' ? null : viaDocker.p50 / viaHelper.p50,
        },
      }),
    );
  } finally {
    client?.dispose();
    await helper?.stop();
    await cleanupTestGroups();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
