// Errors and argument checks the commands share.
import { normalizeCgroupPath } from '../../core/cgroupPath';

/** A failure the user caused or can fix: printed to stderr without a stack, with the exit code given. */
export class CommandFailure extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
    this.name = 'CommandFailure';
  }
}

/** A PATH argument as the kernel prints it in /proc/PID/cgroup: checked and tidied. */
export function cgroupPathArgument(text: string): string {
  const normalized = normalizeCgroupPath(text);
  if (!normalized.ok) throw new CommandFailure(normalized.reason, 2);
  return normalized.path;
}
