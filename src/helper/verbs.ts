// The helper's verbs: every request is re-validated here (schema, policy verb, path, hierarchy, subtree,
// file allowlist, value) before the one writer (adapters/cgroupWriter.ts) touches the kernel. Accepted
// mutations are serialized, and each one is audited before its answer leaves.
import { ResponseError } from 'vscode-jsonrpc/node';
import type { z } from 'zod';
import { isCgroupPathWithin, normalizeCgroupPath } from '../core/cgroupPath';
import {
  HelperErrorCodes,
  describeZodError,
  methodSchemas,
  type AuditRecord,
  type FileWrite,
  type HelperErrorData,
  type MutatingVerb,
  type MutationResult,
} from '../core/helperProtocol';
import type { Hierarchy } from '../core/model';
import { checkSubtree, checkVerb, type WritePolicy } from '../core/writePolicy';
import {
  createGroupDir,
  moveProcessInto,
  readProcessGroup,
  removeGroupDir,
  writeCpuLimit,
  writeFreeze,
  writeLimitFile,
  type WriteOutcome,
} from '../adapters/cgroupWriter';
import type { AuditLog } from './auditLog';
import { chooseHierarchy, hierarchyForFile, hierarchyForFreeze, type HierarchyChoice } from './hierarchies';

export interface Caller {
  uid: number | null;
  pid: number | null;
  client: string | null;
  /** How uid/pid were learnt ("ss peer lookup", "unknown: ..."), recorded in the audit log. */
  how: string;
}

export interface VerbContext {
  policy: WritePolicy;
  audit: AuditLog;
  hierarchies(): Hierarchy[];
}

export function helperError(
  code: number,
  message: string,
  data: HelperErrorData,
): ResponseError<HelperErrorData> {
  return new ResponseError(code, message, data);
}

const refusedError = (message: string) =>
  helperError(HelperErrorCodes.Refused, message, { reason: 'refused' });
const invalidValue = (message: string) =>
  helperError(HelperErrorCodes.InvalidValue, message, { reason: 'invalid-value' });

/** Parses params with the method's schema; InvalidParams with a readable reason otherwise. */
export function parseParams<M extends keyof typeof methodSchemas>(
  method: M,
  params: unknown,
): z.infer<(typeof methodSchemas)[M]['params']> {
  const schema: z.ZodType = methodSchemas[method].params;
  const parsed = schema.safeParse(params);
  if (!parsed.success) {
    throw helperError(
      HelperErrorCodes.InvalidParams,
      `Invalid ${method} request: ${describeZodError(parsed.error)}`,
      {
        reason: 'invalid-params',
      },
    );
  }
  return parsed.data as z.infer<(typeof methodSchemas)[M]['params']>;
}

function normalizeGroup(group: string): string {
  const normalized = normalizeCgroupPath(group);
  if (!normalized.ok) throw refusedError(normalized.reason);
  return normalized.path;
}

function chosen(choice: HierarchyChoice): Hierarchy {
  if (!choice.ok) throw refusedError(choice.reason);
  return choice.hierarchy;
}

/** One mutation at a time: two requests on the same group never interleave their file writes. */
let queue: Promise<unknown> = Promise.resolve();
function serialized<T>(work: () => Promise<T>): Promise<T> {
  const run = queue.then(work, work);
  queue = run.catch(() => undefined);
  return run;
}

interface Accepted {
  verb: MutatingVerb;
  hierarchy: Hierarchy;
  group: string;
  write: () => Promise<WriteOutcome> | WriteOutcome;
  /** For the audit line of mkdir/rmdir, which write no file. */
  describe?: { old: string | null; new: string | null };
}

function joinWrites(writes: FileWrite[], pick: (w: FileWrite) => string | null): string | null {
  if (writes.length === 0) return null;
  if (writes.length === 1) return pick(writes[0] as FileWrite);
  return writes.map((w) => `${w.file}=${pick(w) ?? '?'}`).join(' ');
}

function summarize(verb: MutatingVerb, group: string, writes: FileWrite[]): string {
  if (writes.length === 0) return `${verb} ${group}: done`;
  return writes
    .map((w) => `${w.file} ${w.old ?? '?'} → ${w.new} (read back ${w.readBack ?? '?'})`)
    .join('; ');
}

