// Short human decodings of control file values ("20000" in cpu.cfs_quota_us → "20 ms per period"),
// for tree descriptions and hovers. Never throws: unknown or malformed text decodes to a plain remark.
import { cpuLimitFromV2, formatCpuLimit, isParseError, makeCpuLimit } from './cpuLimit';
import type { ControlFileInfo } from './controlFiles';
import { lookupControlFile } from './controlFiles';
import type { ParsedValue, Scalar, SingleValue } from './formats';
import { parseWithFormat } from './formats';
import type { CgroupVersion } from './model';
import {
  formatBytes,
  formatMicroseconds,
  formatNanoseconds,
  formatPercent,
  formatSeconds,
  plural,
} from './units';

/** Values of other files in the same group that some decodings use (e.g. the period for a v1 quota). */
export type RelatedValues = Partial<Record<string, string>>;

function asNumber(value: Scalar | undefined): number | undefined {
  if (value === undefined) return undefined;
  const number = typeof value === 'number' ? value : Number(value);
  return Number.isFinite(number) ? number : undefined;
}

function decodeSingle(info: ControlFileInfo, value: SingleValue, related: RelatedValues): string {
  if (value.kind === 'max') return info.unit === 'percent' ? 'no clamp (max)' : 'unlimited (max)';
  if (value.kind === 'string') {
    return info.valueNames?.[value.value] ?? value.value;
  }
  if (value.unlimited) return value.value < 0 ? `unlimited (${value.exact})` : 'unlimited';
  const named = info.valueNames?.[value.exact];
  if (named) return named;
  const n = value.value;
  switch (info.name) {
    case 'cpu.cfs_quota_us': {
      const period = asNumber(related['cpu.cfs_period_us']?.trim());
      if (period && period > 0) {
        const limit = makeCpuLimit(n, period);
        return `${formatCpuLimit(limit)} (${formatMicroseconds(n)} per ${formatMicroseconds(period)})`;
      }
      return `${formatMicroseconds(n)} per period`;
    }
    case 'cpu.shares':
      return n === 1024
        ? '1024 (the default; like cpu.weight 100)'
        : `${n} (${formatPercent((n / 1024) * 100)} of the default 1024)`;
    case 'cpu.weight':
      return n === 100 ? '100 (the default)' : `${n} (${formatPercent(n)} of the default 100)`;
    case 'net_cls.classid':
      return `${(Math.floor(n / 65536) >>> 0).toString(16)}:${(n % 65536).toString(16)} (tc class handle)`;
    case 'cpuset.sched_relax_domain_level':
      return n < 0 ? 'system default' : `level ${n}`;
    default:
      break;
  }
  switch (info.unit) {
    case 'bytes':
      return n >= 1024 ? `${formatBytes(value.exact)}` : `${n} bytes`;
    case 'µs':
      return formatMicroseconds(n);
    case 'ns':
      return `${formatNanoseconds(n)} of CPU time`;
    case 'USER_HZ ticks':
      return `${formatSeconds(n / 100)} (at 100 ticks/s)`;
    case 'pages':
      return `${plural(n, 'page')} (${formatBytes(n * 4096)} with 4 KiB pages)`;
    case 'percent':
      return formatPercent(n);
    case 'boolean':
      return n === 0 ? 'off' : n === 1 ? 'on' : String(n);
    default:
      return value.exact;
  }
}

