// The typed protocol between the privileged helper (src/helper) and its clients (the extension, the CLI):
// JSON-RPC 2.0 over a Unix socket with vscode-jsonrpc's Content-Length framing. Both sides validate with
// these zod schemas, so a request the client builds is exactly what the helper accepts.
// Semantic verbs only: there is no "write this path" method, by design (docs/design.md, "The privileged helper").
import { z } from 'zod';

/** Bumped on any incompatible change; the helper refuses a handshake with another version. */
export const PROTOCOL_VERSION = 1;

/** Largest framed message (headers + body) either side accepts; the helper closes connections that exceed it. */
export const MAX_MESSAGE_BYTES = 64 * 1024;

/** Default socket path: short (sun_path is 108 bytes) and under /run like docker's. */
export const DEFAULT_SOCKET_PATH = '/run/cgroup-lens/helper.sock';

/**
 * JSON-RPC error codes the helper answers with. The standard ones come from the JSON-RPC spec; ours are in
 * the implementation-defined range -32000..-32099. `data` always carries `{ reason, ... }` (HelperErrorData).
 */
export const HelperErrorCodes = {
  ParseError: -32700,
  InvalidRequest: -32600,
  MethodNotFound: -32601,
  InvalidParams: -32602,
  InternalError: -32603,
  /** The client's protocol version differs from the helper's; the connection is closed after the answer. */
  ProtocolMismatch: -32001,
  /** A verb was called before `initialize`. */
  NotInitialized: -32002,
  /** Path, file, verb or subtree not allowed (allowlist, policy, path safety). Nothing was written. */
  Refused: -32003,
  /** The value failed validation before touching the kernel. Nothing was written. */
  InvalidValue: -32004,
  /** The kernel refused the operation; the message explains the errno. Nothing is left half-written. */
  KernelError: -32005,
  /** Too many requests in flight or connections open; try again. */
  Busy: -32006,
  /** The request took longer than the helper's per-request limit. */
  Timeout: -32007,
} as const;
export type HelperErrorCode = (typeof HelperErrorCodes)[keyof typeof HelperErrorCodes];

export type HelperErrorReason =
  | 'protocol'
  | 'not-initialized'
  | 'invalid-params'
  | 'refused'
  | 'invalid-value'
  | 'kernel'
  | 'busy'
  | 'timeout'
  | 'internal';

export interface HelperErrorData {
  reason: HelperErrorReason;
  /** errno code for `kernel` errors (EINVAL, EBUSY, ...). */
  fsCode?: string;
  /** The helper's protocol version, for `protocol` errors. */
  protocolVersion?: number;
  /** For `kernel` errors: true when the kernel was asked to change something (an audit line was written). */
  attempted?: boolean;
}

// ---- shared parameter pieces ----------------------------------------------------------------------

/** A cgroup path as the kernel prints it in /proc/PID/cgroup; the helper normalizes and re-checks it. */
const groupPath = z.string().min(1).max(4096);
/** A Hierarchy id from core/model.ts: "v2", "v1:cpu", "v1:cpu,cpuacct", "v1:name=systemd". */
const hierarchyId = z
  .string()
  .max(256)
  .regex(/^(v2|v1:[A-Za-z0-9_=,.-]+)$/, 'a hierarchy id such as "v2" or "v1:cpu"');
const controlFileName = z
  .string()
  .min(1)
  .max(255)
  .regex(/^[A-Za-z0-9_.-]+$/, 'a control file name such as "memory.max"');

// ---- methods ----------------------------------------------------------------------------------

export const Methods = {
  initialize: 'initialize',
  ping: 'ping',
  getVersion: 'getVersion',
  setCpuLimit: 'setCpuLimit',
  setLimit: 'setLimit',
  createGroup: 'createGroup',
  removeGroup: 'removeGroup',
  moveProcess: 'moveProcess',
  freeze: 'freeze',
  thaw: 'thaw',
} as const;
export type MethodName = (typeof Methods)[keyof typeof Methods];

/** The verbs that change the system; each accepted one writes exactly one audit line. */
export const MUTATING_VERBS = [
  'setCpuLimit',
  'setLimit',
  'createGroup',
  'removeGroup',
  'moveProcess',
  'freeze',
  'thaw',
] as const;
export type MutatingVerb = (typeof MUTATING_VERBS)[number];
export const mutatingVerbSchema = z.enum(MUTATING_VERBS);

export const initializeParams = z.strictObject({
  protocolVersion: z.number().int(),
  /** Free text naming the client ("cgroup-lens-extension 0.1.0"), for the audit log. */
  client: z.string().max(200).optional(),
});
export type InitializeParams = z.infer<typeof initializeParams>;

