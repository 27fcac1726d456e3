import * as vscode from 'vscode';
import { CgroupFs } from '../adapters/cgroupfs';
import { DisposableStore } from './disposables';
import { Config } from './config';
import { contextKeys, setContext } from './contextKeys';
import { HierarchyTreeProvider } from './tree/HierarchyTreeProvider';
import { RefreshController } from './tree/RefreshController';
import { CgroupFileSystemProvider } from './fs/CgroupFileSystemProvider';
import { cgroupScheme } from './fs/cgroupUri';
import { registerRefreshHierarchy } from './commands/refreshHierarchy';
import { registerOpenControlFile } from './commands/openControlFile';
import { registerCopyCgroupPath } from './commands/copyCgroupPath';
import { registerShowLog } from './commands/showLog';
import { registerSetCpuQuota } from './commands/setCpuQuota';
import { registerStartHelper } from './commands/startHelper';
import { registerCreateChildGroup } from './commands/createChildGroup';
import { registerRemoveGroup } from './commands/removeGroup';
import { registerMoveProcess } from './commands/moveProcess';
import { registerFreezeCommands } from './commands/freezeGroup';
import { createDockerEngine } from '../adapters/docker';
import { HelperClient } from '../adapters/helperClient';
import { WriteRouter } from '../adapters/writeRouter';

/** What activate() returns: handles for the extension-host tests, nothing a user relies on. */
export interface CgroupLensApi {
  readonly cgroups: CgroupFs;
  readonly hierarchyProvider: HierarchyTreeProvider;
  readonly writer: WriteRouter;
}

/** Every save of a control file shows old → new and waits for a yes. */
async function confirmWrite(what: string, oldValue: string, newValue: string): Promise<boolean> {
  const write = vscode.l10n.t('Write');
  const answer = await vscode.window.showWarningMessage(
    vscode.l10n.t('Write {0}?', what),
    { modal: true, detail: `${oldValue} → ${newValue}` },
    write,
  );
  return answer === write;
}

/** The composition root: builds every part once, wires them, and owns them in one disposable. */
export function createServices(
  context: vscode.ExtensionContext,
  log: vscode.LogOutputChannel,
): { api: CgroupLensApi; disposable: vscode.Disposable } {
  const store = new DisposableStore();
  const config = store.add(new Config());
  const cgroups = new CgroupFs();
  const { version } = context.extension.packageJSON as { version: string };
  // The socket is read once: changing cgroupLens.helper.socketPath takes effect after a window reload.
  const helper = new HelperClient({
    socketPath: config.settings.helperSocketPath,
    clientName: `cgroup-lens-extension ${version}`,
  });
  store.add({ dispose: () => helper.dispose() });
  // Docker is asked per write (no connection kept), so a daemon started later is found then.
  const writer = new WriteRouter(helper, 'auto', { docker: createDockerEngine() });

  const hierarchyProvider = store.add(new HierarchyTreeProvider(cgroups, log));
  const hierarchyView = store.add(
    vscode.window.createTreeView(HierarchyTreeProvider.viewId, {
      treeDataProvider: hierarchyProvider,
      showCollapseAll: true,
    }),
  );
  store.add(hierarchyProvider.onDidFindHierarchies((count) => setContext(contextKeys.hierarchyCount, count)));
  store.add(new RefreshController(hierarchyView, config, () => hierarchyProvider.refresh()));
  const onDidWrite = () => hierarchyProvider.refresh();

  const fileSystem = store.add(new CgroupFileSystemProvider(cgroups, writer, log, confirmWrite, onDidWrite));
  store.add(vscode.workspace.registerFileSystemProvider(cgroupScheme, fileSystem, { isCaseSensitive: true }));

  store.add(registerRefreshHierarchy(hierarchyProvider));
  store.add(registerOpenControlFile());
  store.add(registerCopyCgroupPath());
  store.add(registerShowLog(log));
  store.add(registerStartHelper(context.extensionUri, config));
  store.add(registerSetCpuQuota({ cgroups, writer, log, onDidWrite }));
  store.add(registerCreateChildGroup(writer, log, onDidWrite));
  store.add(registerRemoveGroup(writer, log, onDidWrite));
  store.add(registerMoveProcess(writer, log, onDidWrite));
  for (const d of registerFreezeCommands(cgroups, writer, log, onDidWrite)) store.add(d);

  return { api: { cgroups, hierarchyProvider, writer }, disposable: store };
}
