// Fuzzing the real helper: over 100,000 requests, structured mutations of valid requests (wrong types,
// missing and extra fields, hostile paths and files, odd values), byte mutations of their JSON, and framing
// garbage on fresh connections. Afterwards the daemon is alive, nothing outside the test prefix changed,
// every audit line targets the prefix, and there is exactly one line per mutation the helper accepted.
// Safety: moveProcess only ever names our own sleeper or pids above pid_max (never someone else's process).
import { spawn, type ChildProcess } from 'node:child_process';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  TEST_PREFIX_START,
  cleanupTestGroups,
  createTestGroup,
  uniqueTestName,
  v1Mount,
  v2Mount,
} from './cgroupTestTree';
import { auditLines, frame, isAlive, snapshotFiles, startHelper, type RunningHelper } from './helperKit';

const TOTAL = Number(process.env.CGROUP_LENS_FUZZ_REQUESTS ?? 100_000);
const GARBAGE_SHARE = 0.05;
const CONNECTIONS = 4;
const WINDOW = 24;

/** Small fast deterministic PRNG (mulberry32), so a failure can be replayed with its seed. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const hostilePaths = [
  '/',
  '/..',
  '/../etc',
  '//',
  '/docker',
  '/system.slice',
  '/a/../../b',
  '.',
  '',
  '/\u0000',
  '/x\ny',
  '/%2e%2e',
  '/' + 'a'.repeat(300),
  '/proc/self',
  '/sys/fs/cgroup/cpu',
  '/cgroup-lens-test-',
];
const files = [
  'cpu.shares',
  'pids.max',
  'memory.limit_in_bytes',
  'memory.soft_limit_in_bytes',
  'memory.max',
  'cpu.weight',
  'cpuset.cpus',
  'freezer.state',
  'cgroup.freeze',
  'release_agent',
  'notify_on_release',
  'devices.allow',
  'devices.deny',
  'cgroup.subtree_control',
  'cgroup.procs',
  'tasks',
  'cpu.cfs_quota_us',
  'cpu.max',
  'io.max',
  'blkio.throttle.read_bps_device',
  '../release_agent',
  'memory.force_empty',
  'cgroup.kill',
];
const values = [
  '0',
  '1',
  '2',
  '-1',
  'max',
  '512M',
  '1G',
  '64',
  'FROZEN',
  'THAWED',
  '8:0 rbps=1048576',
  '8:0 1048576',
  'a *:* rwm',
  '+cpu',
  '/tmp/x',
  '0-1',
  '010',
  '0x10',
  '1\n2',
  'x'.repeat(2000),
  '',
  ' ',
  '\u0000',
];
const hierarchies = [
  'v1:cpu',
  'v1:cpuacct',
  'v1:memory',
  'v1:pids',
  'v1:freezer',
  'v1:devices',
  'v2',
  'v1:nosuch',
  'v3',
];
const methods = [
  'setCpuLimit',
  'setLimit',
  'createGroup',
  'removeGroup',
  'moveProcess',
  'freeze',
  'thaw',
  'ping',
];

function randomValue(rand: () => number): unknown {
  const choice = Math.floor(rand() * 12);
  switch (choice) {
    case 0:
      return null;
    case 1:
      return Math.floor(rand() * 2 ** 31) * (rand() < 0.3 ? -1 : 1);
    case 2:
      return rand() * 1e6;
    case 3:
      return 2 ** 60;
    case 4:
      return hostilePaths[Math.floor(rand() * hostilePaths.length)];
    case 5:
      return String.fromCharCode(
        ...Array.from({ length: Math.floor(rand() * 20) }, () => Math.floor(rand() * 0xffff)),
      );
    case 6:
      return [1, '2', null];
    case 7:
      return { nested: { deeper: [rand()] } };
    case 8:
      return rand() < 0.5;
    case 9:
      return values[Math.floor(rand() * values.length)];
    case 10:
      return files[Math.floor(rand() * files.length)];
    default:
      return '';
  }
}

describe('helper fuzz', { skip: v1Mount('cpu') === undefined ? 'no v1 cpu hierarchy here' : false }, () => {
  const name = uniqueTestName('fuzz');
  const prefix = '/' + name;
  const seed = Number(process.env.CGROUP_LENS_FUZZ_SEED ?? Date.now() % 1_000_000);
  let helper: RunningHelper;
  let sleeper: ChildProcess;
  const watchedMounts: string[] = [];
  let outsideBefore: Map<string, Map<string, string>>;

  /** Settings of each hierarchy's root and its top-level groups, except test groups (ours and others'). */
  function snapshotOutside(): Map<string, Map<string, string>> {
    const result = new Map<string, Map<string, string>>();
    for (const mount of watchedMounts) {
      result.set(mount, snapshotFiles(mount));
      for (const entry of fs.readdirSync(mount, { withFileTypes: true })) {
        if (!entry.isDirectory() || entry.name.startsWith(TEST_PREFIX_START)) continue;
        result.set(path.join(mount, entry.name), snapshotFiles(path.join(mount, entry.name)));
      }
    }
    return result;
  }

  before(async () => {
    for (const controller of ['cpu', 'cpuacct', 'memory', 'pids', 'freezer', 'devices']) {
      const mount = v1Mount(controller);
      if (mount === undefined) continue;
      createTestGroup(mount, name);
      watchedMounts.push(mount);
    }
    const unified = v2Mount();
    if (unified) {
      createTestGroup(unified, name);
      watchedMounts.push(unified);
    }
    sleeper = spawn('sleep', ['600'], { stdio: 'ignore' });
    helper = await startHelper({ policy: { subtrees: { '*': [prefix] } } });
    outsideBefore = snapshotOutside();
  });

  after(async () => {
    // Thaw before killing: a frozen task cannot die.
    const freezer = v1Mount('freezer');
    if (freezer) fs.writeFileSync(path.join(freezer, name, 'freezer.state'), 'THAWED');
    const unified = v2Mount();
    if (unified && fs.existsSync(path.join(unified, name, 'cgroup.freeze'))) {
      fs.writeFileSync(path.join(unified, name, 'cgroup.freeze'), '0');
    }
    // The fuzz may have moved it into a tiny memory limit and the OOM killer ended it (signalCode set).
    if (sleeper.exitCode === null && sleeper.signalCode === null) {
      const exited = new Promise((resolve) => sleeper.once('exit', resolve));
      sleeper.kill('SIGKILL');
      await exited;
    }
    await helper?.stop();
    await cleanupTestGroups();
  });

  it(`survives ${TOTAL} random and mutated requests with one audit line per accepted mutation`, async () => {
    const rand = prng(seed);
    const sleeperPid = sleeper.pid as number;
    const group = () => (rand() < 0.8 ? prefix : `${prefix}/f${Math.floor(rand() * 8)}`);
    const validParams = (method: string): Record<string, unknown> => {
      switch (method) {
        case 'setCpuLimit':
          return rand() < 0.5
            ? { group: group(), quotaUs: 1000 + Math.floor(rand() * 200000) }
            : { group: group(), quotaUs: null, periodUs: 1000 + Math.floor(rand() * 999000) };
        case 'setLimit':
          return {
            group: group(),
            file: files[Math.floor(rand() * 8)],
            value: values[Math.floor(rand() * 10)],
          };
        case 'createGroup':
        case 'removeGroup':
          return {
            group: `${prefix}/f${Math.floor(rand() * 8)}`,
            hierarchy: hierarchies[Math.floor(rand() * 7)],
          };
        case 'moveProcess':
          return {
            pid: rand() < 0.5 ? sleeperPid : 4_000_000 + Math.floor(rand() * 100_000),
            group: group(),
            hierarchy: hierarchies[Math.floor(rand() * 7)],
          };
        case 'freeze':
        case 'thaw':
          return { group: prefix };
        default:
          return {};
      }
    };
    /** A request body: a valid one, then maybe structured or byte mutations (never on moveProcess's pid). */
    const makeBody = (id: number): string => {
      let method = methods[Math.floor(rand() * methods.length)] as string;
      const params = validParams(method);
      const roll = rand();
      if (roll < 0.25) {
        // valid as generated
      } else if (roll < 0.75) {
        const keys = Object.keys(params).filter((k) => !(method === 'moveProcess' && k === 'pid'));
        const mutations = 1 + Math.floor(rand() * 3);
        for (let m = 0; m < mutations; m++) {
          const kind = rand();
          const key = keys[Math.floor(rand() * keys.length)];
          if (kind < 0.2 && key) delete params[key];
          else if (kind < 0.3) params[`extra${Math.floor(rand() * 3)}`] = randomValue(rand);
          else if (kind < 0.6 && key === 'group')
            params.group = hostilePaths[Math.floor(rand() * hostilePaths.length)];
          else if (kind < 0.85 && key) params[key] = randomValue(rand);
          else if (kind < 0.95)
            method = rand() < 0.5 ? (methods[Math.floor(rand() * methods.length)] as string) : `x${id}`;
        }
        if (method === 'moveProcess') params.pid = rand() < 0.5 ? sleeperPid : 4_100_000;
      }
      let paramsText = JSON.stringify(params);
      if (method !== 'moveProcess' && rand() < 0.2) {
        const chars = [...paramsText];
        const edits = 1 + Math.floor(rand() * 4);
        for (let e = 0; e < edits; e++) {
          const at = Math.floor(rand() * chars.length);
          const op = rand();
          const junk = String.fromCharCode(32 + Math.floor(rand() * 95));
          if (op < 0.33) chars.splice(at, 1);
          else if (op < 0.66) chars.splice(at, 0, junk);
          else chars[at] = junk;
        }
        paramsText = chars.join('');
      }
      return `{"jsonrpc":"2.0","id":${id},"method":${JSON.stringify(method)},"params":${paramsText}}`;
    };

    let accepted = 0;
    let answered = 0;
    let lost = 0;
    const garbageCount = Math.floor(TOTAL * GARBAGE_SHARE);
    const framedCount = TOTAL - garbageCount;
    let nextId = 1;
    const started = performance.now();

    const runConnection = async (count: number) => {
      const socket = net.connect(helper.socketPath);
      await new Promise<void>((resolve, reject) => {
        socket.once('connect', () => resolve());
        socket.once('error', reject);
      });
      let buffer = Buffer.alloc(0);
      let outstanding = 0;
      let wake: (() => void) | undefined;
      socket.on('data', (chunk: Buffer) => {
        buffer = Buffer.concat([buffer, chunk]);
        for (;;) {
          const end = buffer.indexOf('\r\n\r\n');
          if (end < 0) break;
          const length = Number(/Content-Length: (\d+)/i.exec(buffer.subarray(0, end).toString())?.[1]);
          if (buffer.length < end + 4 + length) break;
          const response = JSON.parse(buffer.subarray(end + 4, end + 4 + length).toString()) as {
            id: unknown;
            result?: { verb?: string };
            error?: { data?: { attempted?: boolean } };
          };
          buffer = buffer.subarray(end + 4 + length);
          if (response.id === 0) continue; // the handshake
          answered++;
          outstanding--;
          if (response.result?.verb !== undefined || response.error?.data?.attempted === true) accepted++;
          wake?.();
        }
      });
      socket.write(frame({ jsonrpc: '2.0', id: 0, method: 'initialize', params: { protocolVersion: 1 } }));
      const waitBelow = (limit: number, ms: number) =>
        new Promise<boolean>((resolve) => {
          const check = () => {
            if (outstanding < limit) {
              clearTimeout(timer);
              wake = undefined;
              resolve(true);
            }
          };
          const timer = setTimeout(() => {
            wake = undefined;
            resolve(false);
          }, ms);
          wake = check;
          check();
        });
      for (let i = 0; i < count; i++) {
        if (outstanding >= WINDOW && !(await waitBelow(WINDOW, 5000))) break;
        outstanding++;
        socket.write(frame(makeBody(nextId++)));
      }
      if (!(await waitBelow(1, 5000))) lost += outstanding;
      socket.destroy();
    };

    const runGarbage = async (count: number) => {
      for (let i = 0; i < count; i++) {
        const kind = rand();
        let data: Buffer;
        if (kind < 0.4) {
          data = Buffer.from(
            Array.from({ length: 1 + Math.floor(rand() * 3000) }, () => Math.floor(rand() * 256)),
          );
        } else if (kind < 0.6) {
          data = Buffer.from(`Content-Length: ${rand() < 0.5 ? -5 : 10 ** 9}\r\n\r\n{}`);
        } else if (kind < 0.8) {
          data = Buffer.from(`Content-Length: abc\r\nX: y\r\n\r\n`);
        } else {
          const body = makeBody(nextId++);
          data = Buffer.from(`Content-Length: ${body.length + 50}\r\n\r\n${body}`); // truncated: then we hang up
        }
        await new Promise<void>((resolve) => {
          const socket = net.connect(helper.socketPath);
          socket.on('error', () => resolve());
          socket.on('close', () => resolve());
          socket.resume(); // read (and drop) the helper's answer, so its FIN arrives
          socket.on('connect', () => socket.end(data));
          setTimeout(() => socket.destroy(), 200);
        });
      }
    };

    const perConnection = Math.ceil(framedCount / CONNECTIONS);
    await Promise.all([
      ...Array.from({ length: CONNECTIONS }, (_, i) =>
        runConnection(Math.min(perConnection, framedCount - i * perConnection)),
      ),
      runGarbage(garbageCount),
    ]);
    const seconds = (performance.now() - started) / 1000;
    console.log(
      `fuzz seed ${seed}: ${framedCount} framed + ${garbageCount} garbage in ${seconds.toFixed(1)} s, ` +
        `${answered} answered, ${accepted} accepted mutations, ${lost} unanswered`,
    );

    assert.ok(isAlive(helper.pid), 'the helper is alive');
    assert.equal(lost, 0, 'every framed request got an answer');
    assert.equal(answered, framedCount);
    assert.ok(accepted > 1000, `enough mutations went through to mean something (${accepted})`);
    const lines = auditLines(helper.auditPath);
    assert.equal(lines.length, accepted, 'one audit line per accepted mutation');
    for (const line of lines) {
      const target = String(line.target);
      assert.ok(
        target === prefix || target.startsWith(prefix + '/'),
        `audit target ${target} is inside the prefix`,
      );
    }
    assert.deepEqual(snapshotOutside(), outsideBefore, 'nothing outside the test prefix changed');
    assert.ok(seconds < 240, `bounded time (${seconds.toFixed(1)} s)`);
  });
});
