// The extension-host tests' entry point: VS Code loads this module inside the real extension host
// (extensionTestsPath) and awaits run(). Mocha loads every *.test.js next to it.
// When CGROUP_LENS_TEST_RESULTS names a file, the pass/fail counts are written there as JSON
// ({"passed":N,"failed":M}): the runner reads them back, and scripts/summarize-results.js adds them up.
// Report lines start with reportPrefix so the runner can pick them out of the workbench's console.
import * as fs from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';
import { report } from './report';

export async function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'tdd', color: false, timeout: 30_000, reporter: 'base' });
  const grep = process.env.CGROUP_LENS_TEST_GREP;
  if (grep) mocha.grep(grep);
  const testFiles = fs
    .readdirSync(__dirname)
    .filter((name) => name.endsWith('.test.js'))
    .sort();
  for (const name of testFiles) mocha.addFile(path.join(__dirname, name));

  const counts = { passed: 0, failed: 0 };
  await new Promise<void>((resolve) => {
    const runner = mocha.run(() => resolve());
    runner.on('suite', (s: Mocha.Suite) => {
      if (s.title) report(s.fullTitle());
    });
    runner.on('pass', (t: Mocha.Test) => {
      counts.passed++;
      report(`  ✔ ${t.title} (${t.duration ?? 0} ms)`);
    });
    runner.on('fail', (t: Mocha.Runnable, error: unknown) => {
      counts.failed++;
      const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
      report(`  ✖ ${t.fullTitle()}\n${detail}`);
    });
  });
  report(`${counts.passed} passing, ${counts.failed} failing`);

  const resultsFile = process.env.CGROUP_LENS_TEST_RESULTS;
  if (resultsFile) {
    fs.mkdirSync(path.dirname(resultsFile), { recursive: true });
    fs.writeFileSync(resultsFile, JSON.stringify(counts) + '\n');
  }
  if (counts.failed > 0) throw new Error(`${counts.failed} extension-host test(s) failed`);
  if (counts.passed === 0) throw new Error('no extension-host tests ran');
}
