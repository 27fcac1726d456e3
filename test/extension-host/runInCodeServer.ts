// The extension-host tier: runs the mocha suite (test/extension-host/suite) inside a real VS Code extension
// host. code-server serves the workbench with the smoke-test driver on; headless Chromium opens it with a
// `payload` that names the extension under development and the tests module. The workbench reports the tests'
// exit code through window.codeAutomationExit and the extension host's console through codeAutomationLog;
// the suite writes its pass/fail counts to test-artifacts/results/extension-host.json.
// Usage: node out/test/extension-host/runInCodeServer.js   (CGROUP_LENS_TEST_GREP=<text> runs a subset)
import * as fs from 'node:fs';
import * as path from 'node:path';
import { format } from 'node:util';
import { launchChromium, newWorkbenchPage } from '../vscode/browser';
import { artifactsDir, repoRoot, startCodeServer, tail } from '../vscode/codeServer';
import { reportPrefix } from './suite/report';

const overallTimeoutMs = Number(process.env.CGROUP_LENS_EH_TIMEOUT_MS ?? 300_000);
const resultsFile = path.join(artifactsDir, 'results', 'extension-host.json');
const testsModule = path.join(repoRoot, 'out', 'test', 'extension-host', 'suite', 'index.js');

interface Counts {
  passed: number;
  failed: number;
}

async function main(): Promise<number> {
  for (const built of [path.join(repoRoot, 'dist', 'extension.js'), testsModule]) {
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
    // The workbench's whole console goes to a file; the suite's report lines also to stdout.
    const consoleLogPath = path.join(path.dirname(server.logPath), 'workbench-console.log');
    fs.writeFileSync(consoleLogPath, '');
    await page.exposeFunction('codeAutomationLog', (level: string, args: unknown) => {
      const message = Array.isArray(args) ? format(...(args as unknown[])) : String(args);
      fs.appendFileSync(consoleLogPath, `[${level}] ${message}\n`);
      if (message.startsWith(reportPrefix)) console.log(message.slice(reportPrefix.length));
    });
    await page.exposeFunction('codeAutomationExit', (code: number) => reportExit(code));

    // The authority must be the page's own host:port; plain paths never load.
    const remote = (absolutePath: string): string =>
      `vscode-remote://127.0.0.1:${server.port}${absolutePath}`;
    const extensionEnvironment = { CGROUP_LENS_TEST_RESULTS: resultsFile, CGROUP_LENS_TEST_GREP: '' };
    if (process.env.CGROUP_LENS_TEST_GREP)
      extensionEnvironment.CGROUP_LENS_TEST_GREP = process.env.CGROUP_LENS_TEST_GREP;
    const payload = [
      ['extensionDevelopmentPath', remote(repoRoot)],
      ['extensionTestsPath', remote(testsModule)],
      ['extensionEnvironment', JSON.stringify(extensionEnvironment)],
    ];
    await page.goto(server.workbenchUrl({ payload: JSON.stringify(payload) }));

    const timedOut = new Promise<'timeout'>((resolve) =>
      setTimeout(() => resolve('timeout'), overallTimeoutMs).unref(),
    );
    const outcome = await Promise.race([exited, timedOut]);
    await page
      .screenshot({ path: path.join(artifactsDir, 'screenshots', 'extension-host.png') })
      .catch(() => undefined);

    const counts = readCounts();
    if (outcome === 'timeout') {
      console.error(`extension-host: no result within ${overallTimeoutMs / 1000} s (see ${consoleLogPath})`);
      console.error(tail(server.logPath));
      writeCounts({ passed: counts?.passed ?? 0, failed: Math.max(counts?.failed ?? 0, 1) });
      return 1;
    }
    if (!counts) {
      console.error(`extension-host: exit ${outcome} without ${resultsFile} (see ${consoleLogPath})`);
      console.error(tail(server.logPath));
      writeCounts({ passed: 0, failed: 1 });
      return 1;
    }
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
