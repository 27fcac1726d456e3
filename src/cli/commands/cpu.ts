// `cgroup-lens cpu PATH [--sample-ms N] [--json]`: the group's CPU bandwidth limit and a usage sample.
import type { CgroupFs } from '../../adapters/cgroupfs';
import { effectiveCpuLimit } from '../../core/cpuLimit';
import { parseRangeList } from '../../core/formats';
import type { CpuLimit, Hierarchy } from '../../core/model';
import { integerOption, parseArgs } from '../args';
import { COMMON_FLAG_OPTIONS, COMMON_OPTIONS_HELP, COMMON_VALUE_OPTIONS, createCgroupFs } from '../context';
import type { Output } from '../output';
import { describeCpuLimit, printJson } from '../output';
import { CommandFailure, cgroupPathArgument } from './common';

export const CPU_HELP = `Usage: cgroup-lens cpu PATH [--sample-ms N] [--json]

Shows the CPU bandwidth limit of a group (v1 cpu.cfs_quota_us/cpu.cfs_period_us or v2 cpu.max) as quota,
period and cores, and samples its CPU usage over a short interval.

  --sample-ms N      Length of the usage sample in milliseconds (default 200; 0 = no sample).

JSON: {path, hierarchy, quotaUs, periodUs, cores, unlimited, effective, usage}: quotaUs and cores are null
when unlimited; effective is {cores, source: "quota"|"cpuset"|"none", path} (the smallest quota/period of
the group and its ancestors, capped by its cpuset); usage is {percentOfOneCpu, intervalMs, source} or null.

${COMMON_OPTIONS_HELP}`;

const DEFAULT_SAMPLE_MS = 200;

interface UsageSample {
  /** 100 = one CPU busy for the whole interval. */
  percentOfOneCpu: number;
  intervalMs: number;
  /** Which file was sampled, e.g. "v1:cpuacct cpuacct.usage". */
  source: string;
}

/** A cumulative CPU time counter of a group, in microseconds. */
interface UsageCounter {
  source: string;
  read(): Promise<number | undefined>;
}

export async function runCpu(argv: string[], output: Output): Promise<number> {
  const args = parseArgs(argv, ['sample-ms', ...COMMON_VALUE_OPTIONS], COMMON_FLAG_OPTIONS);
  if (args.flags.has('help')) {
    output.out(CPU_HELP);
    return 0;
  }
  if (args.positionals.length !== 1) throw new CommandFailure('cpu needs exactly one PATH.', 2);
  const cgroupPath = cgroupPathArgument(args.positionals[0] as string);
  const sampleMs = integerOption(args, 'sample-ms') ?? DEFAULT_SAMPLE_MS;
  const cgroupFs = createCgroupFs(args);

  const locations = await cgroupFs.findGroup(cgroupPath);
  if (locations.length === 0)
    throw new CommandFailure(`The group ${cgroupPath} does not exist on this machine.`);
  let found: { hierarchy: Hierarchy; limit: CpuLimit } | undefined;
  for (const { hierarchy } of locations) {
    const limit = await cgroupFs.cpuLimit(hierarchy, cgroupPath);
    if (limit !== null) {
      found = { hierarchy, limit };
      break;
    }
  }
  if (found === undefined) {
    throw new CommandFailure(
      `The group ${cgroupPath} has no CPU bandwidth files (no v1 cpu controller here, and no cpu.max in v2: ` +
        `the cpu controller is not enabled in its parent's cgroup.subtree_control).`,
    );
  }
  const effective = await effectiveLimit(
    cgroupFs,
    found.hierarchy,
    locations.map((l) => l.hierarchy),
    cgroupPath,
  );
  const counter = findUsageCounter(
    cgroupFs,
    locations.map((l) => l.hierarchy),
    cgroupPath,
  );
  const usage = counter !== undefined && sampleMs > 0 ? await sampleUsage(counter, sampleMs) : null;
  const { limit, hierarchy } = found;

  if (args.flags.has('json')) {
    printJson(output, {
      path: cgroupPath,
      hierarchy: hierarchy.id,
      quotaUs: limit.quotaUs,
      periodUs: limit.periodUs,
      cores: limit.cores,
      unlimited: limit.quotaUs === null,
      effective,
      usage,
    });
    return 0;
  }
  const lines = [`${cgroupPath} (${hierarchy.id})`, `  limit: ${describeCpuLimit(limit)}`];
  if (effective.cores !== null && (effective.path !== cgroupPath || effective.source !== 'quota')) {
    const why = effective.source === 'cpuset' ? 'its cpuset' : `the limit of ${effective.path ?? '?'}`;
    lines.push(`  effective: ${Number(effective.cores.toFixed(3))} CPUs, set by ${why}`);
  }
  if (usage !== null) {
    lines.push(
      `  usage: ${usage.percentOfOneCpu.toFixed(1)}% of one CPU over ${usage.intervalMs} ms (${usage.source})`,
    );
  }
  output.out(lines.join('\n'));
  return 0;
}

