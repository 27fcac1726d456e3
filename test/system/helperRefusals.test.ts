// Everything the helper must refuse, sent to the real helper process: traversal, symlinks, paths outside
// the cgroup mounts and the policy, non-allowlisted files, bad values, oversized and malformed messages,
// a wrong protocol version. Each gets a clear error, nothing is written (the files are compared), no audit
// line appears, and the daemon keeps serving.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { ResponseError } from 'vscode-jsonrpc/node';
import { checkGroupDir, writeLimitFile } from '../../src/adapters/cgroupWriter';
import { HelperClient } from '../../src/adapters/helperClient';
import { HelperErrorCodes, MAX_MESSAGE_BYTES } from '../../src/core/helperProtocol';
import type { Hierarchy } from '../../src/core/model';
import {
  cleanupTestGroups,
  createTestGroup,
  mountedHierarchies,
  uniqueTestName,
  v1Mount,
  v2Mount,
} from './cgroupTestTree';
import {
  auditLines,
  frame,
  initializeRequest,
  isAlive,
  rawConnection,
  rawExchange,
  snapshotFiles,
  startHelper,
  type RunningHelper,
} from './helperKit';

const cpuMount = v1Mount('cpu');

describe('helper refusals', { skip: cpuMount === undefined ? 'no v1 cpu hierarchy here' : false }, () => {
  const name = uniqueTestName('refuse');
  const group = '/' + name;
  let helper: RunningHelper;
  const watched: string[] = [];
  let before0: Map<string, Map<string, string>>;

  function snapshotAll(): Map<string, Map<string, string>> {
    return new Map(watched.map((dir) => [dir, snapshotFiles(dir)]));
  }

  before(async () => {
    const cpu = createTestGroup(cpuMount as string, name);
    watched.push(cpu.dir, cpuMount as string);
    const devices = v1Mount('devices');
    if (devices) watched.push(createTestGroup(devices, name).dir);
    const unified = v2Mount();
    if (unified) watched.push(createTestGroup(unified, name).dir);
    helper = await startHelper({ policy: { subtrees: { '*': [group] } } });
    before0 = snapshotAll();
  });

  after(async () => {
    await helper?.stop();
    await cleanupTestGroups();
  });

  /** Sends one request after the handshake on a raw connection; returns the error (fails if it succeeded). */
  async function refusal(method: string, params: unknown): Promise<ResponseError<unknown>> {
    const { connection, close } = await rawConnection(helper.socketPath);
    try {
      await connection.sendRequest('initialize', { protocolVersion: 1 });
      await connection.sendRequest(method, params);
    } catch (error) {
      assert.ok(error instanceof ResponseError, String(error));
      return error;
    } finally {
      close();
    }
    throw new Error(`${method} ${JSON.stringify(params)} was accepted`);
  }

  async function assertStillServing(): Promise<void> {
    assert.ok(isAlive(helper.pid));
    const client = new HelperClient({ socketPath: helper.socketPath });
    assert.equal((await client.call('ping', {})).pong, true);
    client.dispose();
  }

  const cases: Array<[string, string, unknown, number, RegExp]> = [
    ['traversal ../', 'setCpuLimit', { group: `${group}/../..`, quotaUs: 20000 }, -32003, /"\.\."/],
    ['traversal /../etc', 'setLimit', { group: '/../etc', file: 'pids.max', value: '5' }, -32003, /"\.\."/],
    ['relative path', 'setCpuLimit', { group: name, quotaUs: 20000 }, -32003, /must start with "\/"/],
    ['dot segment', 'setCpuLimit', { group: `${group}/.`, quotaUs: 20000 }, -32003, /"\."/],
    ['newline in path', 'setCpuLimit', { group: `${group}\n`, quotaUs: 20000 }, -32003, /control character/],
    [
      'outside the policy: root',
      'setCpuLimit',
      { group: '/', quotaUs: 20000 },
      -32003,
      /policy does not allow/,
    ],
    ['outside the policy: sibling', 'setCpuLimit', { group: '/docker', quotaUs: 20000 }, -32003, /policy/],
    ['prefix lookalike', 'setCpuLimit', { group: `${group}x`, quotaUs: 20000 }, -32003, /policy/],
    [
      'unmounted hierarchy',
      'setCpuLimit',
      { group, hierarchy: 'v1:nosuch', quotaUs: 20000 },
      -32003,
      /mounted/,
    ],
    [
      'wrong controller',
      'setCpuLimit',
      { group, hierarchy: 'v1:memory', quotaUs: 20000 },
      -32003,
      /cpu controller/,
    ],
    [
      'file with a path',
      'setLimit',
      { group, file: '../../../etc/passwd', value: 'x' },
      -32602,
      /control file/,
    ],
    [
      'release_agent',
      'setLimit',
      { group, hierarchy: 'v1:cpu', file: 'release_agent', value: '/tmp/x' },
      -32003,
      /never/,
    ],
    [
      'notify_on_release',
      'setLimit',
      { group, hierarchy: 'v1:cpu', file: 'notify_on_release', value: '1' },
      -32003,
      /policy file/,
    ],
    ['devices.allow', 'setLimit', { group, file: 'devices.allow', value: 'a *:* rwm' }, -32003, /refused/],
    [
      'cgroup.subtree_control',
      'setLimit',
      { group, hierarchy: 'v2', file: 'cgroup.subtree_control', value: '+pids' },
      -32003,
      /refused/,
    ],
    [
      'cgroup.procs via setLimit',
      'setLimit',
      { group, hierarchy: 'v1:cpu', file: 'cgroup.procs', value: '1' },
      -32003,
      /moveProcess/,
    ],
    [
      'tasks via setLimit',
      'setLimit',
      { group, hierarchy: 'v1:cpu', file: 'tasks', value: '1' },
      -32003,
      /moveProcess/,
    ],
    [
      'quota file via setLimit',
      'setLimit',
      { group, file: 'cpu.cfs_quota_us', value: '1000' },
      -32003,
      /setCpuLimit/,
    ],
    ['unknown file', 'setLimit', { group, file: 'cpu.rt_runtime_us', value: '0' }, -32003, /not on the list/],
    ['quota too small', 'setCpuLimit', { group, quotaUs: 999 }, -32004, /at least 1000/],
    ['negative quota', 'setCpuLimit', { group, quotaUs: -1 }, -32602, /quotaUs/],
    ['period too long', 'setCpuLimit', { group, quotaUs: 20000, periodUs: 2000000 }, -32004, /period/],
    ['quota as text', 'setCpuLimit', { group, quotaUs: '20000' }, -32602, /quotaUs/],
    ['shares below 2', 'setLimit', { group, file: 'cpu.shares', value: '1' }, -32004, /2\.\.262144/],
    ['octal shares', 'setLimit', { group, file: 'cpu.shares', value: '010' }, -32004, /whole number/],
    ['v2 sentinel on v1', 'setLimit', { group, file: 'memory.limit_in_bytes', value: 'max' }, -32004, /"-1"/],
    [
      'two values',
      'setLimit',
      { group, file: 'pids.max', value: '5\n6' },
      -32004,
      /single line|whole number/,
    ],
    ['bad freezer hierarchy', 'freeze', { group, hierarchy: 'v1:cpu' }, -32003, /freezer/],
    [
      'extra param',
      'setCpuLimit',
      { group, quotaUs: 20000, path: '/etc/passwd' },
      -32602,
      /path|Unrecognized/i,
    ],
    [
      'named hierarchy',
      'createGroup',
      { group: `${group}/x`, hierarchy: 'v1:name=systemd' },
      -32003,
      /named hierarchy/,
    ],
    ['moving init', 'moveProcess', { pid: 1, group, hierarchy: 'v1:cpu' }, -32003, /init/],
    ['pid 0', 'moveProcess', { pid: 0, group, hierarchy: 'v1:cpu' }, -32602, /pid/],
    ['remove the root', 'removeGroup', { group: '/', hierarchy: 'v1:cpu' }, -32003, /root/],
    ['unknown method', 'writeFile', { path: '/etc/passwd', value: 'x' }, -32601, /no method/],
    ['params as array', 'setCpuLimit', [group, 20000], -32602, /Invalid/],
  ];

  for (const [label, method, params, code, message] of cases) {
    it(`refuses ${label}`, async () => {
      const error = await refusal(method, params);
      assert.equal(error.code, code, `${error.code}: ${error.message}`);
      assert.match(error.message, message);
      assert.deepEqual(snapshotAll(), before0, 'nothing was written');
    });
  }

  it('refuses to freeze the group that holds the helper itself', { skip: !v1Mount('freezer') }, async () => {
    const freezer = createTestGroup(v1Mount('freezer') as string, name);
    fs.writeFileSync(path.join(freezer.dir, 'cgroup.procs'), String(helper.pid));
    const error = await refusal('freeze', { group });
    assert.equal(error.code, HelperErrorCodes.Refused);
    assert.match(error.message, /contains the helper itself/);
    assert.equal(fs.readFileSync(path.join(freezer.dir, 'freezer.state'), 'utf8').trim(), 'THAWED');
  });

  it('refuses a request before the handshake', async () => {
    const { connection, close } = await rawConnection(helper.socketPath);
    await assert.rejects(connection.sendRequest('setCpuLimit', { group, quotaUs: 20000 }), (error) => {
      assert.ok(error instanceof ResponseError);
      assert.equal(error.code, HelperErrorCodes.NotInitialized);
      return true;
    });
    close();
  });

  it('refuses a wrong protocol version with a clear error and closes the connection', async () => {
    const exchange = await rawExchange(helper.socketPath, frame(initializeRequest(1, 99)), 1);
    assert.equal(exchange.responses[0]?.error?.code, HelperErrorCodes.ProtocolMismatch);
    assert.match(exchange.responses[0]?.error?.message ?? '', /protocol version 1, the client 99/);
    assert.equal(exchange.closed, true);
  });

  it('answers an oversized message with an error and closes, without reading it', async () => {
    const big = frame({
      jsonrpc: '2.0',
      id: 1,
      method: 'ping',
      params: { pad: 'x'.repeat(MAX_MESSAGE_BYTES) },
    });
    const exchange = await rawExchange(helper.socketPath, big, 1);
    assert.equal(exchange.responses[0]?.error?.code, HelperErrorCodes.InvalidRequest);
    assert.match(exchange.responses[0]?.error?.message ?? '', /at most 65536/);
    assert.equal(exchange.closed, true);
  });

  it('closes a connection that sends an endless header', async () => {
    const exchange = await rawExchange(helper.socketPath, Buffer.alloc(4096, 'A'), 1);
    assert.match(exchange.responses[0]?.error?.message ?? '', /header is too long/);
    assert.equal(exchange.closed, true);
  });

  it('answers a body that is not JSON with a parse error and keeps the connection', async () => {
    const data = Buffer.concat([
      frame(initializeRequest()),
      frame('{"jsonrpc": "2.0", "id": 1, "method": "ping", '),
      frame({ jsonrpc: '2.0', id: 2, method: 'ping' }),
    ]);
    const exchange = await rawExchange(helper.socketPath, data, 3);
    assert.equal(exchange.responses.length, 3);
    const parseError = exchange.responses.find((r) => r.error?.code === HelperErrorCodes.ParseError);
    assert.ok(parseError, JSON.stringify(exchange.responses));
    assert.match(parseError.error?.message ?? '', /not valid JSON/);
    assert.ok(exchange.responses.some((r) => r.id === 2 && r.result !== undefined));
  });

  it('refuses a symbolic link on the way to the group (writer check)', async () => {
    const real = mountedHierarchies().find((h) => h.mountPoint === cpuMount) as Hierarchy;
    const link = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'cgl-link-')), 'cpu');
    fs.symlinkSync(cpuMount as string, link);
    try {
      const viaLink = checkGroupDir({ hierarchy: { ...real, mountPoint: link }, group });
      assert.equal(viaLink.ok, false);
      assert.match(viaLink.ok ? '' : viaLink.message, /not a directory|symbolic link|a link on the way/);
      const written = await writeLimitFile(
        { hierarchy: { ...real, mountPoint: link }, group },
        'cpu.shares',
        '2',
      );
      assert.equal(written.ok, false);
    } finally {
      fs.rmSync(path.dirname(link), { recursive: true, force: true });
    }
    assert.deepEqual(snapshotAll(), before0);
  });

  it('refuses a directory that is not a cgroup filesystem (writer check)', () => {
    const real = mountedHierarchies().find((h) => h.mountPoint === cpuMount) as Hierarchy;
    const outside = checkGroupDir({ hierarchy: { ...real, mountPoint: '/etc' }, group: '/' });
    assert.equal(outside.ok, false);
    assert.match(outside.ok ? '' : outside.message, /not a cgroup filesystem/);
  });

  it('kept serving, wrote nothing and logged no audit line', async () => {
    await assertStillServing();
    assert.deepEqual(snapshotAll(), before0);
    assert.equal(auditLines(helper.auditPath).length, 0);
  });
});
