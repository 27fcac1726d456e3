// Which control files may be written, by which verb, under which subtrees. The helper consults this on every
// request (and the extension's direct write path uses the same rules), so nothing writes an arbitrary file.
// The optional policy file (helper --policy FILE, JSON) narrows verbs and subtrees and may add files.
import { z } from 'zod';
import { isCgroupPathWithin } from './cgroupPath';
import { limitKind } from './limits';
import type { CgroupVersion } from './model';
import { MUTATING_VERBS, mutatingVerbSchema, type MutatingVerb } from './helperProtocol';

export type PolicyCheck = { ok: true } | { ok: false; reason: string };

/** Files no policy can open: release_agent runs a program as root on the host when a group empties. */
const NEVER_WRITABLE = new Set(['release_agent']);

/** Files written only by their own verb, so that every such write goes through that verb's checks. */
const VERB_OWNED: Record<string, string> = {
  'cpu.cfs_quota_us': 'setCpuLimit',
  'cpu.cfs_period_us': 'setCpuLimit',
  'cpu.max': 'setCpuLimit',
  'cgroup.procs': 'moveProcess',
  tasks: 'moveProcess',
  'cgroup.threads': 'moveProcess',
  'freezer.state': 'freeze/thaw',
  'cgroup.freeze': 'freeze/thaw',
};

/** Refused unless the policy lists them in allowFiles: they widen access or change the tree's shape. */
const SENSITIVE = [
  /^notify_on_release$/,
  /^devices\./,
  /^cgroup\.subtree_control$/,
  /^cgroup\.kill$/,
  /^cgroup\.type$/,
];

const subtreePattern = z
  .string()
  .max(4096)
  .regex(/^\/([^/\0]+(\/[^/\0]+)*)?$/, 'an absolute cgroup path such as "/docker" or "/cgroup-lens-test-*"')
  .refine((p) => !p.split('/').some((s) => s === '.' || s === '..'), 'no "." or ".." segments');

const fileNamePattern = z
  .string()
  .max(255)
  .regex(/^[A-Za-z0-9_.*-]+$/, 'a control file name, optionally ending in "*" ("devices.*")');

/** The policy file. Every field is optional; a missing field means "no restriction beyond the defaults". */
export const policyFileSchema = z.strictObject({
  version: z.literal(1).optional(),
  /**
   * Cgroup paths (per hierarchy id, or "*" for all hierarchies) under which verbs may act. A segment may
   * contain "*" matching any characters within that segment. A hierarchy with its own entry uses only it.
   */
  subtrees: z.record(z.string().max(256), z.array(subtreePattern).max(1000)).optional(),
  verbs: z.array(mutatingVerbSchema).optional(),
  /** Extra files setLimit may write, such as "cgroup.subtree_control" or "devices.*". */
  allowFiles: z.array(fileNamePattern).max(1000).optional(),
});
export type PolicyFile = z.infer<typeof policyFileSchema>;

/** The policy the helper enforces, with defaults filled in. */
export interface WritePolicy {
  subtrees: Record<string, string[]>;
  verbs: MutatingVerb[];
  allowFiles: string[];
}

export const DEFAULT_POLICY: WritePolicy = {
  subtrees: { '*': ['/'] },
  verbs: [...MUTATING_VERBS],
  allowFiles: [],
};

export type PolicyParse = { ok: true; policy: WritePolicy } | { ok: false; reason: string };

/** Parses and checks a policy file's text. */
export function parsePolicy(text: string): PolicyParse {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return { ok: false, reason: `The policy file is not valid JSON: ${(error as Error).message}` };
  }
  const parsed = policyFileSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue && issue.path.length > 0 ? ` at ${issue.path.join('.')}` : '';
    return {
      ok: false,
      reason: `The policy file is not valid${where}: ${issue?.message ?? 'unknown problem'}`,
    };
  }
  const file = parsed.data;
  const never = (file.allowFiles ?? []).find((name) => matchesFilePattern('release_agent', name));
  if (never !== undefined) {
    return { ok: false, reason: `The policy may not allow "${never}": release_agent is never writable.` };
  }
  return {
    ok: true,
    policy: {
      subtrees: file.subtrees ?? DEFAULT_POLICY.subtrees,
      verbs: file.verbs ?? DEFAULT_POLICY.verbs,
      allowFiles: file.allowFiles ?? [],
    },
  };
}