/** Runs an accepted mutation under the lock, audits it, and turns the outcome into a result or an error. */
async function perform(ctx: VerbContext, caller: Caller, accepted: Accepted): Promise<MutationResult> {
  const outcome = await serialized(async () => {
    const result = await accepted.write();
    if (result.ok || result.attempted) {
      const record: AuditRecord = {
        time: new Date().toISOString(),
        caller,
        verb: accepted.verb,
        hierarchy: accepted.hierarchy.id,
        target: accepted.group,
        old: accepted.describe?.old ?? joinWrites(result.writes, (w) => w.old),
        new: accepted.describe?.new ?? joinWrites(result.writes, (w) => w.new),
        readBack: joinWrites(result.writes, (w) => w.readBack),
        result: result.ok ? 'ok' : 'error',
        ...(result.ok ? {} : { error: result.message }),
      };
      try {
        ctx.audit.append(record);
      } catch (error) {
        // The kernel has the change; say so rather than pretend nothing happened.
        throw helperError(
          HelperErrorCodes.InternalError,
          `${summarize(accepted.verb, accepted.group, result.writes)} — but the audit log could not be written: ${(error as Error).message}`,
          { reason: 'internal' },
        );
      }
    }
    return result;
  });
  if (!outcome.ok) {
    if (outcome.kind === 'refused') throw refusedError(outcome.message);
    if (outcome.kind === 'invalid-value') throw invalidValue(outcome.message);
    throw helperError(HelperErrorCodes.KernelError, outcome.message, {
      reason: 'kernel',
      fsCode: outcome.fsCode ?? 'OTHER',
      attempted: outcome.attempted,
    });
  }
  return {
    verb: accepted.verb,
    hierarchy: accepted.hierarchy.id,
    group: accepted.group,
    writes: outcome.writes,
    summary: summarize(accepted.verb, accepted.group, outcome.writes),
  };
}

function allow(ctx: VerbContext, verb: MutatingVerb, hierarchy: Hierarchy, group: string): void {
  const verbCheck = checkVerb(ctx.policy, verb);
  if (!verbCheck.ok) throw refusedError(verbCheck.reason);
  const subtree = checkSubtree(ctx.policy, hierarchy.id, group);
  if (!subtree.ok) throw refusedError(subtree.reason);
}

export async function runMutation(
  ctx: VerbContext,
  caller: Caller,
  verb: MutatingVerb,
  rawParams: unknown,
): Promise<MutationResult> {
  const all = ctx.hierarchies();
  switch (verb) {
    case 'setCpuLimit': {
      const p = parseParams('setCpuLimit', rawParams);
      const group = normalizeGroup(p.group);
      const hierarchy = chosen(chooseHierarchy(all, p.hierarchy, 'cpu'));
      allow(ctx, verb, hierarchy, group);
      return perform(ctx, caller, {
        verb,
        hierarchy,
        group,
        write: () => writeCpuLimit({ hierarchy, group }, p.quotaUs, p.periodUs),
      });
    }
    case 'setLimit': {
      const p = parseParams('setLimit', rawParams);
      const group = normalizeGroup(p.group);
      const hierarchy = chosen(hierarchyForFile(all, p.hierarchy, p.file));
      allow(ctx, verb, hierarchy, group);
      return perform(ctx, caller, {
        verb,
        hierarchy,
        group,
        write: () => writeLimitFile({ hierarchy, group }, p.file, p.value, ctx.policy),
      });
    }
    case 'createGroup':
    case 'removeGroup': {
      const p = parseParams(verb, rawParams);
      const group = normalizeGroup(p.group);
      if (group === '/') throw refusedError('The root group cannot be created or removed.');
      const hierarchy = chosen(chooseHierarchy(all, p.hierarchy, undefined));
      allow(ctx, verb, hierarchy, group);
      const create = verb === 'createGroup';
      return perform(ctx, caller, {
        verb,
        hierarchy,
        group,
        write: () => (create ? createGroupDir({ hierarchy, group }) : removeGroupDir({ hierarchy, group })),
        describe: create ? { old: null, new: group } : { old: group, new: null },
      });
    }
    case 'moveProcess': {
      const p = parseParams('moveProcess', rawParams);
      if (p.pid === 1 || p.pid === process.pid) {
        throw refusedError(
          `Moving ${p.pid === 1 ? 'init (pid 1)' : 'the helper itself'} is refused: freezing or throttling it would stall the system or the helper.`,
        );
      }
      const group = normalizeGroup(p.group);
      const hierarchy = chosen(chooseHierarchy(all, p.hierarchy, undefined));
      allow(ctx, verb, hierarchy, group);
      return perform(ctx, caller, {
        verb,
        hierarchy,
        group,
        write: () => moveProcessInto({ hierarchy, group }, p.pid),
      });
    }
    case 'freeze':
    case 'thaw': {
      const p = parseParams(verb, rawParams);
      const group = normalizeGroup(p.group);
      const hierarchy = chosen(hierarchyForFreeze(all, p.hierarchy));
      allow(ctx, verb, hierarchy, group);
      const ownGroup = readProcessGroup(hierarchy, process.pid);
      if (verb === 'freeze' && ownGroup !== null && isCgroupPathWithin(ownGroup, group)) {
        throw refusedError(
          `${group} contains the helper itself (${ownGroup}); frozen, it could not thaw it again.`,
        );
      }
      const frozen = verb === 'freeze';
      return perform(ctx, caller, {
        verb,
        hierarchy,
        group,
        write: () => writeFreeze({ hierarchy, group }, frozen),
      });
    }
  }
}
