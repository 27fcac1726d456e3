// The real Docker engine for tests (system and extension-host tiers): started when none answers, test
// containers run from the local busybox image with the cgroup-lens-test label, removed by their full ids.
import * as assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { REPO_ROOT } from './cliRunner';

export const TEST_IMAGE = process.env.CGROUP_LENS_TEST_IMAGE ?? 'local/busybox:test';

export function docker(...args: string[]): string {
  return execFileSync('docker', args, { encoding: 'utf8', timeout: 60_000 }).trim();
}

/** Starts dockerd and imports the test image when needed (scripts/start-docker.sh). */
export function ensureDockerEngine(): void {
  const started = spawnSync('bash', [path.join(REPO_ROOT, 'scripts', 'start-docker.sh')], {
    encoding: 'utf8',
  });
  assert.equal(started.status, 0, `start-docker.sh failed: ${started.stderr}`);
}

/** Runs `sleep 600` in a labelled test container with these `docker run` options; returns its full id. */
export function runTestContainer(...options: string[]): string {
  return docker('run', '-d', '--label', 'cgroup-lens-test=1', ...options, TEST_IMAGE, 'sleep', '600');
}

/** Removes the containers a test created, by their full ids, and nothing else. */
export function removeContainers(ids: string[]): void {
  if (ids.length > 0) spawnSync('docker', ['rm', '-f', ...ids], { encoding: 'utf8' });
}
