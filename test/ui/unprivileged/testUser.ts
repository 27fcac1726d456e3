// An unprivileged system user for the UI scenarios that must not run as root: the extension host then
// cannot write cgroupfs itself, so writes take the helper route a real user's VS Code takes.
import { spawnSync } from 'node:child_process';

export interface TestUser {
  name: string;
  uid: number;
  gid: number;
}

export const testUserName = 'cgroup-lens-ui';

function idOf(flag: '-u' | '-g', name: string): number | undefined {
  const result = spawnSync('id', [flag, name], { encoding: 'utf8' });
  return result.status === 0 ? Number(result.stdout.trim()) : undefined;
}

/** Creates the user (and its own group) once; later runs find it. Needs root. */
export function ensureTestUser(): TestUser {
  if (idOf('-u', testUserName) === undefined) {
    const made = spawnSync(
      'useradd',
      ['--system', '--user-group', '--no-create-home', '--shell', '/usr/sbin/nologin', testUserName],
      { encoding: 'utf8' },
    );
    if (made.status !== 0) throw new Error(`useradd ${testUserName} failed: ${made.stderr}`);
  }
  const uid = idOf('-u', testUserName);
  const gid = idOf('-g', testUserName);
  if (uid === undefined || gid === undefined) throw new Error(`no user ${testUserName} after useradd`);
  return { name: testUserName, uid, gid };
}
