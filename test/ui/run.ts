// The UI tier: packages the extension, installs the .vsix into a fresh code-server (no smoke-test driver, so
// the workbench behaves as a user sees it), opens the workbench in headless Chromium and runs every scenario
// in test/ui/scenarios/ in a fresh page. Screenshots go to test-artifacts/screenshots/<scenario>.png (also
// when a scenario fails), counts to test-artifacts/results/ui.json.
// Usage: node out/test/ui/run.js   (CGROUP_LENS_UI_GREP=<text> runs only scenarios whose name contains it)
// Then the unprivileged scenarios (test/ui/unprivileged/): a second code-server runs as the system user
// cgroup-lens-ui, so writes take the helper route; a real helper is started as root for them.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { launchChromium, newWorkbenchPage, waitForWorkbench } from '../vscode/browser';
import type { Browser } from 'playwright-core';
import {
  artifactsDir,
  installExtension,
  repoRoot,
  startCodeServer,
  type RunningCodeServer,
} from '../vscode/codeServer';
import { startHelper } from '../system/helperKit';
import { ensureTestUser } from './unprivileged/testUser';
import { setCpuQuotaScenario } from './unprivileged/setCpuQuota';
import type { Scenario } from './scenario';
import { Workbench } from './workbench';

const scenarioTimeoutMs = Number(process.env.CGROUP_LENS_UI_TIMEOUT_MS ?? 120_000);
const resultsFile = path.join(artifactsDir, 'results', 'ui.json');
const vsixPath = path.join(artifactsDir, 'ui', 'cgroup-lens.vsix');
const extensionsDir = path.join(artifactsDir, 'ui', 'extensions');

function loadScenarios(): Scenario[] {
  const dir = path.join(__dirname, 'scenarios');
  const grep = process.env.CGROUP_LENS_UI_GREP ?? '';
  return fs
    .readdirSync(dir)
    .filter((name) => name.endsWith('.js'))
    .sort()
    .flatMap((name) => {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const loaded = (require(path.join(dir, name)) as { default?: Scenario | Scenario[] }).default;
      if (!loaded) throw new Error(`${name} has no default export (a scenario or an array of them)`);
      return Array.isArray(loaded) ? loaded : [loaded];
    })
    .filter((s) => s.name.includes(grep));
}

function packageExtension(): void {
  fs.mkdirSync(path.dirname(vsixPath), { recursive: true });
  const result = spawnSync('bash', [path.join(repoRoot, 'scripts/package.sh'), vsixPath], {
    stdio: 'inherit',
  });
  if (result.status !== 0) throw new Error('scripts/package.sh failed');
}

function withTimeout<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} took longer than ${ms / 1000} s`)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

type Counts = { passed: number; failed: number };

/** Runs scenarios one after another, each in a fresh page of the workbench the server serves. */
async function runScenarios(
  server: RunningCodeServer,
  browser: Browser,
  scenarios: Scenario[],
  counts: Counts,
): Promise<void> {
  for (const s of scenarios) {
    const page = await newWorkbenchPage(browser);
    const ui = new Workbench(page, s.name);
    const started = Date.now();
    try {
      await page.goto(server.workbenchUrl());
      await waitForWorkbench(page);
      await withTimeout(s.run(ui), scenarioTimeoutMs, `scenario ${s.name}`);
      counts.passed++;
      console.log(`  ✔ ${s.name} (${Date.now() - started} ms)`);
    } catch (error) {
      counts.failed++;
      console.log(`  ✖ ${s.name}: ${error instanceof Error ? error.stack : String(error)}`);
      await ui.screenshot('failed').catch(() => undefined);
    } finally {
      await page.context().close();
    }
  }
}

/**
 * The scenarios a user without root sees: code-server runs as an unprivileged user, so every write goes
 * through a real helper (started here as root, its socket open to that user's group).
 */
async function runUnprivileged(browser: Browser, counts: Counts): Promise<void> {
  const user = ensureTestUser();
  const helper = await startHelper({ args: ['--group', user.name] });
  // The helper's folder is private to root; the user needs to reach the socket inside it.
  fs.chmodSync(helper.dir, 0o755);
  const userExtensionsDir = path.join(artifactsDir, 'ui', 'extensions-user');
  fs.rmSync(userExtensionsDir, { recursive: true, force: true });
  installExtension(vsixPath, userExtensionsDir);
  const server = await startCodeServer({
    name: 'ui-user',
    extensionsDir: userExtensionsDir,
    runAs: user,
    settings: { 'cgroupLens.helper.socketPath': helper.socketPath },
  });
  try {
    const scenarios = [setCpuQuotaScenario({ auditPath: helper.auditPath, uid: user.uid })].filter((s) =>
      s.name.includes(process.env.CGROUP_LENS_UI_GREP ?? ''),
    );
    await runScenarios(server, browser, scenarios, counts);
  } finally {
    await server.stop();
    await helper.stop();
  }
}

async function main(): Promise<number> {
  fs.rmSync(resultsFile, { force: true });
  const scenarios = loadScenarios();
  if (scenarios.length === 0) throw new Error('no UI scenarios to run');

  packageExtension();
  fs.rmSync(extensionsDir, { recursive: true, force: true });
  installExtension(vsixPath, extensionsDir);

  const browser = await launchChromium();
  const counts: Counts = { passed: 0, failed: 0 };
  try {
    const server = await startCodeServer({ name: 'ui', extensionsDir });
    try {
      await runScenarios(server, browser, scenarios, counts);
    } finally {
      await server.stop();
    }
    await runUnprivileged(browser, counts);
  } finally {
    await browser.close().catch(() => undefined);
    fs.mkdirSync(path.dirname(resultsFile), { recursive: true });
    fs.writeFileSync(resultsFile, JSON.stringify(counts) + '\n');
  }
  console.log(
    `ui: ${counts.passed} passed, ${counts.failed} failed (screenshots in test-artifacts/screenshots)`,
  );
  return counts.failed === 0 && counts.passed > 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error('ui:', error);
    fs.mkdirSync(path.dirname(resultsFile), { recursive: true });
    fs.writeFileSync(resultsFile, JSON.stringify({ passed: 0, failed: 1 }) + '\n');
    process.exit(1);
  },
);