/** v1 cpuacct.usage (ns) when a cpuacct hierarchy has the group, else v2 cpu.stat usage_usec. */
function findUsageCounter(
  cgroupFs: CgroupFs,
  hierarchies: Hierarchy[],
  cgroupPath: string,
): UsageCounter | undefined {
  const cpuacct = hierarchies.find((h) => h.version === 1 && h.controllers.includes('cpuacct'));
  if (cpuacct !== undefined) {
    return {
      source: `${cpuacct.id} cpuacct.usage`,
      read: async () => {
        const result = await cgroupFs.readControlFile(cpuacct, cgroupPath, 'cpuacct.usage');
        return result.ok ? Number(result.raw.trim()) / 1000 : undefined;
      },
    };
  }
  const unified = hierarchies.find((h) => h.version === 2);
  if (unified !== undefined) {
    return {
      source: `${unified.id} cpu.stat usage_usec`,
      read: async () => {
        const result = await cgroupFs.readControlFile(unified, cgroupPath, 'cpu.stat');
        if (!result.ok) return undefined;
        const match = /^usage_usec (\d+)$/m.exec(result.raw);
        return match ? Number(match[1]) : undefined;
      },
    };
  }
  return undefined;
}

async function sampleUsage(counter: UsageCounter, sampleMs: number): Promise<UsageSample | null> {
  const start = process.hrtime.bigint();
  const first = await counter.read();
  await new Promise((resolve) => setTimeout(resolve, sampleMs));
  const second = await counter.read();
  const elapsedUs = Number(process.hrtime.bigint() - start) / 1000;
  // A negative delta means the counter was reset or the group recreated: no honest sample then.
  if (first === undefined || second === undefined || second < first || elapsedUs <= 0) return null;
  return {
    percentOfOneCpu: Math.round(((100 * (second - first)) / elapsedUs) * 10) / 10,
    intervalMs: Math.round(elapsedUs / 1000),
    source: counter.source,
  };
}

interface EffectiveJson {
  cores: number | null;
  source: 'quota' | 'cpuset' | 'none';
  /** The group whose quota sets the ceiling (source "quota"). */
  path?: string;
}

/** The real ceiling: the smallest quota along the ancestors, capped by the CPUs of the group's cpuset. */
async function effectiveLimit(
  cgroupFs: CgroupFs,
  cpuHierarchy: Hierarchy,
  hierarchies: Hierarchy[],
  cgroupPath: string,
): Promise<EffectiveJson> {
  const chain = await cgroupFs.cpuLimitChain(cpuHierarchy, cgroupPath);
  const effective = effectiveCpuLimit(
    chain.map((link) => link.limit),
    await cpusetCount(cgroupFs, hierarchies, cgroupPath),
  );
  const result: EffectiveJson = { cores: effective.cores, source: effective.source };
  if (effective.source === 'quota' && effective.index !== undefined)
    result.path = chain[effective.index]?.path;
  return result;
}

/** CPUs in the group's effective cpuset (v1 cpuset.effective_cpus, v2 cpuset.cpus.effective), if readable. */
async function cpusetCount(
  cgroupFs: CgroupFs,
  hierarchies: Hierarchy[],
  cgroupPath: string,
): Promise<number | undefined> {
  for (const hierarchy of hierarchies) {
    const file =
      hierarchy.version === 1
        ? hierarchy.controllers.includes('cpuset')
          ? 'cpuset.effective_cpus'
          : undefined
        : 'cpuset.cpus.effective';
    if (file === undefined) continue;
    const result = await cgroupFs.readControlFile(hierarchy, cgroupPath, file);
    if (!result.ok) continue;
    const cpus = parseRangeList(result.raw);
    if (cpus.kind === 'rangeList' && cpus.values.length > 0) return cpus.values.length;
  }
  return undefined;
}