function matchesFilePattern(file: string, pattern: string): boolean {
  return pattern.endsWith('*') ? file.startsWith(pattern.slice(0, -1)) : file === pattern;
}

export function checkVerb(policy: WritePolicy, verb: MutatingVerb): PolicyCheck {
  if (policy.verbs.includes(verb)) return { ok: true };
  return { ok: false, reason: `The helper's policy does not allow "${verb}".` };
}

/** "*" inside one segment matches any run of characters (not "/"). */
function segmentMatches(segment: string, pattern: string): boolean {
  if (!pattern.includes('*')) return segment === pattern;
  const parts = pattern.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp('^' + parts.join('.*') + '$').test(segment);
}

/** True when `group` (normalized) is the pattern's group or below it. */
export function isWithinSubtree(group: string, pattern: string): boolean {
  if (!pattern.includes('*')) return isCgroupPathWithin(group, pattern);
  const want = pattern.split('/').filter((s) => s !== '');
  const have = group.split('/').filter((s) => s !== '');
  if (have.length < want.length) return false;
  return want.every((p, i) => segmentMatches(have[i] as string, p));
}

/** The subtree patterns that apply to a hierarchy. */
export function subtreesFor(policy: WritePolicy, hierarchyId: string): string[] {
  return policy.subtrees[hierarchyId] ?? policy.subtrees['*'] ?? [];
}

export function checkSubtree(policy: WritePolicy, hierarchyId: string, group: string): PolicyCheck {
  // Named v1 hierarchies (name=systemd) hold no controllers and belong to their manager: only by name.
  if (
    hierarchyId.startsWith('v1:name=') &&
    !Object.prototype.hasOwnProperty.call(policy.subtrees, hierarchyId)
  ) {
    return {
      ok: false,
      reason: `${hierarchyId} is a named hierarchy with no controllers, kept by its manager (systemd); the helper's policy must name it under "subtrees" to allow changes there.`,
    };
  }
  const patterns = subtreesFor(policy, hierarchyId);
  if (patterns.some((pattern) => isWithinSubtree(group, pattern))) return { ok: true };
  const allowed = patterns.length > 0 ? patterns.join(', ') : 'none';
  return {
    ok: false,
    reason: `The helper's policy does not allow changes to ${group} in ${hierarchyId} (allowed subtrees: ${allowed}).`,
  };
}

/** What kind of file setLimit is about to write: a known limit (validated strictly) or a policy addition. */
export type FileCheck = { ok: true; known: boolean } | { ok: false; reason: string };

/** May setLimit write this control file in a group of this version? */
export function checkLimitFile(policy: WritePolicy, file: string, version: CgroupVersion): FileCheck {
  if (NEVER_WRITABLE.has(file)) {
    return { ok: false, reason: `${file} is never writable through Cgroup Lens: it runs a program as root.` };
  }
  const owner = VERB_OWNED[file];
  if (owner !== undefined) return { ok: false, reason: `${file} is changed with ${owner}, not setLimit.` };
  if (limitKind(file, version) !== undefined) return { ok: true, known: true };
  const allowedByPolicy = policy.allowFiles.some((pattern) => matchesFilePattern(file, pattern));
  if (allowedByPolicy) return { ok: true, known: false };
  if (SENSITIVE.some((re) => re.test(file))) {
    return {
      ok: false,
      reason: `${file} is refused: it can widen access or change the tree's shape; an administrator may allow it in the helper's policy file (allowFiles).`,
    };
  }
  return {
    ok: false,
    reason: `${file} is not on the list of limit files Cgroup Lens writes for cgroup v${version}.`,
  };
}

/** Values for policy-added files: a single short line with no control characters. */
export function checkGenericValue(
  file: string,
  value: string,
): { ok: true; value: string } | { ok: false; reason: string } {
  const trimmed = value.trim();
  // eslint-disable-next-line no-control-regex
  if (/[\x00-\x08\x0a-\x1f\x7f]/.test(trimmed)) {
    return { ok: false, reason: `The value for ${file} must be one line without control characters.` };
  }
  if (trimmed.length > 1024) return { ok: false, reason: `The value for ${file} is too long.` };
  return { ok: true, value: trimmed };
}