function decodeFlat(info: ControlFileInfo, entries: Record<string, Scalar>): string {
  const get = (key: string): number | undefined => asNumber(entries[key]);
  const name = info.name;
  if (name === 'cpu.stat' || name === 'cpu.stat.local') {
    const parts: string[] = [];
    const usage = get('usage_usec');
    if (usage !== undefined) parts.push(`${formatMicroseconds(usage)} CPU used`);
    const periods = get('nr_periods');
    const throttled = get('nr_throttled');
    if (periods !== undefined && throttled !== undefined) {
      parts.push(
        periods > 0
          ? `throttled in ${throttled} of ${periods} periods (${formatPercent((100 * throttled) / periods)})`
          : 'no bandwidth periods yet',
      );
    }
    const throttledUs = get('throttled_usec');
    const throttledNs = get('throttled_time');
    if (throttledUs !== undefined) parts.push(`${formatMicroseconds(throttledUs)} throttled`);
    else if (throttledNs !== undefined) parts.push(`${formatNanoseconds(throttledNs)} throttled`);
    return parts.join(', ') || 'no statistics';
  }
  if (name === 'cgroup.events') {
    const populated = get('populated');
    const frozen = get('frozen');
    const parts = [populated === 1 ? 'has processes' : populated === 0 ? 'no processes' : undefined];
    if (frozen === 1) parts.push('frozen');
    return parts.filter((part) => part !== undefined).join(', ') || 'no events';
  }
  if (name === 'cgroup.stat.local') {
    const frozen = get('frozen_usec');
    return frozen === undefined ? 'no statistics' : `frozen for ${formatMicroseconds(frozen)} in total`;
  }
  if (name === 'cgroup.stat') {
    return `${plural(get('nr_descendants') ?? 0, 'descendant')}, ${get('nr_dying_descendants') ?? 0} dying`;
  }
  if (name === 'cpuacct.stat') {
    return `user ${formatSeconds((get('user') ?? 0) / 100)}, system ${formatSeconds((get('system') ?? 0) / 100)}`;
  }
  if (name === 'memory.oom_control') {
    const parts = [get('oom_kill_disable') === 1 ? 'OOM killer disabled' : 'OOM killer enabled'];
    if (get('under_oom') === 1) parts.push('under OOM now');
    const kills = get('oom_kill');
    if (kills !== undefined) parts.push(`${plural(kills, 'kill')}`);
    return parts.join(', ');
  }
  if (name === 'memory.stat') {
    // v1 keys without prefix count the group alone; total_* include descendants, which is what users expect.
    const anon = get('anon') ?? get('total_rss') ?? get('rss');
    const file = get('file') ?? get('total_cache') ?? get('cache');
    const parts: string[] = [];
    if (anon !== undefined) parts.push(`anon ${formatBytes(anon)}`);
    if (file !== undefined) parts.push(`file ${formatBytes(file)}`);
    const limit = entries['hierarchical_memory_limit'];
    if (typeof limit === 'string' || (typeof limit === 'number' && limit >= 2 ** 62))
      parts.push('no inherited limit');
    else if (typeof limit === 'number') parts.push(`inherited limit ${formatBytes(limit)}`);
    return parts.join(', ') || `${plural(Object.keys(entries).length, 'entry', 'entries')}`;
  }
  const keys = Object.keys(entries);
  if (keys.length === 0) {
    return name.startsWith('blkio.throttle.') || name === 'blkio.weight_device'
      ? 'no device limits'
      : 'empty';
  }
  const nonZero = keys.filter((key) => entries[key] !== 0);
  if (info.unit === 'count' && nonZero.length === 0) return 'all zero';
  const listed = info.unit === 'count' ? nonZero : keys;
  const shown = listed.slice(0, 4).map((key) => {
    const value = entries[key] as Scalar;
    if (info.unit === 'bytes' && typeof value === 'number') return `${key} ${formatBytes(value)}`;
    return `${key} ${value}`;
  });
  const more = listed.length > 4 ? `, … (${listed.length} entries)` : '';
  return shown.join(', ') + more;
}

function decodeNested(info: ControlFileInfo, entries: Record<string, Record<string, Scalar>>): string {
  if (info.name.endsWith('.pressure')) {
    const parts: string[] = [];
    for (const line of ['some', 'full']) {
      const fields = entries[line];
      if (!fields) continue;
      parts.push(
        `${line} ${formatPercent(asNumber(fields['avg10']) ?? 0)} (10 s), ${formatPercent(asNumber(fields['avg60']) ?? 0)} (60 s)`,
      );
    }
    return parts.join('; ') || 'no data';
  }
  const keys = Object.keys(entries);
  if (keys.length === 0) return info.name === 'io.max' ? 'no device limits' : 'empty';
  if (info.name === 'io.max') {
    return keys
      .map((device) => {
        const fields = entries[device] ?? {};
        const limits = Object.entries(fields)
          .filter(([, value]) => value !== 'max')
          .map(([key, value]) =>
            key.endsWith('bps') && typeof value === 'number'
              ? `${key} ${formatBytes(value)}/s`
              : `${key} ${value}`,
          );
        return `${device}: ${limits.join(', ') || 'unlimited'}`;
      })
      .join('; ');
  }
  return `${plural(keys.length, 'line')}: ${keys.slice(0, 4).join(', ')}${keys.length > 4 ? ', …' : ''}`;
}

