/** contextValue strings: a kind, then `+flag`s; package.json matches them with regular expressions. */
export const nodeKinds = {
  hierarchy: 'hierarchy',
  cgroup: 'cgroup',
  controlFiles: 'controlFiles',
  controlFile: 'controlFile',
  processes: 'processes',
  process: 'process',
  message: 'message',
} as const;

export type NodeKind = (typeof nodeKinds)[keyof typeof nodeKinds];

export function contextValue(kind: NodeKind, flags: Record<string, boolean> = {}): string {
  const on = Object.entries(flags)
    .filter(([, v]) => v)
    .map(([k]) => `+${k}`);
  return kind + on.join('');
}
