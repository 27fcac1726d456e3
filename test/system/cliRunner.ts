// Runs the built command line (dist/cli.js, from `node esbuild.js`) as a user would.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

/** The repository root: tests run compiled from out/test/system/. */
export const REPO_ROOT = findRepoRoot(__dirname);
export const CLI_PATH = path.join(REPO_ROOT, 'dist', 'cli.js');

export interface CliResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

export function runCli(args: string[], env: NodeJS.ProcessEnv = {}): CliResult {
  if (!fs.existsSync(CLI_PATH)) throw new Error(`${CLI_PATH} is missing: run "node esbuild.js" first`);
  const result = spawnSync(process.execPath, [CLI_PATH, ...args], {
    encoding: 'utf8',
    env: { ...process.env, CGROUP_LENS_FS_ROOT: '', CGROUP_LENS_MOUNTINFO: undefined, ...env },
    timeout: 60_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Runs a command with --json and parses stdout, failing with stderr when the command fails. */
export function runCliJson<T = unknown>(args: string[], env: NodeJS.ProcessEnv = {}): T {
  const result = runCli([...args, '--json'], env);
  if (result.status !== 0) {
    throw new Error(`cgroup-lens ${args.join(' ')} exited ${result.status}: ${result.stderr}`);
  }
  return JSON.parse(result.stdout) as T;
}

function findRepoRoot(start: string): string {
  let dir = start;
  while (!fs.existsSync(path.join(dir, 'package.json')) || path.basename(dir) === 'out') {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`no package.json above ${start}`);
    dir = parent;
  }
  return dir;
}
