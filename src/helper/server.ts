// The helper's socket server: one vscode-jsonrpc connection per client, each isolated (a bad client can only
// break its own connection), with the handshake first and bounds on message size, connections, requests in
// flight and time per request.
import * as net from 'node:net';
import {
  StreamMessageReader,
  createMessageConnection,
  type Logger,
  type MessageConnection,
  type ResponseMessage,
} from 'vscode-jsonrpc/node';
import {
  HelperErrorCodes,
  MUTATING_VERBS,
  PROTOCOL_VERSION,
  type HelperErrorData,
  type InitializeResult,
  type MutatingVerb,
} from '../core/helperProtocol';
import { SingleWriteMessageWriter } from '../adapters/helperFraming';
import { FrameGuard } from './frameGuard';
import { PeerResolver, socketInode, type Peer } from './peer';
import { helperError, parseParams, runMutation, type Caller, type VerbContext } from './verbs';

export interface ServerLimits {
  maxMessageBytes: number;
  maxConnections: number;
  maxInFlightPerConnection: number;
  maxInFlightTotal: number;
  /** Messages read but not yet answered, per connection, before the helper stops reading from it. */
  maxQueuedPerConnection: number;
  requestTimeoutMs: number;
}

export interface ServerOptions {
  helperVersion: string;
  limits: ServerLimits;
  verbs: VerbContext;
  /** Diagnostics for the operator (stderr); never the client's data in bulk. */
  log: (message: string) => void;
}

const quietLogger: Logger = { error: () => {}, warn: () => {}, info: () => {}, log: () => {} };

const MUTATING = new Set<string>(MUTATING_VERBS);

export class HelperServer {
  readonly server: net.Server;
  private readonly sockets = new Set<net.Socket>();
  private inFlightTotal = 0;
  private readonly peers = new PeerResolver();

  constructor(private readonly options: ServerOptions) {
    this.server = net.createServer({ allowHalfOpen: false }, (socket) => this.accept(socket));
    this.server.on('error', (error) => options.log(`server error: ${error.message}`));
  }

  get connectionCount(): number {
    return this.sockets.size;
  }

  close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private accept(socket: net.Socket): void {
    socket.on('error', () => {}); // a client vanishing mid-write is its own problem
    if (this.sockets.size >= this.options.limits.maxConnections) {
      sendRaw(socket, HelperErrorCodes.Busy, 'Too many connections to the helper; try again.', {
        reason: 'busy',
      });
      socket.end();
      setTimeout(() => socket.destroy(), 1000).unref();
      return;
    }
    this.sockets.add(socket);
    const guard = new FrameGuard(this.options.limits.maxMessageBytes);
    const reader = new StreamMessageReader(guard);
    // Backpressure: stop reading while too many of this client's messages wait for an answer, so a client
    // that pipelines without reading cannot make the helper queue without bound.
    const limits = this.options.limits;
    const waiting = () => guard.frames - writer.written;
    const writer = new SingleWriteMessageWriter(socket, () => {
      if (socket.isPaused() && waiting() <= limits.maxQueuedPerConnection / 2) socket.resume();
    });
    guard.on('data', () => {
      if (waiting() >= limits.maxQueuedPerConnection && !socket.isPaused()) socket.pause();
    });
    const connection = createMessageConnection(reader, writer, quietLogger);
    let closed = false;
    const close = () => {
      if (closed) return;
      closed = true;
      this.sockets.delete(socket);
      connection.dispose();
      socket.destroy();
    };
    socket.on('close', close);
    socket.pipe(guard);
    guard.on('error', (error: Error) => {
      // Oversized or unframed input: say why, then close; the reader never buffered it.
      socket.unpipe(guard);
      void sendError(writer, HelperErrorCodes.InvalidRequest, error.message, {
        reason: 'invalid-params',
      }).finally(() => socket.end());
      setTimeout(close, 1000).unref();
    });
    connection.onError(([error]) => {
      // The body was not JSON: answer like JSON-RPC says (id null) and keep serving this connection.
      if (closed) return;
      const message = `The message is not valid JSON: ${error.message}`.slice(0, 300);
      void sendError(writer, HelperErrorCodes.ParseError, message, { reason: 'invalid-params' });
    });
    const state: ConnectionState = {
      initialized: false,
      client: null,
      inFlight: 0,
      peer: undefined,
      socket,
      connection,
    };
    connection.onRequest((method, params) => this.handle(state, method, params, close));
    connection.onNotification(() => {});
    connection.listen();
  }

