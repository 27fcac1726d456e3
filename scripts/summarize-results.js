// Adds up the pass/fail/skip counts every tier left in test-artifacts/results (TAP from node's runner,
// JSON {passed, failed} from the VS Code tiers) and prints the closing line CI reads.
// Under CI a skipped test fails the run: no tier may skip there, not even one test of it.
const fs = require('node:fs');
const path = require('node:path');

const dir = process.argv[2];
let passed = 0;
let failed = 0;
let skipped = 0;
for (const name of fs.readdirSync(dir)) {
  const text = fs.readFileSync(path.join(dir, name), 'utf8');
  if (name.endsWith('.tap')) {
    passed += Number(/^# pass (\d+)/m.exec(text)?.[1] ?? 0);
    failed += Number(/^# fail (\d+)/m.exec(text)?.[1] ?? 0);
    skipped += Number(/^# skipped (\d+)/m.exec(text)?.[1] ?? 0);
  } else if (name.endsWith('.json')) {
    const r = JSON.parse(text);
    passed += r.passed;
    failed += r.failed;
  }
}
if (skipped > 0 && process.env.CI === 'true') {
  console.log(`${skipped} test(s) skipped: under CI every test must run (see the tiers' output above)`);
  failed += skipped;
}
console.log(`${passed} passed, ${failed} failed${skipped > 0 ? `, ${skipped} skipped` : ''}`);
process.exit(failed > 0 || passed === 0 ? 1 : 0);
