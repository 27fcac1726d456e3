import type { CgroupFs } from '../../adapters/cgroupfs';
import type { WriteReport, WriteRouter } from '../../adapters/writeRouter';
import { WriteError } from '../../adapters/writeRouter';
import { cpuLimitFromV1, cpuLimitFromV2, isParseError } from '../../core/cpuLimit';
import type { Hierarchy } from '../../core/model';

/**
 * Turns the saved text of a control file into the semantic write it stands for: CPU bandwidth files go
 * through setCpuLimit (so v1's quota/period pair stays consistent), freezing through freeze/thaw, and every
 * other file through setLimit's allowlist and value checks. Process membership is a move, not an edit.
 */
export async function writeControlFileText(
  cgroups: CgroupFs,
  writer: WriteRouter,
  hierarchy: Hierarchy,
  group: string,
  file: string,
  text: string,
  /** Write a Docker container's CPU files directly instead of through Docker (asked for explicitly). */
  raw = false,
): Promise<WriteReport> {
  const location = { hierarchy, group };
  const value = text.trim();
  switch (file) {
    case 'cpu.cfs_quota_us':
    case 'cpu.cfs_period_us': {
      const current = await cgroups.cpuLimit(hierarchy, group);
      if (!current) throw new WriteError(`${group} has no CPU bandwidth files.`, 'kernel', 'ENOENT');
      const quota =
        file === 'cpu.cfs_quota_us' ? value : current.quotaUs === null ? '-1' : String(current.quotaUs);
      const period = file === 'cpu.cfs_period_us' ? value : String(current.periodUs);
      const limit = cpuLimitFromV1(quota, period);
      if (isParseError(limit)) throw new WriteError(`${file}: ${limit.message}`, 'invalid-value');
      return writer.setCpuLimit(location, limit.quotaUs, limit.periodUs, { raw });
    }
    case 'cpu.max': {
      const limit = cpuLimitFromV2(value);
      if (isParseError(limit)) throw new WriteError(`cpu.max: ${limit.message}`, 'invalid-value');
      return writer.setCpuLimit(location, limit.quotaUs, limit.periodUs, { raw });
    }
    case 'freezer.state':
    case 'cgroup.freeze': {
      const frozen = value === 'FROZEN' || value === '1';
      const thawed = value === 'THAWED' || value === '0';
      if (!frozen && !thawed) {
        throw new WriteError(
          file === 'cgroup.freeze' ? 'cgroup.freeze takes 1 or 0.' : 'freezer.state takes FROZEN or THAWED.',
          'invalid-value',
        );
      }
      return writer.setFrozen(location, frozen);
    }
    case 'cgroup.procs':
    case 'tasks':
    case 'cgroup.threads':
      throw new WriteError(
        'Processes are moved, not edited: use "Cgroup: Move Process into Group".',
        'refused',
      );
    default:
      return writer.setLimit(location, file, value);
  }
}
