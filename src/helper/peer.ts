// Who is on the other end of a Unix socket connection. Node cannot read SO_PEERCRED without a native addon,
// so we ask the kernel's socket diagnostics through `ss -xpn` (iproute2): the line of our accepted socket
// names the peer's socket inode, and the peer's line names the process holding it; the uid then comes from
// /proc/PID/status. One `ss` run serves every connection waiting at that moment. When ss is missing or the
// peer cannot be found, the caller is recorded as unknown and the audit line says so.
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import type * as net from 'node:net';

export interface Peer {
  uid: number | null;
  pid: number | null;
  how: string;
}

/** The inode of the socket behind a net.Socket ("socket:[123]" in /proc/self/fd), or undefined. */
export function socketInode(socket: net.Socket): number | undefined {
  const handle = (socket as unknown as { _handle?: { fd?: unknown } })._handle;
  const fd = handle?.fd;
  if (typeof fd !== 'number' || fd < 0) return undefined;
  try {
    const match = /^socket:\[(\d+)\]$/.exec(fs.readlinkSync(`/proc/self/fd/${fd}`));
    return match ? Number(match[1]) : undefined;
  } catch {
    return undefined;
  }
}

interface SsSocket {
  peerInode: number | null;
  pid: number | null;
}

/** Parses `ss -xpnH` lines: Netid State Recv-Q Send-Q Local Port Peer Port [users:((...,pid=N,fd=M))]. */
export function parseSsUnix(text: string): Map<number, SsSocket> {
  const sockets = new Map<number, SsSocket>();
  for (const line of text.split('\n')) {
    const fields = line.trim().split(/\s+/);
    if (fields.length < 8) continue;
    const localInode = Number(fields[5]);
    const peerInode = Number(fields[7]);
    if (!Number.isInteger(localInode)) continue;
    const pidMatch = /pid=(\d+)/.exec(line);
    sockets.set(localInode, {
      peerInode: Number.isInteger(peerInode) && peerInode > 0 ? peerInode : null,
      pid: pidMatch ? Number(pidMatch[1]) : null,
    });
  }
  return sockets;
}

function uidOf(pid: number): number | null {
  try {
    const match = /^Uid:\s+(\d+)/m.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) : null;
  } catch {
    return null;
  }
}

export class PeerResolver {
  private waiting = new Map<number, Array<(peer: Peer) => void>>();
  private running = false;

  constructor(private readonly ssPath = 'ss') {}

  /** Resolves the peer of our socket with this inode; never rejects. */
  resolve(inode: number | undefined): Promise<Peer> {
    if (inode === undefined)
      return Promise.resolve({ uid: null, pid: null, how: 'unknown: no socket inode' });
    return new Promise((resolve) => {
      const list = this.waiting.get(inode) ?? [];
      list.push(resolve);
      this.waiting.set(inode, list);
      if (!this.running) this.runSoon();
    });
  }

  private runSoon(): void {
    this.running = true;
    setImmediate(() => this.run());
  }

  private run(): void {
    const batch = this.waiting;
    this.waiting = new Map();
    execFile(this.ssPath, ['-xpnH'], { timeout: 5000, maxBuffer: 64 * 1024 * 1024 }, (error, stdout) => {
      const sockets = error ? new Map<number, SsSocket>() : parseSsUnix(stdout);
      for (const [inode, resolvers] of batch) {
        const peer = this.peerFrom(sockets, inode, error);
        for (const resolve of resolvers) resolve(peer);
      }
      this.running = false;
      if (this.waiting.size > 0) this.runSoon();
    });
  }

  private peerFrom(sockets: Map<number, SsSocket>, inode: number, error: Error | null): Peer {
    if (error) return { uid: null, pid: null, how: `unknown: ss failed (${error.message.split('\n')[0]})` };
    const peerInode = sockets.get(inode)?.peerInode;
    if (peerInode === undefined || peerInode === null) {
      return { uid: null, pid: null, how: 'unknown: socket not found by ss' };
    }
    const pid = sockets.get(peerInode)?.pid ?? null;
    if (pid === null) return { uid: null, pid: null, how: 'unknown: peer process not found by ss' };
    return { uid: uidOf(pid), pid, how: 'ss -xp peer lookup' };
  }
}