function decodeParsed(
  info: ControlFileInfo,
  version: CgroupVersion,
  parsed: ParsedValue,
  text: string,
  related: RelatedValues,
): string {
  switch (parsed.kind) {
    case 'error':
      return `unreadable: ${parsed.message}`;
    case 'empty':
      if (info.format === 'rangeList')
        return version === 1 ? 'none (empty)' : 'empty (inherits the parent’s)';
      return 'empty';
    case 'writeOnly':
      return 'write-only';
    case 'number':
    case 'max':
    case 'string':
      return decodeSingle(info, parsed, related);
    case 'fields': {
      if (info.name === 'cpu.max') {
        const limit = cpuLimitFromV2(text);
        if (isParseError(limit)) return `unreadable: ${limit.message}`;
        if (limit.quotaUs === null) return `unlimited (period ${formatMicroseconds(limit.periodUs)})`;
        return `${formatCpuLimit(limit)} (${formatMicroseconds(limit.quotaUs)} per ${formatMicroseconds(limit.periodUs)})`;
      }
      return parsed.values.map((value) => decodeSingle(info, value, related)).join(' ');
    }
    case 'flatKeyed':
      return decodeFlat(info, parsed.entries);
    case 'nestedKeyed':
      return decodeNested(info, parsed.entries);
    case 'words':
      return parsed.values.length === 0 ? 'none' : parsed.values.join(', ');
    case 'numbers':
      if (info.unit === 'ns') {
        const total = parsed.values.reduce<number>((sum, value) => sum + (asNumber(value) ?? 0), 0);
        return `${parsed.values.length} values, total ${formatNanoseconds(total)}`;
      }
      return `${parsed.values.length} values`;
    case 'rangeList': {
      const noun = info.unit === 'memory nodes' ? 'memory node' : 'CPU';
      if (parsed.values.length === 0) return version === 1 ? 'none (empty)' : 'empty (inherits the parent’s)';
      return plural(parsed.values.length, noun);
    }
    case 'idList': {
      const noun = info.name === 'cgroup.procs' ? 'process' : 'thread';
      return plural(parsed.values.length, noun, noun === 'process' ? 'processes' : 'threads');
    }
    case 'lines':
      if (info.name === 'devices.list' && parsed.values.includes('a *:* rwm')) return 'all devices allowed';
      return plural(parsed.values.length, 'line');
    case 'table': {
      // blkio statistics end with a "Total <value>" line.
      const total = parsed.rows.find((row) => row.length === 2 && row[0] === 'Total');
      const value = total ? Number(total[1]) : NaN;
      if (Number.isFinite(value)) {
        if (info.unit === 'bytes') return `total ${formatBytes(value)}`;
        if (info.unit === 'ns') return `total ${formatNanoseconds(value)}`;
        return `total ${value}`;
      }
      return plural(parsed.rows.length, 'row');
    }
  }
}

/**
 * A short human reading of a control file's value: "0.2 CPU (20 ms per 100 ms)" for cpu.max, "512 MiB" for
 * memory limits, "unlimited" for sentinels. `related` may carry sibling files' text (cpu.cfs_period_us for
 * cpu.cfs_quota_us). Unknown files return the trimmed text.
 */
export function decodeControlValue(
  name: string,
  version: CgroupVersion,
  text: string,
  related: RelatedValues = {},
): string {
  const base = name.slice(name.lastIndexOf('/') + 1);
  const info = lookupControlFile(base, version);
  const trimmed = String(text).trim();
  if (!info) return trimmed.length > 80 ? trimmed.slice(0, 77) + '…' : trimmed;
  const parsed = parseWithFormat(info.format, String(text), {
    negativeIsUnlimited: info.negativeIsUnlimited === true,
  });
  return decodeParsed(info, version, parsed, String(text), related);
}
