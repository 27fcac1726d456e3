// `cgroup-lens tree [PATH] [--depth N] [--controller C] [--json]`: hierarchies and their groups, each
// with its CPU limit, process count and owner (what the sidebar shows), like systemd-cgls.
import type { GroupSummary } from '../../adapters/cgroupfs';
import { cgroupBaseName } from '../../core/cgroupPath';
import type { Hierarchy } from '../../core/model';
import { describeOwner } from '../../core/owner';
import { integerOption, parseArgs } from '../args';
import { COMMON_FLAG_OPTIONS, COMMON_OPTIONS_HELP, COMMON_VALUE_OPTIONS, createCgroupFs } from '../context';
import type { Output } from '../output';
import { describeCpuLimit, describeHierarchy, hierarchyJson, printJson } from '../output';
import { CommandFailure, cgroupPathArgument } from './common';

export const TREE_HELP = `Usage: cgroup-lens tree [PATH] [--depth N] [--controller C] [--json]

Lists the mounted cgroup hierarchies (v1, v2 or both) and their groups, each with its CPU limit, number of
processes and owner. PATH (as in /proc/PID/cgroup, default: each hierarchy's root) limits the listing to
that group and its descendants, in every hierarchy where it exists.

  --depth N          Show N levels below PATH (0 = PATH only; default: all).
  --controller C     Only hierarchies with controller C (cpu, memory, name=systemd, ...).

JSON: {hierarchies: [{id, version, controllers, mountPoint, root, gone, groups: [{path, hierarchy, depth,
cpuLimit, processCount, owner, problems?}]}]}: groups in depth-first order (children sorted by name), depth
counted from PATH; cpuLimit is null where the hierarchy has no CPU bandwidth files; problems lists files that
could not be read ({file, code, message}); gone counts groups that vanished while the tree was read.

${COMMON_OPTIONS_HELP}`;

interface TreeEntry extends GroupSummary {
  /** Levels below the listing's start. */
  depth: number;
}

interface HierarchyTree {
  hierarchy: Hierarchy;
  groups: TreeEntry[];
  /** Groups that vanished while the tree was read. */
  gone: number;
}

export async function runTree(argv: string[], output: Output): Promise<number> {
  const args = parseArgs(argv, ['depth', 'controller', ...COMMON_VALUE_OPTIONS], COMMON_FLAG_OPTIONS);
  if (args.flags.has('help')) {
    output.out(TREE_HELP);
    return 0;
  }
  if (args.positionals.length > 1) throw new CommandFailure('tree takes at most one PATH.', 2);
  const requestedPath =
    args.positionals[0] !== undefined ? cgroupPathArgument(args.positionals[0]) : undefined;
  const depth = integerOption(args, 'depth');
  const controller = args.values.get('controller');
  const cgroupFs = createCgroupFs(args);

  let hierarchies = await cgroupFs.hierarchies();
  if (controller !== undefined) {
    hierarchies = hierarchies.filter((h) => h.controllers.includes(controller));
    if (hierarchies.length === 0)
      throw new CommandFailure(`No mounted cgroup hierarchy has the ${controller} controller.`);
  }
  const trees: HierarchyTree[] = [];
  for (const hierarchy of hierarchies) {
    const start = requestedPath ?? hierarchy.root;
    if (!(await cgroupFs.exists(hierarchy, start))) continue;
    const groups: TreeEntry[] = [];
    const stats = await cgroupFs.walk(
      hierarchy,
      start,
      depth !== undefined ? { depth } : {},
      (summary, level) => {
        groups.push({ ...summary, depth: level });
      },
    );
    trees.push({ hierarchy, groups, gone: stats.gone });
  }
  if (trees.length === 0) {
    throw new CommandFailure(
      requestedPath !== undefined
        ? `No mounted cgroup hierarchy has the group ${requestedPath}.`
        : 'No cgroup hierarchy is mounted (nothing of type cgroup or cgroup2 in the mountinfo).',
    );
  }

  if (args.flags.has('json')) {
    printJson(output, {
      hierarchies: trees.map((tree) => ({
        ...hierarchyJson(tree.hierarchy),
        groups: tree.groups,
        gone: tree.gone,
      })),
    });
  } else {
    output.out(trees.map(renderTree).join('\n\n'));
  }
  return 0;
}

function renderTree(tree: HierarchyTree): string {
  const lines = [`${tree.hierarchy.id}: ${describeHierarchy(tree.hierarchy)}`];
  const isLast = lastSiblingFlags(tree.groups);
  // For each depth, whether the ancestor at that depth was the last of its siblings (no more "│").
  const ancestorsLast: boolean[] = [];
  tree.groups.forEach((group, index) => {
    const last = isLast[index] ?? true;
    let prefix = '';
    if (group.depth > 0) {
      for (let level = 1; level < group.depth; level++) prefix += ancestorsLast[level] ? '  ' : '│ ';
      prefix += last ? '└─' : '├─';
    }
    ancestorsLast[group.depth] = last;
    const name = group.depth === 0 ? group.path : cgroupBaseName(group.path);
    lines.push(prefix + name + describeGroup(group));
  });
  if (tree.gone > 0) lines.push(`(${tree.gone} group${tree.gone === 1 ? '' : 's'} vanished while reading)`);
  return lines.join('\n');
}

function describeGroup(group: GroupSummary): string {
  const details: string[] = [];
  if (group.cpuLimit !== null && group.cpuLimit.quotaUs !== null)
    details.push(`cpu ${describeCpuLimit(group.cpuLimit)}`);
  if (group.processCount !== null && group.processCount > 0) {
    details.push(`${group.processCount} proc${group.processCount === 1 ? '' : 's'}`);
  }
  // A plain group, or a unit whose label is just its own name, needs no owner note.
  const owner = describeOwner(group.owner);
  if (group.owner.kind !== 'group' && owner !== cgroupBaseName(group.path)) details.push(owner);
  for (const problem of group.problems ?? []) details.push(`${problem.file}: ${problem.code}`);
  return details.length > 0 ? '  · ' + details.join(' · ') : '';
}

/** For a pre-order list with depths: is each entry the last child of its parent? */
function lastSiblingFlags(groups: TreeEntry[]): boolean[] {
  const flags = new Array<boolean>(groups.length).fill(true);
  // Walking backwards, remember per depth whether a later sibling was seen before the parent closed it.
  const laterSiblingAtDepth: boolean[] = [];
  for (let i = groups.length - 1; i >= 0; i--) {
    const depth = (groups[i] as TreeEntry).depth;
    flags[i] = !laterSiblingAtDepth[depth];
    laterSiblingAtDepth[depth] = true;
    laterSiblingAtDepth.length = depth + 1;
  }
  return flags;
}
