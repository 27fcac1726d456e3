// The helper as a daemon: socket mode and group, refusing to start without root, refusing a second
// instance on a live socket, systemd socket activation (LISTEN_FDS), and the client reconnecting after the
// helper restarts.
import { execFile, spawn } from 'node:child_process';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { HelperCallError, HelperClient } from '../../src/adapters/helperClient';
import { HelperErrorCodes } from '../../src/core/helperProtocol';
import { cleanupTestGroups, createTestGroup, uniqueTestName, v1Mount } from './cgroupTestTree';
import {
  HELPER_BUNDLE,
  frame,
  initializeRequest,
  rawExchange,
  sleep,
  startHelper,
  type RunningHelper,
} from './helperKit';

const run = promisify(execFile);

describe('helper daemon lifecycle', () => {
  const started: RunningHelper[] = [];
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cgl-daemon-'));

  after(async () => {
    for (const helper of started) await helper.stop();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('creates its socket with mode 0660 and the --group given', async () => {
    const helper = await startHelper({ args: ['--group', 'daemon'] });
    started.push(helper);
    const stat = fs.statSync(helper.socketPath);
    assert.equal(stat.mode & 0o777, 0o660);
    assert.equal(stat.gid, 1, 'group daemon (gid 1)');
    assert.ok(stat.isSocket());
  });

  it('without --group the socket is root-only (0600)', async () => {
    const helper = await startHelper();
    started.push(helper);
    assert.equal(fs.statSync(helper.socketPath).mode & 0o777, 0o600);
  });

  it('refuses to start without root unless --allow-non-root', async () => {
    const socketPath = path.join(tmp, 'nonroot.sock');
    fs.chmodSync(tmp, 0o777);
    const result = await run('runuser', [
      '-u',
      'nobody',
      '--',
      process.execPath,
      HELPER_BUNDLE,
      '--socket',
      socketPath,
      '--no-audit-log',
    ]).then(
      () => ({ code: 0, stderr: '' }),
      (error: { code: number; stderr: string }) => error,
    );
    assert.equal(result.code, 1);
    assert.match(result.stderr, /must run as root/);
    assert.equal(fs.existsSync(socketPath), false);
  });

  it('with --allow-non-root runs as a user and explains the kernel refusing it (EACCES)', async () => {
    const cpu = v1Mount('cpu');
    if (cpu === undefined) return;
    const group = createTestGroup(cpu, uniqueTestName('nonroot'));
    const socketPath = path.join(tmp, 'user.sock');
    fs.chmodSync(tmp, 0o777); // nobody creates its socket here
    const child = spawn(
      'runuser',
      [
        '-u',
        'nobody',
        '--',
        process.execPath,
        HELPER_BUNDLE,
        '--socket',
        socketPath,
        '--no-audit-log',
        '--allow-non-root',
      ],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
    try {
      const client = new HelperClient({ socketPath, timeoutMs: 1000 });
      let info;
      for (let i = 0; i < 50 && info === undefined; i++) {
        info = await client.connect().catch(() => undefined);
        if (info === undefined) await sleep(100);
      }
      assert.ok(info, 'the helper started as nobody');
      await assert.rejects(client.call('setCpuLimit', { group: group.path, quotaUs: 20000 }), (error) => {
        assert.ok(error instanceof HelperCallError);
        assert.equal(error.code, HelperErrorCodes.KernelError);
        assert.match(error.data?.fsCode ?? '', /EACCES|EPERM/);
        assert.match(error.message, /permission denied/);
        return true;
      });
      assert.equal(fs.readFileSync(path.join(group.dir, 'cpu.cfs_quota_us'), 'utf8').trim(), '-1');
      client.dispose();
    } finally {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
      await cleanupTestGroups();
    }
  });

  it('refuses to start a second helper on a live socket, and replaces a stale one', async () => {
    const first = await startHelper();
    started.push(first);
    const second = await run(process.execPath, [
      HELPER_BUNDLE,
      '--socket',
      first.socketPath,
      '--no-audit-log',
    ]).then(
      () => ({ code: 0, stderr: '' }),
      (error: { code: number; stderr: string }) => error,
    );
    assert.equal(second.code, 1);
    assert.match(second.stderr, /already listening/);
    // A socket file nobody listens on (a helper killed with SIGKILL) is replaced.
    const stalePath = path.join(tmp, 'stale.sock');
    await run('python3', [
      '-c',
      `import socket; socket.socket(socket.AF_UNIX).bind(${JSON.stringify(stalePath)})`,
    ]);
    assert.ok(fs.existsSync(stalePath));
    const replacing = await startHelper({ socketPath: stalePath });
    started.push(replacing);
    const client = new HelperClient({ socketPath: stalePath });
    assert.equal((await client.call('ping', {})).pong, true);
    client.dispose();
  });

  it('serves on a socket passed by systemd (LISTEN_FDS=1, LISTEN_PID)', async () => {
    const socketPath = path.join(tmp, 'activated.sock');
    // Like systemd: bind and listen, put the socket on fd 3, set LISTEN_FDS/LISTEN_PID, exec the helper.
    // (Python, because libuv unlinks a socket file when Node closes its listening handle.)
    const activate = [
      'import os, socket, sys',
      'path, node, helper = sys.argv[1:4]',
      's = socket.socket(socket.AF_UNIX)',
      's.bind(path)',
      's.listen(16)',
      'os.dup2(s.fileno(), 3)',
      'os.set_inheritable(3, True)',
      "os.environ['LISTEN_FDS'] = '1'",
      "os.environ['LISTEN_PID'] = str(os.getpid())",
      "os.execv(node, [node, helper, '--no-audit-log'])",
    ].join('\n');
    const child = spawn('python3', ['-c', activate, socketPath, process.execPath, HELPER_BUNDLE], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    try {
      const client = new HelperClient({ socketPath, timeoutMs: 1000 });
      let pong = false;
      for (let i = 0; i < 30 && !pong; i++) {
        pong = await client.call('ping', {}).then(
          (r) => r.pong,
          () => false,
        );
        if (!pong) await sleep(100);
      }
      client.dispose();
      assert.ok(pong, `the activated helper answers (${stderr})`);
      assert.match(stderr, /socket systemd passed/);
    } finally {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
  });

  it('answers "busy" beyond --max-connections and keeps serving the others', async () => {
    const helper = await startHelper({ args: ['--max-connections', '2'] });
    started.push(helper);
    const clients = [0, 1].map(() => new HelperClient({ socketPath: helper.socketPath }));
    for (const client of clients) await client.connect();
    const third = await rawExchange(helper.socketPath, frame(initializeRequest()), 1);
    assert.equal(third.responses[0]?.error?.code, HelperErrorCodes.Busy);
    assert.match(third.responses[0]?.error?.message ?? '', /Too many connections/);
    for (const client of clients) assert.equal((await client.call('ping', {})).pong, true);
    clients[0]?.dispose();
    await sleep(100);
    const fourth = new HelperClient({ socketPath: helper.socketPath });
    assert.equal((await fourth.call('ping', {})).pong, true);
    fourth.dispose();
    clients[1]?.dispose();
  });

  it('answers a client that pipelines thousands of requests without reading (backpressure, no loss)', async () => {
    const helper = await startHelper();
    started.push(helper);
    const pings = Array.from({ length: 3000 }, (_, i) =>
      frame({ jsonrpc: '2.0', id: i + 1, method: 'ping' }),
    );
    const exchange = await rawExchange(
      helper.socketPath,
      Buffer.concat([frame(initializeRequest()), ...pings]),
      3001,
      20000,
    );
    assert.equal(exchange.responses.length, 3001);
    assert.ok(exchange.responses.every((r) => r.error === undefined));
  });

  it('the client reconnects after the helper restarts, and says plainly when it is not running', async () => {
    const socketPath = path.join(tmp, 'restart.sock');
    const first = await startHelper({ socketPath });
    const client = new HelperClient({ socketPath, timeoutMs: 2000 });
    const pid1 = (await client.connect()).pid;
    await first.stop();
    await assert.rejects(client.call('ping', {}), (error) => {
      assert.ok(error instanceof HelperCallError);
      assert.ok(error.unreachable);
      assert.match(error.message, /not running/);
      return true;
    });
    const second = await startHelper({ socketPath });
    started.push(second);
    assert.equal((await client.call('ping', {})).pong, true);
    assert.notEqual((await client.connect()).pid, pid1);
    client.dispose();
  });
});
