// Shared by the helper's system tests and benchmark: start the REAL helper (node dist/helper.js) on a
// temporary socket with a temporary audit log, talk to it raw (framing tests) or through the real client,
// and stop it by PID.
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  StreamMessageReader,
  StreamMessageWriter,
  createMessageConnection,
  type MessageConnection,
} from 'vscode-jsonrpc/node';

export const HELPER_BUNDLE = path.resolve(__dirname, '../../../dist/helper.js');

export interface RunningHelper {
  process: ChildProcess;
  pid: number;
  socketPath: string;
  auditPath: string;
  dir: string;
  stderr: () => string;
  stop: () => Promise<void>;
}

export interface StartOptions {
  /** Written to a temporary policy file and passed with --policy. */
  policy?: unknown;
  args?: string[];
  /** Listen here instead of a fresh temporary path (to restart a helper on the same socket). */
  socketPath?: string;
}

/** Starts the helper bundle and waits until its socket accepts connections. */
export async function startHelper(options: StartOptions = {}): Promise<RunningHelper> {
  if (!fs.existsSync(HELPER_BUNDLE))
    throw new Error(`${HELPER_BUNDLE} is missing: run node esbuild.js first`);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cgl-helper-'));
  const socketPath = options.socketPath ?? path.join(dir, 'helper.sock');
  const auditPath = path.join(dir, 'audit.log');
  const args = [HELPER_BUNDLE, '--socket', socketPath, '--audit-log', auditPath, ...(options.args ?? [])];
  if (options.policy !== undefined) {
    const policyPath = path.join(dir, 'policy.json');
    fs.writeFileSync(policyPath, JSON.stringify(options.policy));
    args.push('--policy', policyPath);
  }
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  if (child.pid === undefined) throw new Error('could not start the helper');
  const pid = child.pid;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const deadline = Date.now() + 10000;
  while (!(await canConnect(socketPath))) {
    if (child.exitCode !== null) throw new Error(`the helper exited: ${stderr}`);
    if (Date.now() > deadline) throw new Error(`the helper did not listen within 10 s: ${stderr}`);
    await sleep(25);
  }
  return {
    process: child,
    pid,
    socketPath,
    auditPath,
    dir,
    stderr: () => stderr,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) {
        process.kill(pid, 'SIGTERM');
        const timer = setTimeout(() => child.exitCode === null && process.kill(pid, 'SIGKILL'), 3000);
        await exited;
        clearTimeout(timer);
      }
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function canConnect(socketPath: string): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(socketPath);
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/** Content-Length framing of a JSON value or raw text. */
export function frame(message: unknown): Buffer {
  const body = Buffer.from(typeof message === 'string' ? message : JSON.stringify(message), 'utf8');
  return Buffer.concat([Buffer.from(`Content-Length: ${body.length}\r\n\r\n`, 'ascii'), body]);
}

export interface RawExchange {
  responses: Array<{
    id?: unknown;
    result?: unknown;
    error?: { code: number; message: string; data?: unknown };
  }>;
  /** True when the helper closed the connection. */
  closed: boolean;
}

/** Sends raw bytes on a fresh connection and collects framed responses until `count` or `waitMs`. */
export function rawExchange(
  socketPath: string,
  data: Buffer,
  count: number,
  waitMs = 2000,
): Promise<RawExchange> {
  return new Promise((resolve) => {
    const socket = net.connect(socketPath);
    let buffer = Buffer.alloc(0);
    const responses: RawExchange['responses'] = [];
    let closed = false;
    const finish = () => {
      clearTimeout(timer);
      socket.destroy();
      resolve({ responses, closed });
    };
    const timer = setTimeout(finish, waitMs);
    socket.on('error', () => undefined);
    socket.on('close', () => {
      closed = true;
      finish();
    });
    socket.on('data', (chunk: Buffer) => {
      buffer = Buffer.concat([buffer, chunk]);
      for (;;) {
        const end = buffer.indexOf('\r\n\r\n');
        if (end < 0) break;
        const length = Number(/Content-Length: (\d+)/i.exec(buffer.subarray(0, end).toString())?.[1]);
        if (buffer.length < end + 4 + length) break;
        responses.push(
          JSON.parse(buffer.subarray(end + 4, end + 4 + length).toString()) as RawExchange['responses'][0],
        );
        buffer = buffer.subarray(end + 4 + length);
      }
      if (responses.length >= count) {
        // Give the helper a moment to close (it does after a framing error or a version mismatch).
        setTimeout(() => {
          clearTimeout(timer);
          socket.destroy();
          resolve({ responses, closed });
        }, 150);
      }
    });
    socket.on('connect', () => socket.write(data));
  });
}

/** The initialize request that must come first on every connection. */
export function initializeRequest(id: number | string = 0, protocolVersion = 1): unknown {
  return { jsonrpc: '2.0', id, method: 'initialize', params: { protocolVersion, client: 'test' } };
}

export function countOpenFds(pid: number): number {
  return fs.readdirSync(`/proc/${pid}/fd`).length;
}

export function auditLines(auditPath: string): Array<Record<string, unknown>> {
  if (!fs.existsSync(auditPath)) return [];
  return fs
    .readFileSync(auditPath, 'utf8')
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

/** Whether the helper process is still alive. */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** A JSON-RPC connection without the client's checks, to send what a hostile client would. */
export async function rawConnection(
  socketPath: string,
): Promise<{ connection: MessageConnection; close: () => void }> {
  const socket = await new Promise<net.Socket>((resolve, reject) => {
    const s = net.connect(socketPath);
    s.once('connect', () => resolve(s));
    s.once('error', reject);
  });
  const connection = createMessageConnection(
    new StreamMessageReader(socket),
    new StreamMessageWriter(socket),
  );
  connection.listen();
  return {
    connection,
    close: () => {
      connection.dispose();
      socket.destroy();
    },
  };
}

/** The readable regular files of a directory and their contents (to prove nothing changed). */
export function snapshotFiles(dir: string): Map<string, string> {
  const snapshot = new Map<string, string>();
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (!entry.isFile()) continue;
    // Counters and statistics change by themselves; limits and settings do not.
    if (
      /(stat|usage|pressure|events|procs|tasks|threads|current|peak|failcnt|numa|max_usage)/.test(entry.name)
    ) {
      continue;
    }
    try {
      snapshot.set(entry.name, fs.readFileSync(path.join(dir, entry.name), 'utf8'));
    } catch {
      // write-only or unreadable
    }
  }
  return snapshot;
}
