// Reading kernfs files (cgroupfs, procfs) fast: open, read into a shared buffer until EOF, close.
// fs.readFileSync also stats the file first, which is wasted on kernfs (sizes read as 0 or 4096) and
// costs one syscall of four; over thousands of groups that is ~20% of a walk (bench/README.md).
import * as fs from 'node:fs';

let shared = Buffer.allocUnsafe(64 * 1024);

/** The whole file as UTF-8. Throws the fs error (ENOENT, EACCES, EINVAL for write-only files). */
export function readSmallFileSync(filePath: string): string {
  const fd = fs.openSync(filePath, 'r');
  try {
    let length = 0;
    for (;;) {
      if (length === shared.length) {
        const bigger = Buffer.allocUnsafe(shared.length * 2);
        shared.copy(bigger, 0, 0, length);
        shared = bigger;
      }
      const read = fs.readSync(fd, shared, length, shared.length - length, null);
      if (read === 0) break;
      length += read;
    }
    return shared.toString('utf8', 0, length);
  } finally {
    fs.closeSync(fd);
  }
}
