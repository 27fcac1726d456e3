// Starts and stops a real VS Code (code-server) for the extension-host and UI tiers.
// Every run gets a fresh profile under test-artifacts/code-server/<name>/ so runs never see each other's state.
import { spawn, spawnSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';

/** The repository root (this file compiles to out/test/vscode/codeServer.js). */
export const repoRoot = path.resolve(__dirname, '..', '..', '..');
export const artifactsDir = path.join(repoRoot, 'test-artifacts');

export interface CodeServerInstall {
  version: string;
  nodeVersion: string;
  dir: string;
  node: string;
  entry: string;
  marker: string;
}

/** Where the pinned code-server lives; scripts/code-server-env.sh is the one place that names the versions. */
export function codeServerInstall(): CodeServerInstall {
  const printed = spawnSync('bash', [path.join(repoRoot, 'scripts/code-server-env.sh'), '--print'], {
    encoding: 'utf8',
  });
  if (printed.status !== 0) throw new Error(`scripts/code-server-env.sh failed: ${printed.stderr}`);
  return JSON.parse(printed.stdout) as CodeServerInstall;
}

/** Installs code-server into its cache folder on first use (a no-op once the marker file exists). */
export function ensureCodeServerInstalled(): CodeServerInstall {
  const install = codeServerInstall();
  if (!fs.existsSync(install.marker)) {
    const result = spawnSync('bash', [path.join(repoRoot, 'scripts/install-code-server.sh')], {
      stdio: 'inherit',
    });
    if (result.status !== 0) throw new Error('scripts/install-code-server.sh failed');
  }
  return install;
}

/** Runs code-server's own command line (e.g. --install-extension) against one extensions dir. */
export function runCodeServerCli(args: string[]): string {
  const install = codeServerInstall();
  // Its own config and profile, so nothing is written under the user's home.
  const cliDir = path.join(artifactsDir, 'code-server', 'cli');
  fs.mkdirSync(cliDir, { recursive: true });
  const ownState = [
    '--config',
    path.join(cliDir, 'config.yaml'),
    '--user-data-dir',
    path.join(cliDir, 'user-data'),
  ];
  const result = spawnSync(install.node, [install.entry, ...ownState, ...args], {
    encoding: 'utf8',
    timeout: 60_000,
  });
  if (result.status !== 0) {
    throw new Error(
      `code-server ${args.join(' ')} exited ${result.status}: ${result.stderr}${result.stdout}`,
    );
  }
  return result.stdout;
}

export function installExtension(vsixPath: string, extensionsDir: string): void {
  runCodeServerCli(['--extensions-dir', extensionsDir, '--install-extension', vsixPath, '--force']);
}

/** Installed extensions as `publisher.name@version`. */
export function listExtensions(extensionsDir: string): string[] {
  const out = runCodeServerCli(['--extensions-dir', extensionsDir, '--list-extensions', '--show-versions']);
  return out
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '');
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export interface CodeServerOptions {
  /** Names the artifacts folder test-artifacts/code-server/<name>/. */
  name: string;
  /** Lets the workbench run extension tests from a `payload` URL (the extension-host tier). */
  smokeTestDriver?: boolean;
  /** Defaults to a fresh, empty folder in the artifacts folder. */
  extensionsDir?: string;
  /** Extra environment for the server and so for the extension host. */
  env?: NodeJS.ProcessEnv;
  /** Extra user settings on top of the quiet defaults. */
  settings?: Record<string, unknown>;
  /** Run the server (and so the extension host) as this user instead of root; its profile is chowned to it. */
  runAs?: { uid: number; gid: number };
}

export interface RunningCodeServer {
  /** http://127.0.0.1:PORT */
  origin: string;
  port: number;
  /** The server's PID, also its process group id. */
  pid: number;
  /** The folder the workbench should open (empty, in the artifacts folder). */
  workspaceFolder: string;
  extensionsDir: string;
  userDataDir: string;
  logPath: string;
  /** The workbench URL for the workspace folder, with extra query parameters. */
  workbenchUrl(query?: Record<string, string>): string;
  stop(): Promise<void>;
}

const userSettings = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'extensions.autoUpdate': false,
  'extensions.autoCheckUpdates': false,
  'extensions.ignoreRecommendations': true,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'security.workspace.trust.enabled': false,
  'window.restoreWindows': 'none',
  // A quiet, offline workbench: no chat side panel, no gallery or sign-in lookups.
  'chat.disableAIFeatures': true,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'github.gitAuthentication': false,
  'git.enabled': false,
};