export const initializeResult = z.object({
  protocolVersion: z.number().int(),
  helperVersion: z.string(),
  pid: z.number().int(),
  /** The verbs this helper's policy allows. */
  verbs: z.array(mutatingVerbSchema),
});
export type InitializeResult = z.infer<typeof initializeResult>;

export const pingParams = z.strictObject({}).optional();
export const pingResult = z.object({ pong: z.literal(true), time: z.number() });
export type PingResult = z.infer<typeof pingResult>;

export const getVersionParams = z.strictObject({}).optional();
export const getVersionResult = z.object({ protocolVersion: z.number().int(), helperVersion: z.string() });
export type GetVersionResult = z.infer<typeof getVersionResult>;

/** Largest quota/period we pass on: the kernel's max_cfs_runtime is 2^44-1 µs; anything above is refused. */
const MAX_CPU_US = 2 ** 44 - 1;

export const setCpuLimitParams = z.strictObject({
  group: groupPath,
  /** Which hierarchy; default: the one holding the `cpu` controller (v1) or v2 when cpu is enabled there. */
  hierarchy: hierarchyId.optional(),
  /** µs per period; null = unlimited (written as v1 -1, v2 "max"). */
  quotaUs: z.number().int().min(0).max(MAX_CPU_US).nullable(),
  /** Kept as it is when omitted. */
  periodUs: z.number().int().min(0).max(MAX_CPU_US).optional(),
});
export type SetCpuLimitParams = z.infer<typeof setCpuLimitParams>;

export const setLimitParams = z.strictObject({
  group: groupPath,
  hierarchy: hierarchyId.optional(),
  /** A control file from the allowlist (core/writePolicy.ts), e.g. memory.max, pids.max, cpu.weight. */
  file: controlFileName,
  value: z.string().max(4096),
});
export type SetLimitParams = z.infer<typeof setLimitParams>;

export const groupParams = z.strictObject({
  group: groupPath,
  /** Required for create/remove: groups are per hierarchy in v1. */
  hierarchy: hierarchyId,
});
export type GroupParams = z.infer<typeof groupParams>;

export const freezeParams = z.strictObject({
  group: groupPath,
  /** Default: the v1 freezer hierarchy when mounted, else v2 (cgroup.freeze). */
  hierarchy: hierarchyId.optional(),
});
export type FreezeParams = z.infer<typeof freezeParams>;

export const moveProcessParams = z.strictObject({
  pid: z.number().int().min(1).max(4194304),
  group: groupPath,
  hierarchy: hierarchyId,
});
export type MoveProcessParams = z.infer<typeof moveProcessParams>;

/** One control file changed by a write: what it held before, what was written, what it reads now. */
export const fileWriteSchema = z.object({
  file: z.string(),
  old: z.string().nullable(),
  new: z.string(),
  readBack: z.string().nullable(),
});
export type FileWrite = z.infer<typeof fileWriteSchema>;

/** The answer to every mutating verb. */
export const mutationResult = z.object({
  verb: mutatingVerbSchema,
  hierarchy: z.string(),
  group: z.string(),
  /** Files written, in the order they were written (empty for createGroup/removeGroup). */
  writes: z.array(fileWriteSchema),
  /** A short sentence for the UI: "cpu.cfs_quota_us 100000 → 20000 (read back 20000)". */
  summary: z.string(),
});
export type MutationResult = z.infer<typeof mutationResult>;

/** Every method: its params schema and result schema, so client and server share one table. */
export const methodSchemas = {
  initialize: { params: initializeParams, result: initializeResult },
  ping: { params: pingParams, result: pingResult },
  getVersion: { params: getVersionParams, result: getVersionResult },
  setCpuLimit: { params: setCpuLimitParams, result: mutationResult },
  setLimit: { params: setLimitParams, result: mutationResult },
  createGroup: { params: groupParams, result: mutationResult },
  removeGroup: { params: groupParams, result: mutationResult },
  moveProcess: { params: moveProcessParams, result: mutationResult },
  freeze: { params: freezeParams, result: mutationResult },
  thaw: { params: freezeParams, result: mutationResult },
} as const;

export type ParamsOf<M extends MethodName> = z.input<(typeof methodSchemas)[M]['params']>;
export type ResultOf<M extends MethodName> = z.infer<(typeof methodSchemas)[M]['result']>;

/** Turns a zod error into one line a user can read: "quotaUs: Too small: expected number to be >=-1". */
export function describeZodError(error: z.ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((issue) => (issue.path.length > 0 ? `${issue.path.join('.')}: ${issue.message}` : issue.message))
    .join('; ');
}

/** One line of the audit log (JSON lines). */
export interface AuditRecord {
  time: string;
  caller: { uid: number | null; pid: number | null; client: string | null; how: string };
  verb: MutatingVerb;
  hierarchy: string;
  target: string;
  old: string | null;
  new: string | null;
  readBack: string | null;
  result: 'ok' | 'error';
  error?: string;
}