  private async handle(
    state: ConnectionState,
    method: string,
    params: unknown,
    close: () => void,
  ): Promise<unknown> {
    if (method === 'initialize') {
      const p = parseParams('initialize', params);
      if (p.protocolVersion !== PROTOCOL_VERSION) {
        setTimeout(close, 50).unref();
        throw helperError(
          HelperErrorCodes.ProtocolMismatch,
          `The helper speaks protocol version ${PROTOCOL_VERSION}, the client ${p.protocolVersion}: ` +
            'update the extension or the helper so that both are the same release.',
          { reason: 'protocol', protocolVersion: PROTOCOL_VERSION },
        );
      }
      state.initialized = true;
      state.client = p.client ?? null;
      // Start finding out who the peer is now, off the path of the first write.
      state.peer = this.peers.resolve(socketInode(state.socket));
      const result: InitializeResult = {
        protocolVersion: PROTOCOL_VERSION,
        helperVersion: this.options.helperVersion,
        pid: process.pid,
        verbs: this.options.verbs.policy.verbs,
      };
      return result;
    }
    if (!state.initialized) {
      throw helperError(
        HelperErrorCodes.NotInitialized,
        'Send "initialize" with the protocol version first.',
        {
          reason: 'not-initialized',
        },
      );
    }
    if (method === 'ping') {
      parseParams('ping', params);
      return { pong: true, time: Date.now() };
    }
    if (method === 'getVersion') {
      parseParams('getVersion', params);
      return { protocolVersion: PROTOCOL_VERSION, helperVersion: this.options.helperVersion };
    }
    if (!MUTATING.has(method)) {
      throw helperError(
        HelperErrorCodes.MethodNotFound,
        `The helper has no method "${method.slice(0, 100)}".`,
        {
          reason: 'invalid-params',
        },
      );
    }
    const limits = this.options.limits;
    if (state.inFlight >= limits.maxInFlightPerConnection || this.inFlightTotal >= limits.maxInFlightTotal) {
      throw helperError(HelperErrorCodes.Busy, 'The helper is busy with other requests; try again.', {
        reason: 'busy',
      });
    }
    state.inFlight++;
    this.inFlightTotal++;
    try {
      const caller = await this.callerOf(state);
      return await withTimeout(
        runMutation(this.options.verbs, caller, method as MutatingVerb, params),
        limits.requestTimeoutMs,
      );
    } finally {
      state.inFlight--;
      this.inFlightTotal--;
    }
  }

  private async callerOf(state: ConnectionState): Promise<Caller> {
    if (state.resolvedPeer === undefined) {
      const unknown: Peer = { uid: null, pid: null, how: 'unknown: lookup timed out' };
      state.resolvedPeer = state.peer ? await withTimeout(state.peer, 2000).catch(() => unknown) : unknown;
    }
    const peer = state.resolvedPeer;
    return { uid: peer.uid, pid: peer.pid, client: state.client, how: peer.how };
  }
}

interface ConnectionState {
  initialized: boolean;
  client: string | null;
  inFlight: number;
  peer: Promise<Peer> | undefined;
  resolvedPeer?: Peer;
  socket: net.Socket;
  connection: MessageConnection;
}

function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => {
      reject(
        helperError(
          HelperErrorCodes.Timeout,
          `The request took longer than ${ms} ms; it may still complete: read the value to check.`,
          { reason: 'timeout' },
        ),
      );
    }, ms);
    work.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });
}

/** Sends a JSON-RPC error response with id null through the connection's writer (keeps writes ordered). */
async function sendError(
  writer: SingleWriteMessageWriter,
  code: number,
  message: string,
  data: HelperErrorData,
) {
  try {
    await writer.write({ jsonrpc: '2.0', id: null, error: { code, message, data } } as ResponseMessage);
  } catch {
    // The client is gone.
  }
}

/** Writes one framed JSON-RPC error response with id null on a socket that has no connection yet. */
function sendRaw(socket: net.Socket, code: number, message: string, data: HelperErrorData): void {
  const body = Buffer.from(
    JSON.stringify({ jsonrpc: '2.0', id: null, error: { code, message, data } }),
    'utf8',
  );
  if (!socket.writable) return;
  socket.write(`Content-Length: ${body.length}\r\n\r\n`);
  socket.write(body);
}
