import * as os from 'node:os';
import * as vscode from 'vscode';
import type { CgroupFs } from '../../adapters/cgroupfs';
import { shortContainerId } from '../../adapters/docker';
import type { WriteRouter } from '../../adapters/writeRouter';
import { describeCpuLimitChange, formatCpuLimit, parseCpuLimitInput } from '../../core/cpuLimit';
import type { CpuLimit } from '../../core/model';
import { commandIds } from './commandIds';
import { GroupNode } from '../tree/GroupNode';
import { pickGroup, type PickedGroup } from '../writes/pickGroup';
import { cpuHierarchies } from '../writes/cpuHierarchies';
import { applyWrite } from '../writes/applyWrite';

export interface SetCpuQuotaDeps {
  cgroups: CgroupFs;
  writer: WriteRouter;
  log: vscode.LogOutputChannel;
  onDidWrite: () => void;
}

/**
 * "Cgroup: Set CPU Quota": pick a group (or take the tree's), type a limit the way people think of it
 * (0.5, 50%, 20000/100000, max); the box shows the result in CPUs and µs as you type, then the write goes
 * through the one write path and the value read back is reported.
 */
export function registerSetCpuQuota(deps: SetCpuQuotaDeps): vscode.Disposable {
  return vscode.commands.registerCommand(
    commandIds.setCpuQuota,
    async (target?: GroupNode | PickedGroup, limitText?: string) => {
      const group = await resolveTarget(deps.cgroups, target);
      if (!group) return;
      const current = (await deps.cgroups.cpuLimit(group.hierarchy, group.path)) ?? undefined;
      if (!current) {
        void vscode.window.showErrorMessage(
          vscode.l10n.t(
            '{0} has no CPU bandwidth files in this hierarchy; pick a group of the cpu controller.',
            group.path,
          ),
        );
        return;
      }
      const limit =
        limitText !== undefined
          ? parseNow(limitText, group, current)
          : await askLimit(group, current, deps.writer.dockerContainerFor(group.path));
      if (!limit) return;
      const what = vscode.l10n.t('Set CPU limit of {0}', group.path);
      const write = (raw: boolean) => () =>
        deps.writer.setCpuLimit(
          { hierarchy: group.hierarchy, group: group.path },
          limit.quotaUs,
          limit.periodUs,
          { raw },
        );
      // Docker owns a container's limit; when it is not reachable the files are written only on request.
      const report = await applyWrite(deps.log, what, write(false), {
        kind: 'docker',
        label: vscode.l10n.t('Write cgroup files directly'),
        write: write(true),
      });
      if (report) deps.onDidWrite();
    },
  );
}

async function resolveTarget(cgroups: CgroupFs, target: GroupNode | PickedGroup | undefined) {
  if (target instanceof GroupNode) return { hierarchy: target.hierarchy, path: target.path };
  if (target && 'hierarchy' in target) return target;
  const hierarchies = cpuHierarchies(await cgroups.hierarchies());
  if (hierarchies.length === 0) {
    void vscode.window.showErrorMessage(vscode.l10n.t('No mounted hierarchy has the cpu controller.'));
    return undefined;
  }
  return pickGroup(cgroups, hierarchies, vscode.l10n.t('Set CPU Quota: pick a group'));
}

function parseNow(text: string, group: PickedGroup, current: CpuLimit): CpuLimit | undefined {
  const parsed = parseCpuLimitInput(text, {
    version: group.hierarchy.version,
    currentPeriodUs: current.periodUs,
  });
  if (parsed.ok) return parsed.limit;
  void vscode.window.showErrorMessage(parsed.reason);
  return undefined;
}

/** `dockerContainer`: Docker writes this group's limit (docker update), and the box says so. */
async function askLimit(
  group: PickedGroup,
  current: CpuLimit,
  dockerContainer: string | undefined,
): Promise<CpuLimit | undefined> {
  const version = group.hierarchy.version;
  const context = { version, currentPeriodUs: current.periodUs, onlineCpus: onlineCpuCount() };
  const text = await vscode.window.showInputBox({
    title: vscode.l10n.t('CPU limit for {0} (now {1})', group.path, formatCpuLimit(current)),
    prompt: vscode.l10n.t('CPUs (0.5), percent of one CPU (50%), quota/period in µs (20000/100000), or max'),
    value: current.cores === null ? '' : String(Number(current.cores.toFixed(3))),
    validateInput: (value) => {
      const parsed = parseCpuLimitInput(value, context);
      if (!parsed.ok) return { message: parsed.reason, severity: vscode.InputBoxValidationSeverity.Error };
      const files = fileText(parsed.limit, version);
      const writer =
        dockerContainer === undefined
          ? ''
          : ` — ${vscode.l10n.t('via docker update (container {0})', shortContainerId(dockerContainer))}`;
      const change = describeCpuLimitChange(current, parsed.limit) + writer;
      return {
        message: `${change} — ${files}${parsed.warning ? `. ${parsed.warning}` : ''}`,
        severity: parsed.warning
          ? vscode.InputBoxValidationSeverity.Warning
          : vscode.InputBoxValidationSeverity.Info,
      };
    },
  });
  if (text === undefined) return undefined;
  const parsed = parseCpuLimitInput(text, context);
  return parsed.ok ? parsed.limit : undefined;
}

/** What the kernel files will hold: the v1 pair or the v2 cpu.max line. */
function fileText(limit: CpuLimit, version: 1 | 2): string {
  const quota = limit.quotaUs ?? (version === 1 ? -1 : 'max');
  return version === 1
    ? `cpu.cfs_quota_us ${quota}, cpu.cfs_period_us ${limit.periodUs}`
    : `cpu.max "${quota} ${limit.periodUs}"`;
}

/** CPUs of this machine: a limit above it limits nothing, which the input box says as a warning. */
function onlineCpuCount(): number {
  return os.availableParallelism();
}
