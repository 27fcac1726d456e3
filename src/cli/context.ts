// What every command shares: the options that pick the file system to read, and the reader itself.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CgroupFs } from '../adapters/cgroupfs';
import type { ParsedArgs } from './args';

/** Options every command accepts. --fs-root/--mountinfo/--proc-root exist for fixture trees and debugging. */
export const COMMON_VALUE_OPTIONS = ['fs-root', 'mountinfo', 'proc-root'] as const;
export const COMMON_FLAG_OPTIONS = ['json', 'help'] as const;

export const COMMON_OPTIONS_HELP = `Common options:
  --json             Print one JSON document on stdout and nothing else.
  --help, -h         Show this help.

For tests and debugging (read a fixture tree instead of this machine's cgroups):
  --fs-root DIR      Prefix every cgroupfs path with DIR (env CGROUP_LENS_FS_ROOT).
  --mountinfo FILE   Discover hierarchies from FILE instead of /proc/self/mountinfo
                     (env CGROUP_LENS_MOUNTINFO; default DIR/mountinfo when --fs-root has one).
  --proc-root DIR    Read processes from DIR instead of /proc (env CGROUP_LENS_PROC_ROOT;
                     default DIR/proc when --fs-root has one).`;

export function createCgroupFs(args: ParsedArgs, env: NodeJS.ProcessEnv = process.env): CgroupFs {
  const fsRoot = args.values.get('fs-root') ?? env.CGROUP_LENS_FS_ROOT ?? '';
  let mountinfoPath = args.values.get('mountinfo') ?? env.CGROUP_LENS_MOUNTINFO;
  if (mountinfoPath === undefined && fsRoot !== '' && fs.existsSync(path.join(fsRoot, 'mountinfo'))) {
    mountinfoPath = path.join(fsRoot, 'mountinfo');
  }
  let procRoot = args.values.get('proc-root') ?? env.CGROUP_LENS_PROC_ROOT;
  if (procRoot === undefined && fsRoot !== '' && fs.existsSync(path.join(fsRoot, 'proc'))) {
    procRoot = path.join(fsRoot, 'proc');
  }
  return new CgroupFs({
    fsRoot: fsRoot === '' ? '' : path.resolve(fsRoot),
    ...(mountinfoPath !== undefined ? { mountinfoPath } : {}),
    ...(procRoot !== undefined ? { procRoot } : {}),
  });
}
