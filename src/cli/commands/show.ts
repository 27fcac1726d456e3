// `cgroup-lens show PATH [--controller C] [--json]`: a group's control files (raw and parsed), its
// processes and its owner, in every hierarchy where the group exists.
import type { CgroupFs, GroupLocation } from '../../adapters/cgroupfs';
import { lookupControlFile } from '../../core/controlFiles';
import type { ParsedValue } from '../../core/formats';
import type { CpuLimit, FsProblem, ProcessInfo } from '../../core/model';
import { describeOwner, identifyOwner } from '../../core/owner';
import { parseArgs } from '../args';
import { COMMON_FLAG_OPTIONS, COMMON_OPTIONS_HELP, COMMON_VALUE_OPTIONS, createCgroupFs } from '../context';
import type { Output } from '../output';
import { describeCpuLimit, describeHierarchy, hierarchyJson, printJson } from '../output';
import { CommandFailure, cgroupPathArgument } from './common';

export const SHOW_HELP = `Usage: cgroup-lens show PATH [--controller C] [--json]

Shows a group's control files with their raw and parsed values, its processes and its owner, in every
hierarchy where PATH (as in /proc/PID/cgroup) exists.

  --controller C     Only the hierarchy (or hierarchies) with controller C (cpu, memory, name=systemd, ...).

JSON: {path, owner, hierarchies: [...], groups: [{path, hierarchy, cpuLimit, controlFiles, processes}]}
where each control file is {name, raw, parsed}, {name, problem: {code, message}} or {name, writeOnly: true},
and each process is {pid, command} (command null when the process exited while being read).

${COMMON_OPTIONS_HELP}`;

type ControlFileJson =
  | { name: string; raw: string; parsed: ParsedValue }
  | { name: string; problem: FsProblem }
  | { name: string; writeOnly: true };

interface ShownGroup {
  path: string;
  hierarchy: string;
  cpuLimit: CpuLimit | null;
  controlFiles: ControlFileJson[];
  processes: ProcessInfo[];
}

export async function runShow(argv: string[], output: Output): Promise<number> {
  const args = parseArgs(argv, ['controller', ...COMMON_VALUE_OPTIONS], COMMON_FLAG_OPTIONS);
  if (args.flags.has('help')) {
    output.out(SHOW_HELP);
    return 0;
  }
  if (args.positionals.length !== 1) throw new CommandFailure('show needs exactly one PATH.', 2);
  const cgroupPath = cgroupPathArgument(args.positionals[0] as string);
  const controller = args.values.get('controller');
  const cgroupFs = createCgroupFs(args);
  const locations = await cgroupFs.findGroup(cgroupPath, controller);
  if (locations.length === 0) {
    const where = controller !== undefined ? ` in a hierarchy with the ${controller} controller` : '';
    throw new CommandFailure(`The group ${cgroupPath} does not exist${where} on this machine.`);
  }
  const groups: ShownGroup[] = [];
  for (const location of locations) groups.push(await readGroup(cgroupFs, location));
  const owner = identifyOwner(cgroupPath);

  if (args.flags.has('json')) {
    printJson(output, {
      path: cgroupPath,
      owner,
      hierarchies: locations.map((location) => hierarchyJson(location.hierarchy)),
      groups,
    });
    return 0;
  }
  const label = describeOwner(owner);
  const lines = [
    `${cgroupPath}`,
    `  owner: ${owner.kind}${label !== '' && label !== owner.kind ? ` (${label})` : ''}`,
  ];
  for (const [index, group] of groups.entries()) {
    const hierarchy = (locations[index] as GroupLocation).hierarchy;
    lines.push('', `${hierarchy.id}: ${describeHierarchy(hierarchy)}`);
    if (group.cpuLimit !== null) lines.push(`  cpu limit: ${describeCpuLimit(group.cpuLimit)}`);
    lines.push(`  processes (${group.processes.length}):`);
    for (const process of group.processes) lines.push(`    ${process.pid}  ${process.command ?? '(exited)'}`);
    lines.push('  control files:');
    for (const file of group.controlFiles) lines.push(...describeControlFile(file));
  }
  output.out(lines.join('\n'));
  return 0;
}

async function readGroup(cgroupFs: CgroupFs, location: GroupLocation): Promise<ShownGroup> {
  const { hierarchy, path } = location;
  const controlFiles: ControlFileJson[] = [];
  for (const name of await cgroupFs.controlFileNames(hierarchy, path)) {
    if (lookupControlFile(name, hierarchy.version)?.readable === false) {
      controlFiles.push({ name, writeOnly: true });
      continue;
    }
    const result = await cgroupFs.readControlFile(hierarchy, path, name);
    controlFiles.push(
      result.ok ? { name, raw: result.raw, parsed: result.parsed } : { name, problem: result.problem },
    );
  }
  return {
    path,
    hierarchy: hierarchy.id,
    cpuLimit: await cgroupFs.cpuLimit(hierarchy, path),
    controlFiles,
    processes: await cgroupFs.processes(hierarchy, path),
  };
}

function describeControlFile(file: ControlFileJson): string[] {
  if ('writeOnly' in file) return [`    ${file.name}  (write-only)`];
  if ('problem' in file) return [`    ${file.name}  (${file.problem.code}: ${file.problem.message})`];
  const text = file.raw.replace(/\n$/, '');
  if (!text.includes('\n')) return [`    ${file.name} = ${text}`];
  return [`    ${file.name} =`, ...text.split('\n').map((line) => `        ${line}`)];
}
