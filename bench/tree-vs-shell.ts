// Benchmark: `cgroup-lens tree --json` over 2,000 real v1 cpu groups (each with its CPU limit and process
// count, as the sidebar shows them) against shell baselines that find the same directories and read the
// same files, in the same run. Creates the groups under a cgroup-lens-test-* prefix and removes them.
//
//   node esbuild.js && npx tsc -p tsconfig.json && node out/bench/tree-vs-shell.js [--groups N] [--runs N]
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CgroupFs } from '../src/adapters/cgroupfs';
import {
  cleanupTestGroups,
  createChildGroup,
  createTestGroup,
  moveProcess,
  spawnSleeper,
  uniqueTestName,
  v1Mount,
  writeControlFile,
} from '../test/system/cgroupTestTree';
import { CLI_PATH } from '../test/system/cliRunner';

function option(name: string, fallback: number): number {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 ? Number(process.argv[index + 1]) : fallback;
}

const GROUPS = option('groups', 2000);
const RUNS = option('runs', 7);
const CHILDREN_PER_PARENT = 49;

function loadAverage(): string {
  return fs.readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

/** CPU time (user + system) of waited-for children so far, in ms, from /proc/self/stat (cutime, cstime). */
function childrenCpuMs(): number {
  const stat = fs.readFileSync('/proc/self/stat', 'utf8');
  // Fields after the command name (which may hold spaces) start at field 3; cutime and cstime are 16 and 17.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticksPerSecond = 100; // USER_HZ on Linux
  return ((Number(fields[13]) + Number(fields[14])) * 1000) / ticksPerSecond;
}

interface Timing {
  wallMs: number;
  cpuMs: number;
}

/** Wall and CPU time of a command; fails loudly when it fails. CPU time is robust on a loaded machine. */
function timeCommand(command: string, args: string[]): Timing {
  const cpuBefore = childrenCpuMs();
  const start = process.hrtime.bigint();
  const result = spawnSync(command, args, { stdio: ['ignore', 'ignore', 'pipe'], maxBuffer: 1 << 30 });
  const wallMs = Number(process.hrtime.bigint() - start) / 1e6;
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed: ${String(result.stderr)}`);
  return { wallMs, cpuMs: childrenCpuMs() - cpuBefore };
}

async function main(): Promise<void> {
  const mount = v1Mount('cpu');
  if (mount === undefined) throw new Error('No v1 cpu hierarchy is mounted; this benchmark needs one.');
  if (!fs.existsSync(CLI_PATH)) throw new Error(`${CLI_PATH} is missing: run "node esbuild.js" first`);

  // 2,000 groups: parents with 49 children each (a realistic two-level shape), every third with a quota,
  // and one sleeping process in the first leaf so process counts are not all zero.
  const top = createTestGroup(mount, uniqueTestName('bench'));
  let created = 0;
  for (let parentIndex = 0; created < GROUPS; parentIndex++) {
    const parent = createChildGroup(top, `p${parentIndex}`);
    created++;
    for (let childIndex = 0; childIndex < CHILDREN_PER_PARENT && created < GROUPS; childIndex++, created++) {
      const child = createChildGroup(parent, `c${childIndex}`);
      if (childIndex % 3 === 0)
        writeControlFile(child, 'cpu.cfs_quota_us', String(10000 + childIndex * 1000));
    }
  }
  moveProcess(createChildGroup(top, 'p0/c0'), spawnSleeper().pid);
  const total = created + 1;

  const shellLoop = `find '${top.dir}' -type d | while IFS= read -r d; do cat "$d/cpu.cfs_quota_us" "$d/cpu.cfs_period_us" "$d/cgroup.procs"; done`;
  const shellBatch = `find '${top.dir}' -type f \\( -name cpu.cfs_quota_us -o -name cpu.cfs_period_us -o -name cgroup.procs \\) -exec cat {} +`;
  const cliArgs = [CLI_PATH, 'tree', top.path, '--controller', 'cpu', '--json'];

  // Check the CLI really lists every group before timing it.
  const check = spawnSync(process.execPath, cliArgs, { encoding: 'utf8', maxBuffer: 1 << 30 });
  const listed = (JSON.parse(check.stdout) as { hierarchies: Array<{ groups: unknown[] }> }).hierarchies[0]
    ?.groups.length;
  if (listed !== total) throw new Error(`the CLI listed ${listed} groups, expected ${total}`);

  const times = {
    cli: [] as Timing[],
    loop: [] as Timing[],
    batch: [] as Timing[],
    nodeStartup: [] as Timing[],
    cliLoad: [] as Timing[],
  };
  for (let run = 0; run < RUNS; run++) {
    times.cli.push(timeCommand(process.execPath, cliArgs));
    times.loop.push(timeCommand('bash', ['-c', shellLoop]));
    times.batch.push(timeCommand('bash', ['-c', shellBatch]));
    times.nodeStartup.push(timeCommand(process.execPath, ['-e', '0']));
    times.cliLoad.push(timeCommand(process.execPath, [CLI_PATH, '--version']));
  }

  // In process: the walk alone, and the longest stretch the event loop was blocked during it.
  const cgroupFs = new CgroupFs();
  const hierarchy = (await cgroupFs.hierarchies()).find((h) => h.mountPoint === mount);
  if (hierarchy === undefined) throw new Error('hierarchy vanished');
  const walkTimes: number[] = [];
  const jsonTimes: number[] = [];
  let longestStall = 0;
  for (let run = 0; run < RUNS; run++) {
    let last = process.hrtime.bigint();
    const probe = setInterval(() => {
      const now = process.hrtime.bigint();
      longestStall = Math.max(longestStall, Number(now - last) / 1e6);
      last = now;
    }, 0);
    const start = process.hrtime.bigint();
    const groups: unknown[] = [];
    await cgroupFs.walk(hierarchy, top.path, {}, (summary) => groups.push(summary));
    walkTimes.push(Number(process.hrtime.bigint() - start) / 1e6);
    clearInterval(probe);
    const jsonStart = process.hrtime.bigint();
    JSON.stringify({ hierarchies: [{ groups }] }, null, 2);
    jsonTimes.push(Number(process.hrtime.bigint() - jsonStart) / 1e6);
  }

  // The approach the issue warns about: every read fired as a promise at once.
  const promiseTimes: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    const start = process.hrtime.bigint();
    await allReadsAsPromises(top.dir);
    promiseTimes.push(Number(process.hrtime.bigint() - start) / 1e6);
  }

  const wall = (list: Timing[]): number => median(list.map((t) => t.wallMs));
  const cpu = (list: Timing[]): number => median(list.map((t) => t.cpuMs));
  const fmt = (ms: number): string => `${ms.toFixed(1).padStart(8)} ms`;
  const row = (label: string, list: Timing[], against?: Timing[]): string => {
    const ratio =
      against === undefined
        ? ''
        : `   cli/shell ${(wall(times.cli) / wall(against)).toFixed(2)}x wall, ${(cpu(times.cli) / cpu(against)).toFixed(2)}x cpu`;
    return `  ${label.padEnd(34)}${fmt(wall(list))} wall ${fmt(cpu(list))} cpu${ratio}`;
  };
  console.log(
    `groups: ${total} in v1 cpu under ${top.path} (${RUNS} runs each, medians; load ${loadAverage()})`,
  );
  console.log(row('cgroup-lens tree --json', times.cli));
  console.log(row('shell: find -type d + cat loop', times.loop, times.loop));
  console.log(row('shell: find -exec cat {} +', times.batch, times.batch));
  console.log('where the CLI time goes:');
  console.log(row('node startup (node -e 0)', times.nodeStartup));
  console.log(row('load the CLI (--version)', times.cliLoad));
  console.log(
    `  walk in process                  ${fmt(median(walkTimes))}   (sync reads, yield every 64 groups or 8 ms)`,
  );
  console.log(`  JSON.stringify of the result     ${fmt(median(jsonTimes))}`);
  console.log(`  longest event-loop stall in walk ${fmt(longestStall)}`);
  console.log(
    `  syscalls: find+cat and the walk both make ~4 per group (readdir, 3 reads); see bench/README.md`,
  );
  console.log(
    `  same reads as promises at once   ${fmt(median(promiseTimes))}   (in process, for comparison)`,
  );
}

/** readdir + the three reads of every group, all issued as promises at once (what not to do). */
async function allReadsAsPromises(dir: string): Promise<void> {
  const dirs: string[] = [];
  const collect = async (current: string): Promise<void> => {
    dirs.push(current);
    const entries = await fs.promises.readdir(current, { withFileTypes: true });
    await Promise.all(entries.filter((e) => e.isDirectory()).map((e) => collect(path.join(current, e.name))));
  };
  await collect(dir);
  await Promise.all(
    dirs.flatMap((d) =>
      ['cpu.cfs_quota_us', 'cpu.cfs_period_us', 'cgroup.procs'].map((file) =>
        fs.promises.readFile(path.join(d, file), 'utf8'),
      ),
    ),
  );
}

main()
  .catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  })
  .finally(() => cleanupTestGroups());
