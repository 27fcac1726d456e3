// The `cgroup-lens` command line: what systemd-cgls/cgget are to systemd and libcgroup, over the same
// core and adapters as the extension. Every command takes --json (one JSON document on stdout); errors go
// to stderr with a non-zero exit (1 = failed, 2 = usage).
import { CgroupFsError } from '../adapters/cgroupfs';
import { UsageError } from './args';
import { CommandFailure } from './commands/common';
import type * as TreeCommand from './commands/tree';
import type * as ShowCommand from './commands/show';
import type * as WhoisCommand from './commands/whois';
import type * as CpuCommand from './commands/cpu';
import type * as SetCpuCommand from './commands/setCpu';
import type { Output } from './output';
import { processOutput } from './output';
import { version } from '../../package.json';

interface Command {
  run: (argv: string[], output: Output) => Promise<number>;
  help: string;
}

// Commands load on first use: the bundle stays one file, but a read-only command does not pay for
// initialising the helper client (zod schemas, JSON-RPC) that set-cpu needs. Node startup dominates a
// `tree` run, so this is measurable (bench/README.md).
/* eslint-disable @typescript-eslint/no-require-imports -- lazy loading on purpose, see above */
const COMMANDS: Record<string, () => Command> = {
  tree: () => {
    const m = require('./commands/tree') as typeof TreeCommand;
    return { run: m.runTree, help: m.TREE_HELP };
  },
  show: () => {
    const m = require('./commands/show') as typeof ShowCommand;
    return { run: m.runShow, help: m.SHOW_HELP };
  },
  whois: () => {
    const m = require('./commands/whois') as typeof WhoisCommand;
    return { run: m.runWhois, help: m.WHOIS_HELP };
  },
  cpu: () => {
    const m = require('./commands/cpu') as typeof CpuCommand;
    return { run: m.runCpu, help: m.CPU_HELP };
  },
  'set-cpu': () => {
    const m = require('./commands/setCpu') as typeof SetCpuCommand;
    return { run: m.runSetCpu, help: m.SET_CPU_HELP };
  },
};
/* eslint-enable @typescript-eslint/no-require-imports */

function findCommand(name: string): (() => Command) | undefined {
  return Object.prototype.hasOwnProperty.call(COMMANDS, name) ? COMMANDS[name] : undefined;
}

const MAIN_HELP = `Usage: cgroup-lens <command> [options]

Inspect Linux cgroups (v1, v2 or hybrid) and who owns them.

Commands:
  tree [PATH] [--depth N]        Hierarchies and their groups with CPU limit, processes and owner.
  show PATH [--controller C]     A group's control files (raw and parsed), processes and owner.
  whois PATH | --pid PID         Who owns a cgroup path (docker, kubernetes, podman, systemd, ...).
  cpu PATH                       CPU limit (quota, period, cores) and a usage sample.
  set-cpu PATH LIMIT             Set the CPU limit (0.5, 50%, 20000/100000, max), directly or via the helper.

Every command takes --json (one JSON document on stdout) and --help.
  --version                      Print the version.

PATH is a cgroup path as the kernel prints it in /proc/PID/cgroup, e.g. /docker/<id>.`;

export async function main(argv: string[], output: Output = processOutput): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
    const topic = command === 'help' && rest[0] !== undefined ? findCommand(rest[0]) : undefined;
    output.out(topic !== undefined ? topic().help : MAIN_HELP);
    return 0;
  }
  if (command === '--version' || command === '-V') {
    output.out(version);
    return 0;
  }
  const load = findCommand(command);
  if (load === undefined) {
    output.err(`cgroup-lens: unknown command "${command}". Run "cgroup-lens --help" for the list.`);
    return 2;
  }
  try {
    const entry = load();
    return await entry.run(rest, output);
  } catch (error) {
    if (error instanceof UsageError) {
      output.err(`cgroup-lens ${command}: ${error.message} Run "cgroup-lens ${command} --help".`);
      return 2;
    }
    if (error instanceof CommandFailure) {
      output.err(`cgroup-lens ${command}: ${error.message}`);
      return error.exitCode;
    }
    if (error instanceof CgroupFsError) {
      output.err(`cgroup-lens ${command}: ${error.problem.message}`);
      return 1;
    }
    output.err(
      `cgroup-lens ${command}: unexpected error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
    );
    return 1;
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`cgroup-lens: ${String(error)}\n`);
      process.exitCode = 1;
    },
  );
}
