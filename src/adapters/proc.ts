// Readers for /proc (root configurable so tests can point elsewhere). Sync reads: procfs answers from
// memory in microseconds, and callers batch them (see cgroupfs.ts for why sync beats promises here).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { readSmallFileSync } from './smallFile';

/** /proc/PID/comm without its newline, or null when the process has exited (or cannot be read). */
export function readProcessCommand(procRoot: string, pid: number): string | null {
  try {
    return readSmallFileSync(`${procRoot}/${pid}/comm`).replace(/\n$/, '');
  } catch {
    return null;
  }
}

/** The text of /proc/PID/cgroup; throws the fs error (ENOENT when the process does not exist). */
export function readProcCgroupText(procRoot: string, pid: number | 'self'): string {
  return fs.readFileSync(path.join(procRoot, String(pid), 'cgroup'), 'utf8');
}

/** The error code of a Node fs error, or undefined. */
export function errnoCode(error: unknown): string | undefined {
  if (typeof error === 'object' && error !== null && 'code' in error) {
    const code = error.code;
    return typeof code === 'string' ? code : undefined;
  }
  return undefined;
}
