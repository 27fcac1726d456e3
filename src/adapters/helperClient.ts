// The client side of the helper protocol (core/helperProtocol.ts): connects to the Unix socket, does the
// version handshake, makes typed calls with a timeout, and reconnects on the next call when the helper has
// restarted (the socket closed). Used by the extension's write path and the CLI.
import * as net from 'node:net';
import {
  ResponseError,
  StreamMessageReader,
  createMessageConnection,
  type MessageConnection,
} from 'vscode-jsonrpc/node';
import {
  DEFAULT_SOCKET_PATH,
  HelperErrorCodes,
  PROTOCOL_VERSION,
  methodSchemas,
  type HelperErrorData,
  type InitializeResult,
  type MethodName,
  type ParamsOf,
  type ResultOf,
} from '../core/helperProtocol';
import { SingleWriteMessageWriter } from './helperFraming';

export interface HelperClientOptions {
  socketPath?: string;
  /** Per call, including connecting; default 10 s. */
  timeoutMs?: number;
  /** Sent in the handshake and recorded in the helper's audit log. */
  clientName?: string;
}

/** A failed helper call: the helper's JSON-RPC error, or a connection problem (code undefined). */
export class HelperCallError extends Error {
  constructor(
    message: string,
    readonly code: number | undefined,
    readonly data: HelperErrorData | undefined,
  ) {
    super(message);
    this.name = 'HelperCallError';
  }

  /** The helper could not be reached at all (not running, no permission on the socket). */
  get unreachable(): boolean {
    return this.code === undefined;
  }
}

interface Live {
  socket: net.Socket;
  connection: MessageConnection;
  info: InitializeResult;
  closed: boolean;
}

export class HelperClient {
  readonly socketPath: string;
  private readonly timeoutMs: number;
  private live: Promise<Live> | undefined;

  constructor(private readonly options: HelperClientOptions = {}) {
    this.socketPath = options.socketPath ?? DEFAULT_SOCKET_PATH;
    this.timeoutMs = options.timeoutMs ?? 10000;
  }

  /** Connects and shakes hands if not connected; returns what the helper said about itself. */
  async connect(): Promise<InitializeResult> {
    return (await this.ensure()).info;
  }

  /** A typed call; params and result are checked against the shared schemas. */
  async call<M extends Exclude<MethodName, 'initialize'>>(
    method: M,
    params: ParamsOf<M>,
  ): Promise<ResultOf<M>> {
    const checked = methodSchemas[method].params.safeParse(params);
    if (!checked.success) {
      throw new HelperCallError(
        `Invalid ${method} request: ${checked.error.issues[0]?.message ?? ''}`,
        -32602,
        {
          reason: 'invalid-params',
        },
      );
    }
    const live = await this.ensure();
    const raw = await this.request(live.connection, method, checked.data);
    const result = methodSchemas[method].result.safeParse(raw);
    if (!result.success)
      throw new HelperCallError(`The helper sent an unexpected ${method} answer.`, undefined, undefined);
    return result.data as ResultOf<M>;
  }

  /** Closes the connection; a later call connects again. */
  dispose(): void {
    const live = this.live;
    this.live = undefined;
    void live?.then(
      (l) => close(l),
      () => undefined,
    );
  }

  private ensure(): Promise<Live> {
    const current = this.live;
    if (current !== undefined) {
      return current.then((l) => (l.closed ? this.reconnect() : l));
    }
    return this.reconnect();
  }

  private reconnect(): Promise<Live> {
    const attempt = this.open();
    this.live = attempt;
    attempt.catch(() => {
      if (this.live === attempt) this.live = undefined;
    });
    return attempt;
  }

  private async open(): Promise<Live> {
    const socket = await connectSocket(this.socketPath, this.timeoutMs);
    const connection = createMessageConnection(
      new StreamMessageReader(socket),
      new SingleWriteMessageWriter(socket),
    );
    const live: Live = { socket, connection, info: undefined as unknown as InitializeResult, closed: false };
    const markClosed = () => {
      live.closed = true;
    };
    socket.on('close', markClosed);
    socket.on('error', markClosed);
    connection.onClose(markClosed);
    connection.listen();
    try {
      const raw = await this.request(connection, 'initialize', {
        protocolVersion: PROTOCOL_VERSION,
        ...(this.options.clientName !== undefined ? { client: this.options.clientName } : {}),
      });
      live.info = methodSchemas.initialize.result.parse(raw);
    } catch (error) {
      close(live);
      throw error;
    }
    return live;
  }

  private request(connection: MessageConnection, method: string, params: unknown): Promise<unknown> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        reject(
          new HelperCallError(
            `The helper did not answer ${method} within ${this.timeoutMs} ms.`,
            undefined,
            undefined,
          ),
        );
      }, this.timeoutMs);
      connection.sendRequest(method, params).then(
        (value) => {
          clearTimeout(timer);
          resolve(value);
        },
        (error: unknown) => {
          clearTimeout(timer);
          reject(toCallError(error));
        },
      );
    });
  }
}

function close(live: Live): void {
  live.closed = true;
  live.connection.dispose();
  live.socket.destroy();
}

function toCallError(error: unknown): HelperCallError {
  if (error instanceof ResponseError) {
    const data = error.data as HelperErrorData | undefined;
    return new HelperCallError(error.message, error.code, data);
  }
  const message = error instanceof Error ? error.message : String(error);
  return new HelperCallError(`The connection to the helper failed: ${message}`, undefined, undefined);
}

function connectSocket(socketPath: string, timeoutMs: number): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(socketPath);
    const timer = setTimeout(() => {
      socket.destroy();
      reject(
        new HelperCallError(`Connecting to the helper at ${socketPath} timed out.`, undefined, undefined),
      );
    }, timeoutMs);
    socket.once('connect', () => {
      clearTimeout(timer);
      resolve(socket);
    });
    socket.once('error', (error: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      reject(new HelperCallError(describeConnectError(socketPath, error), undefined, undefined));
    });
  });
}

function describeConnectError(socketPath: string, error: NodeJS.ErrnoException): string {
  switch (error.code) {
    case 'ENOENT':
    case 'ECONNREFUSED':
      return `The Cgroup Lens helper is not running (no one listens on ${socketPath}). Start it with: sudo cgroup-lens-helper --group <your group>`;
    case 'EACCES':
      return `No permission to use the helper's socket ${socketPath}: add yourself to the helper's group (then log in again).`;
    default:
      return `Cannot connect to the helper at ${socketPath}: ${error.message}`;
  }
}

export { HelperErrorCodes };
