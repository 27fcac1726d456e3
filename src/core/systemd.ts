// systemd unit names as they appear in cgroup paths (systemd.unit(5) "String Escaping", systemd.slice(5)).

/**
 * Undoes systemd's unit name escaping: `\xNN` sequences become the bytes they encode (decoded as UTF-8),
 * so `machine-my\x2dbox.scope` → `machine-my-box.scope`. Other text is kept as is.
 */
export function unescapeSystemdName(name: string): string {
  if (!name.includes('\\x')) return name;
  const bytes: number[] = [];
  const encoder = new TextEncoder();
  for (let i = 0; i < name.length;) {
    const escape = /^\\x([0-9a-fA-F]{2})/.exec(name.slice(i, i + 4));
    if (escape) {
      bytes.push(parseInt(escape[1] as string, 16));
      i += 4;
    } else {
      const char = String.fromCodePoint(name.codePointAt(i) as number);
      bytes.push(...encoder.encode(char));
      i += char.length;
    }
  }
  return new TextDecoder('utf-8', { fatal: false }).decode(new Uint8Array(bytes));
}

/**
 * Escapes a string for use in a unit name, like `systemd-escape`: "/" becomes "-", and bytes other than
 * ASCII letters, digits, ":", "_" and "." (and a leading ".") become `\xNN`.
 */
export function escapeSystemdName(text: string): string {
  let escaped = '';
  const bytes = new TextEncoder().encode(text);
  bytes.forEach((byte, index) => {
    const char = String.fromCharCode(byte);
    if (char === '/') escaped += '-';
    else if (/[A-Za-z0-9:_]/.test(char) || (char === '.' && index > 0)) escaped += char;
    else escaped += `\\x${byte.toString(16).padStart(2, '0')}`;
  });
  return escaped;
}

/**
 * The cgroup path of a slice: in slice names "-" marks a level, so `a-b-c.slice` lives at
 * `/a.slice/a-b.slice/a-b-c.slice` (runc ExpandSlice). "-.slice" is the root. Returns undefined for names
 * that are not valid slices ("a--b.slice", "-a.slice", "a-.slice", no ".slice").
 */
export function expandSystemdSlice(slice: string): string | undefined {
  if (!slice.endsWith('.slice') || slice.includes('/')) return undefined;
  if (slice === '-.slice') return '/';
  const stem = slice.slice(0, -'.slice'.length);
  if (stem === '' || stem.startsWith('-') || stem.endsWith('-') || stem.includes('--')) return undefined;
  const parts = stem.split('-');
  const levels = parts.map((_, index) => parts.slice(0, index + 1).join('-') + '.slice');
  return '/' + levels.join('/');
}

export type SystemdUnitType = 'service' | 'scope' | 'slice' | 'mount' | 'socket' | 'swap';

/** The unit type of a cgroup path segment, or undefined when the segment is not a unit. */
export function systemdUnitType(segment: string): SystemdUnitType | undefined {
  const match = /\.(service|scope|slice|mount|socket|swap)$/.exec(segment);
  return match && match.index > 0 ? (match[1] as SystemdUnitType) : undefined;
}
