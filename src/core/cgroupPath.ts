// Cgroup paths as the kernel prints them in /proc/PID/cgroup: absolute, "/"-separated, relative to a
// hierarchy's root. The helper daemon validates requests with normalizeCgroupPath, so it is strict.

export type NormalizedPath = { ok: true; path: string } | { ok: false; reason: string };

/** Longest path we accept; the kernel's PATH_MAX is 4096. */
const MAX_PATH_LENGTH = 4096;
/** A single cgroup name is a directory entry: NAME_MAX is 255 bytes. */
const MAX_SEGMENT_LENGTH = 255;

/**
 * Checks and tidies a cgroup path: it must be absolute, without `.`/`..` segments, empty segments (`//`),
 * NUL or other control characters. A trailing slash is dropped; the root is "/".
 */
export function normalizeCgroupPath(input: string): NormalizedPath {
  if (typeof input !== 'string') return { ok: false, reason: 'The cgroup path must be a string.' };
  if (input.length === 0) return { ok: false, reason: 'The cgroup path is empty.' };
  if (input.length > MAX_PATH_LENGTH) {
    return { ok: false, reason: `The cgroup path is longer than ${MAX_PATH_LENGTH} characters.` };
  }
  if (input.includes('\0')) return { ok: false, reason: 'The cgroup path contains a NUL character.' };
  // eslint-disable-next-line no-control-regex
  if (/[\x00-\x1f\x7f]/.test(input)) {
    return { ok: false, reason: 'The cgroup path contains a control character (such as a newline).' };
  }
  if (!input.startsWith('/')) {
    return { ok: false, reason: `The cgroup path "${input}" must start with "/" (as in /proc/PID/cgroup).` };
  }
  if (input === '/') return { ok: true, path: '/' };
  const body = input.endsWith('/') ? input.slice(0, -1) : input;
  const segments = body.slice(1).split('/');
  for (const segment of segments) {
    if (segment === '')
      return { ok: false, reason: `The cgroup path "${input}" has an empty segment ("//").` };
    if (segment === '.' || segment === '..') {
      return { ok: false, reason: `The cgroup path "${input}" may not contain "." or ".." segments.` };
    }
    if (segment.length > MAX_SEGMENT_LENGTH) {
      return { ok: false, reason: `A cgroup name is longer than ${MAX_SEGMENT_LENGTH} characters.` };
    }
  }
  return { ok: true, path: '/' + segments.join('/') };
}

/** The path's segments, without the root: "/a/b" → ["a", "b"], "/" → []. Does not validate. */
export function cgroupPathSegments(path: string): string[] {
  return path.split('/').filter((segment) => segment !== '');
}

/** Joins a parent path and a child name (or relative path): joinCgroupPath("/a", "b") → "/a/b". */
export function joinCgroupPath(parent: string, child: string): string {
  const parts = [...cgroupPathSegments(parent), ...cgroupPathSegments(child)];
  return '/' + parts.join('/');
}

/** The parent of a path, or undefined for the root: "/a/b" → "/a", "/a" → "/". */
export function parentCgroupPath(path: string): string | undefined {
  const parts = cgroupPathSegments(path);
  if (parts.length === 0) return undefined;
  return '/' + parts.slice(0, -1).join('/');
}

/** The last segment of a path, "/" for the root: "/system.slice/cron.service" → "cron.service". */
export function cgroupBaseName(path: string): string {
  const parts = cgroupPathSegments(path);
  return parts[parts.length - 1] ?? '/';
}

/** True when `path` equals `ancestor` or lies below it. Both must be normalized. */
export function isCgroupPathWithin(path: string, ancestor: string): boolean {
  if (ancestor === '/') return path.startsWith('/');
  return path === ancestor || path.startsWith(ancestor + '/');
}

/** The number of segments below the root: "/" → 0, "/a/b" → 2. */
export function cgroupPathDepth(path: string): number {
  return cgroupPathSegments(path).length;
}
