// The explanation of a control file as Markdown, for editor hovers and tooltips: what the file is, what
// its current value means, what it accepts. Pure: the caller passes the file's text.
import type { ControlFileInfo } from './controlFiles';
import { lookupControlFile } from './controlFiles';
import {
  kernelSharesToWeight,
  readCpuWeight,
  runcNewSharesToWeight,
  runcOldSharesToWeight,
  systemdSharesToWeight,
} from './cpuWeight';
import type { RelatedValues } from './decode';
import { decodeControlValue } from './decode';
import type { CgroupVersion } from './model';

/** Escapes text for Markdown outside code spans. */
function escapeMarkdown(text: string): string {
  return text.replace(/([\\`*_[\]|<>])/g, '\\$1');
}

/** A code span that survives backticks in the value. */
function code(text: string): string {
  const fence = text.includes('`') ? '``' : '`';
  return `${fence}${text.replace(/\n/g, ' ')}${fence}`;
}

function versionLabel(info: ControlFileInfo): string {
  if (info.versions === 'both') return 'cgroup v1 and v2';
  return `cgroup v${info.versions}`;
}

function access(info: ControlFileInfo): string {
  if (!info.readable) return 'write-only';
  return info.writable ? 'read-write' : 'read-only';
}

function placement(info: ControlFileInfo): string | undefined {
  if (info.placement === 'root') return 'only in the root group';
  if (info.placement === 'nonRoot') return 'not in the root group';
  return undefined;
}

/** Extra lines for the weight files: how the numbers relate across versions and runtimes. */
function weightNotes(info: ControlFileInfo, text: string | undefined): string[] {
  const value = text !== undefined ? Number(text.trim()) : NaN;
  if (!Number.isInteger(value) || value <= 0) return [];
  if (info.name === 'cpu.weight') {
    const reading = readCpuWeight(value);
    const notes = [`As v1 shares (kernel mapping): ${reading.kernelShares}.`];
    if (reading.runcOldShares) {
      notes.push(
        `Older runc/crun give this weight to cpu.shares ${reading.runcOldShares.from}–${reading.runcOldShares.to}.`,
      );
    }
    if (reading.runcNewShares) {
      notes.push(
        `Newer runc/crun give it to cpu.shares ${reading.runcNewShares.from}–${reading.runcNewShares.to}.`,
      );
    }
    return notes;
  }
  if (info.name === 'cpu.shares') {
    return [
      `As a v2 cpu.weight: ${kernelSharesToWeight(value)} (kernel), ${runcOldSharesToWeight(value)} (older runc/crun), ` +
        `${runcNewSharesToWeight(value)} (newer runc/crun), ${systemdSharesToWeight(value)} (systemd).`,
    ];
  }
  return [];
}

/**
 * Markdown describing a control file and, when `text` is given, its current value. Unknown files get a
 * short note. `related` carries sibling files some decodings need (cpu.cfs_period_us).
 */
export function controlFileHover(
  name: string,
  version: CgroupVersion,
  text?: string,
  related: RelatedValues = {},
): string {
  const base = name.slice(name.lastIndexOf('/') + 1).trim();
  const info = lookupControlFile(base, version);
  const lines: string[] = [];
  if (!info) {
    lines.push(
      `**${escapeMarkdown(base)}** · cgroup v${version}`,
      '',
      'Cgroup Lens has no description of this file.',
    );
    if (text !== undefined) lines.push('', `Current value: ${code(text.trim().slice(0, 200))}`);
    return lines.join('\n');
  }
  const where = placement(info);
  lines.push(
    `**${escapeMarkdown(info.name)}** · ${escapeMarkdown(info.controller)} · ${versionLabel(info)} · ${access(info)}` +
      (where ? ` · ${where}` : ''),
    '',
    escapeMarkdown(info.summary),
  );
  if (text !== undefined && info.readable) {
    const raw = text.trim();
    const decoded = decodeControlValue(base, version, text, related);
    const shownRaw = raw.length > 120 || raw.includes('\n') ? '' : `${code(raw === '' ? '(empty)' : raw)} → `;
    lines.push('', `Current: ${shownRaw}${escapeMarkdown(decoded)}`);
  }
  lines.push('', escapeMarkdown(info.explanation));
  const facts: string[] = [];
  facts.push(`Accepts: ${escapeMarkdown(info.validValues)}`);
  if (info.sentinel) facts.push(`Sentinel: ${escapeMarkdown(info.sentinel)}`);
  if (info.defaultValue !== undefined) facts.push(`Default: ${code(info.defaultValue)}`);
  facts.push(`Unit: ${escapeMarkdown(info.unit)}`);
  if (info.since) facts.push(`Since Linux ${info.since}`);
  lines.push('', ...facts.map((fact) => `- ${fact}`));
  const notes = weightNotes(info, text);
  if (notes.length > 0) lines.push('', ...notes.map((note) => `- ${escapeMarkdown(note)}`));
  return lines.join('\n');
}
