// `cgroup-lens set-cpu PATH LIMIT [--period US] [--helper SOCKET] [--controller C] [--raw] [--json]`: the
// same limit grammar and the same write path as the extension's "Cgroup: Set CPU Quota".
import * as os from 'node:os';
import { createDockerEngine } from '../../adapters/docker';
import { HelperClient } from '../../adapters/helperClient';
import { WriteError, WriteRouter } from '../../adapters/writeRouter';
import { formatCpuLimitLong, makeCpuLimit, parseCpuLimitInput } from '../../core/cpuLimit';
import { DEFAULT_SOCKET_PATH } from '../../core/helperProtocol';
import { integerOption, parseArgs } from '../args';
import { COMMON_FLAG_OPTIONS, COMMON_OPTIONS_HELP, COMMON_VALUE_OPTIONS, createCgroupFs } from '../context';
import type { Output } from '../output';
import { printJson } from '../output';
import { CommandFailure, cgroupPathArgument } from './common';

export const SET_CPU_HELP = `Usage: cgroup-lens set-cpu PATH LIMIT [--period US] [--helper SOCKET] [--controller C] [--raw] [--json]

Sets the CPU bandwidth limit of a group: v1 cpu.cfs_quota_us/cpu.cfs_period_us or v2 cpu.max.
LIMIT is written the way people think of it:
  0.5, 2            CPUs                       50%, 150%     percent of one CPU
  500m              millicores                 20ms, 20000us a quota per the current period
  20000/100000      quota/period in µs         max           no limit (also: unlimited, none)
The period is kept unless LIMIT or --period gives one.

The write goes straight to cgroupfs when this process may (root, or a delegated subtree it owns), else
through the privileged helper (cgroup-lens-helper) on ${DEFAULT_SOCKET_PATH}.
A Docker container's own group (/docker/<id>, docker-<id>.scope) is changed through Docker's update API
(DOCKER_HOST, else /var/run/docker.sock), so that docker inspect and a restart agree. A container started
with --cpus keeps Docker's period of 100000 µs, and "max" then allows all of the host's CPUs.
  --period US        The period in µs (1000..1000000).
  --helper SOCKET    Always go through the helper listening on SOCKET.
  --controller C     The v1 hierarchy to use when several hold the group (default: cpu).
  --raw              Write the cgroup files even when Docker owns the group. Docker's own view then
                     disagrees, and a restart of the container restores Docker's value.

JSON: {path, hierarchy, route, old, new, writes[, note]} where route is "direct", "helper" or "docker",
old/new are {quotaUs, periodUs, cores} and new is read back from the kernel after the write.

${COMMON_OPTIONS_HELP}`;

export async function runSetCpu(argv: string[], output: Output): Promise<number> {
  const args = parseArgs(
    argv,
    ['period', 'helper', 'controller', ...COMMON_VALUE_OPTIONS],
    ['raw', ...COMMON_FLAG_OPTIONS],
  );
  if (args.flags.has('help')) {
    output.out(SET_CPU_HELP);
    return 0;
  }
  if (args.positionals.length !== 2) throw new CommandFailure('set-cpu needs a PATH and a LIMIT.', 2);
  const cgroupPath = cgroupPathArgument(args.positionals[0] as string);
  const limitText = args.positionals[1] as string;
  const periodOption = integerOption(args, 'period');
  const cgroupFs = createCgroupFs(args);

  const locations = await cgroupFs.findGroup(cgroupPath, args.values.get('controller') ?? 'cpu');
  const location = locations[0];
  if (location === undefined) {
    throw new CommandFailure(
      `The group ${cgroupPath} does not exist in a hierarchy with the cpu controller.`,
    );
  }
  const { hierarchy } = location;
  const old = await cgroupFs.cpuLimit(hierarchy, cgroupPath);
  if (old === null) throw new CommandFailure(`The group ${cgroupPath} has no CPU bandwidth files.`);

  const parsed = parseCpuLimitInput(limitText, {
    version: hierarchy.version,
    currentPeriodUs: periodOption ?? old.periodUs,
    onlineCpus: os.availableParallelism(),
  });
  if (!parsed.ok) throw new CommandFailure(parsed.reason, 2);
  const limit =
    periodOption !== undefined && parsed.limit.quotaUs !== null
      ? makeCpuLimit(parsed.limit.quotaUs, periodOption)
      : parsed.limit;

  const socket = args.values.get('helper');
  const helper = new HelperClient({
    socketPath: socket ?? DEFAULT_SOCKET_PATH,
    clientName: 'cgroup-lens-cli',
  });
  const router = new WriteRouter(helper, socket !== undefined ? 'helper' : 'auto', {
    docker: createDockerEngine(),
  });
  try {
    const report = await router.setCpuLimit({ hierarchy, group: cgroupPath }, limit.quotaUs, limit.periodUs, {
      raw: args.flags.has('raw'),
    });
    const now = await cgroupFs.cpuLimit(hierarchy, cgroupPath);
    if (args.flags.has('json')) {
      printJson(output, {
        path: cgroupPath,
        hierarchy: hierarchy.id,
        route: report.route,
        old,
        new: now,
        writes: report.writes,
        ...(report.note !== undefined ? { note: report.note } : {}),
      });
    } else {
      output.out(
        `${cgroupPath} (${hierarchy.id}): ${formatCpuLimitLong(old)} → ${now ? formatCpuLimitLong(now) : '?'}` +
          ` [${report.route}]` +
          [parsed.warning, report.note].map((note) => (note ? `\nnote: ${note}` : '')).join(''),
      );
    }
    return 0;
  } catch (error) {
    if (error instanceof WriteError) {
      throw new CommandFailure(
        error.message,
        error.kind === 'invalid-value' || error.kind === 'refused' ? 2 : 1,
      );
    }
    throw error;
  } finally {
    helper.dispose();
  }
}
