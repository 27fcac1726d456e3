// cgroup-lens-helper: the privileged daemon that makes the cgroup writes the user's own process may not.
// Run as root (sudo or the systemd units in packaging/systemd); clients are members of --group.
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { DEFAULT_SOCKET_PATH, MAX_MESSAGE_BYTES } from '../core/helperProtocol';
import { DEFAULT_POLICY, parsePolicy, type WritePolicy } from '../core/writePolicy';
import { AuditLog } from './auditLog';
import { HierarchyTable } from './hierarchies';
import { HelperServer } from './server';

const HELPER_VERSION = '0.1.0';

const USAGE = `Usage: cgroup-lens-helper [options]
  --socket PATH          Unix socket to listen on (default ${DEFAULT_SOCKET_PATH});
                         with systemd socket activation (LISTEN_FDS) the inherited socket is used
  --group NAME           group that may connect (socket mode 0660, like docker's socket)
  --policy FILE          JSON policy: allowed subtrees per hierarchy, verbs, extra files
  --audit-log FILE       append one JSON line per change (default /var/log/cgroup-lens-helper.log)
  --no-audit-log         do not keep an audit log (tests only)
  --audit-fsync          fdatasync the audit log after each line (survives power loss; slower)
  --allow-non-root       run without root (for a subtree delegated to this user)
  --max-connections N    (default 128)
  --request-timeout-ms N (default 10000)
  --help`;

function log(message: string): void {
  console.error(`cgroup-lens-helper: ${message}`);
}

function fail(message: string): never {
  log(message);
  process.exit(1);
}

/** The gid of a group name from /etc/group (Node has no getgrnam), or a numeric gid as given. */
function groupId(name: string): number {
  if (/^\d+$/.test(name)) return Number(name);
  const line = fs
    .readFileSync('/etc/group', 'utf8')
    .split('\n')
    .find((l) => l.split(':')[0] === name);
  const gid = line?.split(':')[2];
  if (gid === undefined) fail(`There is no group "${name}" (create it with: groupadd ${name}).`);
  return Number(gid);
}

function positiveInt(text: string | undefined, fallback: number, what: string): number {
  if (text === undefined) return fallback;
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1) fail(`${what} must be a positive whole number.`);
  return n;
}

/** systemd socket activation: fd 3 when LISTEN_PID is us and LISTEN_FDS is 1. */
function inheritedSocketFd(): number | undefined {
  if (process.env.LISTEN_FDS === undefined) return undefined;
  if (process.env.LISTEN_PID !== String(process.pid)) return undefined;
  if (process.env.LISTEN_FDS !== '1') fail('Expected exactly one socket from systemd (LISTEN_FDS=1).');
  return 3;
}

function isLiveSocket(socketPath: string): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = net.connect(socketPath);
    probe.once('connect', () => {
      probe.destroy();
      resolve(true);
    });
    probe.once('error', () => resolve(false));
  });
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      socket: { type: 'string' },
      group: { type: 'string' },
      policy: { type: 'string' },
      'audit-log': { type: 'string' },
      'no-audit-log': { type: 'boolean' },
      'audit-fsync': { type: 'boolean' },
      'allow-non-root': { type: 'boolean' },
      'max-connections': { type: 'string' },
      'request-timeout-ms': { type: 'string' },
      help: { type: 'boolean' },
    },
    strict: true,
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  if (process.getuid?.() !== 0 && !values['allow-non-root']) {
    fail(
      'The helper must run as root to write cgroup files: sudo cgroup-lens-helper --group <your group>.\n' +
        'To act only on a subtree delegated to you, pass --allow-non-root.',
    );
  }

  let policy: WritePolicy = DEFAULT_POLICY;
  if (values.policy !== undefined) {
    const parsed = parsePolicy(fs.readFileSync(values.policy, 'utf8'));
    if (!parsed.ok) fail(`${values.policy}: ${parsed.reason}`);
    policy = parsed.policy;
  }
  const auditPath = values['no-audit-log']
    ? undefined
    : (values['audit-log'] ?? '/var/log/cgroup-lens-helper.log');
  const audit = new AuditLog(auditPath, values['audit-fsync'] ?? false);
  const hierarchies = new HierarchyTable();
  hierarchies.list();

  const server = new HelperServer({
    helperVersion: HELPER_VERSION,
    limits: {
      maxMessageBytes: MAX_MESSAGE_BYTES,
      maxConnections: positiveInt(values['max-connections'], 128, '--max-connections'),
      maxInFlightPerConnection: 32,
      maxInFlightTotal: 1024,
      maxQueuedPerConnection: 256,
      requestTimeoutMs: positiveInt(values['request-timeout-ms'], 10000, '--request-timeout-ms'),
    },
    verbs: { policy, audit, hierarchies: () => hierarchies.list() },
    log,
  });

  // Never die on one bad request: log and keep serving (each connection is isolated anyway).
  process.on('uncaughtException', (error) =>
    log(`unexpected error (still serving): ${error.stack ?? error.message}`),
  );
  process.on('unhandledRejection', (error) => log(`unexpected rejection (still serving): ${String(error)}`));

  const fd = inheritedSocketFd();
  let socketPath: string | undefined;
  if (fd !== undefined) {
    server.server.listen({ fd });
    log(`listening on the socket systemd passed (fd ${fd})`);
  } else {
    socketPath = path.resolve(values.socket ?? DEFAULT_SOCKET_PATH);
    fs.mkdirSync(path.dirname(socketPath), { recursive: true, mode: 0o755 });
    if (fs.existsSync(socketPath)) {
      if (!fs.lstatSync(socketPath).isSocket()) fail(`${socketPath} exists and is not a socket.`);
      if (await isLiveSocket(socketPath)) fail(`Another helper is already listening on ${socketPath}.`);
      fs.unlinkSync(socketPath);
    }
    // Created with no access for others from the first instant, then opened to the group.
    const previousUmask = process.umask(0o177);
    await new Promise<void>((resolve, reject) => {
      server.server.once('error', reject);
      server.server.listen(socketPath, () => resolve());
    });
    process.umask(previousUmask);
    if (values.group !== undefined) fs.chownSync(socketPath, process.getuid?.() ?? 0, groupId(values.group));
    fs.chmodSync(socketPath, values.group !== undefined ? 0o660 : 0o600);
    log(
      `listening on ${socketPath}${values.group ? ` for group ${values.group}` : ' (root only: no --group)'}`,
    );
  }
  if (auditPath) log(`audit log: ${auditPath}`);

  const stop = () => {
    void server.close().then(() => {
      if (socketPath !== undefined) fs.rmSync(socketPath, { force: true });
      audit.close();
      process.exit(0);
    });
  };
  process.on('SIGHUP', () => {
    try {
      audit.reopen();
      log('audit log reopened');
    } catch (error) {
      log(`could not reopen the audit log: ${(error as Error).message}`);
    }
  });
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main().catch((error: unknown) => fail(error instanceof Error ? error.message : String(error)));
