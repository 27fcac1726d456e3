// The suite reports through the extension host's console; the code-server runner receives that console
// mixed with the workbench's own and keeps only lines that carry this prefix.
export const reportPrefix = '[cgroup-lens-test] ';

export function report(line: string): void {
  console.log(reportPrefix + line);
}
