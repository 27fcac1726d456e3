// The audit log: one JSON line per accepted mutation (ok or refused by the kernel), written to the kernel
// before the client gets its answer, so a crash right after a write never loses the record.
// writeSync hands the line to the kernel (it survives the helper crashing); `fsync: true` also waits for
// the disk (survives power loss) at the price of a few milliseconds per write on real disks.
import * as fs from 'node:fs';
import type { AuditRecord } from '../core/helperProtocol';

export class AuditLog {
  private fd: number | undefined;

  constructor(
    readonly filePath: string | undefined,
    private readonly fsync: boolean,
  ) {
    // 0640: the log names callers and groups; root and the log's group may read it.
    this.fd = filePath === undefined ? undefined : fs.openSync(filePath, 'a', 0o640);
  }

  /** Opens the file again (after logrotate moved it: the helper reopens on SIGHUP). */
  reopen(): void {
    if (this.filePath === undefined) return;
    const fresh = fs.openSync(this.filePath, 'a', 0o640);
    if (this.fd !== undefined) fs.closeSync(this.fd);
    this.fd = fresh;
  }

  /** Appends one record; throws when the log cannot be written (the caller then answers with an error). */
  append(record: AuditRecord): void {
    if (this.fd === undefined) return;
    const line = Buffer.from(JSON.stringify(record) + '\n', 'utf8');
    let offset = 0;
    while (offset < line.length) offset += fs.writeSync(this.fd, line, offset, line.length - offset);
    if (this.fsync) fs.fdatasyncSync(this.fd);
  }

  close(): void {
    if (this.fd !== undefined) fs.closeSync(this.fd);
  }
}
