// The VS Code harness itself (test/vscode/codeServer.ts): code-server starts on a free 127.0.0.1 port with a
// fresh profile, answers, and stop() ends its whole process group, leaving the port free.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { startCodeServer } from '../vscode/codeServer';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** PIDs whose process group is `pgid` (from /proc/PID/stat, field 5). */
function processGroupMembers(pgid: number): number[] {
  const members: number[] = [];
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(fields[2]) === pgid) members.push(Number(entry));
    } catch {
      // The process ended while we looked.
    }
  }
  return members;
}

describe('code-server harness', () => {
  it('starts with a fresh profile, serves the workbench, and stop() ends its process group', async () => {
    const server = await startCodeServer({ name: 'harness-test' });
    let stopped = false;
    try {
      assert.match(server.origin, /^http:\/\/127\.0\.0\.1:\d+$/);
      const settings = JSON.parse(
        fs.readFileSync(path.join(server.userDataDir, 'User', 'settings.json'), 'utf8'),
      ) as Record<string, unknown>;
      assert.equal(settings['workbench.startupEditor'], 'none');

      const page = await fetch(server.workbenchUrl());
      assert.equal(page.status, 200);
      assert.match(await page.text(), /workbench/i);

      const pid = server.pid;
      assert.ok(alive(pid));
      await server.stop();
      stopped = true;
      assert.equal(alive(pid), false, 'code-server still runs after stop()');
      assert.deepEqual(processGroupMembers(pid), [], 'processes of its group outlived stop()');
      await assert.rejects(fetch(`${server.origin}/healthz`), 'the port still answers after stop()');
    } finally {
      if (!stopped) await server.stop();
    }
  });
});
