// The extension-host tier: runs the mocha suite (test/extension-host/suite) inside a real VS Code extension
// host. code-server serves the workbench with the smoke-test driver on; headless Chromium opens it with a
// `payload` that names the extension under development and the tests module. The workbench reports the tests'
// exit code through window.codeAutomationExit and the extension host's console through codeAutomationLog;
// the suite writes its pass/fail counts to test-artifacts/results/extension-host.json.
// Usage: node out/test/extension-host/runInCodeServer.js
//   CGROUP_LENS_TEST_GREP=<text>        runs only matching tests
//   CGROUP_LENS_EH_RUNNER=test-cli      loads the same test files through @vscode/test-cli's own runner (what
//                                       `npx vscode-test` uses with .vscode-test.mjs) instead of suite/index.js
import * as fs from 'node:fs';
import * as path from 'node:path';
import { format } from 'node:util';
import { launchChromium, newWorkbenchPage } from '../vscode/browser';
import { artifactsDir, repoRoot, startCodeServer, tail } from '../vscode/codeServer';
import { reportPrefix } from './suite/report';

const overallTimeoutMs = Number(process.env.CGROUP_LENS_EH_TIMEOUT_MS ?? 300_000);
const resultsFile = path.join(artifactsDir, 'results', 'extension-host.json');
const suiteDir = path.join(repoRoot, 'out', 'test', 'extension-host', 'suite');

interface Counts {
  passed: number;
  failed: number;
}

/** What the extension host loads as extensionTestsPath, and how its console output is read. */
interface TestsEntry {
  module: string;
  environment: Record<string, string>;
  /** Called with each console message of the workbench and extension host. */
  onConsole(message: string): void;
  /** The counts once the run has exited. */
  counts(): Counts | undefined;
}

/** The default: suite/index.js, which reports with a prefix and writes the results file itself. */
function suiteEntry(): TestsEntry {
  return {
    module: path.join(suiteDir, 'index.js'),
    environment: {
      CGROUP_LENS_TEST_RESULTS: resultsFile,
      CGROUP_LENS_TEST_GREP: process.env.CGROUP_LENS_TEST_GREP ?? '',
    },
    onConsole(message) {
      if (message.startsWith(reportPrefix)) console.log(message.slice(reportPrefix.length));
    },
    counts: readCounts,
  };
}

/** @vscode/test-cli's runner with mocha's spec reporter; the counts come from its summary lines. */
function testCliEntry(): TestsEntry {
  const files = fs
    .readdirSync(suiteDir)
    .filter((name) => name.endsWith('.test.js'))
    .map((name) => path.join(suiteDir, name));
  const mochaOpts = { ui: 'tdd', timeout: 30_000, reporter: 'spec', grep: process.env.CGROUP_LENS_TEST_GREP };
  const summary: Partial<Counts> = {};
  return {
    module: path.join(repoRoot, 'node_modules', '@vscode', 'test-cli', 'out', 'runner.cjs'),
    environment: {
      VSCODE_TEST_OPTIONS: JSON.stringify({ mochaOpts, colorDefault: false, preload: [], files }),
    },
    onConsole(message) {
      const passing = /^\s*(\d+) passing/.exec(message);
      const failing = /^\s*(\d+) failing/.exec(message);
      if (passing) summary.passed = Number(passing[1]);
      if (failing) summary.failed = Number(failing[1]);
      if (/^\s*(✔|\d+\) |\d+ (passing|failing|pending))/.test(message)) console.log(message);
    },
    counts: () =>
      summary.passed === undefined ? undefined : { passed: summary.passed, failed: summary.failed ?? 0 },
  };
}

async function main(): Promise<number> {
  const entry = process.env.CGROUP_LENS_EH_RUNNER === 'test-cli' ? testCliEntry() : suiteEntry();
  for (const built of [path.join(repoRoot, 'dist', 'extension.js'), entry.module]) {
    if (!fs.existsSync(built))
      throw new Error(`${built} is missing: run \`node esbuild.js && npx tsc -p .\``);
  }
  fs.rmSync(resultsFile, { force: true });

  const server = await startCodeServer({ name: 'extension-host', smokeTestDriver: true });
  const browser = await launchChromium();
  try {
    const page = await newWorkbenchPage(browser);
    let reportExit: (code: number) => void = () => undefined;
    const exited = new Promise<number>((resolve) => (reportExit = resolve));
    // The workbench's whole console goes to a file; the test report also to stdout.
    const consoleLogPath = path.join(path.dirname(server.logPath), 'workbench-console.log');
    fs.writeFileSync(consoleLogPath, '');
    await page.exposeFunction('codeAutomationLog', (level: string, args: unknown) => {
      const message = Array.isArray(args) ? format(...(args as unknown[])) : String(args);
      fs.appendFileSync(consoleLogPath, `[${level}] ${message}\n`);
      entry.onConsole(message);
    });
    await page.exposeFunction('codeAutomationExit', (code: number) => reportExit(code));

    // The authority must be the page's own host:port; plain paths never load.
    const remote = (absolutePath: string): string =>
      `vscode-remote://127.0.0.1:${server.port}${absolutePath}`;
    const payload = [
      ['extensionDevelopmentPath', remote(repoRoot)],
      ['extensionTestsPath', remote(entry.module)],
      ['extensionEnvironment', JSON.stringify(entry.environment)],
    ];
    await page.goto(server.workbenchUrl({ payload: JSON.stringify(payload) }));

    const timedOut = new Promise<'timeout'>((resolve) =>
      setTimeout(() => resolve('timeout'), overallTimeoutMs).unref(),
    );
    const outcome = await Promise.race([exited, timedOut]);
    await page
      .screenshot({ path: path.join(artifactsDir, 'screenshots', 'extension-host.png') })
      .catch(() => undefined);

    const counts = entry.counts();
    if (outcome === 'timeout') {
      console.error(`extension-host: no result within ${overallTimeoutMs / 1000} s (see ${consoleLogPath})`);
      console.error(tail(server.logPath));
      writeCounts({ passed: counts?.passed ?? 0, failed: Math.max(counts?.failed ?? 0, 1) });
      return 1;
    }
    if (!counts) {
      console.error(`extension-host: exit ${outcome} without a test report (see ${consoleLogPath})`);
      console.error(tail(consoleLogPath));
      writeCounts({ passed: 0, failed: 1 });
      return 1;
    }
    writeCounts(counts);
    console.log(`extension-host: ${counts.passed} passed, ${counts.failed} failed (exit code ${outcome})`);
    return outcome === 0 && counts.failed === 0 && counts.passed > 0 ? 0 : 1;
  } finally {
    await browser.close().catch(() => undefined);
    await server.stop();
  }
}

function readCounts(): Counts | undefined {
  try {
    return JSON.parse(fs.readFileSync(resultsFile, 'utf8')) as Counts;
  } catch {
    return undefined;
  }
}

function writeCounts(counts: Counts): void {
  fs.mkdirSync(path.dirname(resultsFile), { recursive: true });
  fs.writeFileSync(resultsFile, JSON.stringify(counts) + '\n');
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error('extension-host:', error);
    writeCounts({ passed: 0, failed: 1 });
    process.exit(1);
  },
);