/** Starts code-server on a free 127.0.0.1 port and resolves once it answers /healthz. */
export async function startCodeServer(options: CodeServerOptions): Promise<RunningCodeServer> {
  const install = ensureCodeServerInstalled();
  const base = path.join(artifactsDir, 'code-server', options.name);
  fs.rmSync(base, { recursive: true, force: true });
  const userDataDir = path.join(base, 'user-data');
  const extensionsDir = options.extensionsDir ?? path.join(base, 'extensions');
  const workspaceFolder = path.join(base, 'workspace');
  for (const dir of [path.join(userDataDir, 'User'), extensionsDir, workspaceFolder]) {
    fs.mkdirSync(dir, { recursive: true });
  }
  fs.writeFileSync(
    path.join(userDataDir, 'User', 'settings.json'),
    JSON.stringify({ ...userSettings, ...options.settings }, null, 2),
  );
  const home = path.join(base, 'home');
  fs.mkdirSync(home, { recursive: true });
  if (options.runAs) {
    chownTree(base, options.runAs);
    if (!extensionsDir.startsWith(base + path.sep)) chownTree(extensionsDir, options.runAs);
  }

  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  const logPath = path.join(base, 'code-server.log');
  const log = fs.openSync(logPath, 'w');
  const args = [
    install.entry,
    '--auth',
    'none',
    '--bind-addr',
    `127.0.0.1:${port}`,
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--disable-getting-started-override',
    // code-server would otherwise write ~/.config/code-server/config.yaml.
    '--config',
    path.join(base, 'config.yaml'),
    '--user-data-dir',
    userDataDir,
    '--extensions-dir',
    extensionsDir,
    ...(options.smokeTestDriver ? ['--vscode-option', 'enable-smoke-test-driver'] : []),
    workspaceFolder,
  ];
  // Its own process group, so stop() ends the server and the extension hosts it forked, and nothing else.
  const child = spawn(install.node, args, {
    cwd: repoRoot,
    detached: true,
    stdio: ['ignore', log, log],
    env: { ...process.env, ...(options.runAs ? { HOME: home, USER: undefined } : {}), ...options.env },
    ...(options.runAs ? { uid: options.runAs.uid, gid: options.runAs.gid } : {}),
  });
  fs.closeSync(log);
  const killOnExit = (): void => killGroup(child, 'SIGKILL');
  process.on('exit', killOnExit);

  const stop = async (): Promise<void> => {
    process.off('exit', killOnExit);
    await stopGroup(child);
  };

  try {
    await waitUntilHealthy(origin, child, logPath);
  } catch (error) {
    await stop();
    throw error;
  }

  return {
    origin,
    port,
    pid: child.pid ?? 0,
    workspaceFolder,
    extensionsDir,
    userDataDir,
    logPath,
    workbenchUrl(query = {}) {
      const params = new URLSearchParams({ folder: workspaceFolder, ...query });
      return `${origin}/?${params.toString()}`;
    },
    stop,
  };
}

async function waitUntilHealthy(origin: string, child: ChildProcess, logPath: string): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`code-server exited early (${child.exitCode ?? child.signalCode}):\n${tail(logPath)}`);
    }
    try {
      const response = await fetch(`${origin}/healthz`);
      if (response.ok) return;
    } catch {
      // Not listening yet.
    }
    await sleep(200);
  }
  throw new Error(`code-server did not answer ${origin}/healthz within 60 s:\n${tail(logPath)}`);
}

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // Already gone.
  }
}

async function stopGroup(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) {
    killGroup(child, 'SIGKILL'); // leftovers such as extension hosts
    return;
  }
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  killGroup(child, 'SIGTERM');
  const timedOut = await Promise.race([exited.then(() => false), sleep(5_000).then(() => true)]);
  killGroup(child, 'SIGKILL');
  if (timedOut) await exited;
}

/** Hands a folder tree root created to another user (an unprivileged code-server's profile). */
function chownTree(dir: string, owner: { uid: number; gid: number }): void {
  fs.lchownSync(dir, owner.uid, owner.gid);
  if (!fs.lstatSync(dir).isDirectory()) return;
  for (const name of fs.readdirSync(dir)) chownTree(path.join(dir, name), owner);
}

export function tail(file: string, lines = 40): string {
  try {
    return fs.readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
