import * as vscode from 'vscode';
import type { CgroupFs } from '../../adapters/cgroupfs';
import { WriteError, type WriteRouter } from '../../adapters/writeRouter';
import { lookupControlFile } from '../../core/controlFiles';
import { writeControlFileText } from '../writes/controlFileEdit';
import type { FsProblem, Hierarchy } from '../../core/model';
import { hierarchyKey, parseControlFileUri } from './cgroupUri';

/** How often an open control file is re-read so its editor follows the kernel's value. */
const watchIntervalMs = 2000;

/**
 * Serves `cgroup:` documents: control files read straight from cgroupfs, open documents following the
 * kernel by polling while watched. Saving is a validated write through the one write path: a refused
 * value fails the save with the reason, and the editor keeps the user's text.
 */
export class CgroupFileSystemProvider implements vscode.FileSystemProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<vscode.FileChangeEvent[]>();
  readonly onDidChangeFile = this.changed.event;
  private readonly watchers = new Set<NodeJS.Timeout>();

  constructor(
    private readonly cgroups: CgroupFs,
    private readonly writer: WriteRouter,
    private readonly log: vscode.LogOutputChannel,
    /** Asked before each write with the old and new value; false cancels the save. */
    private readonly confirm: (what: string, oldValue: string, newValue: string) => Thenable<boolean>,
    private readonly onDidWrite: () => void,
  ) {}

  watch(uri: vscode.Uri): vscode.Disposable {
    let last: string | undefined;
    const timer = setInterval(() => {
      this.readText(uri).then(
        (text) => {
          if (last !== undefined && text !== last)
            this.changed.fire([{ type: vscode.FileChangeType.Changed, uri }]);
          last = text;
        },
        () => {
          if (last !== undefined) this.changed.fire([{ type: vscode.FileChangeType.Deleted, uri }]);
          last = undefined;
        },
      );
    }, watchIntervalMs);
    this.watchers.add(timer);
    return new vscode.Disposable(() => {
      clearInterval(timer);
      this.watchers.delete(timer);
    });
  }

  async stat(uri: vscode.Uri): Promise<vscode.FileStat> {
    const { hierarchy, location } = await this.resolve(uri);
    const result = await this.cgroups.readControlFile(hierarchy, location.groupPath, location.fileName);
    if (result.ok) {
      const writable = lookupControlFile(location.fileName, hierarchy.version)?.writable ?? false;
      return {
        type: vscode.FileType.File,
        ctime: 0,
        mtime: Date.now(),
        size: Buffer.byteLength(result.raw),
        ...(writable ? {} : { permissions: vscode.FilePermission.Readonly }),
      };
    }
    const asGroup = `${location.groupPath === '/' ? '' : location.groupPath}/${location.fileName}`;
    if (result.problem.code === 'ENOENT' && (await this.cgroups.exists(hierarchy, asGroup))) {
      return { type: vscode.FileType.Directory, ctime: 0, mtime: 0, size: 0 };
    }
    throw toFileSystemError(result.problem, uri);
  }

  async readDirectory(uri: vscode.Uri): Promise<[string, vscode.FileType][]> {
    const { hierarchy, location } = await this.resolve(uri);
    const group = `${location.groupPath === '/' ? '' : location.groupPath}/${location.fileName}`;
    const [files, children] = await Promise.all([
      this.cgroups.controlFileNames(hierarchy, group),
      this.cgroups.children(hierarchy, group),
    ]);
    return [
      ...children.map((c): [string, vscode.FileType] => [
        c.slice(c.lastIndexOf('/') + 1),
        vscode.FileType.Directory,
      ]),
      ...files.map((f): [string, vscode.FileType] => [f, vscode.FileType.File]),
    ];
  }

  async readFile(uri: vscode.Uri): Promise<Uint8Array> {
    return Buffer.from(await this.readText(uri));
  }

  async writeFile(uri: vscode.Uri, content: Uint8Array): Promise<void> {
    const { hierarchy, location } = await this.resolve(uri);
    const text = Buffer.from(content).toString('utf8');
    const old = await this.cgroups.readControlFile(hierarchy, location.groupPath, location.fileName);
    if (!old.ok) throw toFileSystemError(old.problem, uri);
    const what = `${location.groupPath}/${location.fileName}`;
    if (!(await this.confirm(what, old.raw.trim(), text.trim()))) {
      throw vscode.FileSystemError.NoPermissions(vscode.l10n.t('Not written: cancelled.'));
    }
    const write = (raw: boolean) =>
      writeControlFileText(
        this.cgroups,
        this.writer,
        hierarchy,
        location.groupPath,
        location.fileName,
        text,
        raw,
      );
    try {
      const report = await write(false).catch(async (error: unknown) => {
        // Docker owns this group and cannot be reached: the files are written only when the user says so.
        if (!(error instanceof WriteError && error.kind === 'docker')) throw error;
        const direct = vscode.l10n.t('Write cgroup files directly');
        const answer = await vscode.window.showWarningMessage(error.message, { modal: true }, direct);
        if (answer !== direct) throw error;
        return write(true);
      });
      const changes = report.writes.map(
        (w) => `${w.file} ${w.old?.trim() ?? '?'} → ${w.readBack?.trim() ?? '?'}`,
      );
      this.log.info(`saved ${uri.toString()} (${report.route}): ${changes.join(', ')}`);
      this.changed.fire([{ type: vscode.FileChangeType.Changed, uri }]);
      this.onDidWrite();
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      this.log.warn(`save ${uri.toString()} refused: ${message}`);
      throw vscode.FileSystemError.NoPermissions(message);
    }
  }

  createDirectory(uri: vscode.Uri): void {
    throw vscode.FileSystemError.NoPermissions(uri);
  }

  delete(uri: vscode.Uri): void {
    throw vscode.FileSystemError.NoPermissions(uri);
  }

  rename(oldUri: vscode.Uri): void {
    throw vscode.FileSystemError.NoPermissions(oldUri);
  }

  dispose(): void {
    for (const timer of this.watchers) clearInterval(timer);
    this.watchers.clear();
    this.changed.dispose();
  }

  private async readText(uri: vscode.Uri): Promise<string> {
    const { hierarchy, location } = await this.resolve(uri);
    const result = await this.cgroups.readControlFile(hierarchy, location.groupPath, location.fileName);
    if (!result.ok) {
      this.log.debug(`read ${uri.toString()}: ${result.problem.code} ${result.problem.message}`);
      throw toFileSystemError(result.problem, uri);
    }
    return result.raw;
  }

  private async resolve(uri: vscode.Uri) {
    const location = parseControlFileUri(uri);
    if (!location) throw vscode.FileSystemError.FileNotFound(uri);
    const hierarchies = await this.cgroups.hierarchies();
    const hierarchy: Hierarchy | undefined = hierarchies.find(
      (h) => hierarchyKey(h) === location.hierarchyKey,
    );
    if (!hierarchy) throw vscode.FileSystemError.FileNotFound(uri);
    return { hierarchy, location };
  }
}

function toFileSystemError(problem: FsProblem, uri: vscode.Uri): vscode.FileSystemError {
  switch (problem.code) {
    case 'ENOENT':
      return vscode.FileSystemError.FileNotFound(problem.message);
    case 'EACCES':
    case 'EPERM':
      return vscode.FileSystemError.NoPermissions(problem.message);
    default:
      return vscode.FileSystemError.Unavailable(`${uri.path}: ${problem.message}`);
  }
}
