// `cgroup-lens whois PATH [--json]` and `whois --pid PID [--json]`: who owns a cgroup path. By path it
// works on the string alone (the path need not exist here), so it explains paths pasted from logs.
import type { CgroupFs, ProcCgroupMembership } from '../../adapters/cgroupfs';
import { CgroupFsError } from '../../adapters/cgroupfs';
import type { Owner } from '../../core/model';
import { describeOwner, identifyOwner, preferredProcCgroupEntry } from '../../core/owner';
import { integerOption, parseArgs } from '../args';
import { COMMON_FLAG_OPTIONS, COMMON_OPTIONS_HELP, COMMON_VALUE_OPTIONS, createCgroupFs } from '../context';
import type { Output } from '../output';
import { printJson } from '../output';
import { CommandFailure } from './common';

export const WHOIS_HELP = `Usage: cgroup-lens whois PATH [--json]
       cgroup-lens whois --pid PID [--json]

Tells who owns a cgroup path: a Docker/Kubernetes/Podman/LXC container, a pod, a systemd service,
scope or slice, a user, or a plain group. PATH is read as text (as in /proc/PID/cgroup); it need not
exist on this machine. With --pid, the process's own cgroup paths are read from /proc/PID/cgroup.

JSON: {path, kind, runtime, containerId, podUid, qos, unit, name, uid} (fields that do not apply are
omitted); with --pid also pid and cgroups [{hierarchy, path}].

${COMMON_OPTIONS_HELP}`;

export async function runWhois(argv: string[], output: Output): Promise<number> {
  const args = parseArgs(argv, ['pid', ...COMMON_VALUE_OPTIONS], COMMON_FLAG_OPTIONS);
  if (args.flags.has('help')) {
    output.out(WHOIS_HELP);
    return 0;
  }
  const pid = integerOption(args, 'pid');
  if (pid !== undefined) {
    if (args.positionals.length > 0)
      throw new CommandFailure('whois takes either PATH or --pid PID, not both.', 2);
    return whoisPid(pid, args.flags.has('json'), createCgroupFs(args), output);
  }
  if (args.positionals.length !== 1) throw new CommandFailure('whois needs a PATH or --pid PID.', 2);
  const cgroupPath = args.positionals[0] as string;
  if (cgroupPath.trim() === '') throw new CommandFailure('The cgroup path is empty.', 2);
  const owner = identifyOwner(cgroupPath);
  if (args.flags.has('json')) printJson(output, { path: cgroupPath, ...owner });
  else output.out([cgroupPath, ...ownerLines(owner)].join('\n'));
  return 0;
}

async function whoisPid(pid: number, json: boolean, cgroupFs: CgroupFs, output: Output): Promise<number> {
  let memberships: ProcCgroupMembership[];
  try {
    memberships = await cgroupFs.cgroupsOfPid(pid);
  } catch (error) {
    if (error instanceof CgroupFsError) throw new CommandFailure(error.problem.message);
    throw error;
  }
  const chosen = chooseOwnerLine(memberships);
  if (chosen === undefined) throw new CommandFailure(`/proc/${pid}/cgroup lists no cgroups.`);
  const owner: Owner = identifyOwner(chosen.path);
  const cgroups = memberships.map((m) => ({ hierarchy: m.hierarchyId, path: m.path }));
  if (json) {
    printJson(output, { pid, path: chosen.path, ...owner, cgroups });
  } else {
    output.out([`PID ${pid} in ${chosen.path} (${chosen.hierarchyId})`, ...ownerLines(owner)].join('\n'));
  }
  return 0;
}

/** The line that names the owner (docs/cgroup-facts.md §9): v1 cpu, memory, name=systemd, then v2. */
function chooseOwnerLine(memberships: ProcCgroupMembership[]): ProcCgroupMembership | undefined {
  const preferred = preferredProcCgroupEntry(memberships.map((m) => m.entry));
  return memberships.find((m) => m.entry === preferred);
}

/** Every owner field on its own line ("  kind: container"), then the short label the sidebar uses. */
function ownerLines(owner: Owner): string[] {
  const lines = Object.entries(owner).map(([key, value]) => `  ${key}: ${String(value)}`);
  const label = describeOwner(owner);
  if (label !== '') lines.push(`  shown as: ${label}`);
  return lines;
}
